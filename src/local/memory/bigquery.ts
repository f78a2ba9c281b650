// The BigQuery advanced service (v2), as much as the BigQuery edition uses: Jobs.query and
// Jobs.getQueryResults, with their request and response shapes (jobReference, jobComplete,
// schema.fields, rows[].f[].v as strings, totalRows, pageToken) and errors worded as Apps Script
// throws them ("API call to bigquery.jobs.query failed with error: …"). The query itself runs on an
// engine the caller gives (bigquery-duckdb.ts: the DuckDB twin of the GoogleSQL text). Browser-safe:
// nothing here imports Node modules.
//
// At least as strict as Google: the service exists only when the manifest enables it, a call needs
// one of the scopes jobs.query accepts in the manifest, legacy SQL is refused, every @name must be
// bound and (stricter than Google) every bound parameter used, and a page never exceeds the 10 MB
// response limit (it is cut short and carries a pageToken, as Google does).

import { utf8Bytes } from './bytes';
import { counted, MemoryEnv } from './env';

/** A query parameter as the REST API takes it (parameterMode NAMED). */
export interface QueryParameter {
  name?: unknown;
  parameterType?: { type?: unknown };
  parameterValue?: { value?: unknown };
}

export interface QueryRequest {
  query?: unknown;
  useLegacySql?: unknown;
  parameterMode?: unknown;
  queryParameters?: unknown;
  maxResults?: unknown;
  timeoutMs?: unknown;
  location?: unknown;
}

export interface ResultField {
  name: string;
  /** The REST schema's names: STRING, INTEGER, FLOAT, NUMERIC, BOOLEAN, DATE, TIMESTAMP. */
  type: string;
}

/** A finished query: its columns and rows, every value as the REST API's string (or null). */
export interface EngineResult {
  fields: ResultField[];
  rows: (string | null)[][];
  /** What BigQuery would bill: the bytes of the columns the query reads. */
  bytesProcessed: number;
}

/** Runs GoogleSQL text with its bound parameters (by name, typed), synchronously. */
export interface QueryEngine {
  run(query: string, params: BoundParameter[]): EngineResult;
}

export interface BoundParameter {
  name: string;
  type: string;
  value: string | null;
}

export interface Manifest {
  oauthScopes?: string[];
  dependencies?: { enabledAdvancedServices?: { userSymbol?: string; serviceId?: string; version?: string }[] };
}

export interface BigQueryOptions {
  engine: QueryEngine;
  /** The project's appsscript.json: the service and a scope it accepts must be there. */
  manifest: Manifest;
  /** Projects the user may run jobs in; default any well-formed project id. */
  projects?: string[];
  /** Calls that answer jobComplete: false before a job is done (a slow query); default 0. */
  pendingPolls?: number;
  /** The response size limit; default Google's 10 MB. */
  maxResponseBytes?: number;
}

/** Scopes jobs.query and jobs.getQueryResults accept (the API's discovery document). */
export const QUERY_SCOPES = [
  'https://www.googleapis.com/auth/bigquery',
  'https://www.googleapis.com/auth/bigquery.readonly',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/cloud-platform.read-only',
];
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Google's rule for project ids: 6–30 lowercase letters, digits and hyphens, starting with a letter. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PARAMETER_TYPES = new Set(['STRING', 'INT64', 'FLOAT64', 'NUMERIC', 'BIGNUMERIC', 'BOOL', 'DATE', 'TIMESTAMP']);

interface Job {
  projectId: string;
  jobId: string;
  location: string;
  result: EngineResult;
  /** Calls left that answer jobComplete: false. */
  pending: number;
}

/** The stand-in: jobs live here, so they outlive an execution (install it on each execution's services). */
export class MemoryBigQuery {
  readonly jobs = new Map<string, Job>();
  /** Every request jobs.query was given, for tests to read. */
  readonly requests: { projectId: string; request: QueryRequest }[] = [];
  private lastJob = 0;

  constructor(readonly options: BigQueryOptions) {}

