// The in-memory Spreadsheet, Sheet, Range and Filter. They implement Picks of the real Apps Script
// interfaces so that signatures match; where Apps Script returns one of its full interfaces, the
// facade is cast to it. Storage lives in SheetData; these classes check arguments like Sheets does
// and translate 1-based coordinates. Every method call made from outside is counted (see counted).

import { DEFAULT_NUMBER_FORMAT } from './cells';
import { ChartState, copyChartState, MemoryChart, MemoryChartBuilder, newChartState } from './charts';
import { counted, MemoryEnv } from './env';
import { checkRangeName, MemoryNamedRange, NamedRef, refOf } from './named-ranges';
import { Rect, SheetData } from './sheet-data';
import { Zone } from './zone';

type GasSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GasSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GasRange = GoogleAppsScript.Spreadsheet.Range;
type FontWeight = GoogleAppsScript.Spreadsheet.FontWeight;
type Alignment = 'left' | 'center' | 'normal' | 'right' | null;

export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** Splits "'My tab'!A1:B2" into the tab name (if any) and the A1 part. */
function splitSheetName(a1: string): { sheet: string | null; a1: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(a1);
  return m ? { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], a1: m[3] } : { sheet: null, a1 };
}

/** A1 notation ('B2', 'A1:C3', 'A:C', '2:4', 'A2:C') as a 1-based rectangle of a sheet of that size. */
function parseA1(
  a1: string,
  maxRows: number,
  maxColumns: number,
): { row: number; column: number; numRows: number; numColumns: number } {
  const m = /^\$?([A-Z]*)\$?(\d*)(?::\$?([A-Z]*)\$?(\d*))?$/i.exec(a1.trim());
  const single = m && m[3] === undefined;
  if (!m || (single ? !m[1] || !m[2] : !(m[1] || m[2]) || !(m[3] || m[4]))) throw new Error('Range not found');
  const row = m[2] ? Number(m[2]) : 1;
  const column = m[1] ? columnNumber(m[1]) : 1;
  const lastRow = single ? row : m[4] ? Number(m[4]) : maxRows;
  const lastColumn = single ? column : m[3] ? columnNumber(m[3]) : maxColumns;
  if (row < 1 || lastRow < row || lastColumn < column) throw new Error('Range not found');
  return { row, column, numRows: lastRow - row + 1, numColumns: lastColumn - column + 1 };
}

const NOT_A_GRID = "The parameters (String) don't match the method signature: a two-dimensional array is expected.";

