// Reading and writing tabs with as few Sheets calls as possible: one getValues per read (chunked
// only for very large sheets) and one setValues per tab, whatever the number of rows.

import { Day, midnightIn } from '../core/days';
import { Lang } from '../core/labels';
import { ColumnFormat, OutCell, OutTable, TableSource, isDayCell, numberFormatOf } from '../core/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * Cells per getValues or setValues: 100,000 rows of ten columns move in one call; larger tabs
 * move in parts of this size, so no call carries more than a million cells.
 */
export const CELLS_PER_CALL = 1_000_000;
/** The header is searched among the first rows: the first part read always holds them. */
const MIN_ROWS_PER_READ = 10;

/** A sheet's values from row 1, a part of at most CELLS_PER_CALL cells per getValues. */
export function* valueChunks(sheet: Sheet): Generator<unknown[][], void, undefined> {
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  if (lastRow === 0 || lastColumn === 0) return;
  const rowsPerRead = Math.max(MIN_ROWS_PER_READ, Math.floor(CELLS_PER_CALL / lastColumn));
  for (let start = 1; start <= lastRow; start += rowsPerRead) {
    yield sheet.getRange(start, 1, Math.min(rowsPerRead, lastRow - start + 1), lastColumn).getValues();
  }
}

/** All values of a sheet from row 1 (for tabs that are small: History, Templates, the log). */
export function readAllValues(sheet: Sheet): unknown[][] {
  const chunks = [...valueChunks(sheet)];
  return chunks.length === 1 ? chunks[0] : ([] as unknown[][]).concat(...chunks);
}

/**
 * A string headed for a cell, as text whatever it looks like: the leading apostrophe stops
 * Sheets from reading "=HYPERLINK(…)", "+81 90…", "00001", "TRUE" or "2025/1/5" as a formula,
 * number, boolean or date. Text Sheets cannot read as anything else (most names, labels and
 * products) goes as it is: an apostrophe would cost a string per cell for nothing.
 */
export function asText(value: string): string {
  return value === '' || cannotBeMisread(value) ? value : `'${value}`;
}

/**
 * True for text that Sheets keeps as text when typed: no digit (ASCII or full-width), not
 * starting with a sign, '=', '@', '#' (an error literal), an apostrophe or a space, and not a
 * boolean. Anything else is treated as risky.
 */
function cannotBeMisread(value: string): boolean {
  const first = value.charCodeAt(0);
  // = + - @ # ' and whitespace or control characters first
  if (
    first <= 32 ||
    first === 0x3d ||
    first === 0x2b ||
    first === 0x2d ||
    first === 0x40 ||
    first === 0x23 ||
    first === 0x27
  )
    return false;
  if (first === 0x3000 || first === 0xfeff || first === 0xa0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) return false;
  }
  // Only text starting with t or f (either case), or with a space trim() removes, can be a
  // boolean: other text (every label of a Segments row) is settled without a trimmed copy.
  const lead = first | 0x20;
  if (value.length > 12 || (lead !== 0x74 && lead !== 0x66 && !isUnicodeSpace(first))) return true;
  // Trimmed: whether Sheets reads "TRUE " as a boolean is not worth finding out.
  const lower = value.trim().toLowerCase();
  return lower !== 'true' && lower !== 'false';
}

/** The spaces above U+00A0 that String.prototype.trim removes, but U+3000 and U+FEFF (handled apart). */
function isUnicodeSpace(code: number): boolean {
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f
  );
}

