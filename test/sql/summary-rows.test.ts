// summaryOfSqlRows on rows written by hand (no database): each figure lands where the Summary
// keeps it, rounded and divided as computeSummary does, and a figure the query left out is 0.
import { parseIsoDay } from '../../src/core/days';
import { CONTACT_KEYS } from '../../src/core/metrics';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { summaryOfSqlRows } from '../../src/core/sql';

const day = (s: string) => parseIsoDay(s) as number;
const AS_OF = day('2025-03-31');

/** The twelve cohort months of as-of 2025-03-31 (2024-04 … 2025-03), all empty. */
function emptyCohorts() {
  const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];
  return [...months, '2025-01', '2025-02', '2025-03'].map((month) => ({
    month,
    firstBuyers: 0,
    within30: 0,
    within60: 0,
    within90: 0,
  }));
}

let rows: unknown[][];
beforeEach(() => {
  rows = [
    ['first_visit_revenue', 'month', 1000],
    ['first_visit_revenue', '12m', 4000],
    ['repeat_visit_revenue', 'month', 3000],
    ['repeat_visit_revenue', '12m', 6000.004],
    // BigQuery's driver gives numbers as text; an item NULL is ''.
    ['customers_with_visit', null, '4'],
    ['active_this_month', '', 1],
    ['f2_first_buyers', '', 5],
    ['f2_converted', '', 2],
    ['cohort_first_buyers', '2025-01-01', 4],
    ['cohort_within_30', '2025-01-01', 1],
    ['cohort_within_60', '2025-01-01', 2],
    ['cohort_within_90', '2025-01-01', 3],
    ['cohort_first_buyers', '2024-04-01', 7],
    ['new_customers', '', 3],
    ['new_returned', '', 1],
    ['vip_count', '', 2],
    ['vip_revenue', '', 5000],
    ['paying_revenue', '', 8000],
    ['vip_median_interval', '', 27.5],
    ['vip_product', 'Tea', 3000],
    ['vip_product', 'Beans', 500.004],
    ['vip_product', 'Cake', 3000],
    ['vip_product', 'Cup', 700],
    ['vip_product', 'Mug', 600],
    ['vip_product', 'Jam', 400],
    ['stage_count', 'prospect', 1],
    ['stage_count', 'new', 2],
    ['stage_count', 'repeat', 1],
    ['status_count', 'active', 2],
    ['status_count', 'at_risk', 1],
    ['status_count', 'lapsed', 4],
    ['segment_count', 'first', 2],
    ['segment_count', 'steady_lapsed', 1],
    ['revenue_by_stage', 'new', 1234.567],
    ['revenue_by_stage', 'repeat', 9000],
    ['stage_status_count', 'new.active', 2],
    ['stage_status_count', 'prospect.none', 1],
    ['anonymous_rows', '', 3],
    ['anonymous_visits', 'month', 1],
    ['anonymous_visits', '12m', 2],
    ['anonymous_revenue', 'month', 500.123],
    ['anonymous_revenue', '12m', 800],
    ['shop_average_order', '', 1500],
  ];
});

