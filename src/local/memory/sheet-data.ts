// The storage of one tab: values as an array of row arrays (no object per cell, so a million rows
// stay cheap), or a CSV file's columns until something but a read needs rows (column-store.ts);
// formulas as a sparse map, formatting as sparse layers. Coordinates are 0-based here; the Sheet
// and Range facades translate from Apps Script's 1-based ones.

import { Cell, displayCell, Formula, rawInput, typeInput } from './cells';
import { ColumnStore } from './column-store';
import { isDate } from './env';
import { Layer } from './layer';
import { Zone } from './zone';

// Sheets allows 18,278 columns; a wider stride keeps row * stride + column unique and exact.
const KEY_STRIDE = 32_768;

export interface Rect {
  r0: number;
  c0: number;
  rows: number;
  columns: number;
}

export class SheetData {
  private grid: Array<Cell[] | undefined> = [];
  /** A file's rows not made yet (loadStore): reads are served from it; anything else makes the rows. */
  private store: ColumnStore | null = null;
  readonly formulas = new Map<number, string>();
  /** Formulas without a known value (typed or written by a script): their value cannot be read. */
  readonly unevaluated = new Set<number>();
  readonly formats = new Layer<string>();
  readonly weights = new Layer<string>();
  readonly notes = new Layer<string>();
  readonly backgrounds = new Layer<string>();
  readonly alignments = new Layer<string>();
  readonly wraps = new Layer<boolean>();
  /** Cells with a checkbox (a data validation rule in Sheets: kept by clearFormats, dropped by clear). */
  readonly checkboxes = new Layer<boolean>();
  readonly columnWidths = new Map<number, number>();
  maxRows = 1000;
  maxColumns = 26;
  frozenRows = 0;
  frozenColumns = 0;
  hidden = false;
  filter: (Rect & { token: number }) | null = null;
  private cachedLastColumn: number | null = null;

  constructor(
    public name: string,
    readonly id: number,
    readonly zone: Zone,
  ) {}

  /** The values, a row per array; rows of a loaded file are made on first use. */
  get rows(): Array<Cell[] | undefined> {
    if (this.store !== null) {
      this.grid = this.store.toRows();
      this.store = null;
    }
    return this.grid;
  }

  set rows(rows: Array<Cell[] | undefined>) {
    this.grid = rows;
    this.store = null;
  }

  /** Copies of the values; Dates are new objects made by `newDate` (the caller's realm). */
  read(r0: number, c0: number, rows: number, columns: number, newDate: (ms: number) => Date): Cell[][] {
    if (this.store !== null) return readStore(this.store, r0, c0, rows, columns);
    const out: Cell[][] = new Array(rows);
    const c1 = c0 + columns;
    for (let i = 0; i < rows; i++) {
      const row = this.rows[r0 + i];
      if (row === undefined) {
        out[i] = new Array(columns).fill('');
        continue;
      }
      let copy: Cell[];
      if (row.length >= c1) copy = row.slice(c0, c1);
      else {
        // At the range's exact width: padding a shorter row by push would leave room for 16 more cells.
        copy = new Array<Cell>(columns).fill('');
        for (let j = c0; j < row.length; j++) copy[j - c0] = row[j];
      }
      for (let j = 0; j < columns; j++) {
        const v = copy[j];
        if (typeof v === 'object') copy[j] = newDate(v.getTime());
      }
      out[i] = copy;
    }
    return out;
  }

  /** Writes a grid whose size the caller checked; 'typed' parses strings as a user's typing. */
  write(r0: number, c0: number, grid: unknown[][], mode: 'typed' | 'raw'): void {
    const columns = grid[0]?.length ?? 0;
    // Cells formatted as plain text ('@') keep typed strings as they are, as in Sheets.
    const format = mode === 'typed' ? this.formats.view(r0, c0, grid.length, columns) : null;
    // Cells of one write holding the same instant share one Date (stored Dates are never
    // mutated, and every read hands out copies): a date column of a large table repeats few days.
    const dates = new Map<number, Date>();
    const sharedDate = (time: number): Date => {
      let date = dates.get(time);
      if (date === undefined) dates.set(time, (date = new Date(time)));
      return date;
    };
    for (let i = 0; i < grid.length; i++) {
      const source = grid[i];
      const r = r0 + i;
      const row = this.rowFor(r, c0, c0 + columns);
      for (let j = 0; j < columns; j++) {
        const v = source[j];
        const c = c0 + j;
        let cell: Cell | Formula;
        // A Date given is copied whatever the mode: looked up before a copy is made.
        if (typeof v === 'object' && v !== null && isDate(v)) cell = sharedDate(v.getTime());
        else if (mode === 'raw') cell = rawInput(v);
        else if (typeof v === 'string' && format?.(r, c) === '@') cell = v;
        else {
          cell = typeInput(v, this.zone);
          if (cell instanceof Date) cell = sharedDate(cell.getTime());
        }
        this.put(row, r, c, cell);
      }
    }
  }

