// `npm run analyze -- FILE --engine duckdb`: a CSV of any size, its rows read by the add-on's own
// pass (streamed a block at a time: no spreadsheet holds the file), each used row written to a
// temporary sales-lines file, and the counting done by the generated DuckDB queries. Writes the
// Segments, Rejected rows and Summary tabs as CSV and summary.json, like the in-memory run.
//
// Why the add-on's pass reads the rows and not DuckDB's read_csv: dates like 令和7年4月1日 or
// 2025/1/5 19:41 午後, amounts like ￥1,080 (税込) and customer keys (NFKC, 様, invisible
// characters) are the rules of docs/RULES.md §2, which DuckDB cannot type; a second copy of
// them in SQL would drift. DuckDB reads the lines file, whose every value is already typed.

import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { csvFormatRows } from 'd3-dsv';
import { MappingOverride, analyzeTableChunks } from '../core/analysis';
import { customerRowsSource, rejectedTable } from '../core/customer-tables';
import { Day, dayOfDateIn, formatDay, parseIsoDay } from '../core/days';
import { Lang } from '../core/labels';
import { summaryJson } from '../core/metrics';
import { reportMonthOf } from '../core/report-month';
import { summaryTable } from '../core/report-tables';
import { SaleLine } from '../core/sales';
import { DEFAULT_THRESHOLDS, Thresholds } from '../core/settings';
import { customerOfSqlRow, segmentsQuery, summaryOfSqlRows, summaryQuery } from '../core/sql';
import { SALES_LINE_SPEC_COLUMNS } from '../core/sql/sales-lines';
import { OutCell, isDayCell } from '../core/table';
import { TABS } from '../core/tabs';
import { csvSource, sniffDelimiter } from './csv-input';
import { csvRecord, csvText } from './workbook-io';
import { openDuckDb, runSqlQuery, streamSqlQuery } from './duckdb-engine';

export interface DuckDbRunOptions {
  file: string;
  /** 'YYYY-MM-DD'; today in `timeZone` by default. */
  asOf?: string;
  month?: string;
  lang?: Lang;
  out: string;
  timeZone: string;
  mapping?: MappingOverride;
  thresholds?: Thresholds;
}

export interface DuckDbRunResult {
  summary: ReturnType<typeof summaryJson> & { engine: 'duckdb'; customers: number; rows: number };
  written: string[];
}

/** Bytes read at a time: records are cut at the last line break outside quotes. */
const BLOCK = 8 << 20;

/**
 * The file's rows in blocks, decoded as its head tells (UTF-8, UTF-16, Shift_JIS, EUC-JP) and
 * parsed as the runner's reader parses them; a block ends at a line break outside quotes.
 */
export function* csvBlocks(file: string, block = BLOCK): Generator<string[][]> {
  const fd = fs.openSync(file, 'r');
  try {
    const { decoded, text } = csvSource(headOf(fd));
    const delimiter = sniffDelimiter(text(), ',');
    const decoder = new TextDecoder(decoded.encoding);
    const options = { delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true };
    const buffer = Buffer.alloc(block);
    let carry = '';
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, block, position);
      position += n;
      const textNow = carry + decoder.decode(buffer.subarray(0, n), { stream: n > 0 });
      const cut = n > 0 ? lastRecordEnd(textNow) : textNow.length;
      if (cut > 0) yield parse(textNow.slice(0, cut), options) as string[][];
      carry = textNow.slice(cut);
      if (n === 0) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The file's first 64 KiB up to its last line break (a character cut in two would make valid
 * UTF-8 look like another encoding), an even count of bytes for UTF-16.
 */
function headOf(fd: number): Uint8Array {
  const head = Buffer.alloc(1 << 16);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  const lineEnd = head.subarray(0, n).lastIndexOf(0x0a);
  if (lineEnd < 0 || n < head.length) return head.subarray(0, n);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  return head.subarray(0, utf16 ? (lineEnd + 2) & ~1 : lineEnd + 1);
}

/**
 * The index just after the last line break outside a quoted cell (0: none). The block's last
 * character is never a cut: a CR there may be half of a CRLF that the next block completes.
 */
