// The BigQuery edition end to end: its manifest, and a run through dist-bigquery/Code.js against the
// stand-in that writes the same Segments rows as the default edition on the same sales.
import { MemorySpreadsheet } from '../../src/local/memory';
import { tabName } from '../../src/core/tabs';
import {
  AS_OF,
  TABLE,
  cdnow,
  execute,
  firstStep,
  manifest,
  runSteps,
  saveSettings,
  spreadsheet,
  standIn,
  tab,
} from './edition';

const SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/gmail.compose',
];

test('the default manifest keeps its three scopes; the edition adds bigquery.readonly and the advanced service only', () => {
  const base = manifest('dist');
  expect(base.oauthScopes).toEqual(SCOPES);
  expect(base.dependencies.enabledAdvancedServices).toEqual([
    { userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' },
  ]);
  const edition = manifest('dist-bigquery');
  expect(edition.oauthScopes).toEqual([...SCOPES, 'https://www.googleapis.com/auth/bigquery.readonly']);
  expect(edition.dependencies.enabledAdvancedServices).toEqual([
    { userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' },
    { userSymbol: 'BigQuery', serviceId: 'bigquery', version: 'v2' },
  ]);
  const { oauthScopes: _a, dependencies: _b, ...rest } = edition;
  const { oauthScopes: _c, dependencies: _d, ...baseRest } = base;
  expect(rest).toEqual(baseRest);
});

const SMALL = [
  ['日付', 'お客様', '金額', 'メール'],
  ['2026-01-05', '佐藤', '3000', 'sato@example.com'],
  ['2026-02-10', '鈴木', '5000', ''],
  ['2026-03-01', '佐藤', '4500', 'sato@example.com'],
  ['2026-06-15', '田中', '1200', ''],
  ['2026-09-20', '佐藤', '6000', 'sato@example.com'],
  ['2026-10-30', '鈴木', '2500', ''],
  ['2026-11-02', '高橋', '8000', ''],
  ['2026-11-18', '佐藤', '3000', 'sato@example.com'],
];

const COLUMNS_ALL = {
  date: 'sale_date',
  customer: 'customer_key',
  amount: 'amount',
  name: 'customer_name',
  row: 'row_no',
};

/** The default edition's Segments, the column the BigQuery edition leaves empty (suggested contact) emptied. */
function defaultSegments(values: string[][], start?: number): unknown[][] {
  const ss = spreadsheet(values, start);
  runSteps(ss, 'dist', 'analysisStep', 'analyse');
  const rows = tab(ss, SEGMENTS);
  const contact = rows[0].indexOf('おすすめの連絡');
  expect(contact).toBeGreaterThan(0);
  return rows.map((r, k) => (k === 0 ? r : r.map((v, i) => (i === contact ? '' : v))));
}

const SEGMENTS = tabName('segments', 'ja');

function bigQuerySegments(values: string[][], columns: Record<string, string>, start?: number, asOf = AS_OF) {
  const ss: MemorySpreadsheet = spreadsheet(undefined, start);
  const bigquery = standIn(values, asOf);
  saveSettings(ss, bigquery, columns);
  const replies = runSteps(ss, 'dist-bigquery', 'bigQueryStep', 'segments', bigquery);
  return { rows: tab(ss, SEGMENTS), replies, bigquery, ss };
}

/** Rows by customer name: the default edition puts those with a follow-up due first. */
const byName = (rows: unknown[][]) => [
  rows[0],
  ...rows.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
];

test('a small shop: the Segments rows from BigQuery equal the sheet edition’s, row by row', () => {
  const expected = defaultSegments(SMALL);
  const { rows, replies } = bigQuerySegments(SMALL, { ...COLUMNS_ALL, email: 'email' });
  expect(replies.map((r) => r.step)).toEqual(['segments', 'summary', 'history']);
  expect(rows).toHaveLength(5);
  expect(byName(rows)).toEqual(byName(expected));
  // First appearance order, as the sheet lists them.
  expect(rows.slice(1).map((r) => r[0])).toEqual(['佐藤', '鈴木', '田中', '高橋']);
});

test('400 sales of the CDNOW log: the same Segments rows as the sheet edition', () => {
  // As of mid-1998, when the log was young (History from 1997 stays small).
  const values = cdnow(400);
  const start = Date.UTC(1998, 6, 1, 3);
  const expected = defaultSegments(values, start);
  const { rows } = bigQuerySegments(values, COLUMNS_ALL, start, '1998-07-01');
  expect(rows.length).toBe(97); // 96 customers and the header
  expect(byName(rows)).toEqual(byName(expected));
});

test('the Summary and History tabs are written from the summary query, as of the report month', () => {
  const { ss, bigquery } = bigQuerySegments(SMALL, COLUMNS_ALL);
  const summary = tab(ss, tabName('summary', 'ja'));
  expect(summary[0][0]).toContain('2026年10月の分析');
  const history = tab(ss, tabName('history', 'ja'));
  expect(history).toHaveLength(2);
  expect(history[1][0]).toEqual(expect.anything());
  // Two queries, both with every threshold bound by name, none pasted into the text.
  expect(bigquery.requests.map((r) => r.request.parameterMode)).toEqual(['NAMED', 'NAMED']);
  const query = String(bigquery.requests[0].request.query);
  expect(query.slice(query.indexOf('\n'))).not.toContain(AS_OF);
  expect(query.slice(query.indexOf('\n'))).toContain('@as_of');
});

test('pages cut short at the response size limit are followed by their tokens: the same rows', () => {
  const values = SMALL;
  const ss = spreadsheet();
  const bigquery = standIn(values, AS_OF, { maxResponseBytes: 200 });
  saveSettings(ss, bigquery, COLUMNS_ALL);
  runSteps(ss, 'dist-bigquery', 'bigQueryStep', 'segments', bigquery);
  const paged = tab(ss, SEGMENTS);
  const { rows } = bigQuerySegments(values, COLUMNS_ALL);
  expect(paged).toEqual(rows);
  // One row per page: 4 customers in 4 pages (one startIndex read and three pageToken reads).
  expect(ss.env.calls.snapshot()['BigQuery.Jobs.getQueryResults']).toBeGreaterThanOrEqual(4);
});

test('a bad project or table is refused with a clear message, and nothing is saved', () => {
  const ss = spreadsheet();
  const bigquery = standIn(SMALL);
  const save = (input: object) => () => execute(ss, 'dist-bigquery', 'saveBigQuerySettings', [input], bigquery);
  expect(save({ project: 'My Shop', table: TABLE, columns: COLUMNS_ALL })).toThrow(
    'プロジェクトID「My Shop」は使えません。',
  );
  expect(save({ project: 'shop-project', table: 'sales.lines', columns: COLUMNS_ALL })).toThrow(
    'テーブル「sales.lines」は使えません。「プロジェクト.データセット.テーブル」の形で書いてください',
  );
  expect(save({ project: 'shop-project', table: TABLE, columns: { ...COLUMNS_ALL, amount: 'amount; DROP' } })).toThrow(
    '「金額」の列名「amount; DROP」は使えません。',
  );
  expect(ss.env.properties.document.has('bigquery.v1')).toBe(false);
  // A run before any settings says where to set them.
  expect(() => execute(ss, 'dist-bigquery', 'bigQueryStep', ['segments', {}], bigquery)).toThrow('BigQuery の売上');
});

test('BigQuery refusing the query is said in the terms of the section: the table, the column and its field, the permission', () => {
  const run = (project: string, table: string, columns: Record<string, string>, ss = spreadsheet()) => {
    const bigquery = standIn(SMALL);
    bigquery.options.projects = ['shop-project', 'other-project'];
    execute(ss, 'dist-bigquery', 'saveBigQuerySettings', [{ project, table, columns }], bigquery);
    // Only shop-project lets this account run queries.
    bigquery.options.projects = ['shop-project'];
    return () => execute(ss, 'dist-bigquery', 'bigQueryStep', ['segments', {}], bigquery);
  };
  expect(run('shop-project', 'shop-project.sales.old_lines', COLUMNS_ALL)).toThrow(
    'BigQuery にテーブル shop-project.sales.old_lines が見つかりません。「テーブル」の欄のプロジェクト・データセット・テーブル名を確かめてください。（BigQuery の返答：Not found: Table shop-project:sales.old_lines was not found in location US）',
  );
  expect(run('shop-project', TABLE, { ...COLUMNS_ALL, amount: 'total' })).toThrow(
    `「金額」の列「total」がテーブル ${TABLE} にありません。「列の名前」を確かめてください。（BigQuery の返答：Unrecognized name: total）`,
  );
  expect(run('other-project', TABLE, COLUMNS_ALL)).toThrow(
    `このアカウントには、プロジェクト other-project でクエリを実行する権限、またはテーブル ${TABLE} を読む権限がありません。`,
  );
  const english = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'en_US', firstSheetName: 'Sales' });
  expect(run('shop-project', TABLE, { ...COLUMNS_ALL, date: 'sold_on' }, english)).toThrow(
    `The column "sold_on" for "Date" is not in the table ${TABLE}: check the column names. (BigQuery said: Unrecognized name: sold_on)`,
  );
});

