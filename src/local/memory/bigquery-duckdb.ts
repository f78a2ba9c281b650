// The BigQuery stand-in's engine (Node only): tables registered from rows or a CSV file live in an
// in-memory DuckDB, under their BigQuery names ("project"."dataset"."table"); a query arrives as the
// GoogleSQL text the add-on sent, is parsed as GoogleSQL (node-sql-parser, BigQuery dialect) so
// that text BigQuery would refuse is refused here too, and runs as its DuckDB twin (`translate`).
// DuckDB is asynchronous; the worker (bigquery-duckdb-worker.ts) answers through synckit, which
// blocks, because Apps Script's BigQuery calls return their result.

import fs from 'fs';
import os from 'os';
import path from 'path';
import { csvFormatRows } from 'd3-dsv';
import { Parser } from 'node-sql-parser';
import { createSyncFn } from 'synckit';
import type { WorkerAnswer, WorkerRequest } from './bigquery-duckdb-worker';
import { BoundParameter, EngineResult, QueryEngine, ResultField } from './bigquery';

/** A BigQuery column type of a sales table, and the DuckDB type that holds it. */
export const COLUMN_TYPES = {
  STRING: 'VARCHAR',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  NUMERIC: 'DECIMAL(38,9)',
  FLOAT64: 'DOUBLE',
  INT64: 'BIGINT',
  BOOL: 'BOOLEAN',
} as const;
export type ColumnType = keyof typeof COLUMN_TYPES;

export interface TableColumn {
  name: string;
  type: ColumnType;
}

/** The DuckDB twin of a GoogleSQL request: its text and parameters by name ($name in the text). */
export interface DuckDbTwin {
  sql: string;
  params: Record<string, string | number | boolean | null>;
}

export type Translate = (googleSql: string, params: BoundParameter[]) => DuckDbTwin;

export interface DuckDbEngineOptions {
  translate: Translate;
  /** Default build/local/bigquery-duckdb-worker.cjs (npm run build:bigquery). */
  workerPath?: string;
}

/** `project.dataset.table`, each part as BigQuery allows it. */
const TABLE_REF = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([\p{L}\p{N}_-]{1,1024})$/u;

/** DuckDB's types as the REST schema names them. */
function restType(duckType: string): string {
  if (/^(BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)$/.test(duckType)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duckType)) return 'FLOAT';
  if (duckType.startsWith('DECIMAL')) return 'NUMERIC';
  if (duckType === 'BOOLEAN') return 'BOOLEAN';
  if (duckType === 'DATE') return 'DATE';
  if (duckType.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (duckType === 'VARCHAR') return 'STRING';
  throw new Error(`the stand-in has no BigQuery type for DuckDB's ${duckType}`);
}

