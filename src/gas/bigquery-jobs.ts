// Running a generated query through the BigQuery advanced service: jobs.query with its parameters
// bound by name (never pasted into the text), waiting for the job within the time budget, and its
// rows read a part at a time (jobs.getQueryResults: startIndex for where a part starts, pageToken
// while Google cuts a part's page short at its 10 MB response limit).

import { SqlQuery } from '../core/sql/segments-sql';
import { TimeGuard } from './time-guard';

/** A job the add-on started: enough to read its results in a later execution (kept 24 hours by BigQuery). */
export interface JobRef {
  projectId: string;
  jobId: string;
  location: string;
}

export interface FinishedJob extends JobRef {
  totalRows: number;
  fields: string[];
  /** What the query read (and, on demand pricing, is billed for). */
  bytesProcessed: number;
}

interface QueryResponse {
  jobReference: JobRef;
  jobComplete: boolean;
  schema?: { fields: { name: string }[] };
  rows?: { f: { v: unknown }[] }[];
  totalRows?: string;
  pageToken?: string;
  totalBytesProcessed?: string;
}

/** A first line that says what the query is and which builder inputs made it (see the stand-in). */
export type QueryHeader = Record<string, unknown>;

/** The request body: GoogleSQL, each parameter bound by name with its type; no rows in the first reply. */
export function queryRequest(query: SqlQuery, header: QueryHeader) {
  return {
    query: `-- shop-customer-stages ${JSON.stringify(header)}\n${query.sql}`,
    useLegacySql: false,
    parameterMode: 'NAMED',
    queryParameters: Object.keys(query.params).map((name) => ({
      name,
      parameterType: { type: query.paramTypes[name] },
      parameterValue: { value: String(query.params[name]) },
    })),
    // The rows are read part by part later; the first reply only says whether the job is done.
    maxResults: 0,
    timeoutMs: 10_000,
  };
}

/** Starts the query; the job, and whether it is done, come back (a slow one is polled by waitForJob). */
export function startQuery(projectId: string, query: SqlQuery, header: QueryHeader): JobRef {
  const response = jobs().query(
    queryRequest(query, header) as GoogleAppsScript.BigQuery.Schema.QueryRequest,
    projectId,
  ) as unknown as QueryResponse;
  return refOf(response.jobReference);
}

/** The advanced service's Jobs (the edition's manifest enables it; the default edition has none). */
function jobs(): GoogleAppsScript.BigQuery.Collection.JobsCollection {
  const service = typeof BigQuery === 'undefined' ? undefined : BigQuery;
  if (!service?.Jobs)
    throw new Error('The BigQuery advanced service is not enabled in this project (appsscript.json).');
  return service.Jobs;
}

function refOf(ref: JobRef): JobRef {
  return { projectId: ref.projectId, jobId: ref.jobId, location: ref.location };
}

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 8_000;

/**
 * The job once it is done, or null when the time budget ran out first (the next execution asks
 * again: the job runs on in BigQuery meanwhile).
 */
export function waitForJob(job: JobRef, guard: TimeGuard): FinishedJob | null {
  let wait = FIRST_WAIT_MS;
  for (;;) {
    const response = results(job, { maxResults: 0, timeoutMs: 10_000 });
    if (response.jobComplete) {
      return {
        ...job,
        totalRows: Number(response.totalRows ?? 0),
        fields: (response.schema?.fields ?? []).map((f) => f.name),
        bytesProcessed: Number(response.totalBytesProcessed ?? 0),
      };
    }
    if (guard.nearLimit() || guard.cannotFit(wait)) return null;
    Utilities.sleep(wait);
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
  }
}

function results(job: JobRef, options: Record<string, unknown>): QueryResponse {
  return jobs().getQueryResults(job.projectId, job.jobId, {
    location: job.location,
    ...options,
  }) as unknown as QueryResponse;
}

/** Rows [from, to) of a finished job, as the REST API gives them (text or null per value). */
export function jobRows(job: JobRef, from: number, to: number): unknown[][] {
  const rows: unknown[][] = [];
  let response = results(job, { startIndex: String(from), maxResults: to - from });
  for (;;) {
    for (const row of response.rows ?? []) rows.push(row.f.map((cell) => cell.v));
    if (rows.length >= to - from || !response.pageToken) break;
    // The page was cut short by the response size limit: the rest of the part follows its token.
    response = results(job, { pageToken: response.pageToken, maxResults: to - from - rows.length });
  }
  if (rows.length !== to - from) throw new Error(`BigQuery returned ${rows.length} of rows ${from}–${to}`);
  return rows;
}