function checkGrid(values: unknown, rows: number, columns: number): asserts values is unknown[][] {
  // Indexed loops over the grid: for…of over a script's (another realm's) arrays makes an
  // iterator result per cell, hundreds of megabytes of garbage for a large tab.
  const grid = values as unknown[];
  if (!Array.isArray(grid)) throw new Error(NOT_A_GRID);
  for (let i = 0; i < grid.length; i++) if (!Array.isArray(grid[i])) throw new Error(NOT_A_GRID);
  if (grid.length !== rows) {
    throw new Error(
      `The number of rows in the data does not match the number of rows in the range. The data has ${grid.length} but the range has ${rows}.`,
    );
  }
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i] as unknown[];
    if (row.length !== columns) {
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${columns}.`,
      );
    }
  }
}

/** Sheets' limits: cells per spreadsheet (all tabs' grids), columns per tab, characters per cell. */
export const MAX_CELLS = 10_000_000;
export const MAX_COLUMNS = 18_278;
export const MAX_CELL_CHARACTERS = 50_000;
const NEW_SHEET_ROWS = 1000;
const NEW_SHEET_COLUMNS = 26;

export interface SpreadsheetOptions {
  name?: string;
  /** IANA zone; default Asia/Tokyo. */
  timeZone?: string;
  /** Default ja_JP. */
  locale?: string;
  id?: string;
  /** Default 'シート1' for Japanese locales, else 'Sheet1', as Sheets names a new file's tab. */
  firstSheetName?: string;
  /**
   * Refuse any single getValues/setValues/format write above this many cells (default: none, as
   * Google documents none): tests set the add-on's own cap to prove it keeps to it.
   */
  maxCellsPerCall?: number;
}

type SpreadsheetApi = Pick<
  GasSpreadsheet,
  | 'getSheets'
  | 'getSheetByName'
  | 'insertSheet'
  | 'deleteSheet'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'getSpreadsheetTimeZone'
  | 'getSpreadsheetLocale'
  | 'getId'
  | 'getName'
  | 'getUrl'
  | 'getRange'
  | 'rename'
  | 'toast'
  | 'setNamedRange'
  | 'getNamedRanges'
  | 'getRangeByName'
  | 'removeNamedRange'
>;

export class MemorySpreadsheet implements SpreadsheetApi {
  readonly env = new MemoryEnv();
  readonly zone: Zone;
  readonly locale: string;
  readonly id: string;
  readonly maxCellsPerCall: number;
  private name: string;
  private readonly sheets: MemorySheet[] = [];
  private readonly names: NamedRef[] = [];
  private active: MemorySheet;

  constructor(options: SpreadsheetOptions = {}) {
    this.zone = Zone.of(options.timeZone ?? 'Asia/Tokyo');
    this.locale = options.locale ?? 'ja_JP';
    this.id = options.id ?? '1MemorySpreadsheet';
    this.name = options.name ?? 'Untitled spreadsheet';
    this.maxCellsPerCall = options.maxCellsPerCall ?? Infinity;
    const self = counted(this, 'Spreadsheet', this.env, ['sheet', 'inspect']);
    this.active = new MemorySheet(
      self,
      new SheetData(options.firstSheetName ?? this.defaultSheetName(1), 0, this.zone),
    );
    this.sheets.push(this.active);
    return self;
  }

  /** Uncounted: the tab named `name` with its test helpers; throws if there is none. */
  sheet(name: string): MemorySheet {
    const sheet = this.sheets.find((s) => s.data.name === name);
    if (!sheet) throw new Error(`no sheet named ${name} (sheets: ${this.sheets.map((s) => s.data.name).join(', ')})`);
    return sheet;
  }

  /** Runs `fn` without counting or faulting the service calls it makes. */
  inspect<T>(fn: () => T): T {
    return this.env.inspect(fn);
  }

  getSheets(): GasSheet[] {
    return this.sheets.slice() as unknown as GasSheet[];
  }

  getSheetByName(name: string): GasSheet | null {
    return (this.sheets.find((s) => s.data.name === name) ?? null) as unknown as GasSheet | null;
  }

  insertSheet(a?: string | number | { template?: GasSheet }, b?: number | { template?: GasSheet }): GasSheet {
    if (typeof a === 'object' || typeof b === 'object')
      throw this.env.error('not implemented in the in-memory spreadsheet: Spreadsheet.insertSheet with a template');
    const name = typeof a === 'string' ? a : this.nextSheetName();
    const index = typeof a === 'number' ? a : typeof b === 'number' ? b : this.sheets.length;
    this.checkNewName(name);
    if (!Number.isInteger(index) || index < 0 || index > this.sheets.length)
      throw this.env.error(`Invalid sheet index: ${index}`);
    this.checkCells(NEW_SHEET_ROWS * NEW_SHEET_COLUMNS);
    const sheet = new MemorySheet(this as MemorySpreadsheet, new SheetData(name, this.env.nextId(), this.zone));
    this.sheets.splice(index, 0, sheet);
    this.active = sheet; // Sheets activates a new tab.
    return sheet as unknown as GasSheet;
  }

  deleteSheet(sheet: GasSheet): void {
    const index = this.sheets.indexOf(sheet as unknown as MemorySheet);
    if (index < 0) throw this.env.error('Sheet not found in this spreadsheet.');
    if (this.sheets.length === 1) throw this.env.error("You can't remove all the sheets in a document.");
    this.sheets.splice(index, 1);
    if (this.active === (sheet as unknown)) this.active = this.sheets[0];
  }

  getActiveSheet(): GasSheet {
    return this.active as unknown as GasSheet;
  }

  setActiveSheet(sheet: GasSheet): GasSheet {
    if (!this.sheets.includes(sheet as unknown as MemorySheet))
      throw this.env.error('Sheet not found in this spreadsheet.');
    this.active = sheet as unknown as MemorySheet;
    return sheet;
  }

  getSpreadsheetTimeZone(): string {
    return this.zone.id;
  }

  getSpreadsheetLocale(): string {
    return this.locale;
  }

  getId(): string {
    return this.id;
  }

  getName(): string {
    return this.name;
  }

  rename(newName: string): void {
    this.name = newName;
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  setNamedRange(name: string, range: GasRange): void {
    const text = checkRangeName(this.env, name);
    if (this.names.some((n) => n.name.toLowerCase() === text.toLowerCase()))
      throw this.env.error(`A named range with the name ${text} already exists.`);
    this.names.push({ name: text, range: refOf(range as unknown as MemoryRange) });
  }

  getNamedRanges(): GoogleAppsScript.Spreadsheet.NamedRange[] {
    return this.names.map(
      (ref) =>
        new MemoryNamedRange(ref, this.env, (r) =>
          this.dropName(r),
        ) as unknown as GoogleAppsScript.Spreadsheet.NamedRange,
    );
  }

  /** The range a name refers to; null for an unknown or broken name. */
  getRangeByName(name: string): GasRange | null {
    const ref = this.names.find((n) => n.name.toLowerCase() === String(name).toLowerCase())?.range;
    return ref ? ref.sheet.getRange(ref.row, ref.column, ref.numRows, ref.numColumns) : null;
  }

  removeNamedRange(name: string): void {
    const ref = this.names.find((n) => n.name.toLowerCase() === String(name).toLowerCase());
    if (ref) this.dropName(ref);
  }

  /** Names over cells that were deleted break, as #REF! in Sheets. */
  breakNamesBeyond(sheet: MemorySheet, rows: number, columns: number): void {
    for (const n of this.names) {
      const r = n.range;
      if (r && r.sheet === sheet && (r.row + r.numRows - 1 > rows || r.column + r.numColumns - 1 > columns))
        n.range = null;
    }
  }

  private dropName(ref: NamedRef): void {
    const index = this.names.indexOf(ref);
    if (index >= 0) this.names.splice(index, 1);
  }

  /** 'A1:B2' on the active tab, "'Tab name'!A1:B2", or a named range's name. */
  getRange(a1Notation: string): GasRange {
    const named = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(a1Notation) ? this.getRangeByName(a1Notation) : null;
    if (named) return named;
    const { sheet, a1 } = splitSheetName(a1Notation);
    const target = sheet === null ? this.active : this.getSheetByName(sheet);
    if (!target) throw this.env.error('Range not found');
    return target.getRange(a1);
  }

  toast(msg: string, title = ''): void {
    this.env.ui.toasts.push({ message: String(msg), title: String(title) });
  }

  /** Cells of every tab's grid (rows × columns), as Sheets counts them against its limit. */
  totalCells(): number {
    let total = 0;
    for (const sheet of this.sheets) total += sheet.data.maxRows * sheet.data.maxColumns;
    return total;
  }

  /** Refuses growing the grids by `more` cells past Sheets' 10,000,000. */
  checkCells(more: number): void {
    if (more > 0 && this.totalCells() + more > MAX_CELLS)
      throw this.env.error(
        `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
      );
  }

  checkNewName(name: string, except?: MemorySheet): void {
    if (this.sheets.some((s) => s !== except && s.data.name.toLowerCase() === name.toLowerCase())) {
      throw this.env.error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
  }

  private defaultSheetName(n: number): string {
    return (this.locale.startsWith('ja') ? 'シート' : 'Sheet') + n;
  }

  private nextSheetName(): string {
    let n = this.sheets.length + 1;
    while (this.sheets.some((s) => s.data.name === this.defaultSheetName(n))) n++;
    return this.defaultSheetName(n);
  }
}

