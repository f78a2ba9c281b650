// Edges of the Summary, the transitions and History that the main fixtures (metrics.test.ts) pass
// by: an unsorted median, a cohort starting on its first day, equal product revenue, boundary days.
import { dayOfDateIn, DayOfDate } from '../../src/core/days';
import {
  HistoryRow,
  computeSummary,
  historyHeader,
  mergeHistory,
  summaryJson,
  transitionMatrix,
} from '../../src/core/metrics';
import { analyzeSales } from '../../src/core/sales';
import { analyze, day } from './metrics-fixture';

// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});

const json = (rows: unknown[][]) => summaryJson(computeSummary(analyze(rows)));

/** Four one-visit customers of ¥1000: with one big spender, ceil(5 × 0.2) = 1 VIP. */
const SMALL = ['Ann', 'Bo', 'Cy', 'Di'].map((name) => ['2025-03-01', name, 1000]);

describe('VIP median interval', () => {
  it('sorts the gaps before taking the middle: odd count', () => {
    // Vip's gaps in visit order 40 (11-01 → 12-11), 10 (→ 12-21), 20 (→ 2025-01-10): sorted 10, 20, 40.
    const rows = [
      ['2024-11-01', 'Vip', 5000],
      ['2024-12-11', 'Vip', 5000],
      ['2024-12-21', 'Vip', 5000],
      ['2025-01-10', 'Vip', 5000],
      ...SMALL,
    ];
    expect(json(rows).vip_count).toBe(1);
    expect(json(rows).vip_median_interval_days).toBe(20);
  });

  it('sorts the gaps before taking the middle pair: even count', () => {
    // Gaps 40, 5 (→ 12-16), 30 (→ 2025-01-15), 10 (→ 01-25): sorted 5, 10, 30, 40 → (10 + 30) / 2.
    const rows = [
      ['2024-11-01', 'Vip', 5000],
      ['2024-12-11', 'Vip', 5000],
      ['2024-12-16', 'Vip', 5000],
      ['2025-01-15', 'Vip', 5000],
      ['2025-01-25', 'Vip', 5000],
      ...SMALL,
    ];
    expect(json(rows).vip_median_interval_days).toBe(20);
  });

  it('is null when no VIP came twice', () => {
    expect(json([['2025-03-01', 'Vip', 5000], ...SMALL]).vip_median_interval_days).toBeNull();
  });
});

describe('VIP top products', () => {
  it('breaks equal revenue by name, whatever the order the products were first sold in', () => {
    const rows = [
      ['2025-01-01', 'Vip', 3000, 'Mocha'],
      ['2025-01-01', 'Vip', 1000, 'Zest'],
      ['2025-01-01', 'Vip', 1000, 'Apple'],
      ['2025-01-01', 'Vip', 1000, 'Kona'],
      ...SMALL,
    ];
    expect(json(rows).vip_top_products).toStrictEqual([
      { product: 'Mocha', revenue: 3000 },
      { product: 'Apple', revenue: 1000 },
      { product: 'Kona', revenue: 1000 },
      { product: 'Zest', revenue: 1000 },
    ]);
  });

  it('leaves out what VIPs did not buy and what they only got for ¥0', () => {
    const rows = [
      ['2025-01-01', 'Vip', 5000, 'Bean'],
      ['2025-01-02', 'Vip', 0, 'Sample'],
      ['2025-03-01', 'Ann', 1000, 'Cup'], // Ann is not a VIP
      ...SMALL.slice(1),
    ];
    expect(json(rows).vip_top_products).toStrictEqual([{ product: 'Bean', revenue: 5000 }]);
  });
});

