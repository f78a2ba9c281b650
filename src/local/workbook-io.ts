// Reading a shop's file into an in-memory spreadsheet and writing a spreadsheet back out, for the
// local runner. Files are loaded untyped, as Sheets' import does with conversion off: CSV cells
// stay text; XLSX cells keep the types Excel stored. Node only (fs, exceljs).

import { existsSync, promises as fs } from 'fs';
import path from 'path';
import { createHash } from 'crypto';
import ExcelJS from 'exceljs';
import { csvFormatRow } from 'd3-dsv';
import {
  asMemorySheet,
  Cell,
  displayCell,
  Formula,
  isDateFormat,
  MemorySheet,
  MemorySpreadsheet,
  MS_PER_DAY,
  SpreadsheetOptions,
} from './memory';
import { CsvRead, csvSource, decodeBytes, parseCsvText, readCsvRecords } from './csv-input';
import {
  CellKind,
  PlannedFormula,
  TEXT_SEPARATOR,
  writeXlsxInWorker,
  writeXlsxPlans,
  XlsxSheetPlan,
} from './xlsx-writer';

export interface LoadOptions extends SpreadsheetOptions {
  /** CSV only: the tab's name; default the file's name without extension, else 'Sheet1'. */
  sheetName?: string;
  /** CSV only: default, the one the content shows (comma, tab or semicolon, whatever the file's name). */
  delimiter?: string;
  /** CSV only: the delimiter of a file of one column (no delimiter to see): ',', or '\t' for .tsv. */
  fallbackDelimiter?: string;
}

/** Text of a file from a Japanese shop (see decodeBytes: BOM, UTF-16, UTF-8, Shift_JIS, EUC-JP). */
export function decodeText(bytes: Uint8Array): string {
  return decodeBytes(bytes).text;
}

/** csv-parse over a CSV file (any encoding decodeBytes reads): the benchmark's measure of the parser alone. */
export async function parseCsv(
  bytes: Uint8Array,
  delimiter: string,
  onRecord: (record: string[]) => void,
): Promise<void> {
  await parseCsvText(csvSource(bytes).input, delimiter, onRecord);
}

/**
 * The records of a CSV file, every cell as text, and the rows it could not read. Without a
 * delimiter, the content tells it (comma, tab or semicolon; `fallback` for one column).
 */
export function readCsv(bytes: Uint8Array, delimiter?: string, fallback = ','): Promise<CsvRead> {
  return readCsvRecords(bytes, { delimiter, fallback });
}

/** A CSV file's spreadsheet, with what could not be read (see readCsv). */
export async function loadCsvWithReport(
  bytes: Uint8Array,
  options: LoadOptions = {},
): Promise<{ spreadsheet: MemorySpreadsheet; csv: CsvRead }> {
  const csv = await readCsv(bytes, options.delimiter, options.fallbackDelimiter);
  const ss = new MemorySpreadsheet({ ...options, firstSheetName: options.sheetName ?? options.firstSheetName });
  const [sheet] = ss.inspect(() => ss.getSheets());
  asMemorySheet(sheet).data.loadStore(csv.table);
  return { spreadsheet: ss, csv };
}

export async function loadCsv(bytes: Uint8Array, options: LoadOptions = {}): Promise<MemorySpreadsheet> {
  return (await loadCsvWithReport(bytes, options)).spreadsheet;
}

type ExcelValue = ExcelJS.CellValue;

/** A cell of exceljs as a value with its type; dates come back as the wall-clock time in `toInstant`. */
function fromExcel(value: ExcelValue, toInstant: (wall: number) => number): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return new Date(toInstant(value.getTime()));
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return fromExcel(value.text as ExcelValue, toInstant);
  // A formula keeps its text and the value the file holds for it, as a Sheets cell does.
  if ('formula' in value && value.formula)
    return new Formula(`=${value.formula}`, fromExcel((value.result ?? null) as ExcelValue, toInstant) as Cell);
  if ('formula' in value || 'sharedFormula' in value) return fromExcel((value.result ?? null) as ExcelValue, toInstant);
  if ('error' in value) return value.error;
  return String(value);
}

