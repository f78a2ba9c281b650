// The generated SQL (src/core/sql) run on DuckDB, in process (@duckdb/node-api): the proof of the
// queries without Google (test/sql), the BigQuery edition's offline stand-in and the runner's
// `--engine duckdb` for CSV files of any size.

import { DuckDBAppender, DuckDBConnection, DuckDBDateValue, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { SqlQuery } from '../core/sql';
import { SalesLineRow } from '../core/sql/sales-lines';

/**
 * An in-memory database (DuckDB spills to disk on its own when memory runs short). `threads`:
 * the tests' tables are tiny, and one thread plans and runs them faster on a busy machine.
 */
export async function openDuckDb(options: { threads?: number } = {}): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  return instance.connect();
}

/** Creates `table` (SALES_LINE_COLUMNS) and appends the rows: the table the queries read (tests, stand-ins). */
export async function loadSalesLines(
  con: DuckDBConnection,
  table: string,
  rows: readonly SalesLineRow[],
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  await con.run(`CREATE OR REPLACE TABLE ${table} (
    row_no BIGINT, sale_date DATE, customer_key VARCHAR, customer_name VARCHAR, amount DOUBLE,
    order_id VARCHAR, product VARCHAR, line_amount DOUBLE, email VARCHAR, referrer VARCHAR)`);
  const appender = await con.createAppender(table);
  for (const r of rows) appendLine(appender, r);
  appender.closeSync();
}

function appendLine(a: DuckDBAppender, r: SalesLineRow): void {
  const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  a.appendBigInt(BigInt(r[0]));
  a.appendDate(new DuckDBDateValue(Date.parse(r[1]) / 86_400_000));
  text(r[2]);
  text(r[3]);
  a.appendDouble(r[4]);
  text(r[5]);
  text(r[6]);
  a.appendDouble(r[7]);
  text(r[8]);
  text(r[9]);
  a.endRow();
}

/** A result value as the core reads it: DATE → Day number, BIGINT → number, the rest as JS has it. */
function plain(value: DuckDBValue): unknown {
  if (value instanceof DuckDBDateValue) return value.days;
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && 'toDouble' in value)
    return (value as { toDouble(): number }).toDouble();
  return value;
}

/** Runs a generated query with its parameters bound, its rows a chunk at a time (in the query's column order). */
export async function* streamSqlQuery(con: DuckDBConnection, q: SqlQuery): AsyncGenerator<unknown[][]> {
  const result = await con.stream(q.sql, q.params);
  const names = result.columnNames().join(',');
  if (names !== q.columns.join(',')) throw new Error(`columns ${names} ≠ ${q.columns.join(',')}`);
  for await (const rows of result.yieldRows()) yield rows.map((row) => row.map(plain));
}

/** streamSqlQuery's rows, all of them. */
export async function runSqlQuery(con: DuckDBConnection, q: SqlQuery): Promise<unknown[][]> {
  const all: unknown[][] = [];
  for await (const rows of streamSqlQuery(con, q)) for (const row of rows) all.push(row);
  return all;
}
