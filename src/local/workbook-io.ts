// Reading a shop's file into an in-memory spreadsheet and writing a spreadsheet back out, for the
// local runner. Files are loaded untyped, as Sheets' import does with conversion off: CSV cells
// stay text; XLSX cells keep the types Excel stored. Node only (fs, exceljs).

import { isUtf8 } from 'buffer';
import { promises as fs } from 'fs';
import path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import Encoding from 'encoding-japanese';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import {
  asMemorySheet,
  Cell,
  displayCell,
  Formula,
  isDate,
  isDateFormat,
  MemorySheet,
  MemorySpreadsheet,
  MS_PER_DAY,
  SpreadsheetOptions,
} from './memory';

export interface LoadOptions extends SpreadsheetOptions {
  /** CSV only: the tab's name; default the file's name without extension, else 'Sheet1'. */
  sheetName?: string;
  /** CSV only: default ',' ('\t' for .tsv files). */
  delimiter?: string;
}

const hasUtf8Bom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Text of a file from a Japanese shop: UTF-8 (BOM or not), UTF-16LE with BOM, or Shift_JIS/CP932. */
export function decodeText(bytes: Uint8Array): string {
  if (hasUtf8Bom(bytes)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: let encoding-japanese tell the legacy Japanese encodings apart; SJIS covers CP932.
    const detected = Encoding.detect(bytes, ['SJIS', 'EUCJP', 'JIS']);
    return Encoding.convert(bytes, { to: 'UNICODE', from: detected || 'SJIS', type: 'string' });
  }
}

/**
 * The text of decodeText as UTF-8 bytes, which is what csv-parse reads: a valid UTF-8 file is
 * passed as it is, instead of being decoded to a string that csv-parse would encode again.
 */
function utf8Bytes(bytes: Uint8Array): Buffer {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  return isUtf8(body)
    ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    : Buffer.from(decodeText(bytes), 'utf8');
}

/**
 * Rows of a CSV file as the sheet keeps them: each at its exact width (csv-parse grows a record
 * by push, which leaves room for 16 cells), with equal cells of a column sharing one string. A
 * sales column repeats few dates, amounts and products, and a customer on consecutive rows: a
 * million rows then keep a fraction of the strings alive, with their hashes already computed.
 */
class CsvRows {
  readonly rows: string[][] = [];
  /** Per column, its distinct values so far; null once there were too many to be worth it. */
  private readonly known: Array<Map<string, string> | null> = [];
  private previous: string[] = [];

  add(record: string[]): void {
    const row = new Array<string>(record.length);
    for (let j = 0; j < record.length; j++) row[j] = this.shared(j, record[j]);
    this.rows.push(row);
    this.previous = row;
  }

  private shared(column: number, value: string): string {
    const above = this.previous[column];
    if (value === above) return above;
    let known = this.known[column];
    if (known === undefined) known = this.known[column] = new Map();
    if (known === null) return value;
    const seen = known.get(value);
    if (seen !== undefined) return seen;
    known.set(value, value);
    // Customer ids or order numbers: a big map costs more to search than the strings it saves.
    if (known.size >= SHARED_PER_COLUMN) this.known[column] = null;
    return value;
  }
}

/** Distinct values per column looked up in a map; beyond, only a repeat of the row above is shared. */
const SHARED_PER_COLUMN = 1 << 16;
/** Bytes handed to csv-parse at a time, so that its records die young instead of piling up. */
const CSV_CHUNK = 1 << 16;

/**
 * csv-parse over a CSV file (any encoding decodeText reads), handing each record to `onRecord` as
 * it is parsed. The benchmark times this alone, to tell csv-parse's share of loading a file.
 */
export async function parseCsv(
  bytes: Uint8Array,
  delimiter: string,
  onRecord: (record: string[]) => void,
): Promise<void> {
  const input = utf8Bytes(bytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += CSV_CHUNK) chunks.push(input.subarray(i, i + CSV_CHUNK));
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true });
  parser.on('data', onRecord);
  await pipeline(Readable.from(chunks), parser);
}

/** The records of a CSV file, every cell as text. */
async function readCsv(bytes: Uint8Array, delimiter: string): Promise<string[][]> {
  const rows = new CsvRows();
  await parseCsv(bytes, delimiter, (record) => rows.add(record));
  return rows.rows;
}

export async function loadCsv(bytes: Uint8Array, options: LoadOptions = {}): Promise<MemorySpreadsheet> {
  const rows = await readCsv(bytes, options.delimiter ?? ',');
  const ss = new MemorySpreadsheet({ ...options, firstSheetName: options.sheetName ?? options.firstSheetName });
  const [sheet] = ss.inspect(() => ss.getSheets());
  asMemorySheet(sheet).loadRawValues(rows);
  return ss;
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
    const view = ws.views?.[0];
    if (view?.state === 'frozen') {
      sheet.data.frozenRows = view.ySplit ?? 0;
      sheet.data.frozenColumns = view.xSplit ?? 0;
    }
  });
  ss.inspect(() => ss.setActiveSheet(ss.getSheets()[0]));
  return ss;
}

