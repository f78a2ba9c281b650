// The Merge suggestions tab's decisions: ticked chains, both boxes, the cap on open rows.
import { aliasesOf, mergeSuggestionsTab, parseMergeDecisions } from '../../src/core/merges';
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
