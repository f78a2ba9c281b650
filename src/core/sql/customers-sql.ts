// The customer aggregates of docs/RULES.md §3–4 as common table expressions, shared by the
// Segments query and the Summary query. Each CTE is one rule; the TypeScript engine (sales.ts,
// rhythm.ts, stages.ts) is the reference and test/sql compares the two row by row.

import { Day, formatDay } from '../days';
import { Thresholds } from '../settings';
import { SqlWriter } from './dialect';

/**
 * Where the sales are and which of its columns hold what. The table holds one row per sales line,
 * already read by the add-on's own parsing (docs/RULES.md "The same rules in SQL"): a DATE, a
 * normalised customer key (NULL or '' for an anonymous sale), a numeric amount; the optional
 * columns may be left out.
 */
export interface SalesTableSpec {
  /** BigQuery: `project.dataset.table`; DuckDB: a table or view name (optionally `schema.table`). */
  table: string;
  columns: {
    date: string;
    /** The customer key (identity rules already applied); empty or NULL: an anonymous sale. */
    customer: string;
    amount: string;
    /** Order id: one visit per distinct id; rows without one make one visit per customer and day. */
    order?: string;
    product?: string;
    email?: string;
    /** The referrer's customer key (normalised like `customer`). */
    referrer?: string;
    /** The name shown; without it, the key. The first row's name is shown (by `row`). */
    name?: string;
    /** What the line sold its product for (top products); without it, or NULL, the amount. */
    lineAmount?: string;
    /**
     * The row's place in the sheet (1, 2, …): first appearance orders the Segments rows and breaks
     * VIP ties. Without it, the first day seen and then the key stand in.
     */
    row?: string;
  };
}

/** The threshold parameters as SQL expressions (each bound once). */
export interface ThresholdParams {
  asOf: string;
  repeatVisits: string;
  fanVisits: string;
  fanReferrals: string;
  atRiskDays: string;
  lapsedDays: string;
  cpmTenureDays: string;
  cpmLoyalTenureDays: string;
  vipShare: string;
}

export function bindThresholds(w: SqlWriter, t: Thresholds, asOf: Day): ThresholdParams {
  return {
    asOf: w.param('as_of', 'DATE', formatDay(asOf)),
    repeatVisits: w.param('repeat_visits', 'INT64', t.repeatVisits),
    fanVisits: w.param('fan_visits', 'INT64', t.fanVisits),
    fanReferrals: w.param('fan_referrals', 'INT64', t.fanReferrals),
    atRiskDays: w.param('at_risk_days', 'INT64', t.atRiskDays),
    lapsedDays: w.param('lapsed_days', 'INT64', t.lapsedDays),
    cpmTenureDays: w.param('cpm_tenure_days', 'INT64', t.cpmTenureDays),
    cpmLoyalTenureDays: w.param('cpm_loyal_tenure_days', 'INT64', t.cpmLoyalTenureDays),
    vipShare: w.param('vip_share', 'FLOAT64', t.vipShare),
  };
}

/** roundMoney (sales.ts) in SQL: Math.round(x × 100) / 100, i.e. half up to the cent. */
export const roundMoneySql = (x: string) => `FLOOR(${x} * 100 + 0.5) / 100`;

/** The median of `value` over the rows of `from` (per `by` when given), rounded half up (rhythm.ts). */
function medianCte(from: string, value: string, by: string | null, where: string): string {
  const part = by ? `PARTITION BY ${by} ` : '';
  const ranked =
    `SELECT ${by ? `${by}, ` : ''}${value} AS v, ROW_NUMBER() OVER (${part}ORDER BY ${value}) AS i, ` +
    `COUNT(*) OVER (${by ? `PARTITION BY ${by}` : ''}) AS m FROM ${from} WHERE ${where}`;
  // The middle row, or the middle two (mean) for an even count; portable where PERCENTILE_CONT is not an aggregate.
  return (
    `SELECT ${by ? `${by}, ` : ''}FLOOR(AVG(v) + 0.5) AS median_days FROM (${ranked}) AS ranked ` +
    `WHERE i = FLOOR((m + 1) / 2) OR i = FLOOR(m / 2) + 1${by ? ` GROUP BY ${by}` : ''}`
  );
}

