import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { HISTORY_KEYS, HistoryRow, TransitionMatrix, computeSummary } from '../../src/core/metrics';
import { FollowUpResults } from '../../src/core/followup-results';
import {
  historyTable,
  summaryAnswers,
  summaryHeadlines,
  summaryTable,
  transitionsTable,
} from '../../src/core/report-tables';
import { FOLLOW_UP_TYPES } from '../../src/core/templates';
import { monthlyHistory } from '../../src/core/history-backfill';
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
// Month: Aoi #2 3000 + Ken #1 1000 = 4000 → repeat 0.75, new 0.25; 2 visitors, 1 first buyer (Ken).
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

  it('a title naming the month, empty rows for the charts, then one value column per figure', () => {
    expect(ja.rows[0][0]).toBe('2025年3月の分析（2025年3月20日時点）');
    expect(ja.chartBand).toEqual({ row: 1, rows: 13 });
    expect(ja.rows.slice(1, 14).every((r) => r.every((v) => v === ''))).toBe(true);
    // The figures' header is a heading (bold on the tab); the first figure is not.
    expect(ja.boldRows).toContain(14);
    expect(ja.boldRows).not.toContain(15);
    expect(ja.rows.slice(14, 29).map((r) => r.slice(0, 4))).toEqual([
      ['項目', '2025年3月', '前月（2025年2月）', '増減'],
      // The month's figures. No History row of February given: its cells stay blank.
      ['売上', 4000, '', ''],
      ['リピート売上比率', 0.75, '', ''],
      ['来店したお客様', 2, '', ''],
      ['初めてのお客様', 1, '', ''],
      ['その月の来店率', 1, '', ''],
      ['要フォローの人数', 0, '', ''],
      ['離脱の人数', 0, '', ''],
      // Longer windows, named in the label; History holds none of them.
      ['リピート売上比率（直近12か月）', 0.5, '', ''],
      ['F2転換率（90日）', '—', '', ''],
      ['上位20%のお客様（VIP）の人数', 1, '', ''],
      ['VIPの売上比率', 5000 / 6000, '', ''],
      ['VIPの来店間隔（中央値・日）', 54, '', ''],
      ['直近90日の新規客', 2, '', ''],
      ['直近90日の新規客のうち再来店', 1, '', ''],
    ]);
    // What each means, in plain words, in the last column.
    expect(ja.rows[14][4]).toBe('意味・打ち手');
    expect(ja.rows[16][4]).toBe('売上のうち、2回目以降の来店の割合。高いほど常連に支えられています。');
    expect(ja.rows.slice(15, 29).every((r) => String(r[4]).length > 5)).toBe(true);
  });

  it('each figure carries its definition in a note, and again in the definitions at the bottom', () => {
    const d = ja.rows.findIndex((r) => r[0] === '数字の定義');
    expect(d).toBe(88);
    expect(ja.rows[d + 1]).toEqual(['項目', '', '', '', '定義']);
    for (let i = 0; i < 14; i++) {
      const note = ja.notes.find((n) => n.row === 15 + i && n.col === 0);
      expect(ja.rows[d + 2 + i][0]).toBe(ja.rows[15 + i][0]);
      expect(note?.text).toBe(ja.rows[d + 2 + i][4]);
      expect(String(note?.text).length).toBeGreaterThan(10);
    }
    // Thresholds and window dates are filled in.
    expect(ja.rows[d + 2 + 5][4]).toContain('90日以上240日未満');
    expect(ja.rows[d + 2 + 8][4]).toContain('2023年12月22日〜2024年12月20日');
    expect(ja.rows[d + 2 + 12][4]).toContain('2024年12月21日〜基準日');
    // The previous-month header says where its values come from.
    expect(ja.notes.find((n) => n.row === 14 && n.col === 2)?.text).toContain('「推移」タブの前月の行');
  });

  it('marks the shares as percentages and the revenue as money (not the "—" cell)', () => {
    const kinds = ja.formats.filter((f) => f.row < 30).map((f) => [f.kind, f.row, f.col]);
    expect(kinds).toEqual([
      ['money', 15, 1],
      ['percent', 16, 1],
      ['percent', 19, 1],
      ['percent', 22, 1],
      ['percent', 25, 1],
    ]);
  });

  it('who to contact now, by name with the suggested contact, right under the figures', () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      name: `P${i}`,
      contact: i < 2 ? '離脱したお客様へ' : '2回目のお誘い',
    }));
    const t = summaryTable(summary, 'ja', { contactsNow: { people, total: 12 } });
    expect(t.rows.slice(30, 34).map((r) => r.slice(0, 2))).toEqual([
      ['今連絡するお客様', ''],
      ['お客様', 'おすすめの連絡'],
      ['P0', '離脱したお客様へ'],
      ['P1', '離脱したお客様へ'],
    ]);
    // Ten by name, then where the other two are; the counts block follows.
    expect(t.rows[41][0]).toBe('P9');
    expect(t.rows[42][0]).toBe('ほか2人は「顧客ステージ」タブの上から順に');
    expect(t.rows[44][0]).toBe('連絡すべきお客様（基準日時点）');
    expect(t.chartData.cohorts.row).toBe(ja.chartData.cohorts.row + 14);
    const none = summaryTable(summary, 'en', { contactsNow: { people: [], total: 0 } });
    expect(none.rows.slice(30, 33).map((r) => r.slice(0, 2))).toEqual([
      ['Who to contact now', ''],
      ['Customer', 'Suggested contact'],
      ['(none)', ''],
    ]);
  });

  it('blocks: contacts, stages, statuses, segments (what each means in the last column), F2 cohorts, products', () => {
    expect(ja.rows[30][0]).toBe('連絡すべきお客様（基準日時点）');
    expect(ja.rows.slice(32, 35).map((r) => r.slice(0, 2))).toEqual([
      ['見込み客・来店なし', 1],
      ['新規客・現役', 1],
      ['新規客・要フォロー', 0],
    ]);
    expect(ja.rows[36].slice(0, 2)).toEqual(['リピート客・現役', 1]);
    expect(ja.rows.slice(43, 50)).toEqual([
      ['顧客ステージ別の人数と売上', '', '', '', ''],
      ['ステージ', '人数', '売上（全期間）', '', '意味・打ち手'],
      ['見込み客', 1, 0, '', termHint('ja', 'prospect')],
      ['新規客', 1, 1000, '', termHint('ja', 'new')],
      ['リピート客', 1, 5000, '', termHint('ja', 'repeat')],
      ['ファン客', 0, 0, '', termHint('ja', 'fan')],
      ['', '', '', '', ''],
    ]);
    expect(ja.rows.slice(50, 55).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['状態別の人数', '', ''],
      ['状態', '人数', '意味・打ち手'],
      ['現役', 2, termHint('ja', 'active')],
      ['要フォロー', 0, termHint('ja', 'at_risk')],
      ['離脱', 0, termHint('ja', 'lapsed')],
    ]);
    // Segments: 10 rows from 58; Ken First, Aoi Toddler; Yazuya's action beside each.
    expect(ja.rows[56][0]).toBe('CPM分析（顧客ポートフォリオ）');
    expect(ja.rows.slice(58, 60).map((r) => r.slice(0, 2))).toEqual([
      ['初回客', 1],
      ['よちよち客', 1],
    ]);
    expect(ja.rows[58][4]).toBe('初回客：購入1回。まず2回目の来店を。');
    expect(ja.rows[67][4]).toBe('優良離脱客：最も大切だった方。まず最初に呼び戻しを。');
    // F2 cohorts: the header (row 70, the chart's range) and 12 months; Aoi in 2025-01, Ken in 2025-03.
    expect(ja.chartData.cohorts).toEqual({ row: 70, col: 0, numRows: 13, numCols: 5 });
    expect(ja.rows[69][0]).toBe('F2転換（初回来店月別）');
    expect(ja.rows[70]).toEqual(['初回来店月', '初回客数', '30日以内に2回目', '60日以内に2回目', '90日以内に2回目']);
    expect(ja.rows[71]).toEqual(['2024-04', 0, 0, 0, 0]);
    expect(ja.rows[80]).toEqual(['2025-01', 1, 0, 1, 1]); // 54 days: within 60 and 90
    expect(ja.rows[82]).toEqual(['2025-03', 1, 0, 0, 0]);
    expect(ja.rows.slice(84, 87).map((r) => r.slice(0, 2))).toEqual([
      ['VIPの人気商品', ''],
      ['商品', '売上'],
      ['Tea', 5000],
    ]);
    expect(ja.rows).toHaveLength(105);
  });

  it('formats money and the cohort months (text, so Sheets keeps "2025-01" as typed)', () => {
    expect(ja.formats.filter((f) => f.row >= 30)).toEqual([
      { kind: 'money', row: 45, col: 2, numRows: 4, numCols: 1 },
      { kind: 'text', row: 71, col: 0, numRows: 12, numCols: 1 },
      { kind: 'money', row: 86, col: 1, numRows: 1, numCols: 1 },
    ]);
  });

  it('is rectangular', () => {
    expect(new Set(ja.rows.map((r) => r.length))).toEqual(new Set([5]));
  });

  it('English labels; null shown as n/a', () => {
    const en = summaryTable(summary, 'en');
    expect(en.rows[0][0]).toBe('Analysis of March 2025 (as of 2025-03-20)');
    expect(en.rows[14]).toEqual([
      'Question',
      'March 2025',
      'Previous month (February 2025)',
      'Change',
      'What it means / what to do',
    ]);
    expect(en.rows[15].slice(0, 2)).toEqual(['Revenue', 4000]);
    expect(en.rows[22].slice(0, 2)).toEqual(['Repeat revenue share (last 12 months)', 0.5]);
    expect(en.rows[23].slice(0, 2)).toEqual(['F2 rate (90 days)', 'n/a']);
    expect(en.rows[24][0]).toBe('VIPs (top 20%)');
    expect(en.rows[32].slice(0, 2)).toEqual(['Prospect / no visit', 1]);
  });

  it('with no data every ratio is "—" and the products block says so', () => {
    const empty = summaryTable(summaryOf([]), 'ja');
    expect(empty.rows.slice(15, 29).map((r) => r[1])).toEqual([0, '—', 0, 0, '—', 0, 0, '—', '—', 0, '—', '—', 0, 0]);
    expect(empty.formats.filter((f) => f.kind === 'percent')).toEqual([]);
    expect(empty.rows[86].slice(0, 2)).toEqual(['（なし）', '']);
  });

  it('follow-up counts replace the stage × status list: due ones only, in the priority order, with the caller’s labels', () => {
    const withDrafts = computeSummary(
      analyzeSales({
        rows: [['2025-03-10', 'Ken', 1000]],
        firstRowNumber: 2,
        mapping: { date: 0, customer: 1, amount: 2 },
        asOf: day('2025-03-20'),
        dayOf: dayOfDateIn('Asia/Tokyo'),
      }),
      { followUpCounts: { new_thanks: 3, at_risk: 0, winback: 1 } },
    );
    const names: Record<string, string> = { new_thanks: 'お礼', winback: 'お久しぶり' };
    const t = summaryTable(withDrafts, 'ja', { contactLabel: (k) => names[k] });
    const title = t.rows.findIndex((r) => r[0] === '連絡の種類ごとの人数（今日の時点）');
    // Win-back comes first in the follow-ups' priority order; at-risk, due for nobody, is left out.
    expect(t.rows.slice(title + 2, title + 5).map((r) => r.slice(0, 2))).toEqual([
      ['お久しぶり', 1],
      ['お礼', 3],
      ['', ''],
    ]);
    expect(t.notes.find((n) => n.row === title)?.text).toBe('フォローの種類ごとの人数。');
  });
});

