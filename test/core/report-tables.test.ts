import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { HISTORY_KEYS, HistoryRow, TransitionMatrix, computeSummary } from '../../src/core/metrics';
import { historyTable, summaryTable, transitionsTable } from '../../src/core/report-tables';
import { analyzeSales } from '../../src/core/sales';
import { termHint } from '../../src/core/term-hints';

const day = (iso: string) => parseIsoDay(iso) as number;

function summaryOf(rows: unknown[][]) {
  const a = analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, product: 3 },
    asOf: day('2025-03-20'),
    dayOf: dayOfDateIn('Asia/Tokyo'),
  });
  return computeSummary(a);
}

// As-of 2025-03-20.
//   Aoi: 2025-01-10 ¥2000 Tea, 2025-03-05 ¥3000 Tea → Repeat, Active, Toddler (tenure 54 < 90)
//   Ken: 2025-03-10 ¥1000 Cake → New, Active, First
//   Rin: ¥0 sample → Prospect
// Month: Aoi #2 3000 + Ken #1 1000 = 4000 → repeat 0.75, new 0.25.
// 12 months: Aoi #1 2000 + #2 3000 + Ken 1000 = 6000 → repeat 0.5, new 0.5.
// Active 2 / 2 = 1. F2 cohort (first visit ≤ 2024-12-20) is empty → —.
// VIPs: ceil(2 × 0.2) = 1 (Aoi); share 5000 / 6000; one gap of 21 + 28 + 5 = 54 days.
// New in the last 90 days: Aoi and Ken; came back: Aoi.
// Built in each test (beforeEach), not while the file loads, so that each test's coverage is its own.
let summary: ReturnType<typeof summaryOf>;
beforeEach(() => {
  summary = summaryOf([
    ['2025-01-10', 'Aoi', 2000, 'Tea'],
    ['2025-03-05', 'Aoi', 3000, 'Tea'],
    ['2025-03-10', 'Ken', 1000, 'Cake'],
    ['2025-03-01', 'Rin', 0, 'Tea'],
  ]);
});