export async function loadXlsx(bytes: Uint8Array, options: LoadOptions = {}): Promise<MemorySpreadsheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const worksheets = workbook.worksheets;
  if (worksheets.length === 0) throw new Error('the workbook has no worksheet');
  const names = worksheets.map((ws) => ws.name);
  // saveWorkbook writes the tab 'History' as 'History_' (Excel reserves the name); read it back.
  const tabName = (name: string) => (name === 'History_' && !names.includes('History') ? 'History' : name);
  const ss = new MemorySpreadsheet({ ...options, firstSheetName: tabName(worksheets[0].name) });
  const toInstant = (wall: number) => ss.zone.instant(wall);
  worksheets.forEach((ws, i) => {
    const sheet =
      i === 0 ? ss.sheet(tabName(ws.name)) : asMemorySheet(ss.inspect(() => ss.insertSheet(tabName(ws.name))));
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        // Cells covered by a merge repeat the merge's value in exceljs; Sheets keeps it in the first only.
        if (cell.type === ExcelJS.ValueType.Merge) return;
        while (values.length < columnNumber - 1) values.push('');
        values[columnNumber - 1] = fromExcel(cell.value, toInstant);
        if (cell.font?.bold) sheet.data.weights.fill(rowNumber - 1, columnNumber - 1, 1, 1, 'bold');
      });
      while (rows.length < rowNumber - 1) rows.push([]);
      rows[rowNumber - 1] = values;
    });
    sheet.loadRawValues(rows);
    sheet.data.hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
    const view = ws.views?.[0];
    if (view?.state === 'frozen') {
      sheet.data.frozenRows = view.ySplit ?? 0;
      sheet.data.frozenColumns = view.xSplit ?? 0;
    }
  });
  // The tab Excel had open, else the first visible one: a hidden tab is never the active one.
  const sheets = ss.inspect(() => ss.getSheets());
  const visible = (i: number) => i >= 0 && i < sheets.length && !asMemorySheet(sheets[i]).data.hidden;
  const activeTab = workbook.views?.[0]?.activeTab ?? 0;
  const active = visible(activeTab) ? activeTab : sheets.findIndex((_, i) => visible(i));
  ss.inspect(() => ss.setActiveSheet(sheets[Math.max(0, active)]));
  return ss;
}

/**
 * Beside an out dir's workbook.xlsx: the CSV file that is its sales tab. A CSV's rows are not
 * copied into the workbook (a million rows cost seconds to write and the file already holds
 * them); this record names the file, so that opening the workbook again brings the tab back.
 */
export const SALES_FILE_RECORD = 'sales-file.json';

export interface SalesFileRecord {
  /** The tab's name in the workbook. */
  tab: string;
  /** Absolute path of the CSV. */
  file: string;
  bytes: number;
  /** SHA-256 of the file when the workbook was written: tells a later run whether it changed. */
  sha256: string;
}