describe('summaryTable: the month before, from History', () => {
  // As-of 2025-03-31, March as of its last day; the backfill gives February as of 02-28.
  //   Aoi: 2025-01-10 ¥2000, 2025-03-05 ¥3000 · Mio: 2025-02-14 ¥4500 · Ken: 2025-03-10 ¥1000.
  // February: revenue 4500 (Mio's 1st visit): repeat share 0; 1 visitor, 1 first buyer; with a
  //   visit by then: Aoi (49 days, active) and Mio → active rate 1 / 2.
  // March: revenue 3000 + 1000 = 4000: repeat share 0.75; 2 visitors (Aoi, Ken), 1 first buyer
  //   (Ken); with a visit: Aoi, Mio, Ken → active rate 2 / 3. Nobody at risk or lapsed either month.
  function analysis() {
    return analyzeSales({
      rows: [
        ['2025-01-10', 'Aoi', 2000],
        ['2025-02-14', 'Mio', 4500],
        ['2025-03-05', 'Aoi', 3000],
        ['2025-03-10', 'Ken', 1000],
      ],
      firstRowNumber: 2,
      mapping: { date: 0, customer: 1, amount: 2 },
      asOf: day('2025-03-31'),
      dayOf: dayOfDateIn('Asia/Tokyo'),
    });
  }

  it('shows February beside March and the change, in points for a share', () => {
    const a = analysis();
    const backfill = monthlyHistory(a);
    expect(backfill.map((r) => r.month)).toEqual(['2025-01', '2025-02', '2025-03']);
    const t = summaryTable(computeSummary(a), 'ja', { previous: backfill[1] });
    expect(t.rows.slice(14, 22).map((r) => r.slice(0, 4))).toEqual([
      ['項目', '2025年3月', '前月（2025年2月）', '増減'],
      ['売上', 4000, 4500, '▼500円'],
      ['リピート売上比率', 0.75, 0, '▲75.0pt'],
      ['来店したお客様', 2, 1, '▲1'],
      ['初めてのお客様', 1, 1, '±0'],
      ['その月の来店率', 2 / 3, 0.5, '▲16.7pt'],
      ['要フォローの人数', 0, 0, '±0'],
      ['離脱の人数', 0, 0, '±0'],
    ]);
    expect(t.formats.filter((f) => f.row < 30 && f.col === 2).map((f) => [f.kind, f.row])).toEqual([
      ['money', 15],
      ['percent', 16],
      ['percent', 19],
    ]);
    const en = summaryTable(computeSummary(a), 'en', { previous: backfill[1] });
    expect(en.rows[15].slice(0, 4)).toEqual(['Revenue', 4000, 4500, '▼500']);
    expect(en.rows[16][3]).toBe('▲75.0 pt');
  });

  it('a History row of another month (the report month itself) is not taken for the month before', () => {
    const a = analysis();
    const backfill = monthlyHistory(a);
    const t = summaryTable(computeSummary(a), 'ja', { previous: backfill[2] });
    expect(t.rows.slice(15, 18).map((r) => r.slice(2, 4))).toEqual([
      ['', ''],
      ['', ''],
      ['', ''],
    ]);
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

describe('summaryTable and summaryHeadlines: the cases the fixture above leaves alike', () => {
  it('F2 and the anonymous sales in the headlines: a share as a percent, the anonymous revenue as money', () => {
    const s = {
      ...summary,
      f2: { ...summary.f2, rate: 0.25 },
      anonymous: { rows: 2, visits: { month: 1, last12m: 2 }, revenue: { month: 1200, last12m: 3400 } },
    };
    const en = summaryHeadlines(s, 'en');
    expect(en.find((h) => h.label === 'F2 rate (90 days)')?.value).toBe('25.0%');
    expect(summaryAnswers(s, 'en').find((a) => a.key === 'anonymous')?.values).toStrictEqual({
      month: 1200,
      last12m: 3400,
    });
    expect(en[en.length - 1].value).toBe('1200');
  });

  it('at risk and lapsed each show their own count', () => {
    const t = summaryTable({ ...summary, atRisk: 3, lapsed: 5 }, 'en');
    expect(t.rows.slice(20, 22).map((r) => r.slice(0, 2))).toEqual([
      ['Customers at risk', 3],
      ['Lapsed customers', 5],
    ]);
  });

  it('the 12-month repeat share has its own meaning; every other longer figure its own', () => {
    const t = summaryTable(summary, 'en');
    expect(t.rows[22][4]).toBe("The regulars' share over a whole year, without the month-to-month swings.");
    expect(t.rows[23][4]).toBe(
      'The share of first-time customers who came back within 90 days. If it is low, thank them after the first visit and invite them back.',
    );
  });

  it('a blank row between the figures and the first block; statuses, segments and definitions padded with blanks', () => {
    const t = summaryTable(summary, 'en');
    expect(t.rows[29]).toEqual(['', '', '', '', '']);
    expect(t.rows[30][0]).toBe('Who to contact (as of the as-of date)');
    expect(t.rows.slice(51, 53)).toEqual([
      ['Status', 'Customers', '', '', 'What it means, what to do'],
      ['Active', 2, '', '', termHint('en', 'active')],
    ]);
    expect(t.rows.slice(57, 59)).toEqual([
      ['Segment', 'Customers', '', '', 'What it means, what to do'],
      ['First', 1, '', '', termHint('en', 'first')],
    ]);
    const d = t.rows.findIndex((r) => r[0] === 'Definitions');
    expect(t.rows[d + 2]).toEqual(['Revenue', '', '', '', t.notes.find((n) => n.row === 15 && n.col === 0)?.text]);
  });

  it('follow-up counts: a type outside the priority list comes last; none due says so under a header', () => {
    const counts = (c: Record<string, number>) => ({
      ...summary,
      contacts: { source: 'follow_up' as const, counts: c },
    });
    const t = summaryTable(counts({ custom: 2, other: 0, at_risk: 4 }), 'en');
    const title = t.rows.findIndex((r) => r[0] === 'Customers per kind of contact (as of today)');
    expect(t.rows.slice(title + 1, title + 5).map((r) => r.slice(0, 2))).toEqual([
      ['Who', 'Customers'],
      ['at_risk', 4],
      ['custom', 2],
      ['', ''],
    ]);
    const none = summaryTable(counts({}), 'en');
    const at = none.rows.findIndex((r) => r[0] === 'Customers per kind of contact (as of today)');
    expect(none.rows.slice(at + 1, at + 4).map((r) => r.slice(0, 2))).toEqual([
      ['Who', 'Customers'],
      ['(none)', ''],
      ['', ''],
    ]);
  });

  it('everyone to contact shown by name: no "more" line', () => {
    const people = [
      { name: 'Aoi', contact: 'Win-back' },
      { name: 'Ken', contact: 'At-risk check-in' },
    ];
    const t = summaryTable(summary, 'en', { contactsNow: { people, total: 2 } });
    expect(t.rows.slice(32, 36).map((r) => r.slice(0, 2))).toEqual([
      ['Aoi', 'Win-back'],
      ['Ken', 'At-risk check-in'],
      ['', ''],
      ['Who to contact (as of the as-of date)', ''],
    ]);
  });

  it('follow-up results: the rates of each judged type as percents, then a blank row', () => {
    const results = Object.fromEntries(
      FOLLOW_UP_TYPES.map((t) => [
        t,
        { drafted: 0, returned30d: 0, rate: null, usualDue: 0, usualReturned30d: 0, usualRate: null },
      ]),
    ) as FollowUpResults;
    results.winback = { drafted: 4, returned30d: 1, rate: 0.25, usualDue: 2, usualReturned30d: 1, usualRate: 0.5 };
    results.at_risk = { drafted: 2, returned30d: 2, rate: 1, usualDue: 0, usualReturned30d: 0, usualRate: null };
    const t = summaryTable({ ...summary, followUpResults: results }, 'en', { contactLabel: (k) => `<${k}>` });
    const title = t.rows.findIndex((r) => r[0] === 'Follow-up results');
    expect(title).toBeGreaterThan(0);
    // FOLLOW_UP_TYPES order: at_risk before winback.
    expect(t.rows.slice(title + 2, title + 5)).toEqual([
      ['<at_risk>', 2, 2, 1, 0, 0, 'n/a'],
      ['<winback>', 4, 1, 0.25, 2, 1, 0.5],
      ['', '', '', '', '', '', ''],
    ]);
    expect(t.formats.filter((f) => f.kind === 'percent' && f.row > 30)).toEqual([
      { kind: 'percent', row: title + 2, col: 3, numRows: 2, numCols: 1 },
      { kind: 'percent', row: title + 2, col: 6, numRows: 2, numCols: 1 },
    ]);
  });
});

describe('historyTable with no month yet', () => {
  it('the header alone, and no format on zero rows', () => {
    const t = historyTable([], 'en');
    expect(t.rows).toHaveLength(1);
    expect(t.formats).toEqual([]);
  });
});