describe('summaryTable', () => {
  let ja: ReturnType<typeof summaryTable>;
  beforeEach(() => {
    ja = summaryTable(summary, 'ja');
  });

  it('answers block: header, then one row per number in its column', () => {
    expect(ja.rows.slice(0, 12).map((r) => r.slice(0, 4))).toEqual([
      ['項目', '2025年3月', '直近12か月（2024年3月21日〜2025年3月20日）', '2025年3月20日時点'],
      ['リピート売上比率', 0.75, 0.5, ''],
      ['新規売上比率', 0.25, 0.5, ''],
      ['要フォローの人数', '', '', 0],
      ['離脱の人数', '', '', 0],
      ['その月の来店率', 1, '', ''],
      ['F2転換率（90日）', '', '—', ''],
      ['上位20%のお客様（VIP）の人数', '', '', 1],
      ['VIPの売上比率', '', '', 5000 / 6000],
      ['VIPの来店間隔（中央値・日）', '', '', 54],
      ['直近90日の新規客', '', '', 2],
      ['直近90日の新規客のうち再来店', '', '', 1],
    ]);
    // One value column per period, no definition beside them: those are at the bottom.
    expect(ja.rows[0][4]).toBe('');
  });

  it('each answer carries its definition in a note, and again in the definitions at the bottom', () => {
    const d = ja.rows.findIndex((r) => r[0] === '数字の定義');
    expect(d).toBe(71);
    expect(ja.rows[d + 1].slice(0, 2)).toEqual(['項目', '定義']);
    for (let r = 1; r <= 11; r++) {
      const note = ja.notes.find((n) => n.row === r && n.col === 0);
      expect(ja.rows[d + 1 + r][0]).toBe(ja.rows[r][0]);
      expect(note?.text).toBe(ja.rows[d + 1 + r][1]);
      expect(String(note?.text).length).toBeGreaterThan(10);
    }
    // Thresholds and window dates are filled in.
    expect(ja.rows[d + 1 + 3][1]).toContain('90日以上240日未満');
    expect(ja.rows[d + 1 + 6][1]).toContain('2023年12月22日〜2024年12月20日');
    expect(ja.rows[d + 1 + 10][1]).toContain('2024年12月21日〜基準日');
  });

  it('marks the numeric share cells as percentages (not the "—" one)', () => {
    const percent = ja.formats.filter((f) => f.kind === 'percent').map((f) => [f.row, f.col, f.numRows, f.numCols]);
    expect(percent).toEqual([
      [1, 1, 1, 1],
      [1, 2, 1, 1],
      [2, 1, 1, 1],
      [2, 2, 1, 1],
      [5, 1, 1, 1],
      [8, 3, 1, 1],
    ]);
  });

  it('who to contact now, by name with the suggested contact, right under the numbers', () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      name: `P${i}`,
      contact: i < 2 ? '離脱したお客様へ' : '2回目のお誘い',
    }));
    const t = summaryTable(summary, 'ja', { contactsNow: { people, total: 12 } });
    expect(t.rows.slice(13, 17).map((r) => r.slice(0, 2))).toEqual([
      ['今連絡するお客様', ''],
      ['お客様', 'おすすめの連絡'],
      ['P0', '離脱したお客様へ'],
      ['P1', '離脱したお客様へ'],
    ]);
    // Ten by name, then where the other two are; the stages block follows.
    expect(t.rows[24][0]).toBe('P9');
    expect(t.rows[25][0]).toBe('ほか2人は「顧客ステージ」タブの上から順に');
    expect(t.rows[27][0]).toBe('顧客ステージ別の人数と売上');
    expect(t.chartData.stageMix.row).toBe(ja.chartData.stageMix.row + 14);
    const none = summaryTable(summary, 'en', { contactsNow: { people: [], total: 0 } });
    expect(none.rows.slice(13, 16).map((r) => r.slice(0, 2))).toEqual([
      ['Who to contact now', ''],
      ['Customer', 'Suggested contact'],
      ['(none)', ''],
    ]);
  });

  it('blocks: stages (the pie-chart data), statuses, segments, F2 cohorts, products, contacts', () => {
    const { stageMix } = ja.chartData;
    expect(stageMix).toEqual({ row: 15, col: 0, numRows: 4, numCols: 2 });
    // The cohort block's header (row 40) and its 12 months: the cohorts chart.
    expect(ja.chartData.cohorts).toEqual({ row: 40, col: 0, numRows: 13, numCols: 5 });
    expect(ja.rows.slice(12, 20).map((r) => r.slice(0, 4))).toEqual([
      ['', '', '', ''],
      ['顧客ステージ別の人数と売上', '', '', ''],
      ['ステージ', '人数', '売上（全期間）', '意味・打ち手'],
      ['見込み客', 1, 0, termHint('ja', 'prospect')],
      ['新規客', 1, 1000, termHint('ja', 'new')],
      ['リピート客', 1, 5000, termHint('ja', 'repeat')],
      ['ファン客', 0, 0, termHint('ja', 'fan')],
      ['', '', '', ''],
    ]);
    // Yazuya's action beside each segment.
    expect(ja.rows[28][2]).toBe('初回客：購入1回。まず2回目の来店を。');
    expect(ja.rows[37][2]).toBe('優良離脱客：最も大切だった方。まず最初に呼び戻しを。');
    expect(ja.rows.slice(20, 25).map((r) => r.slice(0, 2))).toEqual([
      ['状態別の人数', ''],
      ['状態', '人数'],
      ['現役', 2],
      ['要フォロー', 0],
      ['離脱', 0],
    ]);
    // Segments: 10 rows from 28; Ken First, Aoi Toddler.
    expect(ja.rows[26][0]).toBe('CPM分析（顧客ポートフォリオ）');
    expect(ja.rows.slice(28, 30).map((r) => r.slice(0, 2))).toEqual([
      ['初回客', 1],
      ['よちよち客', 1],
    ]);
    expect(ja.rows[37].slice(0, 2)).toEqual(['優良離脱客', 0]);
    // F2 cohorts: 12 months from 41; Aoi in 2025-01, Ken in 2025-03, neither back within 30 days.
    expect(ja.rows[39][0]).toBe('F2転換（初回来店月別）');
    expect(ja.rows[40]).toEqual(['初回来店月', '初回客数', '30日以内に2回目', '60日以内に2回目', '90日以内に2回目']);
    expect(ja.rows[41]).toEqual(['2024-04', 0, 0, 0, 0]);
    expect(ja.rows[50]).toEqual(['2025-01', 1, 0, 1, 1]); // 54 days: within 60 and 90
    expect(ja.rows[52]).toEqual(['2025-03', 1, 0, 0, 0]);
    expect(ja.rows.slice(54, 57).map((r) => r.slice(0, 2))).toEqual([
      ['VIPの人気商品', ''],
      ['商品', '売上'],
      ['Tea', 5000],
    ]);
    expect(ja.rows[58][0]).toBe('連絡すべきお客様（基準日時点）');
    expect(ja.rows.slice(60, 63).map((r) => r.slice(0, 2))).toEqual([
      ['見込み客・来店なし', 1],
      ['新規客・現役', 1],
      ['新規客・要フォロー', 0],
    ]);
    expect(ja.rows[63].slice(0, 2)).toEqual(['新規客・離脱', 0]);
    expect(ja.rows[66].slice(0, 2)).toEqual(['リピート客・離脱', 0]);
    expect(ja.rows[64].slice(0, 2)).toEqual(['リピート客・現役', 1]);
    expect(ja.rows).toHaveLength(85);
  });

  it('formats money and the cohort months (text, so Sheets keeps "2025-01" as typed)', () => {
    const other = ja.formats.filter((f) => f.kind !== 'percent');
    expect(other).toEqual([
      { kind: 'money', row: 15, col: 2, numRows: 4, numCols: 1 },
      { kind: 'text', row: 41, col: 0, numRows: 12, numCols: 1 },
      { kind: 'money', row: 56, col: 1, numRows: 1, numCols: 1 },
    ]);
  });

  it('is rectangular', () => {
    expect(new Set(ja.rows.map((r) => r.length))).toEqual(new Set([5]));
  });

  it('English labels; null shown as n/a', () => {
    const en = summaryTable(summary, 'en');
    expect(en.rows[0].slice(0, 4)).toEqual([
      'Question',
      'March 2025',
      'Last 12 months (2024-03-21 – 2025-03-20)',
      'As of 2025-03-20',
    ]);
    expect(en.rows[6].slice(0, 3)).toEqual(['F2 rate (90 days)', '', 'n/a']);
    expect(en.rows[7][0]).toBe('VIPs (top 20%)');
    expect(en.rows[60].slice(0, 2)).toEqual(['Prospect / no visit', 1]);
  });

  it('with no data every ratio is "—" and the products block says so', () => {
    const empty = summaryTable(summaryOf([]), 'ja');
    expect(empty.rows.slice(1, 10).map((r) => r.slice(1, 4))).toEqual([
      ['—', '—', ''],
      ['—', '—', ''],
      ['', '', 0],
      ['', '', 0],
      ['—', '', ''],
      ['', '—', ''],
      ['', '', 0],
      ['', '', '—'],
      ['', '', '—'],
    ]);
    expect(empty.formats.filter((f) => f.kind === 'percent')).toEqual([]);
    expect(empty.rows[56].slice(0, 2)).toEqual(['（なし）', '']);
  });

  it('follow-up counts replace the stage × status list, with the caller’s labels', () => {
    const withDrafts = computeSummary(
      analyzeSales({
        rows: [['2025-03-10', 'Ken', 1000]],
        firstRowNumber: 2,
        mapping: { date: 0, customer: 1, amount: 2 },
        asOf: day('2025-03-20'),
        dayOf: dayOfDateIn('Asia/Tokyo'),
      }),
      { followUpCounts: { thanks: 3, winback: 1 } },
    );
    const names: Record<string, string> = { thanks: 'お礼', winback: 'お久しぶり' };
    const t = summaryTable(withDrafts, 'ja', { contactLabel: (k) => names[k] });
    const title = t.rows.findIndex((r) => r[0] === '連絡すべきお客様（基準日時点）');
    expect(t.rows.slice(title + 2, title + 4).map((r) => r.slice(0, 2))).toEqual([
      ['お礼', 3],
      ['お久しぶり', 1],
    ]);
    expect(t.notes.find((n) => n.row === title)?.text).toBe('フォローの種類ごとの人数。');
  });
});