/** What a shop's file gives: its spreadsheet, and for a CSV sales tab its read report and its record. */
export interface WorkbookInput {
  spreadsheet: MemorySpreadsheet;
  csv: CsvRead | null;
  /** The CSV that is the sales tab (a CSV input, or the one a workbook's record names). */
  salesFile: SalesFileRecord | null;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readCsvFile(file: string, options: LoadOptions): Promise<WorkbookInput> {
  const bytes = await fs.readFile(file);
  const csvOptions = {
    sheetName: path.basename(file, path.extname(file)),
    fallbackDelimiter: path.extname(file).toLowerCase() === '.tsv' ? '\t' : ',',
    ...options,
  };
  const { spreadsheet, csv } = await loadCsvWithReport(bytes, csvOptions);
  const [sheet] = spreadsheet.inspect(() => spreadsheet.getSheets());
  const salesFile = { tab: sheet.getName(), file: path.resolve(file), bytes: bytes.length, sha256: sha256(bytes) };
  return { spreadsheet, csv, salesFile };
}

/**
 * Puts the CSV's rows in `workbook` as the tab of the same name (replacing its rows, or first
 * when missing) and makes it the active tab.
 */
export function placeSalesTab(workbook: MemorySpreadsheet, csv: MemorySpreadsheet): void {
  const [csvSheet] = csv.inspect(() => csv.getSheets());
  const name = csvSheet.getName();
  const rows = asMemorySheet(csvSheet).data.rows.map((row) => row ?? []);
  const sheet = workbook.inspect(() => workbook.getSheetByName(name) ?? workbook.insertSheet(name, 0));
  workbook.inspect(() => sheet.clear());
  asMemorySheet(sheet).loadRawValues(rows);
  workbook.inspect(() => workbook.setActiveSheet(sheet));
}

async function readSalesFileRecord(file: string): Promise<SalesFileRecord | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const record = JSON.parse(text) as Partial<SalesFileRecord>;
  if (typeof record.tab !== 'string' || typeof record.file !== 'string')
    throw new Error(`${file} does not name a sales tab and its file`);
  return record as SalesFileRecord;
}

/**
 * An out dir's workbook.xlsx with its sales tab: the CSV its record names, read again as it is
 * now (the file is the tab). A workbook without a record, or that holds the tab itself, is as read.
 */
async function readXlsxFile(file: string, options: LoadOptions): Promise<WorkbookInput> {
  const spreadsheet = await loadXlsx(await fs.readFile(file), options);
  const recordFile = path.join(path.dirname(file), SALES_FILE_RECORD);
  const record = path.basename(file) === 'workbook.xlsx' ? await readSalesFileRecord(recordFile) : null;
  if (!record || spreadsheet.inspect(() => spreadsheet.getSheetByName(record.tab))) {
    return { spreadsheet, csv: null, salesFile: null };
  }
  const sales = await readCsvFile(record.file, { ...options, sheetName: record.tab }).catch((e: unknown) => {
    throw new Error(
      `the sales tab "${record.tab}" of ${file} is the file ${record.file} (named in ${recordFile}), ` +
        `which cannot be read: ${e instanceof Error ? e.message : String(e)}. Run on the sales CSV itself.`,
    );
  });
  placeSalesTab(spreadsheet, sales.spreadsheet);
  return { ...sales, spreadsheet };
}

/**
 * A shop's file as a spreadsheet; a CSV's read report comes with it (rows it could not read), and
 * the record of the CSV that is the sales tab.
 */
export async function readWorkbookFile(file: string, options: LoadOptions = {}): Promise<WorkbookInput> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsxFile(file, options);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return readCsvFile(file, options);
  throw new Error(`cannot load ${file}: expected a .csv, .tsv or .xlsx file`);
}

export async function loadWorkbookFile(file: string, options: LoadOptions = {}): Promise<MemorySpreadsheet> {
  return (await readWorkbookFile(file, options)).spreadsheet;
}

