// The Summary query: the figures of metrics.ts's computeSummary as long rows (figure, item, value),
// and their reading back into a Summary, so the Summary tab, the History row and summary.json are
// written by the same code whichever engine counted.

import { Day, formatDay, monthKey } from '../days';
import type { FollowUpResults } from '../followup-results';
import {
  CONTACT_KEYS,
  F2Cohort,
  ProductRevenue,
  Summary,
  TOP_PRODUCT_COUNT,
  YEAR_DAYS,
  F2_DAYS,
  ratio,
  windowsOf,
} from '../metrics';
import { roundMoney } from '../sales';
import { Thresholds } from '../settings';
import { SEGMENTS, STAGES, STATUSES, Segment, Stage, Status } from '../stages';
import { SqlDialect, SqlWriter } from './dialect';
import { SalesTableSpec, bindThresholds, customerCtes } from './customers-sql';
import { SqlQuery } from './segments-sql';

export const SUMMARY_SQL_COLUMNS = ['figure', 'item', 'value'] as const;

/** Extra CTEs over `customers` and `visits`: visits in order, first buyers, VIP gaps, anonymous sales. */
function summaryCtes(w: SqlWriter, asOf: string): [string, string][] {
  return [
    [
      'visit_seq',
      `SELECT customer_key, visit_day, visit_revenue,
      ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY visit_day, visit_row) AS visit_no
    FROM visits`,
    ],
    [
      'buyers',
      `SELECT c.*, ${w.daysBetween('sv.visit_day', 'c.first_day')} AS second_gap
    FROM customers AS c LEFT JOIN visit_seq AS sv ON sv.customer_key = c.customer_key AND sv.visit_no = 2
    WHERE c.visits > 0`,
    ],
    [
      'vip_gaps',
      `SELECT ${w.daysBetween('vs.visit_day', 'LAG(vs.visit_day) OVER (PARTITION BY vs.customer_key ORDER BY vs.visit_no)')} AS gap
    FROM visit_seq AS vs JOIN customers AS c ON c.customer_key = vs.customer_key WHERE c.vip`,
    ],
    [
      'vip_products',
      `SELECT product, revenue FROM (
      SELECT n.product, SUM(n.line_amount) AS revenue, ROW_NUMBER() OVER (ORDER BY SUM(n.line_amount) DESC, n.product) AS k
      FROM named AS n JOIN customers AS c ON c.customer_key = n.customer_key
      WHERE c.vip AND n.product IS NOT NULL AND n.line_amount > 0 GROUP BY n.product) AS t
    WHERE k <= ${TOP_PRODUCT_COUNT}`,
    ],
    // An anonymous sale is a visit when paid and the first row of its order (every row without an order id).
    [
      'anonymous',
      `SELECT sale_day, amount,
      amount > 0 AND (order_id IS NULL OR first_of_order = 1) AS is_visit
    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY row_no, sale_day) AS first_of_order FROM sales) AS s
    WHERE customer_key IS NULL AND sale_day <= ${asOf}`,
    ],
  ];
}