type SheetApi = Pick<
  GasSheet,
  | 'getName'
  | 'setName'
  | 'getSheetId'
  | 'getIndex'
  | 'getParent'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'getRange'
  | 'getDataRange'
  | 'appendRow'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'setFrozenRows'
  | 'getFrozenRows'
  | 'setFrozenColumns'
  | 'getFrozenColumns'
  | 'getFilter'
  | 'autoResizeColumns'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'getColumnWidth'
  | 'newChart'
  | 'insertChart'
  | 'getCharts'
  | 'removeChart'
  | 'updateChart'
  | 'activate'
  | 'isSheetHidden'
  | 'hideSheet'
  | 'showSheet'
  | 'deleteRows'
  | 'deleteColumns'
>;

const DEFAULT_COLUMN_WIDTH = 100;

export class MemorySheet implements SheetApi {
  private charts: ChartState[] = [];

  constructor(
    readonly spreadsheet: MemorySpreadsheet,
    readonly data: SheetData,
  ) {
    return counted(this, 'Sheet', spreadsheet.env, ['loadRawValues', 'peekValues']);
  }

  /** Uncounted file import: replaces the values without typing them (strings stay strings). */
  loadRawValues(values: unknown[][]): void {
    this.data.loadRaw(values);
  }

  /** Uncounted: the values of the data range, for tests. */
  peekValues(): unknown[][] {
    return this.getDataRange().getValues();
  }

