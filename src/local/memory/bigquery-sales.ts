// A BigQuery stand-in holding a shop's sales as the README tells an owner to load them: the
// sales-lines table (src/core/sql/sales-lines.ts) the add-on's own parsing makes from a sheet's
// values, registered under a BigQuery name. Used by the edition's tests and its sidebar preview.

import fs from 'fs';
import path from 'path';
import { analyzeTable } from '../../core/analysis';
import { Day } from '../../core/days';
import { resolveThresholds } from '../../core/settings';
import { lineCollector, salesLineRows } from '../../core/sql/sales-lines';
import { BigQueryOptions, Manifest, MemoryBigQuery } from './bigquery';
import { DuckDbBigQueryEngine, TableColumn } from './bigquery-duckdb';
import { builderTwin } from './bigquery-twin';
import { MemoryServices } from './services';

/** The sales-lines table's columns as `bq load` is given them (README "BigQuery edition"). */
export const SALES_LINE_TYPES: TableColumn[] = [
  { name: 'row_no', type: 'INT64' },
  { name: 'sale_date', type: 'DATE' },
  { name: 'customer_key', type: 'STRING' },
  { name: 'customer_name', type: 'STRING' },
  { name: 'amount', type: 'FLOAT64' },
  { name: 'order_id', type: 'STRING' },
  { name: 'product', type: 'STRING' },
  { name: 'line_amount', type: 'FLOAT64' },
  { name: 'email', type: 'STRING' },
  { name: 'referrer', type: 'STRING' },
];

export interface SalesStandInOptions extends Omit<BigQueryOptions, 'engine' | 'manifest'> {
  manifest: Manifest;
  /** `project.dataset.table` the sales are registered as. */
  table: string;
  asOf: Day;
  timeZone?: string;
}

/** The stand-in with the sales lines of `values` (a sheet, header included) as `options.table`. */
export function bigQueryOfSales(values: unknown[][], options: SalesStandInOptions): MemoryBigQuery {
  const { table, asOf, timeZone = 'Asia/Tokyo', ...rest } = options;
  const engine: DuckDbBigQueryEngine = new DuckDbBigQueryEngine({
    translate: builderTwin((ref: string): string => engine.tableName(ref)),
  });
  const { onLine, lines } = lineCollector();
  const { sales } = analyzeTable({ values, asOf, timeZone, thresholds: resolveThresholds({}), onLine });
  engine.registerRows(table, SALES_LINE_TYPES, salesLineRows(lines, sales));
  return new MemoryBigQuery({ engine, ...rest });
}

/** The sidebar preview's project and table (npm run preview -- --edition bigquery). */
export const PREVIEW_TABLE = 'preview-shop.sales.lines';

/**
 * For the sidebar preview of the BigQuery edition: the preview's first sheet as the table, the
 * service installed on `services` (as the edition's manifest in `distDir` enables it) and the
 * section's settings filled in, so that its run button works offline.
 */
export function installPreviewBigQuery(services: MemoryServices, distDir: string, asOf: Day): MemoryBigQuery {
  const values = services.inspect(() => services.spreadsheet.getSheets()[0].getDataRange().getValues());
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'appsscript.json'), 'utf8')) as Manifest;
  const bigquery = bigQueryOfSales(values, {
    table: PREVIEW_TABLE,
    asOf,
    manifest,
    timeZone: services.spreadsheet.zone.id,
  });
  bigquery.install(services);
  const columns = {
    date: 'sale_date',
    customer: 'customer_key',
    amount: 'amount',
    name: 'customer_name',
    row: 'row_no',
  };
  services.properties.document.set(
    'bigquery.v1',
    JSON.stringify({ project: 'preview-shop', table: PREVIEW_TABLE, columns }),
  );
  return bigquery;
}
