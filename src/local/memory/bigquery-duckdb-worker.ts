// The DuckDB side of the BigQuery stand-in, in a worker thread: DuckDB's Node API is asynchronous,
// and Apps Script's BigQuery.Jobs.query is not, so bigquery-duckdb.ts calls this worker through
// synckit, which blocks until the answer comes. Built to build/local/bigquery-duckdb-worker.cjs by
// `npm run build:bigquery` (a worker runs plain JavaScript).

import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { runAsWorker } from 'synckit';

export type WorkerRequest =
  | { kind: 'exec'; sql: string }
  | { kind: 'query'; sql: string; params: Record<string, string | number | boolean | null> };

export interface WorkerAnswer {
  names: string[];
  types: string[];
  rows: unknown[][];
}

let connection: Promise<DuckDBConnection> | null = null;

runAsWorker(async (request: WorkerRequest): Promise<WorkerAnswer | null> => {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  const db = await connection;
  if (request.kind === 'exec') {
    await db.run(request.sql);
    return null;
  }
  const reader = await db.runAndReadAll(request.sql, request.params);
  return {
    names: reader.columnNames(),
    types: reader.columnTypes().map(String),
    rows: reader.getRowsJson() as unknown[][],
  };
});