  /** Adds the global `BigQuery` to an execution's services, if the manifest enables the service. */
  install(services: { env: MemoryEnv; globals: object }): void {
    const declared = this.options.manifest.dependencies?.enabledAdvancedServices ?? [];
    const service = declared.find((s) => s.serviceId === 'bigquery');
    // Not enabled: Apps Script defines no such global, and a call fails with "BigQuery is not defined".
    if (!service) return;
    if (service.version !== 'v2') throw new Error(`the stand-in is BigQuery v2, not ${String(service.version)}`);
    const env = services.env;
    const Jobs = counted(
      {
        query: (request: QueryRequest, projectId: string) => this.query(env, request, projectId),
        getQueryResults: (projectId: string, jobId: string, optional?: Record<string, unknown>) =>
          this.getQueryResults(env, projectId, jobId, optional ?? {}),
      },
      'BigQuery.Jobs',
      env,
    );
    Object.assign(services.globals, { [service.userSymbol ?? 'BigQuery']: { Jobs } });
  }

  private failure(env: MemoryEnv, method: string, reason: string): Error {
    const error = env.error(`API call to bigquery.jobs.${method} failed with error: ${reason}`);
    error.name = 'GoogleJsonResponseException';
    return error;
  }

  private checkCall(env: MemoryEnv, method: string, projectId: unknown): string {
    const scopes = this.options.manifest.oauthScopes ?? [];
    if (!scopes.some((s) => QUERY_SCOPES.includes(s)))
      throw this.failure(env, method, 'Request had insufficient authentication scopes.');
    if (typeof projectId !== 'string' || projectId === '')
      throw this.failure(env, method, 'Required parameter: projectId');
    if (!PROJECT_ID.test(projectId)) throw this.failure(env, method, `Invalid project ID '${projectId}'.`);
    const known = this.options.projects;
    if (known && !known.includes(projectId))
      throw this.failure(
        env,
        method,
        `Access Denied: Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`,
      );
    return projectId;
  }

  query(env: MemoryEnv, request: QueryRequest, projectId: string): object {
    const project = this.checkCall(env, 'query', projectId);
    this.requests.push({ projectId: project, request: JSON.parse(JSON.stringify(request ?? {})) as QueryRequest });
    if (!request || typeof request.query !== 'string' || request.query.trim() === '')
      throw this.failure(env, 'query', 'Required parameter is missing: query');
    // jobs.query runs legacy SQL unless told otherwise: GoogleSQL text would not parse as it.
    if (request.useLegacySql !== false)
      throw this.failure(
        env,
        'query',
        'Invalid query: legacy SQL is not supported by this add-on (useLegacySql: false).',
      );
    const params = boundParameters(request, (reason) => this.failure(env, 'query', reason));
    let result: EngineResult;
    try {
      result = this.options.engine.run(request.query, params);
    } catch (e) {
      throw this.failure(env, 'query', (e as Error).message);
    }
    const jobId = `job_${(++this.lastJob).toString(36).padStart(8, '0')}`;
    const location = typeof request.location === 'string' ? request.location : 'US';
    const job: Job = { projectId: project, jobId, location, result, pending: this.options.pendingPolls ?? 0 };
    this.jobs.set(`${project}:${jobId}`, job);
    return this.page(env, 'query', job, 0, request.maxResults, 'bigquery#queryResponse');
  }

  getQueryResults(env: MemoryEnv, projectId: string, jobId: string, optional: Record<string, unknown>): object {
    const project = this.checkCall(env, 'getQueryResults', projectId);
    const job = this.jobs.get(`${project}:${String(jobId)}`);
    if (!job) throw this.failure(env, 'getQueryResults', `Not found: Job ${project}:${String(jobId)}`);
    if (optional.location !== undefined && optional.location !== job.location)
      throw this.failure(env, 'getQueryResults', `Not found: Job ${project}:${String(optional.location)}.${job.jobId}`);
    if (optional.pageToken !== undefined && optional.startIndex !== undefined)
      throw this.failure(env, 'getQueryResults', 'Only one of pageToken and startIndex may be given.');
    const start = startOf(optional, job, (reason) => this.failure(env, 'getQueryResults', reason));
    return this.page(env, 'getQueryResults', job, start, optional.maxResults, 'bigquery#getQueryResultsResponse');
  }