  /** Writes one value into every cell of a rectangle (Range.setValue). */
  fill(rect: Rect, value: unknown): void {
    const grid = Array.from({ length: rect.rows }, () => new Array(rect.columns).fill(value));
    this.write(rect.r0, rect.c0, grid, 'typed');
  }

  clearValues(rect: Rect): void {
    const end = Math.min(rect.r0 + rect.rows, this.rows.length);
    for (let r = rect.r0; r < end; r++) {
      const row = this.rows[r];
      if (!row) continue;
      const c1 = Math.min(rect.c0 + rect.columns, row.length);
      for (let c = rect.c0; c < c1; c++) this.put(row, r, c, '');
    }
    this.cachedLastColumn = null;
  }

  clearFormats(rect: Rect): void {
    for (const layer of [this.formats, this.weights, this.backgrounds, this.alignments, this.wraps]) {
      layer.fill(rect.r0, rect.c0, rect.rows, rect.columns, undefined);
    }
  }

  display(r0: number, c0: number, rows: number, columns: number): string[][] {
    const format = this.formats.view(r0, c0, rows, columns);
    // A date column repeats few instants; formatting each once saves most of the work.
    const dates = new Map<string, string>();
    const out: string[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const row = this.rows[r0 + i];
      const line: string[] = new Array(columns);
      for (let j = 0; j < columns; j++) {
        const v = row?.[c0 + j];
        if (v === undefined || v === '') {
          line[j] = '';
          continue;
        }
        const f = format?.(r0 + i, c0 + j);
        if (typeof v !== 'object') {
          line[j] = displayCell(v, f, this.zone);
          continue;
        }
        const key = `${v.getTime()}|${f}`;
        let text = dates.get(key);
        if (text === undefined) dates.set(key, (text = displayCell(v, f, this.zone)));
        line[j] = text;
      }
      out[i] = line;
    }
    return out;
  }

  /** The first formula without a known value in the rectangle, as 'A1-like (row, column)' text; null if none. */
  unevaluatedIn(
    r0: number,
    c0: number,
    rows: number,
    columns: number,
  ): { row: number; column: number; formula: string } | null {
    for (const key of this.unevaluated) {
      const r = Math.floor(key / KEY_STRIDE);
      const c = key % KEY_STRIDE;
      if (r >= r0 && r < r0 + rows && c >= c0 && c < c0 + columns)
        return { row: r + 1, column: c + 1, formula: this.formulas.get(key) ?? '' };
    }
    return null;
  }

  /** The formula of a cell, undefined when it holds none. */
  formulaAt(r: number, c: number): string | undefined {
    return this.formulas.size > 0 ? this.formulas.get(r * KEY_STRIDE + c) : undefined;
  }

  formulasIn(r0: number, c0: number, rows: number, columns: number): string[][] {
    const out: string[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const line: string[] = new Array(columns).fill('');
      if (this.formulas.size > 0) {
        for (let j = 0; j < columns; j++) line[j] = this.formulas.get((r0 + i) * KEY_STRIDE + c0 + j) ?? '';
      }
      out[i] = line;
    }
    return out;
  }

