// Merge suggestions through the built bundle: suggested, ticked → one customer on the next
// analysis, unticked → two again; the sales sheet never changes.
import { createServices, MemoryRange, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';

const AS_OF = '2026-11-20';
const SALES = [
  ['日付', 'お客様名', 'メールアドレス', '電話番号', '金額'],
  ['2026/09/01', '髙橋 健', '', '', '1000'],
  ['2026/11/10', '高橋 健', '', '', '2000'],
  ['2026/10/01', 'さとう はなこ', '', '', '1500'],
  ['2026/10/05', 'サトウ ハナコ', '', '', '1500'],
  ['2026/10/07', '伊藤 健', 'ito@example.jp', '080-3333-4444', '800'],
  ['2026/10/09', '伊藤', '', '08033334444', '800'],
  // Different emails: never suggested, however alike the names.
  ['2026/10/02', '山田 ハナコ', 'a@example.jp', '', '500'],
  ['2026/10/03', '山田 はなこ', 'b@example.jp', '', '500'],
];

function shop(): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', firstSheetName: '売上' });
  ss.inspect(() => ss.sheet('売上').loadRawValues(SALES.map((r) => [...r])));
  return ss;
}

function analyse(ss: MemorySpreadsheet) {
  const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
  let step: string | null = 'analyse';
  while (step)
    step = (fromVm(bundle.call('analysisStep', step, { asOf: AS_OF, month: 'current' })) as { next: string | null })
      .next;
  return bundle;
}

const values = (ss: MemorySpreadsheet, tab: string) => ss.inspect(() => ss.sheet(tab).peekValues());

const hasCheckbox = (ss: MemorySpreadsheet, row: number, column: number) =>
  ss.inspect(() => (ss.sheet('名寄せ候補').getRange(row, column) as unknown as MemoryRange).hasCheckbox());

/** Sets Same person (column D), or Different people (E), of the tab's row whose Customer A is `name`. */
function tick(ss: MemorySpreadsheet, name: string, value: boolean, column = 3) {
  const rows = values(ss, '名寄せ候補');
  const row = rows.findIndex((r) => r[0] === name);
  expect(row).toBeGreaterThan(0);
  rows[row][column] = value;
  ss.inspect(() => ss.sheet('名寄せ候補').loadRawValues(rows));
}

/** Segments as [name, stage, visits, revenue, merged spellings]. */
const segments = (ss: MemorySpreadsheet) => {
  const [header, ...rows] = values(ss, '顧客ステージ');
  const at = ['顧客', 'ステージ', '来店回数', '累計売上', '名寄せした表記'].map((name) => header.indexOf(name));
  // Merged spellings has a column only once someone is merged.
  return rows.map((r) => at.map((i) => (i < 0 ? '' : r[i])));
};

describe('merge suggestions', () => {
  test('the tab lists each suggested pair once, with the evidence and the figures of each side, unticked', () => {
    const ss = shop();
    analyse(ss);
    const rows = values(ss, '名寄せ候補');
    expect(rows[0].slice(0, 5)).toEqual(['顧客A', '顧客B', '根拠', '同一人物', '別人']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[8]])).toEqual([
      ['髙橋 健', '高橋 健', '旧字・異体字の違いだけです（髙／高）。', false, false, 1, 1],
      ['さとう はなこ', 'サトウ ハナコ', 'ひらがなとカタカナの違いだけです。', false, false, 1, 1],
      ['伊藤 健', '伊藤', '電話番号が同じです（08033334444）。', false, false, 1, 1],
    ]);
    // Both ticks are checkboxes, on every row; the evidence is not.
    expect([2, 3, 4].map((r) => [hasCheckbox(ss, r, 4), hasCheckbox(ss, r, 5)])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect(hasCheckbox(ss, 2, 3)).toBe(false);
    // The other figures of each side: first and last purchase of B (高橋 健, 2026-11-10).
    expect(rows[1][9]).toEqual(rows[1][10]);
    expect(rows[1][11]).toBe('髙橋健');
    expect(rows[1][12]).toBe('高橋健');
  });

  test('tick → one customer on the next analysis; untick → two again; the sales sheet unchanged', () => {
    const ss = shop();
    analyse(ss);
    const before = segments(ss);
    expect(before.filter((r) => String(r[0]).endsWith('橋 健'))).toEqual([
      ['髙橋 健', '新規客', 1, 1000, ''],
      ['高橋 健', '新規客', 1, 2000, ''],
    ]);

    tick(ss, '髙橋 健', true);
    analyse(ss);
    // Visits and revenue combined, stage from the two visits, the most recent spelling shown.
    const merged = segments(ss);
    expect(merged.filter((r) => String(r[0]).endsWith('橋 健'))).toEqual([
      ['高橋 健', 'リピート客', 2, 3000, '髙橋 健'],
    ]);
    expect(merged).toHaveLength(before.length - 1);
    // The ticked row stays as the owner left it; the open ones stay open.
    const tab = values(ss, '名寄せ候補');
    expect(tab.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['髙橋 健', true],
      ['さとう はなこ', false],
      ['伊藤 健', false],
    ]);

    tick(ss, '髙橋 健', false);
    analyse(ss);
    expect(segments(ss)).toEqual(before);
    expect(values(ss, '売上')).toEqual(SALES);
  });

  test('a pair answered Different people stays as answered and is not suggested again, nor merged', () => {
    const ss = shop();
    analyse(ss);
    tick(ss, 'さとう はなこ', true, 4);
    analyse(ss);
    const tab = values(ss, '名寄せ候補');
    expect(tab.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['髙橋 健', false, false],
      ['さとう はなこ', false, true],
      ['伊藤 健', false, false],
    ]);
    expect(
      segments(ss)
        .filter((r) => /^(さとう|サトウ)/.test(String(r[0])))
        .map((r) => r[0]),
    ).toEqual(['さとう はなこ', 'サトウ ハナコ']);
  });

  test('the stage counts follow the merge', () => {
    const ss = shop();
    analyse(ss);
    tick(ss, '髙橋 健', true);
    const bundle = analyse(ss);
    const summary = fromVm(bundle.call('analysisSummaryJson', { asOf: AS_OF, month: 'current' })) as {
      stage_counts: Record<string, number>;
    };
    // 高橋 健 (2 visits) repeat; さとう はなこ, サトウ ハナコ, 伊藤 健, 伊藤, 山田 ハナコ, 山田 はなこ new.
    expect(summary.stage_counts).toEqual({ prospect: 0, new: 6, repeat: 1, fan: 0 });
  });

  test('the custom functions honour a ticked pair: either spelling finds the one customer', () => {
    const ss = shop();
    const bundle = analyse(ss);
    const table = SALES.map((r) => [...r]);
    const stage = (name: string) => bundle.customFunction('CUSTOMER_STAGE', name, table, new Date(2026, 10, 20));
    expect([stage('髙橋 健'), stage('高橋 健')]).toEqual(['新規客', '新規客']);
    tick(ss, '髙橋 健', true);
    expect([stage('髙橋 健'), stage('高橋 健')]).toEqual(['リピート客', 'リピート客']);
    tick(ss, '髙橋 健', false);
    expect(stage('髙橋 健')).toBe('新規客');
  });
});
