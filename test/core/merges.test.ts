// The Merge suggestions tab's decisions: ticked chains, both boxes, the cap on open rows.
import {
  TICK_COLUMN,
  aliasesOf,
  matchCandidates,
  mergeSuggestionsTab,
  mergedSpellings,
  parseMergeDecisions,
  tickValues,
} from '../../src/core/merges';
import { SalesAnalysis } from '../../src/core/sales';
import { OutTable } from '../../src/core/table';
import { analyzeTable } from '../../src/core/analysis';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { parseIsoDay } from '../../src/core/days';

const HEADER = ['Customer A', 'Customer B', 'Evidence', 'Same person', 'Different people'];
const KEYS = ['Visits A', 'First purchase A', 'Last purchase A', 'Visits B', 'First purchase B', 'Last purchase B'];
const row = (a: string, b: string, same: unknown, different: unknown = false) => [
  a,
  b,
  '',
  same,
  different,
  1,
  '',
  '',
  1,
  '',
  '',
  a,
  b,
];
const HEADER_JA = [
  '顧客A',
  '顧客B',
  '根拠',
  '同一人物',
  '別人',
  'A 来店回数',
  'A 初回購入日',
  'A 最終購入日',
  'B 来店回数',
  'B 初回購入日',
  'B 最終購入日',
  'A 識別キー',
  'B 識別キー',
];
const tab = (...rows: unknown[][]) => [[...HEADER, ...KEYS, 'Key A', 'Key B'], ...rows];

describe('decisions', () => {
  test('a chain of ticked rows is one customer, counted under the first key', () => {
    const decisions = parseMergeDecisions(tab(row('A', 'B', true), row('C', 'B', true), row('D', 'E', false)));
    expect([...aliasesOf(decisions)].sort()).toEqual([
      ['B', 'A'],
      ['C', 'A'],
    ]);
  });

  test('a row ticked both ways merges nothing; ticks typed as words count', () => {
    const decisions = parseMergeDecisions(tab(row('A', 'B', true, true), row('C', 'D', 'はい')));
    expect([...aliasesOf(decisions)]).toEqual([['D', 'C']]);
    expect(decisions.map((d) => d.decided)).toEqual([true, true]);
  });

  test('a tab with other headers gives no decision', () => {
    expect(
      parseMergeDecisions([
        ['Name', 'Other'],
        ['A', 'B'],
      ]),
    ).toEqual([]);
  });
});

test('at most maxOpen unanswered suggestions are written; answered rows always', () => {
  const sales = analyzeTable({
    values: [
      ['Date', 'Customer', 'Amount'],
      ['2026-10-01', '髙橋 健', '100'],
      ['2026-10-02', '高橋 健', '100'],
      ['2026-10-03', '渡邊 翔', '100'],
      ['2026-10-04', '渡辺 翔', '100'],
      ['2026-10-05', 'さとう', '100'],
      ['2026-10-06', 'サトウ', '100'],
    ],
    asOf: parseIsoDay('2026-11-20') as number,
    timeZone: 'Asia/Tokyo',
    thresholds: DEFAULT_THRESHOLDS,
  }).sales;
  const answered = parseMergeDecisions(tab(row('さとう', 'サトウ', false, true)));
  const out = mergeSuggestionsTab('en', sales, answered, 1);
  expect(out.table.rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
    ['さとう', 'サトウ'],
    ['髙橋 健', '高橋 健'],
  ]);
  expect(out.open).toBe(1);
  expect(mergeSuggestionsTab('en', sales, answered).open).toBe(2);
});

// A stand-in analysis with only what the tab reads: each customer's key, name, email, visits,
// first and last day, and the phone numbers by customer index.
function fakeAnalysis(
  customers: { key: string; name: string; email?: string; visits?: number; first?: string; last?: string }[],
  phones?: Map<number, string[]>,
): SalesAnalysis {
  return {
    customers: customers.map((c) => ({
      key: c.key,
      name: c.name,
      email: c.email ?? '',
      visits: c.visits ?? 1,
      firstDay: c.first ? (parseIsoDay(c.first) as number) : null,
      lastDay: c.last ? (parseIsoDay(c.last) as number) : null,
    })),
    phones,
  } as unknown as SalesAnalysis;
}

