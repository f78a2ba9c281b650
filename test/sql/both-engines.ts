// Runs one sales table through both engines: the TypeScript rules (analyzeTable) and the generated
// DuckDB query over the table the add-on's own parsing makes (sales lines). Shared by test/sql.
import type { DuckDBConnection } from '@duckdb/node-api';
import { analyzeTable, MappingOverride } from '../../src/core/analysis';
import { Day } from '../../src/core/days';
import { Summary, computeSummary } from '../../src/core/metrics';
import { rhythmOf } from '../../src/core/rhythm';
import { Customer, SalesAnalysis } from '../../src/core/sales';
import { Thresholds } from '../../src/core/settings';
import { SqlCustomerRow, customerOfSqlRow, segmentsQuery, summaryOfSqlRows, summaryQuery } from '../../src/core/sql';
import { SALES_LINE_SPEC_COLUMNS, lineCollector, salesLineRows } from '../../src/core/sql/sales-lines';
import { loadSalesLines, runSqlQuery } from '../../src/local/duckdb-engine';

export const SPEC = { table: 'sales', columns: SALES_LINE_SPEC_COLUMNS };

export interface BothEngines {
  analysis: SalesAnalysis;
  /** The engine's customers with their rhythm, in the analysis' (first-seen) order. */
  engine: SqlCustomerRow[];
  sql: SqlCustomerRow[];
}

/** Loads `values` (a sheet, header included) into `sales` and reads the Segments both ways. */
export async function segmentsBothWays(
  con: DuckDBConnection,
  values: unknown[][],
  asOf: Day,
  thresholds: Thresholds,
  mappingOverride?: MappingOverride,
): Promise<BothEngines> {
  const { onLine, lines } = lineCollector();
  const { sales } = analyzeTable({ values, asOf, timeZone: 'Asia/Tokyo', thresholds, mappingOverride, onLine });
  await loadSalesLines(con, 'sales', salesLineRows(lines, sales));
  const rhythm = rhythmOf(sales);
  const engine = sales.customers.map((c, i) => ({ customer: plainCustomer(c), rhythm: rhythm.of(i) }));
  const rows = await runSqlQuery(con, segmentsQuery('duckdb', SPEC, thresholds, asOf));
  return { analysis: sales, engine, sql: rows.map(customerOfSqlRow) };
}

/** The Summary both ways, over the table segmentsBothWays loaded. */
export async function summaryBothWays(
  con: DuckDBConnection,
  analysis: SalesAnalysis,
): Promise<{ engine: Summary; sql: Summary }> {
  const rows = await runSqlQuery(con, summaryQuery('duckdb', SPEC, analysis.thresholds, analysis.asOf));
  const sql = summaryOfSqlRows(rows, analysis.asOf, {
    thresholds: analysis.thresholds,
    rejectedRows: analysis.counts.rejected,
    profile: analysis.profile,
  });
  return { engine: computeSummary(analysis), sql };
}

/** A Customer's fields (the engine's are views over columns). */
export function plainCustomer(c: Customer): Customer {
  return JSON.parse(JSON.stringify(c)) as Customer;
}

/**
 * Equal row by row: compared as JSON (fast on 23,570 customers), then the first row that differs
 * is compared field by field, so that a failure names its customer and field.
 */
export function expectSameRows<T>(actual: readonly T[], expected: readonly T[]): void {
  expect(actual.length).toBe(expected.length);
  const differs = expected.findIndex((row, i) => JSON.stringify(actual[i]) !== JSON.stringify(row));
  if (differs < 0) return;
  expect({ row: differs, ...actual[differs] }).toStrictEqual({ row: differs, ...expected[differs] });
  throw new Error(`row ${differs}: the same fields in another order; build the rows in the same order`);
}