  getName(): string {
    return this.data.name;
  }

  setName(name: string): GasSheet {
    this.spreadsheet.checkNewName(name, this);
    this.data.name = name;
    return this.self();
  }

  getSheetId(): number {
    return this.data.id;
  }

  getIndex(): number {
    return this.spreadsheet.getSheets().indexOf(this.self()) + 1;
  }

  getParent(): GasSpreadsheet {
    return this.spreadsheet as unknown as GasSpreadsheet;
  }

  getLastRow(): number {
    return this.data.lastRow();
  }

  getLastColumn(): number {
    return this.data.lastColumn();
  }

  getMaxRows(): number {
    return this.data.maxRows;
  }

  getMaxColumns(): number {
    return this.data.maxColumns;
  }

  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): GasRange {
    if (typeof rowOrA1 === 'string') {
      const { sheet, a1 } = splitSheetName(rowOrA1);
      if (sheet !== null && sheet !== this.data.name) throw this.env.error('Range not found');
      let r;
      try {
        r = parseA1(a1, this.data.maxRows, this.data.maxColumns);
      } catch (e) {
        throw this.env.error((e as Error).message);
      }
      return this.range(r.row, r.column, r.numRows, r.numColumns);
    }
    if (column === undefined)
      throw this.env.error(
        "The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
      );
    for (const [value, what] of [
      [rowOrA1, 'row'],
      [column, 'column'],
      [numRows, 'numRows'],
      [numColumns, 'numColumns'],
    ] as const) {
      if (!Number.isInteger(value)) throw this.env.error(`Invalid argument: ${what} must be an integer, got ${value}`);
    }
    if (rowOrA1 < 1 || column < 1)
      throw this.env.error('The coordinates of the range are outside the dimensions of the sheet.');
    if (numRows < 1) throw this.env.error('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw this.env.error('The number of columns in the range must be at least 1.');
    return this.range(rowOrA1, column, numRows, numColumns);
  }

  getDataRange(): GasRange {
    return this.range(1, 1, Math.max(1, this.data.lastRow()), Math.max(1, this.data.lastColumn()));
  }

  appendRow(rowContents: unknown[]): GasSheet {
    this.grow(this.data.lastRow() + 1, rowContents.length);
    this.data.write(this.data.lastRow(), 0, [rowContents], 'typed');
    return this.self();
  }

  clear(): GasSheet {
    this.data.clearAll();
    this.clearFormats();
    this.data.notes.clear();
    return this.self();
  }

  clearContents(): GasSheet {
    this.data.clearAll();
    return this.self();
  }

  clearFormats(): GasSheet {
    for (const layer of [
      this.data.formats,
      this.data.weights,
      this.data.backgrounds,
      this.data.alignments,
      this.data.wraps,
    ])
      layer.clear();
    return this.self();
  }

  setFrozenRows(rows: number): void {
    this.data.frozenRows = rows;
  }

  getFrozenRows(): number {
    return this.data.frozenRows;
  }

  setFrozenColumns(columns: number): void {
    this.data.frozenColumns = columns;
  }

  getFrozenColumns(): number {
    return this.data.frozenColumns;
  }

  getFilter(): GoogleAppsScript.Spreadsheet.Filter | null {
    return this.data.filter
      ? (new MemoryFilter(this, this.data.filter.token) as unknown as GoogleAppsScript.Spreadsheet.Filter)
      : null;
  }

  /** Widths are not measured: auto-resizing leaves the columns' widths as they are. */
  autoResizeColumns(startColumn: number, numColumns: number): GasSheet {
    this.range(1, startColumn, 1, numColumns);
    // Sheets measures every cell of the columns.
    this.env.clock.chargeCells('Sheet.autoResizeColumns', this.data.lastRow() * numColumns);
    return this.self();
  }

  setColumnWidth(columnPosition: number, width: number): GasSheet {
    this.data.columnWidths.set(columnPosition, width);
    return this.self();
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): GasSheet {
    for (let c = startColumn; c < startColumn + numColumns; c++) this.data.columnWidths.set(c, width);
    return this.self();
  }

  getColumnWidth(columnPosition: number): number {
    return this.data.columnWidths.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH;
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return new MemoryChartBuilder(
      this.env,
      newChartState(),
    ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
  }

  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const state = this.chartState(chart);
    if (state.id === null) state.id = this.env.nextId();
    else if (this.charts.some((c) => c.id === state.id))
      throw this.env.error('This chart is already in the sheet; use updateChart.');
    this.charts.push(copyChartState(state));
  }

  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    return this.charts.map(
      (s) => new MemoryChart(this.env, copyChartState(s)) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChart,
    );
  }

  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const index = this.chartIndex(chart);
    this.charts.splice(index, 1);
  }

  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.charts[this.chartIndex(chart)] = copyChartState(this.chartState(chart));
  }

  activate(): GasSheet {
    this.spreadsheet.setActiveSheet(this.self());
    return this.self();
  }

  isSheetHidden(): boolean {
    return this.data.hidden;
  }

  hideSheet(): GasSheet {
    const visible = this.spreadsheet.getSheets().filter((s) => !s.isSheetHidden());
    if (visible.length === 1 && visible[0] === this.self())
      throw this.env.error("You can't hide all the sheets in a document.");
    this.data.hidden = true;
    return this.self();
  }

  showSheet(): GasSheet {
    this.data.hidden = false;
    return this.self();
  }

  /**
   * Removes rows from the end of the grid (the add-on trims its tabs; rows in the middle would
   * shift formats and notes, which the stand-in does not do).
   */
  deleteRows(rowPosition: number, howMany: number): void {
    const keep = this.kept('rows', rowPosition, howMany, this.data.maxRows, this.data.frozenRows);
    this.spreadsheet.breakNamesBeyond(this, keep, this.data.maxColumns);
    this.data.truncate(keep, this.data.maxColumns);
  }

  /** Removes columns from the right of the grid (see deleteRows). */
  deleteColumns(columnPosition: number, howMany: number): void {
    const keep = this.kept('columns', columnPosition, howMany, this.data.maxColumns, this.data.frozenColumns);
    this.spreadsheet.breakNamesBeyond(this, this.data.maxRows, keep);
    this.data.truncate(this.data.maxRows, keep);
  }

  /** How many rows or columns stay after deleting the last `howMany` from `position`, checked as Sheets does. */
  private kept(what: 'rows' | 'columns', position: number, howMany: number, max: number, frozen: number): number {
    const last = position + howMany - 1;
    if (!Number.isInteger(position) || !Number.isInteger(howMany) || position < 1 || howMany < 1 || last > max)
      throw this.env.error(`Those ${what} are out of bounds.`);
    if (howMany >= max - frozen) throw this.env.error(`Sorry, it is not possible to delete all non-frozen ${what}.`);
    if (last !== max)
      throw this.env.error(`not implemented in the in-memory spreadsheet: deleting ${what} other than the last ones`);
    return position - 1;
  }

  /** Grows the grid to hold a write reaching (lastRow, lastColumn), within Sheets' limits. */
  grow(lastRow: number, lastColumn: number): void {
    const data = this.data;
    if (lastColumn > MAX_COLUMNS)
      throw this.env.error(
        `This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`,
      );
    const rows = Math.max(data.maxRows, lastRow);
    const columns = Math.max(data.maxColumns, lastColumn);
    this.spreadsheet.checkCells(rows * columns - data.maxRows * data.maxColumns);
    data.maxRows = rows;
    data.maxColumns = columns;
  }

  get env(): MemoryEnv {
    return this.spreadsheet.env;
  }

  private range(row: number, column: number, numRows: number, numColumns: number): GasRange {
    return new MemoryRange(this, row, column, numRows, numColumns) as unknown as GasRange;
  }

  private chartState(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): ChartState {
    if (!(chart instanceof MemoryChart)) throw this.env.error('Invalid argument: chart');
    return chart.state;
  }

  private chartIndex(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): number {
    const id = this.chartState(chart).id;
    const index = this.charts.findIndex((c) => c.id === id);
    if (id === null || index < 0) throw this.env.error('The chart was not found in this sheet.');
    return index;
  }

  private self(): GasSheet {
    return this as unknown as GasSheet;
  }
}