describe('F2 cohorts', () => {
  // As-of 2025-03-20: the table's months are 2024-04 … 2025-03; the first starts on 2024-04-01.
  const z = (month: string) => ({ month, first_buyers: 0, within_30: 0, within_60: 0, within_90: 0 });

  it('puts a first visit on the 1st of a month in that month, the table’s first day included', () => {
    const rows = [
      ['2024-03-31', 'Before', 1000], // the day before the table
      ['2024-04-01', 'First', 1000], // the table's first day…
      ['2024-05-01', 'First', 1000], // …back after 30 days
      ['2024-04-30', 'Apr', 1000], // last day of April…
      ['2024-05-31', 'Apr', 1000], // …back after 31 days
      ['2024-05-01', 'May', 1000], // 1st of May…
      ['2024-06-30', 'May', 1000], // …back after 60 days (31 + 29)
      ['2024-06-01', 'Jun', 1000],
      ['2024-07-31', 'Jun', 1000], // back after 60 days (30 + 30)
      ['2024-07-01', 'Jul', 1000],
      ['2024-09-29', 'Jul', 1000], // back after 90 days (31 + 31 + 28)
      ['2024-08-01', 'Aug', 1000],
      ['2024-10-31', 'Aug', 1000], // back after 91 days (31 + 30 + 30)
      ['2024-09-01', 'Sep', 1000],
      ['2024-10-31', 'Sep', 1000], // back after 60 days (30 + 30)
      ['2024-10-01', 'Oct', 1000],
      ['2024-11-01', 'Oct', 1000], // back after 31 days
    ];
    expect(json(rows).f2_cohorts).toStrictEqual([
      { month: '2024-04', first_buyers: 2, within_30: 1, within_60: 2, within_90: 2 }, // First 30, Apr 31
      { month: '2024-05', first_buyers: 1, within_30: 0, within_60: 1, within_90: 1 }, // May 60
      { month: '2024-06', first_buyers: 1, within_30: 0, within_60: 1, within_90: 1 }, // Jun 60
      { month: '2024-07', first_buyers: 1, within_30: 0, within_60: 0, within_90: 1 }, // Jul 90
      { month: '2024-08', first_buyers: 1, within_30: 0, within_60: 0, within_90: 0 }, // Aug 91
      { month: '2024-09', first_buyers: 1, within_30: 0, within_60: 1, within_90: 1 }, // Sep 60
      { month: '2024-10', first_buyers: 1, within_30: 0, within_60: 1, within_90: 1 }, // Oct 31
      z('2024-11'),
      z('2024-12'),
      z('2025-01'),
      z('2025-02'),
      z('2025-03'),
    ]);
  });

  it('counts a second order on the first day as back within 30 days (gap 0)', () => {
    const a = analyzeSales({
      rows: [
        ['2025-03-01', 'Same', 1000, 'order-1'],
        ['2025-03-01', 'Same', 1000, 'order-2'],
      ],
      firstRowNumber: 2,
      mapping: { date: 0, customer: 1, amount: 2, orderId: 3 },
      asOf: day('2025-03-20'),
      dayOf,
    });
    expect(summaryJson(computeSummary(a)).f2_cohorts[11]).toStrictEqual({
      month: '2025-03',
      first_buyers: 1,
      within_30: 1,
      within_60: 1,
      within_90: 1,
    });
  });
});

