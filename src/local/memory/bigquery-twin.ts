// How the stand-in finds the DuckDB twin of a GoogleSQL request: the add-on's queries start with a
// line naming the builder's inputs (src/gas/bigquery-jobs.ts); the twin is the same builder's
// DuckDB text from the same inputs. The request is refused unless its text and bound parameters
// are exactly what the builder makes for BigQuery from that line, so a hand-edited or stale query
// cannot pass here and then fail at Google.

import { parseIsoDay } from '../../core/days';
import { Thresholds } from '../../core/settings';
import { SalesTableSpec, SqlQuery, segmentsQuery, summaryQuery } from '../../core/sql';
import { BoundParameter } from './bigquery';
import { DuckDbTwin, Translate } from './bigquery-duckdb';

const HEADER = /^-- shop-customer-stages (\{.*\})\n/;

interface Header {
  query: 'segments' | 'summary';
  spec: SalesTableSpec;
  thresholds: Thresholds;
  asOf: string;
}

const BUILDERS = { segments: segmentsQuery, summary: summaryQuery };

/** The translator, with the DuckDB name of each registered BigQuery table. */
export function builderTwin(tableName: (ref: string) => string): Translate {
  return (googleSql: string, params: BoundParameter[]): DuckDbTwin => {
    const m = HEADER.exec(googleSql);
    if (!m) throw new Error("the stand-in runs the add-on's generated queries only (no header line)");
    const header = JSON.parse(m[1]) as Header;
    const build = BUILDERS[header.query];
    const asOf = parseIsoDay(header.asOf);
    if (!build || asOf === null) throw new Error(`unknown query in the header: ${m[1].slice(0, 80)}`);
    const bigquery = build('bigquery', header.spec, header.thresholds, asOf);
    if (googleSql.slice(m[0].length) !== bigquery.sql)
      throw new Error("the query text is not the builder's for the inputs its header names");
    checkParameters(bigquery, params);
    const spec = { ...header.spec, table: tableName(header.spec.table) };
    const duckdb = build('duckdb', spec, header.thresholds, asOf);
    return { sql: duckdb.sql, params: duckdb.params };
  };
}

/** The bound parameters are the builder's: the same names, types and values. */
function checkParameters(query: SqlQuery, params: BoundParameter[]): void {
  const expected = Object.keys(query.params).sort();
  const given = params.map((p) => p.name).sort();
  if (expected.join() !== given.join())
    throw new Error(`bound parameters ${given.join(', ')} are not the query's ${expected.join(', ')}`);
  for (const p of params) {
    if (p.type !== query.paramTypes[p.name])
      throw new Error(`@${p.name} is bound as ${p.type}, not ${query.paramTypes[p.name]}`);
    if (p.value !== String(query.params[p.name]))
      throw new Error(`@${p.name} is bound to ${String(p.value)}, not ${String(query.params[p.name])}`);
  }
}