/** Unique names made from `names` by `clean`, numbering repeats (case-insensitively, as Excel). */
function uniqueNames(names: string[], clean: (name: string) => string, maxLength = Infinity): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = clean(name).slice(0, maxLength);
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++)
      candidate = `${base.slice(0, maxLength - String(n).length - 1)}-${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

const xlsxSheetName = (name: string) =>
  xmlSafe(name)
    .replace(/[*?:/\\[\]]/g, '_')
    .replace(/^'|'$/g, '_')
    .replace(/^History$/, 'History_') || 'Sheet';
// Control characters are refused in file names on Windows.
// eslint-disable-next-line no-control-regex
const fileName = (name: string) => name.replace(/[/\\:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+$/, '_') || 'sheet';

/** Excel's limits (support.microsoft.com, "Excel specifications and limits"). */
export const XLSX_LIMITS = { rows: 1_048_576, columns: 16_384, cellChars: 32_767 };

/** The first of Excel's limits a tab passes, as a message naming the tab; null when it fits. */
function xlsxLimitError(sheet: MemorySheet): string | null {
  const data = sheet.data;
  const tab = `the tab "${data.name}"`;
  if (data.lastRow() > XLSX_LIMITS.rows)
    return `${tab} has ${data.lastRow()} rows; an .xlsx file holds at most ${XLSX_LIMITS.rows}`;
  if (data.lastColumn() > XLSX_LIMITS.columns)
    return `${tab} has ${data.lastColumn()} columns; an .xlsx file holds at most ${XLSX_LIMITS.columns}`;
  for (let r = 0; r < data.rows.length; r++) {
    const values = data.rows[r] ?? [];
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (typeof v === 'string' && v.length > XLSX_LIMITS.cellChars)
        return `${tab}, row ${r + 1}, column ${c + 1}: ${v.length} characters; an .xlsx cell holds at most ${XLSX_LIMITS.cellChars}`;
    }
  }
  return null;
}

/**
 * Characters XML 1.0 does not allow (C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone
 * surrogates): a workbook holding one cannot be opened, so each becomes U+FFFD.
 */
const XML_ILLEGAL_CHARS = String.raw`[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`;
const HAS_XML_ILLEGAL = new RegExp(XML_ILLEGAL_CHARS);
const XML_ILLEGAL = new RegExp(XML_ILLEGAL_CHARS, 'g');
export const xmlSafe = (text: string) => (HAS_XML_ILLEGAL.test(text) ? text.replace(XML_ILLEGAL, '\ufffd') : text);

/** Rows measured for a column's width: the header and the first rows show each column's kinds of value. */
const WIDTH_SAMPLE_ROWS = 1000;
/** Excel's column widths, in characters of its default font: room for a short word, never a whole memo. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** East Asian wide and full-width characters: two columns each on screen. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** How wide a text shows, in characters of Excel's default font (a wide character counts two). */
export function shownWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/**
 * Each column's width for Excel: its widest cell as the sheet shows it (number format applied)
 * among the header and the first rows, plus a margin, so that dates and amounts never show as ###.
 */
function columnWidths(data: MemorySheet['data'], lastRow: number, lastColumn: number): number[] {
  const formats = data.formats.view(0, 0, lastRow, lastColumn);
  const widths = new Array<number>(lastColumn).fill(0);
  for (let r = 0; r < Math.min(lastRow, WIDTH_SAMPLE_ROWS + 1); r++) {
    const values = data.rows[r] ?? [];
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === '' || v === undefined) continue;
      const shown = typeof v === 'string' ? v : displayCell(v, formats?.(r, c), data.zone);
      widths[c] = Math.max(widths[c], shownWidth(shown));
    }
  }
  return widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
}

/** Per number format and weight, its index in a plan's looks. */
function lookIndex(looks: XlsxSheetPlan['looks']): (numFmt: string, bold: boolean) => number {
  const byFormat = new Map<string, [number, number]>();
  return (numFmt, bold) => {
    let pair = byFormat.get(numFmt);
    if (pair === undefined) {
      pair = [looks.length, looks.length + 1];
      looks.push({ numFmt, bold: false }, { numFmt, bold: true });
      byFormat.set(numFmt, pair);
    }
    return pair[bold ? 1 : 0];
  };
}

/** The cells of a tab as a plan's arrays (see XlsxSheetPlan), each row as long as the sheet's. */
function emptyPlanCells(data: MemorySheet['data'], lastRow: number) {
  const offsets = new Uint32Array(lastRow + 1);
  for (let r = 0; r < lastRow; r++) offsets[r + 1] = offsets[r] + (data.rows[r]?.length ?? 0);
  const size = offsets[lastRow];
  return { offsets, kinds: new Uint8Array(size), numbers: new Float64Array(size), styles: new Uint16Array(size) };
}

/**
 * A tab as workbook.xlsx will hold it: typed values, formulas with the values the sheet holds
 * for them, dates as the wall-clock time the sheet shows (Excel has no time zones) with a date
 * format, number formats and bold; XML-illegal characters replaced.
 */
function planSheet(sheet: MemorySheet, name: string): XlsxSheetPlan {
  const data = sheet.data;
  const lastRow = data.lastRow();
  const lastColumn = data.lastColumn();
  const { offsets, kinds, numbers, styles } = emptyPlanCells(data, lastRow);
  const texts: string[] = [];
  const formulas: PlannedFormula[] = [];
  const looks: XlsxSheetPlan['looks'] = [];
  const lookOf = lookIndex(looks);
  const formats = data.formats.view(0, 0, lastRow, lastColumn);
  const weights = data.weights.view(0, 0, lastRow, lastColumn);
  for (let r = 0; r < lastRow; r++) {
    const values = data.rows[r] ?? [];
    for (let c = 0, i = offsets[r]; c < values.length; c++, i++) {
      const v = values[c];
      if (v === '' || v === undefined) continue;
      const format = formats?.(r, c);
      let numFmt = format !== undefined && format !== '@' ? format : '';
      // Formulas Sheets made of "+…"/"-…" text are errors there and may not parse in Excel: kept as text.
      const formula = data.formulaAt(r, c);
      if (formula !== undefined && formula.startsWith('=')) {
        kinds[i] = CellKind.Formula;
        formulas.push(plannedFormula(i, formula, v));
      } else if (typeof v === 'string') {
        kinds[i] = CellKind.Text;
        texts.push(xmlSafe(v));
      } else if (typeof v === 'number' || typeof v === 'boolean') {
        kinds[i] = typeof v === 'number' ? CellKind.Number : CellKind.Boolean;
        numbers[i] = Number(v);
      } else {
        const wall = data.zone.wall(v.getTime());
        kinds[i] = CellKind.Date;
        numbers[i] = wall;
        numFmt =
          format && isDateFormat(format) ? format : wall % MS_PER_DAY === 0 ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
      }
      styles[i] = lookOf(numFmt, weights?.(r, c) === 'bold');
    }
  }
  if (looks.length > 0xffff) throw new Error(`the tab "${data.name}" has more number formats than an .xlsx file holds`);
  const { frozenRows, frozenColumns, hidden } = data;
  const widths = columnWidths(data, lastRow, lastColumn);
  return {
    name,
    hidden,
    frozenRows,
    frozenColumns,
    widths,
    offsets,
    kinds,
    numbers,
    styles,
    looks,
    formulas,
    texts: texts.join(TEXT_SEPARATOR),
  };
}

/** A formula cell's text without '=', and the value the sheet holds for it when that differs from the text. */
function plannedFormula(cell: number, formula: string, v: Cell): PlannedFormula {
  const planned: PlannedFormula = { cell, formula: xmlSafe(formula.slice(1)) };
  if (v === formula) return planned;
  // A date result goes as its instant, as it did when exceljs was handed the sheet's Date.
  if (typeof v === 'object') return { ...planned, result: v.getTime(), resultIsDate: true };
  return { ...planned, result: typeof v === 'string' ? xmlSafe(v) : v };
}

/**
 * The worker that writes workbook.xlsx: the built xlsx-worker.cjs beside this bundle (npm run
 * build). Run from the sources (the unit tests), there is none, and the file is written in this thread.
 */
const XLSX_WORKER = path.join(__dirname, 'xlsx-worker.cjs');

async function writeXlsx(sheets: MemorySheet[], file: string, worker: string | null | undefined): Promise<void> {
  const names = uniqueNames(
    sheets.map((s) => s.data.name),
    xlsxSheetName,
    31,
  );
  const plans = sheets.map((sheet, i) => planSheet(sheet, names[i]));
  const workerFile = worker === undefined ? (existsSync(XLSX_WORKER) ? XLSX_WORKER : null) : worker;
  await (workerFile ? writeXlsxInWorker(plans, file, workerFile) : writeXlsxPlans(plans, file));
}

/** A text a spreadsheet would read as a formula: leading =, +, -, @, tab or CR (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain decimal text ("-1080", "+5", "-0.5") is read as that number, nothing more: left as it is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const FORMULA_ESCAPED = /^'[=+\-@\t\r]/;

/**
 * Text cells of a CSV that could start a formula get a leading apostrophe and quotes, as OWASP
 * advises; Excel and Sheets then show the text. Number cells are written as numbers.
 */
export function csvText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? "'" + text : text;
}

/**
 * A tab as CSV text: RFC 4180 quoting by d3-dsv (a field is quoted when it holds a comma, a quote
 * or a line break), CRLF after every record. d3-dsv formats the Segments tab about four times
 * faster than csv-stringify did (bench/libraries.md). An escaped formula is quoted whatever it
 * holds, as csv-stringify's quoted_match did, so the file stays byte for byte what it was.
 */
function csvOf(sheet: MemorySheet): string {
  const data = sheet.data;
  const lastRow = data.lastRow();
  const lastColumn = data.lastColumn();
  // The BOM makes Excel read the file as UTF-8 instead of the locale's code page.
  const lines: string[] = ['\ufeff'];
  const line: string[] = new Array(lastColumn);
  for (let r = 0; r < lastRow; r++) {
    const values = data.rows[r] ?? [];
    let escaped = false;
    for (let c = 0; c < lastColumn; c++) {
      const v = values[c];
      let text: string;
      if (v === undefined || v === '') text = '';
      else if (typeof v === 'string') {
        text = csvText(v);
        escaped ||= text.charCodeAt(0) === 0x27 && FORMULA_ESCAPED.test(text);
      } else text = typeof v === 'number' ? String(v) : displayCell(v, undefined, data.zone);
      line[c] = text;
    }
    lines.push(escaped ? quotedEscapes(line) : csvFormatRow(line), '\r\n');
  }
  return lines.join('');
}

/**
 * One record of fields already made text (formula-like text escaped with `csvText`), quoted as the
 * runner's tabs are; for writers that stream their rows instead of holding a MemorySheet.
 */
export function csvRecord(fields: string[]): string {
  return fields.some((text) => FORMULA_ESCAPED.test(text)) ? quotedEscapes(fields) : csvFormatRow(fields);
}

/** A row holding an escaped formula: that field quoted even without a comma, quote or line break. */
function quotedEscapes(line: string[]): string {
  return line
    .map((text) => (FORMULA_ESCAPED.test(text) ? `"${text.replace(/"/g, '""')}"` : csvFormatRow([text])))
    .join(',');
}