type RangeApi = Pick<
  GasRange,
  | 'getValues'
  | 'setValues'
  | 'getValue'
  | 'setValue'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'getFormulas'
  | 'getFormula'
  | 'setFormula'
  | 'setFormulas'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'getNumberFormat'
  | 'getNumberFormats'
  | 'setFontWeight'
  | 'setFontWeights'
  | 'getFontWeight'
  | 'getFontWeights'
  | 'setNote'
  | 'setNotes'
  | 'getNote'
  | 'getNotes'
  | 'clearNote'
  | 'setBackground'
  | 'getBackground'
  | 'getBackgrounds'
  | 'setHorizontalAlignment'
  | 'getHorizontalAlignment'
  | 'getHorizontalAlignments'
  | 'setWrap'
  | 'getWrap'
  | 'getWraps'
  | 'insertCheckboxes'
  | 'createFilter'
  | 'getFilter'
  | 'getRow'
  | 'getColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getA1Notation'
  | 'getSheet'
  | 'offset'
  | 'activate'
  | 'clear'
  | 'clearContent'
  | 'clearFormat'
>;

export class MemoryRange implements RangeApi {
  constructor(
    readonly sheet: MemorySheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    return counted(this, 'Range', sheet.spreadsheet.env);
  }

  /** Copies of the values ('' when empty); a formula cell gives its value, never its text. */
  getValues(): unknown[][] {
    const env = this.sheet.env;
    this.checkEvaluated();
    this.checkSize();
    return this.sheet.data.read(this.row - 1, this.column - 1, this.numRows, this.numColumns, (ms) => env.newDate(ms));
  }

