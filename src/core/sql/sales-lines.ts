// The sales table the SQL queries read, made by the add-on's own parsing: each used row as the
// rules read it (sales.ts onLine), with its customer's key and shown name once the pass is done.
// The BigQuery edition loads such a table; the tests load it into DuckDB.

import { formatDay } from '../days';
import { SaleLine, SalesAnalysis } from '../sales';
import { SalesTableSpec } from './customers-sql';

/** The table's columns, in order, and the spec that names them. */
export const SALES_LINE_COLUMNS = [
  'row_no',
  'sale_date',
  'customer_key',
  'customer_name',
  'amount',
  'order_id',
  'product',
  'line_amount',
  'email',
  'referrer',
] as const;

export const SALES_LINE_SPEC_COLUMNS: SalesTableSpec['columns'] = {
  row: 'row_no',
  date: 'sale_date',
  customer: 'customer_key',
  name: 'customer_name',
  amount: 'amount',
  order: 'order_id',
  product: 'product',
  lineAmount: 'line_amount',
  email: 'email',
  referrer: 'referrer',
};

export type SalesLineRow = [
  number,
  string,
  string | null,
  string | null,
  number,
  string | null,
  string | null,
  number,
  string | null,
  string | null,
];

/** Collects the lines of one pass: give `onLine` to analyzeTable / startSales, then read `lines`. */
export function lineCollector(): { onLine: (line: SaleLine) => void; lines: SaleLine[] } {
  const lines: SaleLine[] = [];
  return { lines, onLine: (line) => lines.push(line) };
}

/**
 * The table's rows (SALES_LINE_COLUMNS): dates as 'YYYY-MM-DD', '' as NULL; a customer's key and
 * name as the finished analysis has them (an export's most recent spelling; a merged customer's
 * key), referrers through the same merges.
 */
export function salesLineRows(
  lines: readonly SaleLine[],
  analysis: SalesAnalysis,
  aliases?: ReadonlyMap<string, string>,
): SalesLineRow[] {
  const customers = analysis.customers;
  const orNull = (text: string) => (text === '' ? null : text);
  return lines.map((l) => {
    // Stryker disable next-line ConditionalExpression: customers[-3] is undefined, read below as no customer too
    const c = l.customer >= 0 ? customers[l.customer] : null;
    const referrer = l.referrer === '' ? null : (aliases?.get(l.referrer) ?? l.referrer);
    return [
      l.rowNumber,
      formatDay(l.day),
      c ? c.key : null,
      c ? c.name : null,
      l.amount,
      orNull(l.orderId),
      orNull(l.product),
      l.lineAmount,
      orNull(l.email),
      referrer,
    ];
  });
}
