// The BigQuery edition's settings: the project that runs (and pays for) the query, the sales table
// and which of its columns hold what. Kept in the document's properties like the other settings,
// validated when saved and again when read, so a bad value is named to the owner, never used.

import { Lang, defineText } from '../core/labels';
import { SqlSpecError, SqlWriter } from '../core/sql/dialect';
import { SalesTableSpec } from '../core/sql/customers-sql';

const KEY = 'bigquery.v1';

/** The table's columns the query reads; the optional ones may be left empty. */
export const BIGQUERY_COLUMNS = [
  'date',
  'customer',
  'amount',
  'order',
  'product',
  'email',
  'referrer',
  'name',
  'lineAmount',
  'row',
] as const;
export type BigQueryColumn = (typeof BIGQUERY_COLUMNS)[number];
const REQUIRED: readonly BigQueryColumn[] = ['date', 'customer', 'amount'];

export interface BigQuerySettings {
  /** The Google Cloud project that runs the query (and is billed for it). */
  project: string;
  /** `project.dataset.table`: may be in another project the owner can read. */
  table: string;
  columns: Partial<Record<BigQueryColumn, string>>;
}

export const EMPTY_BIGQUERY_SETTINGS: BigQuerySettings = { project: '', table: '', columns: {} };

/** Google's rule for project ids: 6–30 lowercase letters, digits and hyphens, starting with a letter. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

const TEXT = defineText({
  ja: {
    project_missing:
      'プロジェクトIDを入れてください（クエリを実行し、料金が請求される Google Cloud のプロジェクトです）。',
    project_bad:
      'プロジェクトID「{value}」は使えません。Google Cloud のプロジェクトIDは英小文字で始まる6〜30文字（英小文字・数字・ハイフン）です。',
    table_missing: 'テーブルを「プロジェクト.データセット.テーブル」の形で入れてください（例：my-shop.sales.orders）。',
    table_bad:
      'テーブル「{value}」は使えません。「プロジェクト.データセット.テーブル」の形で書いてください（例：my-shop.sales.orders）。',
    column_missing: '「{field}」の列名を入れてください。',
    column_bad: '「{field}」の列名「{value}」は使えません。英字・数字・_ だけで、数字以外で始まる名前にしてください。',
    not_set:
      'BigQuery の設定がまだありません。サイドバーの「BigQuery の売上」でプロジェクト・テーブル・列を入れて保存してください。',
    date: '日付',
    customer: 'お客様',
    amount: '金額',
    order: '注文番号',
    product: '商品',
    email: 'メール',
    referrer: '紹介者',
    name: '表示名',
    lineAmount: '明細の金額',
    row: '行番号',
    no_table:
      'BigQuery にテーブル {table} が見つかりません。「テーブル」の欄のプロジェクト・データセット・テーブル名を確かめてください。',
    no_column: '「{field}」の列「{column}」がテーブル {table} にありません。「列の名前」を確かめてください。',
    no_access:
      'このアカウントには、プロジェクト {project} でクエリを実行する権限、またはテーブル {table} を読む権限がありません。プロジェクトの管理者に「BigQuery ジョブユーザー」と「BigQuery データ閲覧者」の役割を頼んでください。',
    google_said: '（BigQuery の返答：{message}）',
  },
  en: {
    project_missing: 'Enter the project ID (the Google Cloud project that runs the query and is billed for it).',
    project_bad:
      'The project ID "{value}" cannot be used: a Google Cloud project ID is 6 to 30 lowercase letters, digits or hyphens, starting with a letter.',
    table_missing: 'Enter the table as project.dataset.table (e.g. my-shop.sales.orders).',
    table_bad: 'The table "{value}" cannot be used: write it as project.dataset.table (e.g. my-shop.sales.orders).',
    column_missing: 'Enter the column name for "{field}".',
    column_bad:
      'The column name "{value}" for "{field}" cannot be used: only letters, digits and _, not starting with a digit.',
    not_set:
      'BigQuery is not set up yet: enter the project, table and columns under "Sales in BigQuery" in the sidebar and save.',
    date: 'Date',
    customer: 'Customer',
    amount: 'Amount',
    order: 'Order ID',
    product: 'Product',
    email: 'Email',
    referrer: 'Referrer',
    name: 'Name shown',
    lineAmount: 'Line amount',
    row: 'Row number',
    no_table: 'BigQuery has no table {table}: check the project, dataset and table names in the Table field.',
    no_column: 'The column "{column}" for "{field}" is not in the table {table}: check the column names.',
    no_access:
      'This account may not run queries in the project {project}, or may not read the table {table}: ask the project\'s administrator for the roles "BigQuery Job User" and "BigQuery Data Viewer".',
    google_said: ' (BigQuery said: {message})',
  },
});

export const bigQueryColumnLabel = (lang: Lang, column: BigQueryColumn) => TEXT(lang, column);

/**
 * BigQuery's refusal of the query, said in terms of the section's fields when it is one an owner
 * can correct there (a table or column that does not exist, no permission); Google's own words
 * follow, for whoever helps the owner. Any other error is returned as it came.
 */
