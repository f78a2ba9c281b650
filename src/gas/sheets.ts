// Reading and writing tabs with as few Sheets calls as possible: one getValues per read (chunked
// only for very large sheets) and one setValues per tab, whatever the number of rows.

import { Day, midnightIn } from '../core/days';
import { Lang } from '../core/labels';
import { OutCell, OutTable, isDayCell, numberFormatOf } from '../core/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Cells per getValues: 100,000 rows of ten columns come back in one call, larger sheets in chunks. */
export const CELLS_PER_READ = 1_000_000;

/** All values of a sheet from row 1, read in as few calls as the size allows. */
export function readAllValues(sheet: Sheet): unknown[][] {
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  if (lastRow === 0 || lastColumn === 0) return [];
  const rowsPerRead = Math.max(1, Math.floor(CELLS_PER_READ / lastColumn));
  if (lastRow <= rowsPerRead) return sheet.getRange(1, 1, lastRow, lastColumn).getValues();
  const values: unknown[][] = [];
  for (let start = 1; start <= lastRow; start += rowsPerRead) {
    const chunk = sheet.getRange(start, 1, Math.min(rowsPerRead, lastRow - start + 1), lastColumn).getValues();
    for (const row of chunk) values.push(row);
  }
  return values;
}

/**
 * A string headed for a cell, as text whatever it looks like: the leading apostrophe stops
 * Sheets from reading "=HYPERLINK(…)", "+81 90…", "00001" or "2025/1/5" as a formula, number or date.
 */
export function asText(value: string): string {
  return value === '' ? '' : `'${value}`;
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
  return rows.map((row) => {
    const out = new Array(width);
    for (let i = 0; i < width; i++) out[i] = toSheetValue(row[i] ?? null, timeZone, dates);
    return out;
  });
}

export function getOrCreateSheet(ss: Spreadsheet, name: string): Sheet {
  return ss.getSheetByName(name) ?? ss.insertSheet(name);
}

export interface WriteOptions {
  lang: Lang;
  timeZone: string;
  /** Add a filter over the whole table (the Segments tab). */
  filter?: boolean;
}

/**
 * Replaces a tab's content with `table`: one setValues over the old content (padded with blanks
 * where the old was larger), then formatting in a fixed number of calls. The values go first and
 * nothing is cleared before them, so a write that fails leaves the tab as it was — History keeps
 * its months — rather than empty. The header row is frozen and bold.
 */
export function writeTable(ss: Spreadsheet, name: string, table: OutTable, options: WriteOptions): Sheet {
  const sheet = getOrCreateSheet(ss, name);
  const values = toSheetRows(table.rows, options.timeZone);
  const width = values.length > 0 ? values[0].length : 0;
  const height = Math.max(values.length, sheet.getLastRow());
  const fullWidth = Math.max(width, sheet.getLastColumn());
  if (height === 0 || fullWidth === 0) return sheet;
  const full = sheet.getRange(1, 1, height, fullWidth);
  full.setValues(padded(values, height, fullWidth));
  const existing = sheet.getFilter();
  if (existing) existing.remove();
  sheet.clearFormats();
  full.clearNote();
  if (values.length === 0) return sheet;
  const range = sheet.getRange(1, 1, values.length, width);
  sheet.getRange(1, 1, 1, width).setFontWeight('bold');
  sheet.setFrozenRows(1);
  const formats = formatGrid(table, values.length, width, options.lang);
  if (formats) range.setNumberFormats(formats);
  if (table.notes && table.notes.length > 0) {
    const notes = values.map((row) => row.map(() => ''));
    for (const n of table.notes) notes[n.row][n.col] = n.text;
    range.setNotes(notes);
  }
  if (options.filter) range.createFilter();
  sheet.autoResizeColumns(1, width);
  return sheet;
}

/** `values` grown to height × width with empty cells: what is left of the old content is blanked. */
function padded(values: unknown[][], height: number, width: number): unknown[][] {
  if (values.length === height && (values[0]?.length ?? 0) === width) return values;
  const out: unknown[][] = new Array(height);
  for (let r = 0; r < height; r++) {
    const row = values[r] ?? [];
    out[r] = row.length === width ? row : [...row, ...new Array<string>(width - row.length).fill('')];
  }
  return out;
}

/** All number formats of a tab in one grid, so that one call sets them; null when none apply. */
function formatGrid(table: OutTable, height: number, width: number, lang: Lang): string[][] | null {
  if (!table.formats && !table.formatRanges?.length) return null;
  const general = numberFormatOf('general', lang);
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(general));
  if (table.formats) {
    const byColumn = Array.from({ length: width }, (_, i) => numberFormatOf(table.formats?.[i] ?? 'general', lang));
    for (let r = 1; r < height; r++) grid[r] = byColumn.slice();
  }
  for (const block of table.formatRanges ?? []) {
    const format = numberFormatOf(block.format, lang);
    for (let r = block.row; r < Math.min(height, block.row + block.numRows); r++) {
      for (let c = block.col; c < Math.min(width, block.col + block.numCols); c++) grid[r][c] = format;
    }
  }
  return grid;
}