/** The sales rows up to as-of, under fixed names: the one place the owner's columns are read. */
function salesCte(w: SqlWriter, spec: SalesTableSpec, asOf: string): string {
  const c = spec.columns;
  const text = (col: string | undefined) =>
    col ? `NULLIF(${w.cast(w.column(col), 'STRING')}, '')` : `${w.cast('NULL', 'STRING')}`;
  const key = text(c.customer);
  const amount = w.cast(w.column(c.amount), 'FLOAT64');
  const day = w.cast(w.column(c.date), 'DATE');
  return `SELECT
      ${day} AS sale_day,
      ${key} AS customer_key,
      ${amount} AS amount,
      ${text(c.order)} AS order_id,
      ${text(c.product)} AS product,
      ${text(c.email)} AS email,
      ${text(c.referrer)} AS referrer,
      ${c.name ? `COALESCE(${text(c.name)}, ${key})` : key} AS customer_name,
      ${c.lineAmount ? `COALESCE(${w.cast(w.column(c.lineAmount), 'FLOAT64')}, ${amount})` : amount} AS line_amount,
      ${c.row ? w.cast(w.column(c.row), 'INT64') : w.cast('NULL', 'INT64')} AS row_no
    FROM ${w.table(spec.table)}
    WHERE ${day} <= ${asOf} AND ${amount} IS NOT NULL`;
}

/**
 * The CTEs up to `customers`: one row per customer (anonymous sales excluded) with every Segments
 * figure and its codes, and `visits` (one row per visit) for the Summary. Rule by rule:
 * visits (§3), visit days and the rhythm (§3 "Each customer's rhythm"), sums, first name, latest
 * email, top product, referrals, the shop's average order and spend line, then labels (§4) and VIPs.
 */
export function customerCtes(w: SqlWriter, spec: SalesTableSpec, t: Thresholds, p: ThresholdParams): string {
  const S = w.type('STRING');
  const spendLine =
    t.cpmSpendLine !== null
      ? w.param('spend_line', 'FLOAT64', t.cpmSpendLine)
      : `${w.param('spend_multiple', 'FLOAT64', t.cpmSpendMultiple)} * ` +
        `(CASE WHEN visit_count > 0 THEN paid_sum / visit_count ELSE 0 END)`;
  const ctes: [string, string][] = [
    ['sales', salesCte(w, spec, p.asOf)],
    ['named', `SELECT * FROM sales WHERE customer_key IS NOT NULL`],
    // §3: paid rows make visits, one per order id, else one per customer and day; dated by their earliest row.
    [
      'visits',
      `SELECT customer_key, MIN(sale_day) AS visit_day, SUM(amount) AS visit_revenue, MIN(row_no) AS visit_row
    FROM (SELECT customer_key, sale_day, amount, row_no,
            CASE WHEN order_id IS NULL THEN CONCAT('d', CAST(sale_day AS ${S})) ELSE CONCAT('o', order_id) END AS visit_key
          FROM named WHERE amount > 0) AS paid
    GROUP BY customer_key, visit_key`,
    ],
    ['visit_days', `SELECT DISTINCT customer_key, visit_day FROM visits`],
    [
      'day_gaps',
      `SELECT customer_key, visit_day,
      ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY visit_day) AS day_no,
      ${w.daysBetween('visit_day', 'LAG(visit_day) OVER (PARTITION BY customer_key ORDER BY visit_day)')} AS gap
    FROM visit_days`,
    ],
    // Rhythm: the median gap between visit days; the shop's first-repeat gap for a single visit day.
    ['own_intervals', medianCte('day_gaps', 'gap', 'customer_key', 'gap IS NOT NULL')],
    ['shop_gap', medianCte('day_gaps', 'gap', null, 'day_no = 2')],
    [
      'visit_totals',
      `SELECT customer_key, COUNT(*) AS visits, MIN(visit_day) AS first_day, MAX(visit_day) AS last_day
    FROM visits GROUP BY customer_key`,
    ],
    [
      'sums',
      `SELECT customer_key, MIN(row_no) AS first_row, MIN(sale_day) AS first_seen, SUM(amount) AS revenue_raw,
      SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS paid_total
    FROM named GROUP BY customer_key`,
    ],
    [
      'names',
      `SELECT customer_key, customer_name FROM (
      SELECT customer_key, customer_name,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY row_no, sale_day, customer_name) AS k
      FROM named) AS n WHERE k = 1`,
    ],
    // The email of the most recent row that has one (a later row on the same day wins).
    [
      'emails',
      `SELECT customer_key, email FROM (
      SELECT customer_key, email,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY sale_day DESC, row_no DESC, email DESC) AS k
      FROM named WHERE email IS NOT NULL) AS e WHERE k = 1`,
    ],
    // Top product among paid lines: most rows, then most revenue, then name.
    [
      'top_products',
      `SELECT customer_key, product FROM (
      SELECT customer_key, product,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY COUNT(*) DESC, SUM(line_amount) DESC, product) AS k
      FROM named WHERE product IS NOT NULL AND line_amount > 0
      GROUP BY customer_key, product) AS t WHERE k = 1`,
    ],
    // Distinct other customers naming this customer's key as their referrer.
    [
      'referrals',
      `SELECT referrer AS customer_key, COUNT(DISTINCT customer_key) AS referrals
    FROM named WHERE referrer IS NOT NULL AND referrer <> customer_key GROUP BY referrer`,
    ],
    ['shop', `SELECT COUNT(*) AS visit_count, COALESCE(SUM(visit_revenue), 0) AS paid_sum FROM visits`],
    ['spend', `SELECT visit_count, paid_sum, ${spendLine} AS spend_line FROM shop`],
    ['measured', measuredCte(w, p)],
    ['labelled', labelledCte(p)],
    ['customers', vipCte(w, p)],
  ];
  return `WITH\n${ctes.map(([name, body]) => `  ${name} AS (\n    ${body}\n  )`).join(',\n')}\n`;
}