describe('what the rules see of each customer', () => {
  test('the member code is a key that is neither the email nor the name’s key; an email as name is no name', () => {
    const a = fakeAnalysis(
      [
        { key: 'a@x.jp', name: '山田 太郎', email: 'a@x.jp' }, // keyed by email
        { key: '佐藤花子', name: '佐藤 花子' }, // keyed by name (spaces go in the key)
        { key: 'M001', name: '鈴木 一郎', email: 's@x.jp' }, // an export's member code
        { key: 'M002', name: '' }, // a member code without a name
        { key: 'b@x.jp', name: 'b@x.jp', email: 'b@x.jp' }, // only an email
      ],
      new Map([[1, ['03-1234-5678', '1234']]]),
    );
    expect(matchCandidates(a)).toStrictEqual([
      { key: 'a@x.jp', name: '山田 太郎', email: 'a@x.jp', memberCode: '', phones: [] },
      // The 4-digit number is too short to tell people apart: left out.
      { key: '佐藤花子', name: '佐藤 花子', email: '', memberCode: '', phones: ['0312345678'] },
      { key: 'M001', name: '鈴木 一郎', email: 's@x.jp', memberCode: 'M001', phones: [] },
      { key: 'M002', name: '', email: '', memberCode: 'M002', phones: [] },
      { key: 'b@x.jp', name: '', email: 'b@x.jp', memberCode: '', phones: [] },
    ]);
  });
});

describe('reading the tab back', () => {
  test('a Japanese header; rows without two different keys are left out; the cells kept are the 13 columns', () => {
    const decisions = parseMergeDecisions([
      HEADER_JA,
      ['髙橋', '高橋', '', true, '', 2, '', '', 1, '', '', 'k1', 'k2', 'a note past the columns'],
      ['x', 'y', '', true, '', 1, '', '', 1, '', '', 'k3', ''], // no key B
      ['x', 'y', '', true, '', 1, '', '', 1, '', '', '', 'k3'], // no key A
      ['x', 'x', '', true, '', 1, '', '', 1, '', '', 'k4', 'k4'], // one customer twice
      ['渡邊', '渡辺', '', '', 'はい', 1, '', '', 1, '', '', 'k5', 'k6'],
    ]);
    expect(decisions).toStrictEqual([
      {
        keyA: 'k1',
        keyB: 'k2',
        nameA: '髙橋',
        nameB: '高橋',
        same: true,
        decided: true,
        cells: ['髙橋', '高橋', '', true, '', 2, '', '', 1, '', '', 'k1', 'k2'],
      },
      {
        keyA: 'k5',
        keyB: 'k6',
        nameA: '渡邊',
        nameB: '渡辺',
        same: false,
        decided: true,
        cells: ['渡邊', '渡辺', '', '', 'はい', 1, '', '', 1, '', '', 'k5', 'k6'],
      },
    ]);
  });

  test('a header lacking any one of the columns is not this tab’s', () => {
    const header = [...HEADER, ...KEYS, 'Key A', 'Key B'];
    for (let i = 0; i < header.length; i++) {
      const other = header.map((h, k) => (k === i ? 'Notes' : h));
      expect(parseMergeDecisions([other, row('A', 'B', true)])).toStrictEqual([]);
    }
    expect(parseMergeDecisions([header, row('A', 'B', true)])).toHaveLength(1);
  });

  test('an empty tab gives no decision', () => {
    expect(parseMergeDecisions([])).toStrictEqual([]);
  });

  test('the ticks as booleans for the checkboxes, words included', () => {
    const table = {
      rows: tab(row('A', 'B', true), row('C', 'D', 'はい', 'yes'), row('E', 'F', '', false)),
      formats: [],
    };
    expect(tickValues(table as OutTable)).toStrictEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
    expect(TICK_COLUMN).toBe(3);
  });

  test('the other spellings of a merged customer, under the key it is counted under', () => {
    const decisions = parseMergeDecisions(
      tab(
        [...row('a', 'b', true).slice(0, 11), 'kA', 'kB'].map((v, i) =>
          i === 0 ? '髙橋 健' : i === 1 ? '高橋 健' : v,
        ),
        [...row('c', '', true).slice(0, 11), 'kC', 'kB'],
        [...row('d', 'e', false, true).slice(0, 11), 'kD', 'kE'],
      ),
    );
    const aliases = aliasesOf(decisions);
    expect([...aliases]).toStrictEqual([
      ['kB', 'kA'],
      ['kC', 'kA'],
    ]);
    // kC's row has no name B: only 'c' is added; the untied row (kD, kE) gives nothing.
    expect([...mergedSpellings(decisions, aliases)].map(([k, names]) => [k, [...names]])).toStrictEqual([
      ['kA', ['髙橋 健', '高橋 健', 'c']],
    ]);
  });
});