/** A file written under a temporary name in its folder, to be put in place or thrown away. */
interface Staged {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Writes `file`'s content under a temporary name in its folder; nothing is in place until `commit`. */
async function stage(file: string, write: (temporary: string) => Promise<void>): Promise<Staged> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const discard = () => fs.rm(temporary, { force: true });
  try {
    await write(temporary);
  } catch (e) {
    await discard();
    throw e;
  }
  return {
    commit: () =>
      fs.rename(temporary, file).catch(async (e: unknown) => {
        await discard();
        throw e;
      }),
    discard,
  };
}

/** Writes `file` through a temporary name in its folder: an interrupted run leaves the old file whole. */
export async function writeAtomically(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  await (await stage(file, write)).commit();
}

/** The file's path with its folder's links resolved (the file itself may not exist yet). */
const realPath = async (file: string) =>
  path.join(await fs.realpath(path.dirname(file)).catch(() => path.resolve(path.dirname(file))), path.basename(file));

export interface SaveOptions {
  /**
   * The CSV file that is the sales tab: that tab is written neither into workbook.xlsx nor as a
   * CSV (the file holds it), and DIR/sales-file.json names the file instead.
   */
  salesFile?: SalesFileRecord | null;
  /** Files never written (the input): a target among them stops the save before anything is written. */
  protect?: string[];
  /**
   * The built xlsx-worker.cjs that writes workbook.xlsx; default the one beside this bundle, if
   * any. null: written in this thread.
   */
  xlsxWorker?: string | null;
}

