// The rules of docs/RULES.md §3–4 as SQL, generated: one builder, two dialects (BigQuery GoogleSQL
// and DuckDB). Pure TypeScript: no Node or Apps Script globals. Used by the BigQuery edition and by
// the local runner's `--engine duckdb`; the default add-on does not import it.
//
// API
//   segmentsQuery(dialect, spec, thresholds, asOf) → SqlQuery
//     One row per customer as of asOf (a Day), in first-appearance order, columns
//     SEGMENTS_SQL_COLUMNS (the Segments tab's, plus customer_key first and paid_total,
//     first_seen last). stage / status / segment are CODES ('repeat', 'at_risk', 'steady_lapsed';
//     labels via classificationLabel); dates are DATE; vip is a boolean.
//     customerOfSqlRow(values) turns one result row into { customer: Customer, rhythm }.
//   summaryQuery(dialect, spec, thresholds, asOf) → SqlQuery
//     The Summary's figures as of asOf (the report month's last day) as rows (figure, item, value);
//     summaryOfSqlRows(rows, asOf, context) turns them into metrics.ts's Summary.
//   SqlQuery = { sql, params, paramTypes, columns }: parameters are bound, never pasted into
//     the text (BigQuery named @name, DuckDB $name); paramTypes gives each one's BigQuery type
//     (INT64, FLOAT64, BOOL, DATE as 'YYYY-MM-DD', STRING).
//   SalesTableSpec = { table, columns: { date, customer, amount, order?, product?, email?,
//     referrer?, name?, lineAmount?, row? } }: names in the owner's table. Table names are validated
//     (BigQuery `project.dataset.table`; DuckDB a plain or schema-qualified identifier), column
//     names as plain identifiers; SqlSpecError otherwise.
//
//   The sales table from a sheet, by the add-on's own parsing: lineCollector() gives an onLine to
//     pass to analyzeTable / startSales; salesLineRows(lines, analysis) gives rows of
//     SALES_LINE_COLUMNS (row_no, sale_date 'YYYY-MM-DD', customer_key, customer_name, amount,
//     order_id, product, line_amount, email, referrer), named by SALES_LINE_SPEC_COLUMNS.
//
// The table holds sales lines as the add-on's parsing reads them (dates as DATE, a normalised
// customer key, amounts as numbers): the identity rules of exports (member id > email > name),
// their order totals and statuses (cancelled, refunded …) and the rejected rows are settled
// before the table is loaded, not in SQL.

export type { SqlDialect, SqlParamType, SqlParamValue } from './dialect';
export { SqlSpecError } from './dialect';
export type { SalesTableSpec } from './customers-sql';
export type { SegmentsSqlColumn, SqlCustomerRow, SqlQuery } from './segments-sql';
export { SEGMENTS_SQL_COLUMNS, customerOfSqlRow, dayOfSqlValue, segmentsQuery } from './segments-sql';
export type { SummaryContext } from './summary-sql';
export { SUMMARY_SQL_COLUMNS, summaryOfSqlRows, summaryQuery } from './summary-sql';
export type { SalesLineRow } from './sales-lines';
export { SALES_LINE_COLUMNS, SALES_LINE_SPEC_COLUMNS, lineCollector, salesLineRows } from './sales-lines';