  setValues(values: unknown[][]): GasRange {
    this.checked(values);
    this.checkWrite(values);
    this.sheet.data.write(this.row - 1, this.column - 1, values, 'typed');
    return this.self();
  }

  getValue(): unknown {
    return this.cell().getValues()[0][0];
  }

  /** Like Apps Script, writes the value into every cell of the range. */
  setValue(value: unknown): GasRange {
    this.checkWrite([[value]]);
    this.sheet.data.fill(this.rect(), value);
    return this.self();
  }

  getDisplayValues(): string[][] {
    this.checkEvaluated();
    return this.sheet.data.display(this.row - 1, this.column - 1, this.numRows, this.numColumns);
  }

  getDisplayValue(): string {
    return this.cell().getDisplayValues()[0][0];
  }

  /** The formula of cells that hold one, else ''. getValues gives a formula's value. */
  getFormulas(): string[][] {
    return this.sheet.data.formulasIn(this.row - 1, this.column - 1, this.numRows, this.numColumns);
  }

  getFormula(): string {
    return this.cell().getFormulas()[0][0];
  }

  setFormula(formula: string): GasRange {
    return this.setValue(formula.startsWith('=') ? formula : `=${formula}`);
  }

  setFormulas(formulas: string[][]): GasRange {
    this.checked(formulas);
    return this.setValues(formulas.map((row) => row.map((f) => (f === '' || f.startsWith('=') ? f : `=${f}`))));
  }

  setNumberFormat(numberFormat: string): GasRange {
    this.fillLayer(this.sheet.data.formats, numberFormat);
    return this.self();
  }

  setNumberFormats(numberFormats: string[][]): GasRange {
    this.gridLayer(this.sheet.data.formats, numberFormats);
    return this.self();
  }

  getNumberFormat(): string {
    return this.cell().getNumberFormats()[0][0];
  }

  getNumberFormats(): string[][] {
    return this.readLayer(this.sheet.data.formats, DEFAULT_NUMBER_FORMAT);
  }

  setFontWeight(fontWeight: FontWeight | null): GasRange {
    this.fillLayer(this.sheet.data.weights, fontWeight === 'normal' ? null : fontWeight);
    return this.self();
  }

  setFontWeights(fontWeights: Array<Array<FontWeight | null>>): GasRange {
    this.gridLayer(this.sheet.data.weights, fontWeights);
    return this.self();
  }