function lastRecordEnd(text: string): number {
  const limit = text.length - 1;
  // (lastIndexOf reads a negative start as 0: a lone CR would pass for a whole record.)
  if (limit <= 0) return 0;
  let end = 0;
  if (text.indexOf('"') < 0) {
    end = Math.max(text.lastIndexOf('\n', limit - 1), text.lastIndexOf('\r', limit - 1)) + 1;
  } else {
    let quoted = false;
    for (let i = 0; i < limit; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 34) quoted = !quoted;
      else if (!quoted && (ch === 10 || ch === 13)) end = i + 1;
    }
  }
  if (end > 0 && text[end - 1] === '\r' && text[end] === '\n') end++;
  return end;
}

/** Used rows as the pass tells them, written to a CSV file DuckDB reads (the customer by index). */
class LinesFile {
  readonly fd: number;
  private batch: string[] = [];
  count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  add = (l: SaleLine): void => {
    this.batch.push(
      `${l.rowNumber},${formatDay(l.day)},${l.customer},${l.amount},${quoted(l.orderId)},${quoted(l.product)},` +
        `${l.lineAmount},${quoted(l.email)},${quoted(l.referrer)}\n`,
    );
    this.count++;
    if (this.batch.length >= 65_536) this.flush();
  };

  flush(): void {
    if (this.batch.length > 0) fs.writeSync(this.fd, this.batch.join(''));
    this.batch = [];
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** A text cell of the lines file: '' stays unquoted (read as NULL), any other is quoted. */
const quoted = (text: string) => (text === '' ? '' : `"${text.replace(/"/g, '""')}"`);

/** The sales table the queries read, made from the lines file and the customers the pass found. */
async function loadLines(
  con: Awaited<ReturnType<typeof openDuckDb>>,
  linesFile: string,
  customersFile: string,
): Promise<void> {
  const csv = (file: string, columns: string) =>
    `read_csv('${file.replace(/'/g, "''")}', header = false, quote = '"', escape = '"', nullstr = '', columns = {${columns}})`;
  await con.run(`CREATE TABLE sales AS
    SELECT l.row_no, l.sale_date, c.customer_key, c.customer_name, l.amount, l.order_id, l.product,
      l.line_amount, l.email, l.referrer
    FROM ${csv(linesFile, `'row_no': 'BIGINT', 'sale_date': 'DATE', 'customer': 'BIGINT', 'amount': 'DOUBLE', 'order_id': 'VARCHAR', 'product': 'VARCHAR', 'line_amount': 'DOUBLE', 'email': 'VARCHAR', 'referrer': 'VARCHAR'`)} AS l
    LEFT JOIN ${csv(customersFile, `'customer': 'BIGINT', 'customer_key': 'VARCHAR', 'customer_name': 'VARCHAR'`)} AS c
      ON c.customer = l.customer`);
}

/** A cell as the in-memory run's CSV writes it: dates as YYYY-MM-DD, formula-like text escaped. */
function csvCell(v: OutCell): string {
  if (v === null) return '';
  if (isDayCell(v)) return formatDay(v.day);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'string' ? csvText(v) : String(v);
}

/** Rows as CSV lines (CRLF, as the in-memory run writes them). */
const csvLines = (rows: OutCell[][]) => rows.map((r) => csvRecord(r.map(csvCell)) + '\r\n').join('');

/** A tab as CSV: UTF-8 with a BOM (Excel then reads it as UTF-8). */
const tabCsv = (rows: OutCell[][]) => '\ufeff' + csvLines(rows);

/**
 * The Segments tab written as the query's rows come, a chunk at a time: millions of customers
 * never stand in memory, nor in one string. Returns the number of customers.
 */
async function writeSegments(
  file: string,
  chunks: AsyncGenerator<unknown[][]>,
  source: ReturnType<typeof customerRowsSource>,
): Promise<number> {
  const fd = fs.openSync(file, 'w');
  let count = 0;
  try {
    fs.writeSync(fd, tabCsv([source.header]));
    for await (const rows of chunks) {
      const cells = rows.map((values) => {
        const { customer, rhythm } = customerOfSqlRow(values);
        return source.row(customer, rhythm);
      });
      fs.writeSync(fd, csvLines(cells));
      count += rows.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/** Runs the analysis of `options.file` with DuckDB; see the header comment. */
export async function runDuckDb(options: DuckDbRunOptions): Promise<DuckDbRunResult> {
  const asOf: Day = options.asOf ? (parseIsoDay(options.asOf) as Day) : dayOfDateIn(options.timeZone)(new Date());
  const report = reportMonthOf(asOf, options.month);
  if (!report) throw new Error(`--month ${options.month}: not a month on or before as-of's month`);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-run-'));
  const lines = new LinesFile(path.join(work, 'lines.csv'));
  const con = await openDuckDb();
  try {
    const { header, sales } = analyzeTableChunks({
      chunks: csvBlocks(options.file),
      asOf,
      timeZone: options.timeZone,
      thresholds,
      mappingOverride: options.mapping,
      onLine: lines.add,
    });
    lines.close();
    const customersFile = path.join(work, 'customers.csv');
    fs.writeFileSync(customersFile, csvFormatRows(sales.customers.map((c, i) => [String(i), c.key, c.name])));
    await loadLines(con, lines.file, customersFile);
    const lang: Lang = options.lang ?? (header.japanese ? 'ja' : 'en');
    const spec = { table: 'sales', columns: SALES_LINE_SPEC_COLUMNS };
    const figures = await runSqlQuery(con, summaryQuery('duckdb', spec, thresholds, report.end));
    const summary = summaryOfSqlRows(figures, report.end, {
      thresholds,
      rejectedRows: sales.counts.rejected,
      profile: sales.profile,
    });
    fs.mkdirSync(options.out, { recursive: true });
    const tabFile = (tab: keyof typeof TABS) => path.join(options.out, `${TABS[tab].names[lang]}.csv`);
    // The optional columns as the engine's own pass found them (shownSegmentColumns' rule).
    const has = {
      email: sales.customers.some((c) => c.email !== ''),
      topProduct: sales.productNames.length > 0,
      referrals: sales.referrals.length > 0,
    };
    const customers = await writeSegments(
      tabFile('segments'),
      streamSqlQuery(con, segmentsQuery('duckdb', spec, thresholds, asOf)),
      customerRowsSource(has, lang),
    );
    fs.writeFileSync(tabFile('rejected'), tabCsv(rejectedTable(sales.rejected, lang, header.headers).rows));
    fs.writeFileSync(tabFile('summary'), tabCsv(summaryTable(summary, lang).rows));
    const written = [tabFile('segments'), tabFile('rejected'), tabFile('summary')];
    const json = { ...summaryJson(summary), engine: 'duckdb' as const, customers, rows: sales.counts.rows };
    const jsonFile = path.join(options.out, 'summary.json');
    fs.writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');
    return { summary: json, written: [...written, jsonFile] };
  } finally {
    con.closeSync();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The CLI's `--engine duckdb`: the options it takes, the lines it prints. */
export async function runDuckDbCli(
  file: string,
  values: {
    'as-of'?: string;
    month?: string;
    lang?: string;
    out: string;
    tz: string;
    mapping: MappingOverride;
    drafts?: boolean;
    sheet?: string;
  },
): Promise<void> {
  if (values.drafts || values.sheet)
    throw new Error('--engine duckdb writes the tabs and summary.json only: no --drafts, no --sheet');
  const started = Date.now();
  const { summary, written } = await runDuckDb({
    file,
    asOf: values['as-of'],
    month: values.month,
    lang: values.lang as Lang | undefined,
    out: values.out,
    timeZone: values.tz,
    mapping: Object.keys(values.mapping).length ? values.mapping : undefined,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${summary.rows.toLocaleString('en-US')} rows, ${summary.customers.toLocaleString('en-US')} customers (DuckDB, ${seconds} s)`,
  );
  for (const f of written) console.log(`wrote ${f}`);
}
