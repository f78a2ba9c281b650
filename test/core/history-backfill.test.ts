// History from day one: each month's counts worked out from one analysis equal those of an
// analysis run as of that month's last day.
import { formatDay } from '../../src/core/days';
import { monthlyHistory } from '../../src/core/history-backfill';
import { HISTORY_KEYS, HistoryRow, historyRow } from '../../src/core/metrics';
import { monthEnd } from '../../src/core/report-month';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { analyzeSales } from '../../src/core/sales';
import { dayOfDateIn } from '../../src/core/days';
import { analyze, day } from './metrics-fixture';

/** A row's counts with the zeros left out, for readable expectations. */
const nonZero = (row: HistoryRow) =>
  Object.fromEntries(HISTORY_KEYS.filter((k) => row.counts[k]).map((k) => [k, row.counts[k]]));

test('hand-computed: a sample, a referral and a second visit move the counts month by month', () => {
  const rows = [
    ['2025-01-10', 'A', 1000],
    ['2025-02-01', 'B', 0], // a ¥0 sample: B is a prospect from February
    ['2025-02-15', 'A', 1000],
    ['2025-03-05', 'B', 2000, '', 'A'], // B's first visit names A: A becomes a fan in March
  ];
  const history = monthlyHistory(analyze(rows, '2025-03-20'));
  expect(history.map((r) => r.month)).toStrictEqual(['2025-01', '2025-02', '2025-03']);
  // January (as of 01-31): A new, active (21 days), first.
  const money = { revenue_new: 1000, visitors: 1, first_buyers: 1 };
  expect(nonZero(history[0])).toStrictEqual({ new: 1, active: 1, first: 1, ...money });
  // February (as of 02-28): A repeat, active, toddler (tenure 36 < 90); B a prospect.
  expect(nonZero(history[1])).toStrictEqual({
    prospect: 1,
    repeat: 1,
    active: 1,
    toddler: 1,
    revenue_repeat: 1000,
    visitors: 1,
  });
  // March (as of as-of, 03-20): A fan (1 referral); B new, first; both active.
  expect(nonZero(history[2])).toStrictEqual({
    new: 1,
    fan: 1,
    active: 2,
    first: 1,
    toddler: 1,
    ...money,
    revenue_new: 2000,
  });
});

/** Trendy and steady per month with a spend line of 1800 (the CPM line), as of asOf. */
function trendyAndSteady(rows: unknown[][], asOf: string) {
  const a = analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2 },
    asOf: day(asOf),
    dayOf: dayOfDateIn('Asia/Tokyo'),
    thresholds: { ...DEFAULT_THRESHOLDS, cpmSpendLine: 1800 },
  });
  return monthlyHistory(a).map((r) => [r.month, r.counts.trendy, r.counts.steady]);
}

test('a refund dated in a month lowers the revenue the CPM line is compared with from that month on', () => {
  const rows = [
    ['2024-01-05', 'C', 1000],
    ['2024-05-01', 'C', 1000], // tenure 117 ≥ 90, revenue 2000 ≥ 1800: trendy
    ['2024-06-10', 'C', -500], // revenue 1500 < 1800: steady from June
  ];
  const bySegment = trendyAndSteady(rows, '2024-06-30');
  expect(bySegment.slice(3)).toStrictEqual([
    ['2024-04', 0, 0], // one visit: first
    ['2024-05', 1, 0],
    ['2024-06', 0, 1],
  ]);
});

test('a refund on a month’s last day counts in that month', () => {
  const rows = [
    ['2024-01-05', 'C', 1000],
    ['2024-05-01', 'C', 1000], // tenure 117 ≥ 90, revenue 2000 ≥ 1800: trendy
    ['2024-06-30', 'C', -500], // revenue 1500 < 1800 as of June 30: steady in June already
  ];
  expect(trendyAndSteady(rows, '2024-07-15')).toStrictEqual([
    ['2024-01', 0, 0],
    ['2024-02', 0, 0],
    ['2024-03', 0, 0],
    ['2024-04', 0, 0],
    ['2024-05', 1, 0],
    ['2024-06', 0, 1],
    ['2024-07', 0, 1],
  ]);
});

/** A deterministic log of 60 customers over 30 months: visits, ¥0 samples, refunds, referrals. */
function generatedLog(): unknown[][] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: unknown[][] = [];
  const start = day('2023-01-01');
  for (let i = 0; i < 1200; i++) {
    const customer = `c${Math.floor(next() * next() * 60)}`;
    const d = formatDay(start + Math.floor(next() * 920));
    const r = next();
    const amount = r < 0.06 ? -Math.round(next() * 3000) : r < 0.12 ? 0 : 500 + Math.round(next() * 19500);
    const referrer = next() < 0.05 ? `c${Math.floor(next() * 60)}` : '';
    rows.push([d, customer, amount, `p${Math.floor(next() * 4)}`, referrer]);
  }
  // A big spender for 120 days who never comes back: trendy, later trendy (lapsed).
  rows.push(['2023-02-01', 'T', 200_000], ['2023-06-01', 'T', 200_000]);
  return rows;
}

test('every month equals a whole analysis as of that month’s last day (as-of for the last)', () => {
  const rows = generatedLog();
  const asOf = '2025-07-14';
  const history = monthlyHistory(analyze(rows, asOf));
  expect(history[0].month).toBe('2023-01');
  expect(history[history.length - 1].month).toBe('2025-07');
  expect(history).toHaveLength(31);
  const months = new Set<number>();
  for (const row of history) {
    const end = Math.min(monthEnd(day(`${row.month}-01`)), day(asOf));
    const whole = historyRow(analyze(rows, formatDay(end)));
    expect({ ...row, counts: { ...row.counts } }).toStrictEqual(whole);
    // Every label occurs somewhere in the log, so each rule is compared at least once.
    for (const k of HISTORY_KEYS) if (row.counts[k]) months.add(HISTORY_KEYS.indexOf(k));
  }
  expect(HISTORY_KEYS.filter((_, i) => !months.has(i))).toStrictEqual([]);
});

test('no customer, no row', () => {
  expect(monthlyHistory(analyze([], '2025-03-20'))).toStrictEqual([]);
});