export function toSheetValue(cell: OutCell, timeZone: string, dates: Map<Day, Date>): unknown {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return asText(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : '';
  if (isDayCell(cell)) {
    let date = dates.get(cell.day);
    if (!date) {
      date = midnightIn(cell.day, timeZone);
      dates.set(cell.day, date);
    }
    return date;
  }
  return cell;
}

export function toSheetRows(rows: OutCell[][], timeZone: string): unknown[][] {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const dates = new Map<Day, Date>();
  return rows.map((row) => toSheetRow(row, width, timeZone, dates));
}

function toSheetRow(row: OutCell[], width: number, timeZone: string, dates: Map<Day, Date>): unknown[] {
  const out = new Array(width);
  for (let i = 0; i < width; i++) out[i] = toSheetValue(row[i] ?? null, timeZone, dates);
  return out;
}

/**
 * A table's rows as sheet values, converted in place: the writers below own the tables they are
 * given (each is built to be written once), and a Segments tab of 300,000 customers then costs no
 * second array per row.
 */
function toSheetRowsInPlace(
  rows: OutCell[][],
  from: number,
  to: number,
  width: number,
  timeZone: string,
  dates: Map<Day, Date>,
): unknown[][] {
  for (let r = from; r < to; r++) {
    const row = rows[r] as unknown[];
    for (let i = 0; i < width; i++) row[i] = toSheetValue((row[i] ?? null) as OutCell, timeZone, dates);
  }
  return rows.slice(from, to);
}

export function getOrCreateSheet(ss: Spreadsheet, name: string): Sheet {
  return ss.getSheetByName(name) ?? ss.insertSheet(name);
}

export interface WriteOptions {
  lang: Lang;
  timeZone: string;
  /** Add a filter over the whole table (the Segments tab). */
  filter?: boolean;
  /** Cut the columns to the table's width; else the tab keeps Sheets' default 26 (room for charts). */
  fitColumns?: boolean;
}

/** Tabs taller than this get fixed column widths: autoResizeColumns costs time per row. */
export const AUTO_RESIZE_MAX_ROWS = 5_000;
const FIXED_COLUMN_WIDTH = 120;
/** Sheets' default width of a new tab; writeTable leaves that many columns (charts sit beside the Summary). */
const DEFAULT_COLUMNS = 26;

/**
 * Cuts a tab's grid to what it uses: a spreadsheet holds 10,000,000 cells at most, and a new tab
 * starts at 1000 × 26. Deleting the rows and columns past the table also removes what a larger
 * earlier run left there, so no write ever covers the old size. A frozen header keeps one row
 * below it (Sheets refuses to delete every unfrozen row).
 */
function fitGrid(sheet: Sheet, rows: number, columns: number): void {
  const keepRows = Math.max(rows, 2);
  const maxRows = sheet.getMaxRows();
  if (maxRows > keepRows) sheet.deleteRows(keepRows + 1, maxRows - keepRows);
  fitColumns(sheet, columns);
}

/** The columns past `columns` removed: before a large tab grows, so that it grows only as wide as it is. */
function fitColumns(sheet: Sheet, columns: number): void {
  const keepColumns = Math.max(columns, 1);
  const maxColumns = sheet.getMaxColumns();
  if (maxColumns > keepColumns) sheet.deleteColumns(keepColumns + 1, maxColumns - keepColumns);
}

/** Column widths to the content on small tabs; fixed widths on large ones (see AUTO_RESIZE_MAX_ROWS). */
function sizeColumns(sheet: Sheet, rows: number, width: number): void {
  if (rows <= AUTO_RESIZE_MAX_ROWS) sheet.autoResizeColumns(1, width);
  else sheet.setColumnWidths(1, width, FIXED_COLUMN_WIDTH);
}

/** The table's own widths and wrapped columns (OutTable.columnWidths), else sizeColumns. */
function layoutColumns(sheet: Sheet, table: OutTable, rows: number, width: number): void {
  const widths = table.columnWidths;
  if (!widths) return sizeColumns(sheet, rows, width);
  widths.slice(0, width).forEach((px, c) => sheet.setColumnWidth(c + 1, px));
  if (rows > 1) for (const c of table.wrapColumns ?? []) sheet.getRange(2, c + 1, rows - 1, 1).setWrap(true);
}

/** The header row bold, and the table's other heading rows: one call either way. */
function boldHeadings(sheet: Sheet, table: OutTable, height: number, width: number): void {
  const rows = table.boldRows;
  if (!rows || rows.length === 0) {
    sheet.getRange(1, 1, 1, width).setFontWeight('bold');
    return;
  }
  const bold = new Set([0, ...rows]);
  const weights = Array.from({ length: height }, (_, r) =>
    new Array<'bold' | null>(width).fill(bold.has(r) ? 'bold' : null),
  );
  sheet.getRange(1, 1, height, width).setFontWeights(weights);
}

/**
 * Replaces a tab's content with `table`: one setValues of the table, then the grid cut to it
 * (see fitGrid) and formatting in a fixed number of calls. The values go first and nothing is
 * cleared before them, so a write that fails leaves the tab as it was — History keeps its months —
 * rather than empty. The header row is frozen and bold. The table's rows become the sheet's values
 * in place (see toSheetRowsInPlace): pass a table built for this write.
 */
export function writeTable(ss: Spreadsheet, name: string, table: OutTable, options: WriteOptions): Sheet {
  const sheet = getOrCreateSheet(ss, name);
  const width = table.rows.reduce((w, r) => Math.max(w, r.length), 0);
  const values = toSheetRowsInPlace(table.rows, 0, table.rows.length, width, options.timeZone, new Map());
  if (values.length === 0 || width === 0) {
    sheet.clear();
    return sheet;
  }
  const range = sheet.getRange(1, 1, values.length, width);
  range.setValues(values);
  const existing = sheet.getFilter();
  if (existing) existing.remove();
  sheet.clearFormats();
  fitGrid(sheet, values.length, options.fitColumns ? width : Math.max(width, DEFAULT_COLUMNS));
  // Columns kept beside the table lose what an earlier, wider content left there.
  const lastColumn = sheet.getLastColumn();
  if (lastColumn > width) sheet.getRange(1, width + 1, values.length, lastColumn - width).clearContent();
  range.clearNote();
  boldHeadings(sheet, table, values.length, width);
  sheet.setFrozenRows(1);
  const formats = formatGrid(table, values.length, width, options.lang);
  if (formats) range.setNumberFormats(formats);
  if (table.notes && table.notes.length > 0) {
    const notes = values.map((row) => row.map(() => ''));
    for (const n of table.notes) notes[n.row][n.col] = n.text;
    range.setNotes(notes);
  }
  if (options.filter) range.createFilter();
  layoutColumns(sheet, table, values.length, width);
  return sheet;
}

export interface BlockWrite {
  sheet: Sheet;
  /** Rows of the table (header included) on the tab so far. */
  rowsWritten: number;
  /** All rows are in and the tab is formatted. */
  done: boolean;
}

/**
 * writeTable for a table that may not fit one call, or one execution: above CELLS_PER_CALL cells
 * the rows are made and written in parts from `fromRow` (0 to start; a later execution passes the
 * rowsWritten it was given), and before each part `pace` may end this execution's share.
 * Formatting follows the last part. A table that fits one call is written by writeTable, in the
 * same calls as ever.
 */
export interface BlockPace {
  /** Asked before each part: true ends this execution's share. */
  shouldStop(): boolean;
  /** Told after each part is in (and, after the last, once the tab is finished): rows now on the tab. */
  written(rowsWritten: number): void;
}

export function writeTableInBlocks(
  ss: Spreadsheet,
  name: string,
  source: TableSource,
  options: WriteOptions,
  fromRow: number,
  pace: BlockPace,
): BlockWrite {
  const { count, width } = source;
  // Rows said to be written that are no longer there (the tab was deleted or cut): start again.
  if (fromRow > 0 && (ss.getSheetByName(name)?.getLastRow() ?? 0) < Math.min(fromRow, count)) fromRow = 0;
  // Every row written: done, unless the call that wrote the last part left the filter to this one.
  const filterPending = fromRow >= count && options.filter === true && !hasFilterOver(ss.getSheetByName(name), source);
  if (fromRow >= count && !filterPending) return { sheet: getOrCreateSheet(ss, name), rowsWritten: count, done: true };
  if (pace.shouldStop()) return { sheet: getOrCreateSheet(ss, name), rowsWritten: Math.max(0, fromRow), done: false };
  if (fromRow <= 0 && count * width <= CELLS_PER_CALL) {
    return {
      sheet: writeTable(
        ss,
        name,
        { rows: source.rows(0, count), formats: source.formats },
        { ...options, fitColumns: true },
      ),
      rowsWritten: count,
      done: true,
    };
  }
  const sheet = getOrCreateSheet(ss, name);
  const rowsPerWrite = Math.max(1, Math.floor(CELLS_PER_CALL / width));
  if (fromRow <= 0) {
    // The rows beneath will be written over: old formats, notes and the filter go first.
    const existing = sheet.getFilter();
    if (existing) existing.remove();
    sheet.clearFormats();
    const [oldRows, oldColumns] = [sheet.getLastRow(), sheet.getLastColumn()];
    if (oldRows > 0 && oldColumns > 0) sheet.getRange(1, 1, oldRows, oldColumns).clearNote();
    // A new tab is 26 columns wide: 300,000 rows of it would be 7.8 of Sheets' 10 million cells.
    fitColumns(sheet, width);
  }
  const formats = source.formats ? columnFormats(source.formats, width, options.lang) : null;
  const dates = new Map<Day, Date>();
  for (let start = Math.max(0, fromRow); start < count; start += rowsPerWrite) {
    if (start > Math.max(0, fromRow) && pace.shouldStop()) return { sheet, rowsWritten: start, done: false };
    const end = Math.min(count, start + rowsPerWrite);
    const rows = source.rows(start, end);
    const values = toSheetRowsInPlace(rows, 0, rows.length, width, options.timeZone, dates);
    const range = sheet.getRange(start + 1, 1, end - start, width);
    range.setValues(values);
    if (formats) range.setNumberFormats(values.map((_, i) => (start + i === 0 ? formats.header : formats.body)));
    // The last part is reported once the tab is finished below: a tab said to be whole is formatted.
    if (end < count) pace.written(end);
  }
  // The filter costs time per row too: it is paced like a part, so an execution short of time
  // leaves it to the next call, which resumes at `count` and only finishes the tab.
  if (options.filter && count > Math.max(0, fromRow) && pace.shouldStop())
    return { sheet, rowsWritten: count, done: false };
  // What is left of older, larger content goes with the grid past the table, then the tab is
  // finished as writeTable does.
  fitGrid(sheet, count, width);
  sheet.getRange(1, 1, 1, width).setFontWeight('bold');
  sheet.setFrozenRows(1);
  if (options.filter) {
    // The owner may have filtered the half-written tab between two executions.
    sheet.getFilter()?.remove();
    sheet.getRange(1, 1, count, width).createFilter();
  }
  sizeColumns(sheet, count, width);
  pace.written(count);
  return { sheet, rowsWritten: count, done: true };
}

/** Whether the tab's filter covers the whole table (not the owner's, over a half-written one). */
function hasFilterOver(sheet: Sheet | null, source: TableSource): boolean {
  const range = sheet?.getFilter()?.getRange();
  return !!range && range.getNumRows() === source.count && range.getNumColumns() === source.width;
}

/** The header's and the body's number formats. */
function columnFormats(formats: ColumnFormat[], width: number, lang: Lang): { header: string[]; body: string[] } {
  const header = new Array<string>(width).fill(numberFormatOf('general', lang));
  const body = Array.from({ length: width }, (_, i) => numberFormatOf(formats[i] ?? 'general', lang));
  return { header, body };
}

/**
 * All number formats of a tab in one grid, so that one call sets them; null when none apply.
 * Rows that no block changes share one array (Sheets reads the grid; nothing writes to it).
 */
function formatGrid(table: OutTable, height: number, width: number, lang: Lang): string[][] | null {
  if (!table.formats && !table.formatRanges?.length) return null;
  const general = new Array<string>(width).fill(numberFormatOf('general', lang));
  const body = table.formats
    ? Array.from({ length: width }, (_, i) => numberFormatOf(table.formats?.[i] ?? 'general', lang))
    : general;
  const grid: string[][] = new Array(height);
  grid[0] = general;
  for (let r = 1; r < height; r++) grid[r] = body;
  for (const block of table.formatRanges ?? []) {
    const format = numberFormatOf(block.format, lang);
    for (let r = block.row; r < Math.min(height, block.row + block.numRows); r++) {
      if (grid[r] === general || grid[r] === body) grid[r] = grid[r].slice();
      for (let c = block.col; c < Math.min(width, block.col + block.numCols); c++) grid[r][c] = format;
    }
  }
  return grid;
}