describe('transitionMatrix on the cutoff day (2025-02-28, the end of the month before as-of)', () => {
  // Rows: prospect, new, repeat, fan, none; columns: prospect, new, repeat, fan.
  const counts = (rows: unknown[][]) => transitionMatrix(analyze(rows)).counts;

  it('counts a first visit on the cutoff as before it, and one the day after as not yet', () => {
    expect(counts([['2025-02-28', 'On', 1000]])).toStrictEqual([
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(counts([['2025-03-01', 'After', 1000]])).toStrictEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('counts a second visit on the cutoff, but not one the day after', () => {
    const before = [['2025-01-10', 'Two', 1000]];
    expect(counts([...before, ['2025-02-28', 'Two', 1000]])[2]).toStrictEqual([0, 0, 1, 0]);
    expect(counts([...before, ['2025-03-01', 'Two', 1000]])[1]).toStrictEqual([0, 0, 1, 0]);
  });

  it('counts a referral on the cutoff, but not one the day after', () => {
    const referrer = ['2025-01-10', 'Ref', 1000];
    // Ref is a Fan by the referral; the referred customer is New at both ends.
    const on = counts([referrer, ['2025-02-28', 'Kid', 1000, '', 'Ref']]);
    expect(on[3]).toStrictEqual([0, 0, 0, 1]);
    const after = counts([referrer, ['2025-03-01', 'Kid', 1000, '', 'Ref']]);
    expect(after[1]).toStrictEqual([0, 0, 0, 1]);
  });
});

describe('mergeHistory', () => {
  const row: HistoryRow = { month: '2025-03', counts: { prospect: 1, new: 2 } };

  it('replaces the month however it was typed: 2025/3, 2025.3, 2025年3月, ２０２５-０３', () => {
    for (const typed of ['2025/3', '2025.3', '2025年3月', '２０２５-０３', ' 2025 - 03 ', '2025-03-15']) {
      const merged = mergeHistory([historyHeader('en'), [typed, 9, 9]], row);
      expect(merged).toStrictEqual({ rows: [row], skipped: 0 });
    }
  });

  it('sorts months typed out of order, oldest first', () => {
    const tab = [historyHeader('en'), ['2025-01', 1], ['2024-11', 2], ['2025-02', 3], ['2024-12', 4]];
    expect(mergeHistory(tab, row).rows.map((r) => r.month)).toStrictEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
  });

  it('skips blank rows (null, empty, spaces) without counting them; counts other non-months', () => {
    const tab = [
      historyHeader('en'),
      null as unknown as unknown[],
      [],
      ['', null, undefined],
      ['  ', ' '],
      ['2025-13', 1], // no 13th month
      ['2025-00', 1],
      ['2025-123', 1], // not a month followed by more digits
      ['total', 5],
      [null, 5], // a count without a month
    ];
    expect(mergeHistory(tab, row)).toStrictEqual({ rows: [row], skipped: 5 });
  });

  it('reads counts as owners type them and leaves an unreadable count out (no undefined key)', () => {
    const tab = [
      ['Month', 'Prospect', 'New', 'Repeat', 'Fan', 'Active'],
      ['2025-01', '1,234', '１２', '', 'n/a', Number.NaN],
      ['2025-02', Infinity, ' 7 ', true, 3, null],
    ];
    expect(mergeHistory(tab, row).rows.slice(0, 2)).toStrictEqual([
      { month: '2025-01', counts: { prospect: 1234, new: 12 } },
      { month: '2025-02', counts: { new: 7, fan: 3 } },
    ]);
  });

  it('reads serial numbers within Sheets’ range only', () => {
    // 45658 is 2025-01-01; 0 and 110000 are outside what a History month can be.
    const tab = [historyHeader('en'), [45658, 1], [1, 2], [0, 3], [110_000, 4], [109_999, 5]];
    const merged = mergeHistory(tab, row);
    expect(merged.rows.map((r) => r.month)).toStrictEqual(['1899-12', '2025-01', '2025-03', '2201-03']);
    expect(merged.skipped).toBe(2);
  });

  it('skips an invalid Date', () => {
    expect(mergeHistory([historyHeader('en'), [new Date(Number.NaN), 1]], row)).toStrictEqual({
      rows: [row],
      skipped: 1,
    });
  });

  it('matches header cells as typed: spaces around, full width, upper case', () => {
    const tab = [
      ['月', ' ＦＡＮ ', 'NEW', 'ファン客'],
      ['2025-01', 1, 2, 3],
    ];
    // 'ＦＡＮ' and 'ファン客' both name fan: the later column wins.
    expect(mergeHistory(tab, row).rows[0]).toStrictEqual({ month: '2025-01', counts: { fan: 3, new: 2 } });
  });
});