/** A value as the REST API writes it in rows[].f[].v: a string, or null. */
function restValue(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'NUMERIC')
    return String(value)
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  return String(value);
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class DuckDbBigQueryEngine implements QueryEngine {
  private readonly call: (request: WorkerRequest) => WorkerAnswer | null;
  private readonly parser = new Parser();
  private readonly names = new Map<string, string>();
  /** Per table, the bytes each column holds: what a query naming the column is billed for. */
  private readonly columnBytes = new Map<string, Map<string, number>>();

  constructor(private readonly options: DuckDbEngineOptions) {
    const worker = options.workerPath ?? path.resolve('build/local/bigquery-duckdb-worker.cjs');
    this.call = createSyncFn(worker) as unknown as (request: WorkerRequest) => WorkerAnswer | null;
  }

  /** The table's DuckDB name (bq.t1, bq.t2, …: the builder's DuckDB dialect takes plain names). */
  tableName(ref: string): string {
    if (!TABLE_REF.test(ref)) throw new Error(`not a BigQuery table name (project.dataset.table): ${ref}`);
    let name = this.names.get(ref);
    if (!name) {
      if (this.names.size === 0) this.call({ kind: 'exec', sql: 'CREATE SCHEMA IF NOT EXISTS bq' });
      name = `bq.t${this.names.size + 1}`;
      this.names.set(ref, name);
    }
    return name;
  }

  /**
   * A table of the given columns holding `rows` ('' or null for NULL), loaded through a CSV file as
   * `bq load` would load it (a statement of literals took 36 s for 70,000 rows; the file, well under one).
   */
  registerRows(ref: string, columns: TableColumn[], rows: (string | number | null)[][]): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bigquery-stand-in-'));
    const file = path.join(dir, 'rows.csv');
    try {
      fs.writeFileSync(
        file,
        csvFormatRows([columns.map((c) => c.name), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))]),
      );
      this.registerCsv(ref, columns, file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A table loaded from a CSV file (gzip too) with a header row, as `bq load` would with this schema. */
  registerCsv(ref: string, columns: TableColumn[], file: string): void {
    const name = this.tableName(ref);
    const types = columns.map((c) => `${quoteText(c.name)}: ${quoteText(COLUMN_TYPES[c.type])}`).join(', ');
    this.call({
      kind: 'exec',
      sql: `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_csv(${quoteText(path.resolve(file))}, header = true, columns = {${types}})`,
    });
    this.measure(ref, name, columns);
  }

  /** Bytes per column as BigQuery counts them: 2 + UTF-8 length per string, 8 per number or date, 16 per NUMERIC. */
  private measure(ref: string, name: string, columns: TableColumn[]): void {
    const size = (c: TableColumn) => {
      const col = quoteIdent(c.name);
      if (c.type === 'STRING') return `coalesce(sum(2 + octet_length(encode(${col}))), 0)`;
      const width = c.type === 'NUMERIC' ? 16 : c.type === 'BOOL' ? 1 : 8;
      return `${width} * count(${col})`;
    };
    const answer = this.call({
      kind: 'query',
      sql: `SELECT ${columns.map(size).join(', ')} FROM ${name}`,
      params: {},
    }) as WorkerAnswer;
    this.columnBytes.set(ref, new Map(columns.map((c, i) => [c.name.toLowerCase(), Number(answer.rows[0][i])])));
  }

  run(query: string, params: BoundParameter[]): EngineResult {
    const tables = this.tablesOf(query);
    const twin = this.options.translate(query, params);
    let answer: WorkerAnswer;
    try {
      answer = this.call({ kind: 'query', sql: twin.sql, params: twin.params }) as WorkerAnswer;
    } catch (e) {
      // Google names a missing column so; DuckDB's binder says it its own way (and of the twin's text).
      const missing = /Referenced column "([^"]+)" not found/.exec((e as Error).message);
      // eslint-disable-next-line preserve-caught-error
      if (missing) throw new Error(`Unrecognized name: ${missing[1]}`);
      throw e;
    }
    const fields: ResultField[] = answer.names.map((name, i) => ({ name, type: restType(answer.types[i]) }));
    const rows = answer.rows.map((row) => row.map((v, i) => restValue(v, fields[i].type)));
    return { fields, rows, bytesProcessed: this.billedBytes(query, tables) };
  }

  /** Parses the text as GoogleSQL and returns the tables it reads, each of which must exist. */
  private tablesOf(query: string): string[] {
    let tables: string[];
    try {
      tables = this.parser.tableList(query, { database: 'bigquery' });
    } catch (e) {
      // Google's message is one line; the parser's expectations after it say nothing more.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Syntax error: ${(e as Error).message.split('\n')[0]}`);
    }
    // node-sql-parser lists "select::db::table"; a backquoted project.dataset.table keeps its dots.
    const refs = [
      ...new Set(
        tables.map((t) =>
          t
            .split('::')
            .slice(1)
            .filter((p) => p !== 'null')
            .join('.'),
        ),
      ),
    ];
    const known = refs.filter((r) => this.columnBytes.has(r));
    for (const ref of refs.filter((r) => TABLE_REF.test(r)))
      if (!this.columnBytes.has(ref)) {
        const [project, dataset, table] = ref.split('.');
        throw new Error(`Not found: Table ${project}:${dataset}.${table} was not found in location US`);
      }
    return known;
  }

  /** The bytes of every column of the read tables that the text names (BigQuery bills columns read). */
  private billedBytes(query: string, tables: string[]): number {
    const words = new Set((query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map((w) => w));
    let bytes = 0;
    for (const table of tables)
      for (const [column, size] of this.columnBytes.get(table) ?? []) if (words.has(column)) bytes += size;
    return bytes;
  }
}