describe('historyTable', () => {
  it('header, one row per month, blanks where an old tab had no column, months as text', () => {
    const rows: HistoryRow[] = [
      { month: '2025-01', counts: { prospect: 1, new: 2 } },
      { month: '2025-02', counts: { fan: 3 } },
    ];
    const t = historyTable(rows, 'en');
    expect(t.rows[0].slice(0, 5)).toEqual(['Month', 'Prospect', 'New', 'Repeat', 'Fan']);
    expect(t.rows[1].slice(0, 5)).toEqual(['2025-01', 1, 2, '', '']);
    expect(t.rows[2].slice(0, 5)).toEqual(['2025-02', '', '', '', 3]);
    expect(t.rows.every((r) => r.length === 1 + HISTORY_KEYS.length)).toBe(true);
    expect(t.formats).toEqual([{ kind: 'text', row: 1, col: 0, numRows: 2, numCols: 1 }]);
  });
});

describe('transitionsTable', () => {
  const m: TransitionMatrix = {
    asOf: day('2025-03-20'),
    cutoff: day('2025-02-28'),
    from: ['prospect', 'new', 'repeat', 'fan', 'none'],
    to: ['prospect', 'new', 'repeat', 'fan'],
    counts: [
      [2, 1, 0, 0],
      [0, 1, 1, 1],
      [0, 0, 1, 1],
      [0, 0, 0, 1],
      [0, 2, 0, 0],
    ],
  };

  it('stage × stage with row and column totals', () => {
    const t = transitionsTable(m, 'ja');
    expect(t.rows).toEqual([
      ['前月末 → 対象月末', '見込み客', '新規客', 'リピート客', 'ファン客', '合計'],
      ['見込み客', 2, 1, 0, 0, 3],
      ['新規客', 0, 1, 1, 1, 3],
      ['リピート客', 0, 0, 1, 1, 2],
      ['ファン客', 0, 0, 0, 1, 1],
      ['まだお客様でない', 0, 2, 0, 0, 2],
      ['合計', 2, 4, 2, 3, 11],
    ]);
    expect(t.notes).toHaveLength(1);
    expect(t.notes[0].text).toContain('前月末（2025年2月28日）');
    expect(t.notes[0].text).toContain('対象月末（2025年3月20日）');
  });

  it('in English', () => {
    const t = transitionsTable(m, 'en');
    expect(t.rows[0][0]).toBe('End of the month before → end of the month');
    expect(t.rows[5][0]).toBe('Not yet a customer');
    expect(t.rows[6][0]).toBe('Total');
  });
});