  /** One page from `start`: at most maxResults rows and maxResponseBytes of JSON. */
  private page(env: MemoryEnv, method: string, job: Job, start: number, maxResults: unknown, kind: string): object {
    const jobReference = { projectId: job.projectId, jobId: job.jobId, location: job.location };
    if (job.pending > 0) {
      job.pending--;
      return { kind, jobReference, jobComplete: false };
    }
    const limit = maxResults === undefined ? Infinity : Number(maxResults);
    if (!Number.isInteger(limit) && limit !== Infinity)
      throw this.failure(env, method, `Invalid value for maxResults: ${String(maxResults)}`);
    const { rows, fields } = job.result;
    const budget = this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const out: { f: { v: string | null }[] }[] = [];
    let bytes = 0;
    for (let r = start; r < rows.length && out.length < limit; r++) {
      const row = { f: rows[r].map((v) => ({ v })) };
      bytes += utf8Bytes(JSON.stringify(row)).length + 1;
      // Google cuts a page at the size limit; the first row always comes, however large.
      if (bytes > budget && out.length > 0) break;
      out.push(row);
    }
    const end = start + out.length;
    return {
      kind,
      jobReference,
      jobComplete: true,
      schema: { fields: fields.map((f) => ({ name: f.name, type: f.type, mode: 'NULLABLE' })) },
      totalRows: String(rows.length),
      ...(out.length > 0 ? { rows: out } : {}),
      ...(end < rows.length ? { pageToken: pageTokenOf(job, end) } : {}),
      totalBytesProcessed: String(job.result.bytesProcessed),
      cacheHit: false,
    };
  }
}

/** The request's parameters, checked as Google checks them, and every @name in the text bound. */
function boundParameters(request: QueryRequest, failure: (reason: string) => Error): BoundParameter[] {
  const raw = request.queryParameters;
  if (raw !== undefined && request.parameterMode !== 'NAMED')
    throw failure('Query parameters require parameterMode NAMED (this add-on binds parameters by name).');
  if (raw !== undefined && !Array.isArray(raw)) throw failure("Invalid value at 'query_parameters'");
  const params: BoundParameter[] = [];
  for (const p of (raw ?? []) as QueryParameter[]) {
    const name = p?.name;
    const type = p?.parameterType?.type;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw failure(`Invalid query parameter name: ${String(name)}`);
    if (typeof type !== 'string' || !PARAMETER_TYPES.has(type))
      throw failure(`Invalid query parameter type for @${name}: ${String(type)}`);
    if (params.some((q) => q.name.toLowerCase() === name.toLowerCase()))
      throw failure(`Duplicate query parameter name: ${name}`);
    const value = p.parameterValue?.value;
    if (value !== undefined && value !== null && typeof value !== 'string')
      throw failure(`Query parameter @${name}: parameterValue.value must be a string, not ${typeof value}`);
    params.push({ name, type, value: (value as string | null | undefined) ?? null });
  }
  const used = namesInQuery(request.query as string);
  for (const name of used)
    if (!params.some((p) => p.name.toLowerCase() === name.toLowerCase()))
      throw failure(`Query parameter '${name}' not found`);
  // Stricter than Google, which ignores a parameter the text does not use: it is always a slip.
  for (const p of params)
    if (!used.some((n) => n.toLowerCase() === p.name.toLowerCase()))
      throw failure(`Query parameter '${p.name}' is bound but the query does not use it`);
  return params;
}

/** The @names of a GoogleSQL text, outside strings, quoted names and comments. */
export function namesInQuery(sql: string): string[] {
  const stripped = sql
    .replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(^|[^@\w])@([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[2]);
  return [...names];
}

const TOKEN_PREFIX = 'BQ';

/** An opaque token for row `row` of a job (Google's tokens are opaque too). */
function pageTokenOf(job: Job, row: number): string {
  return `${TOKEN_PREFIX}${job.jobId}.${row.toString(36)}`;
}

function startOf(optional: Record<string, unknown>, job: Job, failure: (reason: string) => Error): number {
  const token = optional.pageToken;
  if (token !== undefined) {
    const prefix = `${TOKEN_PREFIX}${job.jobId}.`;
    if (typeof token !== 'string' || !token.startsWith(prefix)) throw failure(`Invalid page token: ${String(token)}`);
    return parseInt(token.slice(prefix.length), 36);
  }
  const index = optional.startIndex === undefined ? 0 : Number(optional.startIndex);
  if (!Number.isInteger(index) || index < 0)
    throw failure(`Invalid value for startIndex: ${String(optional.startIndex)}`);
  return index;
}