const rejection = (result: PromiseSettledResult<unknown>): unknown =>
  result.status === 'rejected' ? (result.reason as unknown) : null;

/**
 * Writes outDir/workbook.xlsx with every tab (typed values, formulas, date formats, frozen rows,
 * bold, hidden tabs) and outDir/<tab>.csv per tab (UTF-8 with BOM; dates as YYYY-MM-DD, numbers
 * unformatted, formula-like text escaped), but the sales tab of a CSV (see SaveOptions.salesFile).
 * Excel's limits and the protected files are checked before anything is written; each file goes
 * through a temporary name. Returns the paths written.
 */
export async function saveWorkbook(
  ss: MemorySpreadsheet,
  outDir: string,
  options: SaveOptions = {},
): Promise<string[]> {
  const salesTab = options.salesFile?.tab;
  const sheets = ss
    .inspect(() => ss.getSheets())
    .map(asMemorySheet)
    .filter((sheet) => sheet.data.name !== salesTab);
  for (const sheet of sheets) {
    const error = xlsxLimitError(sheet);
    if (error) throw new Error(`cannot write workbook.xlsx: ${error}. Nothing was written.`);
  }
  const xlsx = path.join(outDir, 'workbook.xlsx');
  const record = path.join(outDir, SALES_FILE_RECORD);
  const names = uniqueNames(
    sheets.map((s) => s.data.name),
    fileName,
  );
  const csvs = sheets.map((sheet, i) => ({ sheet, file: path.join(outDir, `${names[i]}.csv`) }));
  const protect = new Set(await Promise.all((options.protect ?? []).map(realPath)));
  for (const target of [xlsx, record, ...csvs.map((c) => c.file)])
    if (protect.has(await realPath(target)))
      throw new Error(
        `the output ${target} would overwrite the input file: choose another --out folder. Nothing was written.`,
      );
  await fs.mkdir(outDir, { recursive: true });
  // The record first: a workbook.xlsx without the sales tab is never left without it.
  const written: string[] = [];
  if (options.salesFile) {
    const json = JSON.stringify(options.salesFile, null, 2) + '\n';
    await writeAtomically(record, (temporary) => fs.writeFile(temporary, json));
    written.push(record);
  }
  // The workbook is written by a worker while this thread writes the CSVs under temporary names;
  // they are put in place once the workbook is, so a failed workbook leaves every file as it was.
  const workbook = writeAtomically(xlsx, (temporary) => writeXlsx(sheets, temporary, options.xlsxWorker));
  const staged = await Promise.allSettled(
    csvs.map(({ sheet, file }) => stage(file, (temporary) => fs.writeFile(temporary, csvOf(sheet), 'utf8'))),
  );
  const workbookError = await workbook.then(
    () => null,
    (e: unknown) => e,
  );
  // A workbook that holds its sales tab needs no record; an old one would bring back a stale tab.
  if (workbookError === null && !options.salesFile) await fs.rm(record, { force: true });
  const failed = [workbookError, ...staged.map(rejection)].find((e) => e !== null);
  if (failed !== undefined) {
    await Promise.all(staged.map((s) => (s.status === 'fulfilled' ? s.value.discard() : null)));
    throw failed;
  }
  written.push(xlsx);
  for (let i = 0; i < csvs.length; i++) {
    await (staged[i] as PromiseFulfilledResult<Staged>).value.commit();
    written.push(csvs[i].file);
  }
  return written;
}
