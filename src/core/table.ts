// A tab's content as the core produces it, before an adapter writes it. Strings are always text
// (the adapter makes sure Sheets never reads them as formulas, numbers or dates); a DayCell is a
// date the add-on computed, written as a real date in the spreadsheet's time zone.

import { isDate } from './cells';
import { Day } from './days';
import { Lang } from './labels';

export interface DayCell {
  readonly day: Day;
}

export type OutCell = string | number | boolean | Date | DayCell | null;

export type ColumnFormat = 'text' | 'integer' | 'money' | 'decimal' | 'percent' | 'date' | 'general';

export interface OutTable {
  rows: OutCell[][];
  /** Per column, applied below the header row. */
  formats?: ColumnFormat[];
  /** Formats of blocks of cells (0-based), applied after the column formats. */
  formatRanges?: { row: number; col: number; numRows: number; numCols: number; format: ColumnFormat }[];
  /** Cell notes (0-based row/col within rows). */
  notes?: { row: number; col: number; text: string }[];
  /** Rows (0-based) shown bold besides the header row: a tab of several blocks marks their headings. */
  boldRows?: number[];
  /**
   * Fixed widths in pixels, one per column, instead of fitting the columns to their content: a
   * column of sentences fitted to its longest would be wider than the screen.
   */
  columnWidths?: number[];
  /** Columns (0-based) whose text wraps within its width, below the first row. */
  wrapColumns?: number[];
}

/**
 * A table whose rows are made on demand, a part at a time, for tabs too large to hold whole (the
 * Segments tab of a third of a million customers): what a writer is given dies with its part.
 */
export interface TableSource {
  /** Rows in all, the header included. */
  count: number;
  /** Cells per row (the widest). */
  width: number;
  /** Per column, applied below the header row. */
  formats?: ColumnFormat[];
  /** Rows [from, to), made for this call: the caller may change them. */
  rows(from: number, to: number): OutCell[][];
}

/** A table that is already whole, as a TableSource (its notes and format blocks are not carried). */
export function tableSource(table: OutTable): TableSource {
  return {
    count: table.rows.length,
    width: table.rows.reduce((w, r) => Math.max(w, r.length), 0),
    formats: table.formats,
    rows: (from, to) => table.rows.slice(from, to),
  };
}

export function isDayCell(value: unknown): value is DayCell {
  // Stryker disable next-line ConditionalExpression: a number's or a string's .day is undefined
  return typeof value === 'object' && value !== null && typeof (value as DayCell).day === 'number' && !isDate(value);
}

/** One DayCell per day, shared: a Segments tab has two dates per customer but few distinct days. */
const DAY_CELLS = new Map<Day, DayCell>();
const MAX_SHARED_DAY_CELLS = 100_000;

export function dayCell(day: Day | null): DayCell | null {
  if (day === null) return null;
  let cell = DAY_CELLS.get(day);
  if (cell === undefined) {
    cell = Object.freeze({ day });
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only caps memory
    if (DAY_CELLS.size < MAX_SHARED_DAY_CELLS) DAY_CELLS.set(day, cell);
  }
  return cell;
}

/**
 * Number formats in Sheets' pattern language, by language (yen has no decimals). Text columns keep
 * the default format: their values are written with a leading apostrophe, which a plain-text
 * format would keep as a visible character.
 */
export function numberFormatOf(format: ColumnFormat, lang: Lang): string {
  switch (format) {
    case 'integer':
      return '#,##0';
    case 'money':
      return lang === 'ja' ? '#,##0' : '#,##0.00';
    case 'decimal':
      return '#,##0.0';
    case 'percent':
      return '0.0%';
    case 'date':
      return 'yyyy-mm-dd';
    default:
      return 'General';
  }
}