test('the stand-in refuses what Google refuses: no scope, legacy SQL, an unbound parameter', () => {
  const ss = spreadsheet();
  const noScope = standIn(SMALL);
  (noScope.options.manifest as { oauthScopes: string[] }).oauthScopes = SCOPES;
  saveSettings(ss, noScope, COLUMNS_ALL);
  expect(() => execute(ss, 'dist-bigquery', 'bigQueryStep', ['segments', {}], noScope)).toThrow(
    'Request had insufficient authentication scopes.',
  );
  const bq = standIn(SMALL);
  const env = ss.env;
  expect(() => bq.query(env, { query: 'SELECT 1', useLegacySql: true }, 'shop-project')).toThrow('legacy SQL');
  expect(() => bq.query(env, { query: 'SELECT @x', useLegacySql: false }, 'shop-project')).toThrow(
    "Query parameter 'x' not found",
  );
});

test('a query still running when the time budget is spent: the step returns, and the next call waits on the same job', () => {
  const ss = spreadsheet();
  const bigquery = standIn(SMALL, AS_OF, { pendingPolls: 4 });
  saveSettings(ss, bigquery, COLUMNS_ALL);
  // Each poll takes 100 s: the third ends past the 270 s budget, so the step gives up for now.
  const slow = { 'BigQuery.Jobs.getQueryResults': 100_000 };
  const first = firstStep(ss, bigquery, slow);
  expect(first.card.waiting).toBe(true);
  expect(first.next).toBe('segments');
  const rest = runSteps(ss, 'dist-bigquery', 'bigQueryStep', 'segments', bigquery, {}, first.runId);
  expect(rest.map((r) => r.step)).toEqual(['segments', 'summary', 'history']);
  // One segments query (waited on across two executions) and one summary query.
  expect(bigquery.requests).toHaveLength(2);
  expect(tab(ss, SEGMENTS)).toEqual(bigQuerySegments(SMALL, COLUMNS_ALL).rows);
});

