// The Segments query: one row per customer, as the Segments tab shows them, and the reading of
// its rows back into the engine's Customer and CustomerRhythm records.

import { Day, parseIsoDay } from '../days';
import { CustomerRhythm } from '../rhythm';
import { Customer } from '../sales';
import { Thresholds } from '../settings';
import { SEGMENTS, STAGES, STATUSES, Segment, Stage, Status } from '../stages';
import { SqlDialect, SqlParamType, SqlParamValue, SqlWriter } from './dialect';
import { SalesTableSpec, bindThresholds, customerCtes } from './customers-sql';

/** A generated query: its text, the parameters to bind (never pasted into the text) and its result columns. */
export interface SqlQuery {
  sql: string;
  params: Record<string, SqlParamValue>;
  /** Each parameter's type (BigQuery's queryParameters need it; dates are 'YYYY-MM-DD' strings). */
  paramTypes: Record<string, SqlParamType>;
  columns: readonly string[];
}

/**
 * The Segments query's columns, in the Segments tab's order (customer-tables.ts) with the key
 * first and paid_total, first_seen at the end. stage, status and segment are codes
 * (stages.ts: 'repeat', 'at_risk', 'steady_lapsed'; labels via classificationLabel); dates are DATEs.
 */
export const SEGMENTS_SQL_COLUMNS = [
  'customer_key',
  'customer',
  'email',
  'stage',
  'status',
  'segment',
  'visits',
  'first_purchase',
  'last_purchase',
  'days_since_last',
  'usual_interval',
  'expected_next',
  'days_overdue',
  'tenure_days',
  'revenue',
  'average_order',
  'top_product',
  'referrals',
  'vip',
  'paid_total',
  'first_seen',
] as const;

export type SegmentsSqlColumn = (typeof SEGMENTS_SQL_COLUMNS)[number];

/** Result column → the expression over the `customers` CTE. */
const SELECT: Record<SegmentsSqlColumn, string> = {
  customer_key: 'customer_key',
  customer: 'customer_name',
  email: 'email',
  stage: 'stage',
  status: 'status',
  segment: 'segment',
  visits: 'visits',
  first_purchase: 'first_day',
  last_purchase: 'last_day',
  days_since_last: 'days_since_last',
  usual_interval: 'usual_interval',
  expected_next: 'expected_next',
  days_overdue: 'days_overdue',
  tenure_days: 'tenure_days',
  revenue: 'revenue',
  average_order: 'average_order',
  top_product: 'top_product',
  referrals: 'referrals',
  vip: 'vip',
  paid_total: 'FLOOR(paid_total * 100 + 0.5) / 100',
  first_seen: 'first_seen',
};

/**
 * One row per customer as of `asOf`, in first-appearance order (the Segments tab's order before
 * follow-ups are put first), with the settings in force bound as parameters.
 */
export function segmentsQuery(dialect: SqlDialect, spec: SalesTableSpec, t: Thresholds, asOf: Day): SqlQuery {
  const w = new SqlWriter(dialect);
  const p = bindThresholds(w, t, asOf);
  const select = SEGMENTS_SQL_COLUMNS.map((c) => (SELECT[c] === c ? c : `${SELECT[c]} AS ${c}`)).join(', ');
  const sql =
    customerCtes(w, spec, t, p) + `SELECT ${select}\nFROM customers\nORDER BY first_row, first_seen, customer_key\n`;
  return { sql, params: w.params, paramTypes: w.paramTypes, columns: SEGMENTS_SQL_COLUMNS };
}

/** A result value as a Day: a DATE read as 'YYYY-MM-DD' text (BigQuery's REST), a Day number or a Date (UTC). */
export function dayOfSqlValue(value: unknown): Day | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (value instanceof Date) return Math.floor(value.getTime() / 86_400_000);
  const day = parseIsoDay(String(value).slice(0, 10));
  if (day === null) throw new Error(`not a date: ${String(value)}`);
  return day;
}

function numberOf(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${String(value)}`);
  return n;
}

function codeOf<T extends string>(list: readonly T[], value: unknown): T | null {
  if (value === null || value === undefined || value === '') return null;
  if (!(list as readonly unknown[]).includes(value)) throw new Error(`unknown code: ${String(value)}`);
  return value as T;
}

export interface SqlCustomerRow {
  customer: Customer;
  rhythm: CustomerRhythm;
}

/**
 * One result row (values in SEGMENTS_SQL_COLUMNS order, as a driver returns them: numbers or
 * numeric text, dates as text, Day numbers or Dates, booleans or 'true'/'false') as the engine's
 * records, so the Segments tab is written by the same code whichever engine counted.
 */
export function customerOfSqlRow(values: readonly unknown[]): SqlCustomerRow {
  const v = (c: SegmentsSqlColumn) => values[SEGMENTS_SQL_COLUMNS.indexOf(c)];
  const visits = numberOf(v('visits')) ?? 0;
  const customer: Customer = {
    key: String(v('customer_key')),
    name: String(v('customer') ?? v('customer_key')),
    email: v('email') == null ? '' : String(v('email')),
    visits,
    firstSeenDay: dayOfSqlValue(v('first_seen')),
    firstDay: dayOfSqlValue(v('first_purchase')),
    lastDay: dayOfSqlValue(v('last_purchase')),
    daysSinceLast: numberOf(v('days_since_last')),
    tenureDays: numberOf(v('tenure_days')),
    revenue: numberOf(v('revenue')) ?? 0,
    paidTotal: numberOf(v('paid_total')) ?? 0,
    averageOrder: numberOf(v('average_order')),
    topProduct: v('top_product') == null ? '' : String(v('top_product')),
    referrals: numberOf(v('referrals')) ?? 0,
    vip: v('vip') === true || v('vip') === 'true',
    stage: codeOf<Stage>(STAGES, v('stage')) ?? 'prospect',
    status: codeOf<Status>(STATUSES, v('status')),
    segment: codeOf<Segment>(SEGMENTS, v('segment')),
  };
  const rhythm: CustomerRhythm = {
    usualInterval: numberOf(v('usual_interval')),
    expectedNext: dayOfSqlValue(v('expected_next')),
    daysOverdue: numberOf(v('days_overdue')),
  };
  return { customer, rhythm };
}