/** The figures: SELECT … AS figure, … AS item, … AS value parts joined by UNION ALL. */
function figureSelects(w: SqlWriter, win: Record<string, string>): string[] {
  const F = w.type('FLOAT64');
  const S = w.type('STRING');
  const row = (figure: string, item: string, value: string, rest: string) =>
    `SELECT '${figure}' AS figure, CAST(${item} AS ${S}) AS item, CAST(${value} AS ${F}) AS value ${rest}`;
  const sum = (cond: string, value = '1') => `COALESCE(SUM(CASE WHEN ${cond} THEN ${value} ELSE 0 END), 0)`;
  const periods = (figure: string, from: string, dayCol: string, cond: string, value: string) => [
    row(figure, `'month'`, sum(`${dayCol} >= ${win.month} AND ${cond}`, value), from),
    row(figure, `'12m'`, sum(`${dayCol} >= ${win.year} AND ${cond}`, value), from),
  ];
  const month = w.cast(w.monthStartOf('first_day'), 'STRING');
  const grouped = (figure: string, item: string, value: string, where = 'TRUE') =>
    row(figure, item, value, `FROM customers WHERE ${where} GROUP BY ${item}`);
  return [
    ...periods('first_visit_revenue', 'FROM visit_seq', 'visit_day', 'visit_no = 1', 'visit_revenue'),
    ...periods('repeat_visit_revenue', 'FROM visit_seq', 'visit_day', 'visit_no > 1', 'visit_revenue'),
    row('customers_with_visit', `''`, 'COUNT(*)', 'FROM buyers'),
    row('active_this_month', `''`, sum(`last_day >= ${win.month}`), 'FROM buyers'),
    row('f2_first_buyers', `''`, sum(`first_day >= ${win.f2From} AND first_day <= ${win.f2To}`), 'FROM buyers'),
    row(
      'f2_converted',
      `''`,
      sum(`first_day >= ${win.f2From} AND first_day <= ${win.f2To} AND second_gap <= ${F2_DAYS}`),
      'FROM buyers',
    ),
    row('new_customers', `''`, sum(`first_day >= ${win.newFrom}`), 'FROM buyers'),
    row('new_returned', `''`, sum(`first_day >= ${win.newFrom} AND visits >= 2`), 'FROM buyers'),
    row('vip_count', `''`, sum('vip'), 'FROM buyers'),
    row('vip_revenue', `''`, sum('vip', 'revenue'), 'FROM buyers'),
    row('paying_revenue', `''`, 'COALESCE(SUM(revenue), 0)', 'FROM buyers'),
    ...[0, 30, 60, 90].map((days) =>
      row(
        days === 0 ? 'cohort_first_buyers' : `cohort_within_${days}`,
        month,
        days === 0 ? 'COUNT(*)' : sum(`second_gap <= ${days}`),
        `FROM buyers WHERE first_day >= ${win.cohort} GROUP BY ${month}`,
      ),
    ),
    // The median of VIPs' gaps, not rounded (metrics.ts): the middle one, or the mean of the middle two.
    row(
      'vip_median_interval',
      `''`,
      'AVG(v)',
      `FROM (SELECT gap AS v, ROW_NUMBER() OVER (ORDER BY gap) AS i, COUNT(*) OVER () AS m
        FROM vip_gaps WHERE gap IS NOT NULL) AS g WHERE i = FLOOR((m + 1) / 2) OR i = FLOOR(m / 2) + 1`,
    ),
    row('vip_product', 'product', 'revenue', 'FROM vip_products'),
    grouped('stage_count', 'stage', 'COUNT(*)'),
    grouped('status_count', 'status', 'COUNT(*)', 'status IS NOT NULL'),
    grouped('segment_count', 'segment', 'COUNT(*)', 'segment IS NOT NULL'),
    grouped('revenue_by_stage', 'stage', 'SUM(revenue)'),
    row(
      'stage_status_count',
      `CONCAT(stage, '.', COALESCE(status, 'none'))`,
      'COUNT(*)',
      `FROM customers GROUP BY CONCAT(stage, '.', COALESCE(status, 'none'))`,
    ),
    row('anonymous_rows', `''`, 'COUNT(*)', 'FROM anonymous'),
    ...periods('anonymous_visits', 'FROM anonymous', 'sale_day', 'is_visit', '1'),
    ...periods('anonymous_revenue', 'FROM anonymous', 'sale_day', 'TRUE', 'amount'),
    row('shop_average_order', `''`, 'CASE WHEN visit_count > 0 THEN paid_sum / visit_count ELSE 0 END', 'FROM spend'),
    row('spend_line', `''`, 'spend_line', 'FROM spend'),
    row('first_repeat_gap', `''`, 'median_days', 'FROM shop_gap'),
  ];
}

/**
 * The Summary's figures as of `asOf` (the report month's last day, or as-of for the month so far):
 * rows of (figure, item, value); read them with summaryOfSqlRows.
 */
export function summaryQuery(dialect: SqlDialect, spec: SalesTableSpec, t: Thresholds, asOf: Day): SqlQuery {
  const w = new SqlWriter(dialect);
  const p = bindThresholds(w, t, asOf);
  const windows = windowsOf(asOf);
  const win = {
    month: w.param('month_start', 'DATE', formatDay(windows.mStart)),
    year: w.param('year_start', 'DATE', formatDay(asOf - (YEAR_DAYS - 1))),
    f2From: w.param('f2_from', 'DATE', formatDay(windows.f2From)),
    f2To: w.param('f2_to', 'DATE', formatDay(windows.f2To)),
    newFrom: w.param('new_from', 'DATE', formatDay(windows.newFrom)),
    cohort: w.param('cohort_start', 'DATE', formatDay(windows.cohortStart[0])),
  };
  const head = customerCtes(w, spec, t, p);
  const extra = summaryCtes(w, p.asOf)
    .map(([name, body]) => `,\n  ${name} AS (\n    ${body}\n  )`)
    .join('');
  const sql = `${head.trimEnd()}${extra}\n${figureSelects(w, win).join('\nUNION ALL\n')}\n`;
  return { sql, params: w.params, paramTypes: w.paramTypes, columns: SUMMARY_SQL_COLUMNS };
}

/** What the Summary needs that the sales table does not hold. */
export interface SummaryContext {
  thresholds: Thresholds;
  /** Rows the add-on's parsing rejected before the table was loaded. */
  rejectedRows: number;
  profile: string;
  followUpCounts?: Record<string, number>;
  followUpResults?: FollowUpResults;
}