  getFontWeight(): FontWeight {
    return this.cell().getFontWeights()[0][0];
  }

  getFontWeights(): FontWeight[][] {
    return this.readLayer(this.sheet.data.weights, 'normal') as FontWeight[][];
  }

  setNote(note: string | null): GasRange {
    this.fillLayer(this.sheet.data.notes, note === '' ? null : note);
    return this.self();
  }

  setNotes(notes: Array<Array<string | null>>): GasRange {
    this.gridLayer(this.sheet.data.notes, notes);
    return this.self();
  }

  getNote(): string {
    return this.cell().getNotes()[0][0];
  }

  getNotes(): string[][] {
    return this.readLayer(this.sheet.data.notes, '');
  }

  clearNote(): GasRange {
    return this.setNote(null);
  }

  setBackground(color: string | null): GasRange {
    this.fillLayer(this.sheet.data.backgrounds, color);
    return this.self();
  }

  getBackground(): string {
    return this.cell().getBackgrounds()[0][0];
  }

  getBackgrounds(): string[][] {
    return this.readLayer(this.sheet.data.backgrounds, '#ffffff');
  }

  setHorizontalAlignment(alignment: Alignment): GasRange {
    this.fillLayer(this.sheet.data.alignments, alignment);
    return this.self();
  }

  getHorizontalAlignment(): string {
    return this.cell().getHorizontalAlignments()[0][0];
  }

  getHorizontalAlignments(): string[][] {
    return this.readLayer(this.sheet.data.alignments, 'general');
  }

  setWrap(isWrapEnabled: boolean): GasRange {
    this.fillLayer(this.sheet.data.wraps, isWrapEnabled);
    return this.self();
  }

  getWrap(): boolean {
    return this.sheet.data.wraps.get(this.row - 1, this.column - 1) ?? false;
  }

  getWraps(): boolean[][] {
    return this.readLayer(this.sheet.data.wraps, false);
  }

  /** Checkboxes (true checked, false not) in every cell, each cell's value set to false as Sheets does. */
  insertCheckboxes(...args: unknown[]): GasRange {
    if (args.length > 0)
      throw this.sheet.env.error('not implemented in the in-memory spreadsheet: Range.insertCheckboxes with values');
    this.setValues(Array.from({ length: this.numRows }, () => new Array(this.numColumns).fill(false)));
    this.fillLayer(this.sheet.data.checkboxes, true);
    return this.self();
  }

  /** Whether the top-left cell has a checkbox (for tests; Sheets tells it through getDataValidation). */
  hasCheckbox(): boolean {
    return this.sheet.data.checkboxes.get(this.row - 1, this.column - 1) ?? false;
  }

  createFilter(): GoogleAppsScript.Spreadsheet.Filter {
    const data = this.sheet.data;
    if (data.filter) throw this.sheet.env.error("You can't create a filter in a sheet that already has a filter.");
    data.filter = { ...this.rect(), token: this.sheet.env.nextId() };
    this.sheet.env.clock.chargeCells('Range.createFilter', this.numRows * this.numColumns);
    return this.sheet.getFilter() as GoogleAppsScript.Spreadsheet.Filter;
  }

  getFilter(): GoogleAppsScript.Spreadsheet.Filter | null {
    return this.sheet.getFilter();
  }

  getRow(): number {
    return this.row;
  }

  getColumn(): number {
    return this.column;
  }

  getNumRows(): number {
    return this.numRows;
  }

  getNumColumns(): number {
    return this.numColumns;
  }

