// What differs between GoogleSQL (BigQuery) and DuckDB in the generated queries: quoting, bound
// parameters, type names and date arithmetic. Everything else is written once, in SQL both read.

export type SqlDialect = 'bigquery' | 'duckdb';

/** A bound parameter's type, as BigQuery's queryParameters name it (DuckDB casts to its own). */
export type SqlParamType = 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'STRING';

export type SqlParamValue = string | number | boolean;

/** A table name or column the owner gave that cannot be used as written. */
export class SqlSpecError extends Error {
  constructor(
    readonly code: 'bad_table' | 'bad_column' | 'missing_column',
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'SqlSpecError';
  }
}

/** BigQuery `project.dataset.table`: project ids are 6–30 of [a-z0-9-] (domain-scoped `example.com:p` too). */
const BIGQUERY_TABLE =
  /^(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]\.[A-Za-z0-9_]{1,1024}\.[\p{L}\p{M}\p{N}_-]{1,1024}$/u;
/** A DuckDB table, optionally schema-qualified: plain identifiers only (the runner names it). */
const DUCKDB_TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}(?:\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;
/** Column names both dialects take without flexible naming: letters, digits and _, not first a digit. */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

const TYPES: Record<SqlDialect, Record<SqlParamType, string>> = {
  bigquery: { INT64: 'INT64', FLOAT64: 'FLOAT64', BOOL: 'BOOL', DATE: 'DATE', STRING: 'STRING' },
  duckdb: { INT64: 'BIGINT', FLOAT64: 'DOUBLE', BOOL: 'BOOLEAN', DATE: 'DATE', STRING: 'VARCHAR' },
};

/** Writes dialect-specific SQL fragments and collects the parameters a query binds. */
export class SqlWriter {
  readonly params: Record<string, SqlParamValue> = {};
  readonly paramTypes: Record<string, SqlParamType> = {};

  constructor(readonly dialect: SqlDialect) {}

  /** A quoted column name, validated first. */
  column(name: string): string {
    if (!COLUMN.test(name)) throw new SqlSpecError('bad_column', name);
    return this.dialect === 'bigquery' ? `\`${name}\`` : `"${name}"`;
  }

  /** The quoted table name, validated against the dialect's form. */
  table(name: string): string {
    if (this.dialect === 'bigquery') {
      if (!BIGQUERY_TABLE.test(name)) throw new SqlSpecError('bad_table', name);
      return `\`${name}\``;
    }
    if (!DUCKDB_TABLE.test(name)) throw new SqlSpecError('bad_table', name);
    return name
      .split('.')
      .map((part) => `"${part}"`)
      .join('.');
  }

  type(t: SqlParamType): string {
    return TYPES[this.dialect][t];
  }

  /** A bound parameter, cast to its type where it is used (DuckDB infers numbers as DOUBLE). */
  param(name: string, type: SqlParamType, value: SqlParamValue): string {
    this.params[name] = value;
    this.paramTypes[name] = type;
    return `CAST(${this.dialect === 'bigquery' ? '@' : '$'}${name} AS ${this.type(type)})`;
  }

  cast(expr: string, t: SqlParamType): string {
    return `CAST(${expr} AS ${this.type(t)})`;
  }

  /** later − earlier in whole days. */
  daysBetween(later: string, earlier: string): string {
    return this.dialect === 'bigquery'
      ? `DATE_DIFF(${later}, ${earlier}, DAY)`
      : `date_diff('day', ${earlier}, ${later})`;
  }

  /** day + n days (n an integer expression). */
  addDays(day: string, n: string): string {
    return this.dialect === 'bigquery' ? `DATE_ADD(${day}, INTERVAL ${n} DAY)` : `(${day} + CAST(${n} AS INTEGER))`;
  }

  /** The first day of the day's month, as a DATE. */
  monthStartOf(day: string): string {
    return this.dialect === 'bigquery' ? `DATE_TRUNC(${day}, MONTH)` : `CAST(date_trunc('month', ${day}) AS DATE)`;
  }
}