/** Rows of summaryQuery ([figure, item, value], as a driver returns them) by figure, then item. */
function figuresOf(rows: readonly (readonly unknown[])[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [figure, item, value] of rows) {
    const f = String(figure);
    let items = out.get(f);
    if (!items) out.set(f, (items = new Map()));
    // A median over nothing (no VIP gap, nobody came back) is NULL: left out.
    if (value !== null && value !== undefined) items.set(item == null ? '' : String(item), Number(value));
  }
  return out;
}

/** The Summary of summaryQuery's rows, as computeSummary (metrics.ts) makes it from a SalesAnalysis. */
export function summaryOfSqlRows(rows: readonly (readonly unknown[])[], asOf: Day, context: SummaryContext): Summary {
  const f = figuresOf(rows);
  const one = (figure: string, item = '') => f.get(figure)?.get(item) ?? 0;
  const maybe = (figure: string): number | null => f.get(figure)?.get('') ?? null;
  const counts = <K extends string>(figure: string, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, one(figure, k)])) as Record<K, number>;
  const period = (figure: string) => ({ month: one(figure, 'month'), last12m: one(figure, '12m') });
  const w = windowsOf(asOf);
  const first = period('first_visit_revenue');
  const repeat = period('repeat_visit_revenue');
  const all = { month: first.month + repeat.month, last12m: first.last12m + repeat.last12m };
  const share = (part: { month: number; last12m: number }) => ({
    month: ratio(part.month, all.month),
    last12m: ratio(part.last12m, all.last12m),
  });
  const customersWithVisit = one('customers_with_visit');
  const activeThisMonth = one('active_this_month');
  const statusCounts = counts<Status>('status_count', STATUSES);
  const revenueByStage = counts<Stage>('revenue_by_stage', STAGES);
  for (const k of STAGES) revenueByStage[k] = roundMoney(revenueByStage[k]);
  return {
    asOf,
    month: monthKey(asOf),
    monthStart: w.mStart,
    yearStart: asOf - (YEAR_DAYS - 1),
    thresholds: context.thresholds,
    visitRevenue: { month: roundMoney(all.month), last12m: roundMoney(all.last12m) },
    repeatRevenueShare: share(repeat),
    newRevenueShare: share(first),
    atRisk: statusCounts.at_risk,
    lapsed: statusCounts.lapsed,
    activeRate: ratio(activeThisMonth, customersWithVisit),
    activeThisMonth,
    customersWithVisit,
    f2: {
      from: w.f2From,
      to: w.f2To,
      firstBuyers: one('f2_first_buyers'),
      converted: one('f2_converted'),
      rate: ratio(one('f2_converted'), one('f2_first_buyers')),
    },
    f2Cohorts: cohortsOf(f, w.cohortStart),
    vip: {
      count: one('vip_count'),
      revenueShare: ratio(one('vip_revenue'), one('paying_revenue')),
      medianIntervalDays: maybe('vip_median_interval'),
      topProducts: productsOf(f.get('vip_product')),
    },
    contacts: context.followUpCounts
      ? { source: 'follow_up', counts: { ...context.followUpCounts } }
      : {
          source: 'stage_status',
          counts: Object.fromEntries(CONTACT_KEYS.map((k) => [k, one('stage_status_count', k)])),
        },
    newCustomers: { from: w.newFrom, count: one('new_customers'), returned: one('new_returned') },
    stageCounts: counts<Stage>('stage_count', STAGES),
    statusCounts,
    segmentCounts: counts<Segment>('segment_count', SEGMENTS),
    revenueByStage,
    rejectedRows: context.rejectedRows,
    anonymous: {
      rows: one('anonymous_rows'),
      visits: period('anonymous_visits'),
      revenue: {
        month: roundMoney(one('anonymous_revenue', 'month')),
        last12m: roundMoney(one('anonymous_revenue', '12m')),
      },
    },
    profile: context.profile,
    followUpResults: context.followUpResults ?? null,
  };
}

/** The twelve cohort months, oldest first, empty months included. */
function cohortsOf(f: Map<string, Map<string, number>>, cohortStart: Day[]): F2Cohort[] {
  return cohortStart.slice(0, -1).map((start) => {
    const item = formatDay(start);
    const at = (figure: string) => f.get(figure)?.get(item) ?? 0;
    return {
      month: monthKey(start),
      firstBuyers: at('cohort_first_buyers'),
      within30: at('cohort_within_30'),
      within60: at('cohort_within_60'),
      within90: at('cohort_within_90'),
    };
  });
}

/** VIPs' top products by revenue, ties by name (as metrics.ts orders them). */
function productsOf(items: Map<string, number> | undefined): ProductRevenue[] {
  return [...(items ?? [])]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP_PRODUCT_COUNT)
    .map(([product, revenue]) => ({ product, revenue: roundMoney(revenue) }));
}