describe('the tab written', () => {
  const analysis = () =>
    fakeAnalysis([
      { key: '髙橋健', name: '髙橋 健', visits: 3, first: '2026-01-05', last: '2026-03-01' },
      { key: '高橋健', name: '高橋 健', visits: 1, first: '2026-02-10', last: '2026-02-10' },
      { key: '渡邊翔', name: '渡邊 翔', visits: 2, first: '2026-01-01', last: '2026-01-20' },
      { key: '渡辺翔', name: '渡辺 翔', visits: 1, first: '2026-04-01', last: '2026-04-01' },
      { key: '山田', name: '山田' },
    ]);

  test('a new suggestion: names, evidence, two unticked boxes, each side’s figures, the keys', () => {
    const out = mergeSuggestionsTab('ja', analysis(), []);
    expect(out.table.rows[0]).toStrictEqual([...HEADER_JA]);
    expect(out.table.rows[1]).toStrictEqual([
      '髙橋 健',
      '高橋 健',
      '旧字・異体字の違いだけです（髙／高）。',
      false,
      false,
      3,
      { day: parseIsoDay('2026-01-05') },
      { day: parseIsoDay('2026-03-01') },
      1,
      { day: parseIsoDay('2026-02-10') },
      { day: parseIsoDay('2026-02-10') },
      '髙橋健',
      '高橋健',
    ]);
    expect(out.table.formats?.join(' ')).toBe(
      'text text text general general integer date date integer date date text text',
    );
    expect(out.open).toBe(2);
  });

  test('answered rows as the owner left them, unanswered ones brought up to date, stale ones dropped, each pair once', () => {
    const when = new Date(Date.UTC(2026, 0, 5));
    const decisions = parseMergeDecisions(
      tab(
        // Unanswered, still suggested: written again with today's figures (3 visits, not 9).
        [...row('髙橋 健', '高橋 健', false).slice(0, 5), 9, '', '', 9, '', '', '髙橋健', '高橋健'],
        // The same pair the other way round: already written.
        [...row('高橋 健', '髙橋 健', false).slice(0, 11), '高橋健', '髙橋健'],
        // Unanswered and no longer suggested (山田 and someone gone): dropped.
        [...row('山田', '山田 花子', '').slice(0, 11), '山田', '山田花子'],
        // Answered: kept cell for cell; a blank as '', a date as it is, text as text.
        ['渡邊 翔', '渡辺 翔', 'メモ', false, true, 2, when, null, 1, '=1+1', undefined, '渡邊翔', '渡辺翔'],
      ),
    );
    const out = mergeSuggestionsTab('en', analysis(), decisions);
    expect(out.table.rows.slice(1).map((r) => r.slice(0, 6))).toStrictEqual([
      ['髙橋 健', '高橋 健', 'Only old or variant kanji differ (髙 / 高).', false, false, 3],
      ['渡邊 翔', '渡辺 翔', 'メモ', false, true, 2],
    ]);
    expect(out.table.rows[2].slice(6)).toStrictEqual([when, '', 1, '=1+1', '', '渡邊翔', '渡辺翔']);
    expect(out.open).toBe(1);
  });
});