/** Per customer: the sums, dates, rhythm and spend line side by side. */
function measuredCte(w: SqlWriter, p: ThresholdParams): string {
  const I = w.type('INT64');
  return `SELECT s.customer_key, nm.customer_name, em.email, COALESCE(vt.visits, 0) AS visits,
      vt.first_day, vt.last_day, s.first_row, s.first_seen,
      ${w.daysBetween(p.asOf, 'vt.last_day')} AS days_since_last,
      ${w.daysBetween('vt.last_day', 'vt.first_day')} AS tenure_days,
      s.revenue_raw, ${roundMoneySql('s.revenue_raw')} AS revenue, s.paid_total,
      CASE WHEN vt.visits > 0 THEN ${roundMoneySql('s.paid_total / vt.visits')} END AS average_order,
      tp.product AS top_product, COALESCE(r.referrals, 0) AS referrals,
      CASE WHEN vt.visits > 0 THEN CAST(COALESCE(oi.median_days, sg.median_days) AS ${I}) END AS usual_interval,
      sp.spend_line
    FROM sums AS s
    JOIN names AS nm ON nm.customer_key = s.customer_key
    LEFT JOIN emails AS em ON em.customer_key = s.customer_key
    LEFT JOIN visit_totals AS vt ON vt.customer_key = s.customer_key
    LEFT JOIN top_products AS tp ON tp.customer_key = s.customer_key
    LEFT JOIN referrals AS r ON r.customer_key = s.customer_key
    LEFT JOIN own_intervals AS oi ON oi.customer_key = s.customer_key
    CROSS JOIN shop_gap AS sg
    CROSS JOIN spend AS sp`;
}

/** §4: stage, status and CPM segment, as the codes of stages.ts; the rhythm's dates. */
function labelledCte(p: ThresholdParams): string {
  return `SELECT m.*,
      CASE WHEN visits <= 0 THEN 'prospect'
        WHEN visits >= ${p.fanVisits} OR referrals >= ${p.fanReferrals} THEN 'fan'
        WHEN visits >= ${p.repeatVisits} THEN 'repeat' ELSE 'new' END AS stage,
      CASE WHEN visits <= 0 THEN NULL
        WHEN days_since_last >= ${p.lapsedDays} THEN 'lapsed'
        WHEN days_since_last >= ${p.atRiskDays} THEN 'at_risk' ELSE 'active' END AS status,
      CASE WHEN visits <= 0 THEN NULL ELSE CONCAT(
        CASE WHEN visits <= 1 THEN 'first'
          WHEN tenure_days < ${p.cpmTenureDays} THEN 'toddler'
          WHEN revenue_raw < spend_line THEN 'steady'
          WHEN tenure_days < ${p.cpmLoyalTenureDays} THEN 'trendy' ELSE 'loyal' END,
        CASE WHEN days_since_last >= ${p.lapsedDays} THEN '_lapsed' ELSE '' END) END AS segment
    FROM measured AS m`;
}

/** VIPs: the top share (rounded up) of customers with a visit by revenue, ties by first appearance. */
function vipCte(w: SqlWriter, p: ThresholdParams): string {
  const I = w.type('INT64');
  return `SELECT l.*,
      ${w.addDays('l.last_day', 'l.usual_interval')} AS expected_next,
      CASE WHEN l.usual_interval IS NOT NULL THEN GREATEST(0, ${w.daysBetween(p.asOf, w.addDays('l.last_day', 'l.usual_interval'))}) END AS days_overdue,
      COALESCE(vr.vip_rank <= LEAST(vr.paying, CAST(CEIL(vr.paying * ${p.vipShare} - 1e-9) AS ${I})), FALSE) AS vip
    FROM labelled AS l
    LEFT JOIN (
      SELECT customer_key, ROW_NUMBER() OVER (ORDER BY revenue DESC, first_row, first_seen, customer_key) AS vip_rank,
        COUNT(*) OVER () AS paying
      FROM labelled WHERE visits > 0) AS vr ON vr.customer_key = l.customer_key`;
}