test('every figure in its place, money rounded to the cent, ratios divided', () => {
  const cohorts = emptyCohorts();
  cohorts[0].firstBuyers = 7;
  cohorts[9] = { month: '2025-01', firstBuyers: 4, within30: 1, within60: 2, within90: 3 };
  const contacts = Object.fromEntries(CONTACT_KEYS.map((k) => [k, 0]));
  contacts['new.active'] = 2;
  contacts['prospect.none'] = 1;
  expect(
    summaryOfSqlRows(rows, AS_OF, { thresholds: DEFAULT_THRESHOLDS, rejectedRows: 6, profile: 'base' }),
  ).toStrictEqual({
    asOf: AS_OF,
    month: '2025-03',
    monthStart: day('2025-03-01'),
    yearStart: day('2024-04-01'), // 2025-03-31 − 364 days
    thresholds: DEFAULT_THRESHOLDS,
    // 1000 + 3000; 4000 + 6000.004 → 10000
    visitRevenue: { month: 4000, last12m: 10000 },
    repeatRevenueShare: { month: 0.75, last12m: 6000.004 / 10000.004 },
    newRevenueShare: { month: 0.25, last12m: 4000 / 10000.004 },
    atRisk: 1,
    lapsed: 4,
    activeRate: 0.25,
    activeThisMonth: 1,
    customersWithVisit: 4,
    // [as-of − 454, as-of − 90]: 2024 is a leap year, so 2024-12-31 − 364 days is 2 January
    f2: { from: day('2024-01-02'), to: day('2024-12-31'), firstBuyers: 5, converted: 2, rate: 0.4 },
    f2Cohorts: cohorts,
    vip: {
      count: 2,
      revenueShare: 0.625,
      medianIntervalDays: 27.5,
      // By revenue, the tie by name (Cake before Tea), five at most: Jam (400) is the sixth.
      topProducts: [
        { product: 'Cake', revenue: 3000 },
        { product: 'Tea', revenue: 3000 },
        { product: 'Cup', revenue: 700 },
        { product: 'Mug', revenue: 600 },
        { product: 'Beans', revenue: 500 },
      ],
    },
    contacts: { source: 'stage_status', counts: contacts },
    newCustomers: { from: day('2025-01-01'), count: 3, returned: 1 }, // as-of − 89
    stageCounts: { prospect: 1, new: 2, repeat: 1, fan: 0 },
    statusCounts: { active: 2, at_risk: 1, lapsed: 4 },
    segmentCounts: {
      first: 2,
      toddler: 0,
      steady: 0,
      trendy: 0,
      loyal: 0,
      first_lapsed: 0,
      toddler_lapsed: 0,
      steady_lapsed: 1,
      trendy_lapsed: 0,
      loyal_lapsed: 0,
    },
    revenueByStage: { prospect: 0, new: 1234.57, repeat: 9000, fan: 0 },
    rejectedRows: 6,
    anonymous: { rows: 3, visits: { month: 1, last12m: 2 }, revenue: { month: 500.12, last12m: 800 } },
    profile: 'base',
    followUpResults: null,
  });
});

test('follow-up counts given replace the stage × status counts; results are carried', () => {
  const results = { months: [] } as never;
  const s = summaryOfSqlRows(rows, AS_OF, {
    thresholds: DEFAULT_THRESHOLDS,
    rejectedRows: 0,
    profile: 'generic',
    followUpCounts: { at_risk: 3 },
    followUpResults: results,
  });
  expect(s.contacts).toStrictEqual({ source: 'follow_up', counts: { at_risk: 3 } });
  expect(s.followUpResults).toBe(results);
});

test('no rows: zeros, and null for every ratio and the median', () => {
  const s = summaryOfSqlRows([], AS_OF, { thresholds: DEFAULT_THRESHOLDS, rejectedRows: 0, profile: 'generic' });
  expect([s.repeatRevenueShare, s.newRevenueShare, s.activeRate, s.f2.rate, s.vip.revenueShare]).toStrictEqual([
    { month: null, last12m: null },
    { month: null, last12m: null },
    null,
    null,
    null,
  ]);
  expect([s.vip.medianIntervalDays, s.vip.topProducts, s.visitRevenue]).toStrictEqual([
    null,
    [],
    { month: 0, last12m: 0 },
  ]);
});

test('a median over nothing (NULL, or undefined from a driver) is null, not 0', () => {
  for (const value of [null, undefined]) {
    const s = summaryOfSqlRows([['vip_median_interval', '', value]], AS_OF, {
      thresholds: DEFAULT_THRESHOLDS,
      rejectedRows: 0,
      profile: 'generic',
    });
    expect(s.vip.medianIntervalDays).toBeNull();
  }
});

test('products of equal revenue in name order whichever comes first', () => {
  const of = (products: unknown[][]) =>
    summaryOfSqlRows(products, AS_OF, { thresholds: DEFAULT_THRESHOLDS, rejectedRows: 0, profile: 'generic' }).vip
      .topProducts;
  const expected = [
    { product: 'A', revenue: 5 },
    { product: 'B', revenue: 5 },
    { product: 'C', revenue: 9 },
  ].sort((x, y) => y.revenue - x.revenue);
  expect(
    of([
      ['vip_product', 'B', 5],
      ['vip_product', 'C', 9],
      ['vip_product', 'A', 5],
    ]),
  ).toStrictEqual(expected);
  expect(
    of([
      ['vip_product', 'A', 5],
      ['vip_product', 'B', 5],
      ['vip_product', 'C', 9],
    ]),
  ).toStrictEqual(expected);
});