  /**
   * Replaces all values with a file's, untyped. Takes ownership of the arrays (no copy of a
   * million rows); null and undefined become ''.
   */
  loadRaw(values: unknown[][]): void {
    let columns = 0;
    this.formulas.clear();
    this.unevaluated.clear();
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      for (let j = 0; j < row.length; j++) {
        const v = row[j];
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') continue;
        // A formula from a file or fixture keeps its text and the value Sheets computed.
        if (v instanceof Formula)
          this.put(row as Cell[], i, j, new Formula(v.text, v.value === undefined ? undefined : rawInput(v.value)));
        else row[j] = rawInput(v);
      }
      if (row.length > columns) columns = row.length;
    }
    this.rows = values as Cell[][];
    // An imported file's tab is as large as its data (Sheets' import), not the default 1000 × 26.
    this.maxRows = Math.max(1, values.length);
    this.maxColumns = Math.max(1, columns);
    this.cachedLastColumn = null;
  }

  /** Replaces all values with a CSV file's texts, kept as columns until something needs the rows. */
  loadStore(store: ColumnStore): void {
    this.formulas.clear();
    this.unevaluated.clear();
    this.grid = [];
    this.store = store;
    this.maxRows = Math.max(1, store.count);
    this.maxColumns = Math.max(1, store.width);
    this.cachedLastColumn = null;
  }

  /** Cuts the grid to rows × columns (0-based counts), dropping what lies beyond. */
  truncate(rows: number, columns: number): void {
    if (this.rows.length > rows) this.rows.length = rows;
    for (const row of this.rows) if (row && row.length > columns) row.length = columns;
    for (const key of [...this.formulas.keys()]) {
      if (Math.floor(key / KEY_STRIDE) >= rows || key % KEY_STRIDE >= columns) {
        this.formulas.delete(key);
        this.unevaluated.delete(key);
      }
    }
    for (const layer of [
      this.formats,
      this.weights,
      this.notes,
      this.backgrounds,
      this.alignments,
      this.wraps,
      this.checkboxes,
    ]) {
      layer.fill(rows, 0, Math.max(0, this.maxRows - rows), this.maxColumns, undefined);
      layer.fill(0, columns, this.maxRows, Math.max(0, this.maxColumns - columns), undefined);
    }
    if (this.filter && (this.filter.r0 + this.filter.rows > rows || this.filter.c0 + this.filter.columns > columns))
      this.filter = null;
    this.maxRows = rows;
    this.maxColumns = columns;
    this.cachedLastColumn = null;
  }

  clearAll(): void {
    this.rows = [];
    this.formulas.clear();
    this.unevaluated.clear();
    this.cachedLastColumn = null;
  }

  lastRow(): number {
    if (this.store !== null) return this.store.lastRow;
    let r = this.rows.length - 1;
    while (r >= 0 && !this.rows[r]?.some((v) => v !== '')) r--;
    // Trailing empty rows hold nothing; dropping them keeps the next call O(1).
    this.rows.length = r + 1;
    return r + 1;
  }

  lastColumn(): number {
    if (this.store !== null) return this.store.lastColumn;
    if (this.cachedLastColumn === null) {
      let last = 0;
      // Indexed: a for…of over a million rows, run once, makes a million iterator results.
      for (let r = 0; r < this.rows.length; r++) {
        const row = this.rows[r];
        if (!row) continue;
        for (let c = row.length - 1; c >= last; c--) {
          if (row[c] !== '') {
            last = c + 1;
            break;
          }
        }
      }
      this.cachedLastColumn = last;
    }
    return this.cachedLastColumn;
  }

  isFormula(r: number, c: number): boolean {
    return this.formulas.has(r * KEY_STRIDE + c);
  }

  /** Row r, at least `width` cells wide; a new row is left unset from c0, which the caller writes. */
  private rowFor(r: number, c0: number, width: number): Cell[] {
    let row = this.rows[r];
    if (row === undefined) {
      while (this.rows.length < r) this.rows.push(undefined);
      // At its exact width: a row grown by push keeps room for 16 cells.
      row = this.rows[r] = new Array<Cell>(width);
      for (let c = 0; c < c0; c++) row[c] = '';
    }
    while (row.length < width) row.push('');
    if (r >= this.maxRows) this.maxRows = r + 1;
    if (width > this.maxColumns) this.maxColumns = width;
    this.cachedLastColumn = null;
    return row;
  }

  private put(row: Cell[], r: number, c: number, cell: Cell | Formula): void {
    const key = r * KEY_STRIDE + c;
    if (cell instanceof Formula) {
      this.formulas.set(key, cell.text);
      // Without a value the text stands in the row, so that the cell counts as content.
      row[c] = cell.value ?? cell.text;
      if (cell.value === undefined) this.unevaluated.add(key);
      else this.unevaluated.delete(key);
      return;
    }
    row[c] = cell;
    if (this.formulas.size > 0) {
      this.formulas.delete(key);
      this.unevaluated.delete(key);
    }
  }
}

/** SheetData.read over a file's rows not made yet: the same copies, each text shared with the store. */
function readStore(store: ColumnStore, r0: number, c0: number, rows: number, columns: number): Cell[][] {
  const out: Cell[][] = new Array<Cell[]>(rows);
  for (let i = 0; i < rows; i++) {
    const row: Cell[] = new Array<Cell>(columns);
    for (let j = 0; j < columns; j++) row[j] = store.cell(r0 + i, c0 + j);
    out[i] = row;
  }
  return out;
}