test('a Segments tab over a million cells is written in parts across executions when time runs out', () => {
  // 70,000 customers with one sale each: 70,001 rows of 15 columns, two parts of at most a million cells.
  const values = [['日付', 'お客様', '金額']];
  for (let i = 0; i < 70_000; i++) values.push([`2026-10-${String(1 + (i % 28)).padStart(2, '0')}`, `C${i}`, '1000']);
  const ss = spreadsheet();
  const bigquery = standIn(values);
  saveSettings(ss, bigquery, COLUMNS_ALL);
  // The first part takes 280 s: past the 270 s budget, so the second waits for the next execution.
  const slow = { 'Range.setValues': 280_000 };
  const first = firstStep(ss, bigquery, slow);
  const width = tab(ss, SEGMENTS)[0].length;
  const rowsPerPart = Math.floor(1_000_000 / width);
  expect(first.next).toBe('segments');
  expect(first.card.progress).toEqual({ rowsWritten: rowsPerPart, rows: 70_001 });
  const firstPart = tab(ss, SEGMENTS);
  expect(firstPart).toHaveLength(rowsPerPart);
  // Still slow: the next execution writes the second part only, and leaves the filter to a third.
  const rest = runSteps(ss, 'dist-bigquery', 'bigQueryStep', 'segments', bigquery, slow, first.runId);
  expect(rest.map((r) => r.step)).toEqual(['segments', 'segments', 'summary', 'history']);
  expect(rest[0].card.progress).toEqual({ rowsWritten: 70_001, rows: 70_001 });
  const whole = tab(ss, SEGMENTS);
  // Written on from where the first execution stopped: its rows stay, every customer once, in sheet order.
  expect(whole).toHaveLength(70_001);
  expect(whole.slice(0, rowsPerPart)).toEqual(firstPart);
  expect(whole.slice(1).map((r) => r[0])).toEqual(values.slice(1).map((r) => r[1]));
  // The job's rows were read, not the query run again: one segments and one summary query.
  expect(bigquery.requests).toHaveLength(2);
}, 120_000);