  getLastRow(): number {
    return this.row + this.numRows - 1;
  }

  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }

  getA1Notation(): string {
    const start = columnLetters(this.column) + this.row;
    return this.numRows === 1 && this.numColumns === 1
      ? start
      : `${start}:${columnLetters(this.getLastColumn())}${this.getLastRow()}`;
  }

  getSheet(): GasSheet {
    return this.sheet as unknown as GasSheet;
  }

  offset(rowOffset: number, columnOffset: number, numRows = this.numRows, numColumns = this.numColumns): GasRange {
    return this.sheet.getRange(this.row + rowOffset, this.column + columnOffset, numRows, numColumns);
  }

  activate(): GasRange {
    this.sheet.activate();
    return this.self();
  }

  clear(): GasRange {
    this.clearContent();
    this.clearFormat();
    this.fillLayer(this.sheet.data.checkboxes, null); // clear() drops data validation rules too
    return this.clearNote();
  }

  clearContent(): GasRange {
    this.sheet.data.clearValues(this.rect());
    return this.self();
  }

  clearFormat(): GasRange {
    this.sheet.data.clearFormats(this.rect());
    return this.self();
  }

  /** Refuses a call over more cells than the spreadsheet's maxCellsPerCall. */
  private checkSize(): void {
    const cells = this.numRows * this.numColumns;
    if (cells > this.sheet.spreadsheet.maxCellsPerCall)
      throw this.sheet.env.error(
        `The stand-in's cap of ${this.sheet.spreadsheet.maxCellsPerCall} cells per call was passed: ${cells} cells (${this.getA1Notation()}).`,
      );
  }

  /** A write: its size, each text's length (50,000 characters at most), and the grid it needs. */
  private checkWrite(values: unknown[][]): void {
    this.checkSize();
    // Indexed, not for…of: see checkGrid.
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      for (let j = 0; j < row.length; j++) {
        const v = row[j];
        if (typeof v === 'string' && v.length > MAX_CELL_CHARACTERS)
          throw this.sheet.env.error(
            `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
          );
      }
    }
    this.sheet.grow(this.getLastRow(), this.getLastColumn());
  }

  /** Sheets would compute the value; the stand-in cannot, so it refuses rather than guess. */
  private checkEvaluated(): void {
    const found = this.sheet.data.unevaluatedIn(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    if (found)
      throw this.sheet.env.error(
        `not implemented in the in-memory spreadsheet: the value of the formula ${found.formula} at ${columnLetters(found.column)}${found.row} (it computes no formula; load the cell as new Formula(text, value))`,
      );
  }

  private rect(): Rect {
    return { r0: this.row - 1, c0: this.column - 1, rows: this.numRows, columns: this.numColumns };
  }

  private cell(): MemoryRange {
    return new MemoryRange(this.sheet, this.row, this.column, 1, 1);
  }

  private checked(values: unknown): void {
    try {
      checkGrid(values, this.numRows, this.numColumns);
    } catch (e) {
      throw this.sheet.env.error((e as Error).message);
    }
  }

  private fillLayer<T>(
    layer: { fill(r0: number, c0: number, rows: number, columns: number, value: T | undefined): void },
    value: T | null,
  ): void {
    layer.fill(this.row - 1, this.column - 1, this.numRows, this.numColumns, value ?? undefined);
  }

  private gridLayer<T>(
    layer: { setGrid(r0: number, c0: number, grid: Array<Array<T | null>>): void },
    grid: Array<Array<T | null>>,
  ): void {
    this.checked(grid);
    this.checkSize();
    layer.setGrid(this.row - 1, this.column - 1, grid);
  }

  private readLayer<T>(
    layer: { read(r0: number, c0: number, rows: number, columns: number, fallback: T): T[][] },
    fallback: T,
  ): T[][] {
    return layer.read(this.row - 1, this.column - 1, this.numRows, this.numColumns, fallback);
  }

  private self(): GasRange {
    return this as unknown as GasRange;
  }
}

type FilterApi = Pick<GoogleAppsScript.Spreadsheet.Filter, 'getRange' | 'remove'>;

export class MemoryFilter implements FilterApi {
  constructor(
    private readonly sheet: MemorySheet,
    private readonly token: number,
  ) {
    return counted(this, 'Filter', sheet.spreadsheet.env);
  }

  getRange(): GasRange {
    const f = this.current();
    return this.sheet.getRange(f.r0 + 1, f.c0 + 1, f.rows, f.columns);
  }

  remove(): void {
    this.current();
    this.sheet.data.filter = null;
  }

  private current(): Rect {
    const filter = this.sheet.data.filter;
    if (!filter || filter.token !== this.token) throw this.sheet.env.error('This filter has been removed.');
    return filter;
  }
}

/** The facade behind a Sheet returned by the in-memory spreadsheet, for its test helpers. */
export function asMemorySheet(sheet: GasSheet | MemorySheet): MemorySheet {
  if (!(sheet instanceof MemorySheet)) throw new Error('not a sheet of the in-memory spreadsheet');
  return sheet;
}