export function explainQueryError(error: unknown, settings: BigQuerySettings, lang: Lang): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const said = TEXT(lang, 'google_said', { message: message.replace(/^API call to [\w.]+ failed with error: /, '') });
  const where = { table: settings.table, project: settings.project };
  if (/Not found: (Table|Dataset|Project) /.test(message)) return new Error(TEXT(lang, 'no_table', where) + said);
  const unknown = /Unrecognized name: ([A-Za-z_][A-Za-z0-9_]*)/.exec(message);
  if (unknown) {
    const field = BIGQUERY_COLUMNS.find((f) => settings.columns[f]?.toLowerCase() === unknown[1].toLowerCase());
    if (field)
      return new Error(TEXT(lang, 'no_column', { ...where, column: unknown[1], field: TEXT(lang, field) }) + said);
  }
  if (/Access Denied|does not have .*permission/.test(message)) return new Error(TEXT(lang, 'no_access', where) + said);
  return error;
}

/** Settings the owner must correct: the message lists every problem, in the owner's language. */
export class BigQuerySettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'BigQuerySettingsError';
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The settings as given (JSON from the sidebar), checked; throws BigQuerySettingsError naming each problem. */
export function validBigQuerySettings(input: unknown, lang: Lang): BigQuerySettings {
  const raw = (input ?? {}) as { project?: unknown; table?: unknown; columns?: Record<string, unknown> };
  const problems: string[] = [];
  const project = text(raw.project);
  if (project === '') problems.push(TEXT(lang, 'project_missing'));
  else if (!PROJECT_ID.test(project)) problems.push(TEXT(lang, 'project_bad', { value: project }));
  const table = text(raw.table);
  const writer = new SqlWriter('bigquery');
  if (table === '') problems.push(TEXT(lang, 'table_missing'));
  else if (!accepts(() => writer.table(table))) problems.push(TEXT(lang, 'table_bad', { value: table }));
  const columns: BigQuerySettings['columns'] = {};
  for (const field of BIGQUERY_COLUMNS) {
    const name = text(raw.columns?.[field]);
    const label = TEXT(lang, field);
    if (name === '') {
      if (REQUIRED.includes(field)) problems.push(TEXT(lang, 'column_missing', { field: label }));
    } else if (!accepts(() => writer.column(name)))
      problems.push(TEXT(lang, 'column_bad', { field: label, value: name }));
    else columns[field] = name;
  }
  if (problems.length > 0) throw new BigQuerySettingsError(problems);
  return { project, table, columns };
}

function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (e instanceof SqlSpecError) return false;
    throw e;
  }
}

/** What is stored, as stored (the sidebar shows it to correct). */
export function storedBigQuerySettings(): BigQuerySettings {
  const raw = PropertiesService.getDocumentProperties().getProperty(KEY);
  if (!raw) return { ...EMPTY_BIGQUERY_SETTINGS, columns: {} };
  try {
    return { ...EMPTY_BIGQUERY_SETTINGS, ...(JSON.parse(raw) as Partial<BigQuerySettings>) };
  } catch {
    return { ...EMPTY_BIGQUERY_SETTINGS, columns: {} };
  }
}

/** The stored settings, valid; never set: the owner is told where to set them. */
export function loadBigQuerySettings(lang: Lang): BigQuerySettings {
  const raw = PropertiesService.getDocumentProperties().getProperty(KEY);
  if (!raw) throw new BigQuerySettingsError([TEXT(lang, 'not_set')]);
  return validBigQuerySettings(storedBigQuerySettings(), lang);
}

export function saveBigQuerySettings(input: unknown, lang: Lang): BigQuerySettings {
  const settings = validBigQuerySettings(input, lang);
  PropertiesService.getDocumentProperties().setProperty(KEY, JSON.stringify(settings));
  return settings;
}

/** The query builder's description of the table (src/core/sql). */
export function salesTableSpec(settings: BigQuerySettings): SalesTableSpec {
  const { date = '', customer = '', amount = '', ...optional } = settings.columns;
  return { table: settings.table, columns: { date, customer, amount, ...optional } };
}