export async function loadWorkbookFile(file: string, options: LoadOptions = {}): Promise<MemorySpreadsheet> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return loadXlsx(await fs.readFile(file), options);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
    const csvOptions = {
      sheetName: path.basename(file, path.extname(file)),
      delimiter: ext === '.csv' ? ',' : '\t',
      ...options,
    };
    return loadCsv(await fs.readFile(file), csvOptions);
  }
  throw new Error(`cannot load ${file}: expected a .csv, .tsv or .xlsx file`);
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
  name
    .replace(/[*?:/\\[\]]/g, '_')
    .replace(/^'|'$/g, '_')
    .replace(/^History$/, 'History_') || 'Sheet';
// Control characters are refused in file names on Windows.
// eslint-disable-next-line no-control-regex
const fileName = (name: string) => name.replace(/[/\\:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+$/, '_') || 'sheet';

/**
 * One style object per number format and weight. exceljs works a cell's style out from its style
 * object and remembers the answer per object, so cells sharing one cost a lookup, where a style
 * object of each cell's own (what setting cell.numFmt or cell.font gives) is rendered and
 * compared anew for each of a million cells. The objects are never changed once handed out.
 */
function sharedStyles(): (numFmt: string, bold: boolean) => Partial<ExcelJS.Style> {
  const byFormat = new Map<string, [Partial<ExcelJS.Style>, Partial<ExcelJS.Style>]>();
  return (numFmt, bold) => {
    let pair = byFormat.get(numFmt);
    if (pair === undefined) {
      const plain: Partial<ExcelJS.Style> = numFmt ? { numFmt } : {};
      pair = [plain, { ...plain, font: { bold: true } }];
      byFormat.set(numFmt, pair);
    }
    return pair[bold ? 1 : 0];
  };
}

async function writeXlsx(sheets: MemorySheet[], file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const names = uniqueNames(
    sheets.map((s) => s.data.name),
    xlsxSheetName,
    31,
  );
  sheets.forEach((sheet, i) => {
    const data = sheet.data;
    const frozen = data.frozenRows > 0 || data.frozenColumns > 0;
    const ws = workbook.addWorksheet(names[i], {
      views: frozen ? [{ state: 'frozen', ySplit: data.frozenRows, xSplit: data.frozenColumns }] : [],
    });
    const lastRow = data.lastRow();
    const lastColumn = data.lastColumn();
    const formats = data.formats.view(0, 0, lastRow, lastColumn);
    const weights = data.weights.view(0, 0, lastRow, lastColumn);
    const styleOf = sharedStyles();
    for (let r = 0; r < lastRow; r++) {
      const values = data.rows[r] ?? [];
      const row = ws.getRow(r + 1);
      for (let c = 0; c < values.length; c++) {
        const v = values[c];
        if (v === '') continue;
        const cell = row.getCell(c + 1);
        const format = formats?.(r, c);
        let numFmt = format !== undefined && format !== '@' ? format : '';
        // Formulas Sheets made of "+…"/"-…" text are errors there and may not parse in Excel: kept as text.
        const formula = data.formulaAt(r, c);
        if (formula !== undefined && formula.startsWith('=')) {
          cell.value = {
            formula: formula.slice(1),
            ...(v !== formula ? { result: v as ExcelJS.CellValue } : {}),
          } as ExcelJS.CellFormulaValue;
        } else if (isDate(v)) {
          // Excel has no time zones: it gets the wall-clock time the sheet shows.
          const wall = data.zone.wall(v.getTime());
          cell.value = new Date(wall);
          numFmt =
            format && isDateFormat(format) ? format : wall % MS_PER_DAY === 0 ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
        } else {
          cell.value = v;
        }
        cell.style = styleOf(numFmt, weights?.(r, c) === 'bold');
      }
      row.commit();
    }
    ws.commit();
  });
  await workbook.commit();
}

function csvOf(sheet: MemorySheet): string {
  const data = sheet.data;
  const lastRow = data.lastRow();
  const lastColumn = data.lastColumn();
  const rows: string[][] = [];
  for (let r = 0; r < lastRow; r++) {
    const values = data.rows[r] ?? [];
    const line: string[] = new Array(lastColumn);
    for (let c = 0; c < lastColumn; c++) {
      const v = values[c];
      line[c] = v === undefined || v === '' ? '' : displayCell(v, undefined, data.zone);
    }
    rows.push(line);
  }
  // The BOM makes Excel read the file as UTF-8 instead of the locale's code page.
  return '\ufeff' + stringify(rows, { record_delimiter: 'windows' });
}

/**
 * Writes outDir/workbook.xlsx with every tab (typed values, formulas, date formats, frozen rows,
 * bold) and outDir/<tab>.csv per tab (UTF-8 with BOM; dates as YYYY-MM-DD, numbers unformatted).
 * Returns the paths written.
 */
export async function saveWorkbook(ss: MemorySpreadsheet, outDir: string): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const sheets = ss.inspect(() => ss.getSheets()).map(asMemorySheet);
  const xlsx = path.join(outDir, 'workbook.xlsx');
  await writeXlsx(sheets, xlsx);
  const written = [xlsx];
  const names = uniqueNames(
    sheets.map((s) => s.data.name),
    fileName,
  );
  for (const [i, sheet] of sheets.entries()) {
    const file = path.join(outDir, `${names[i]}.csv`);
    await fs.writeFile(file, csvOf(sheet), 'utf8');
    written.push(file);
  }
  return written;
}
