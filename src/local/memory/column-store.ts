// A tab loaded from a CSV file, kept as columns: each cell is a number (an Int32Array per column)
// into that column's distinct texts. A sales file repeats few dates, amounts and products, and a
// customer on consecutive rows, so a million rows keep a fraction of their texts, and no array per
// row: the garbage collector has millions fewer objects to copy while the file is read, which was
// most of the time a load took. Rows are made when asked for (SheetData.read, or all of them once
// anything else needs the tab).

/** Distinct texts per column looked up in a map; beyond, only a repeat of the row above is shared. */
const SHARED_PER_COLUMN = 1 << 16;

export class ColumnStore {
  /** Rows added. */
  count = 0;
  /** The last row holding a non-empty cell (1-based; 0 for none), as Sheets' getLastRow counts. */
  lastRow = 0;
  /** The last column holding a non-empty cell in any row (1-based; 0 for none). */
  lastColumn = 0;
  /** The widest row's cell count. */
  width = 0;
  private widths: Int32Array;
  /** Per column, each row's index into texts[column] (rows narrower than the column leave theirs unread). */
  private ids: Int32Array[] = [];
  private texts: string[][] = [];
  /** Per column, text → index; null once there were too many to be worth a map. */
  private known: Array<Map<string, number> | null> = [];
  private previous: string[] = [];
  private previousId: number[] = [];

  /** `expectedRows`: about how many rows will be added (the tables grow past it if need be). */
  constructor(expectedRows = 1024) {
    this.widths = new Int32Array(Math.max(16, Math.ceil(expectedRows)));
  }

  /** Adds one record as the next row, each cell as text. */
  add(record: readonly string[]): void {
    const r = this.count++;
    if (r === this.widths.length) this.widths = grown(this.widths);
    const width = record.length;
    this.widths[r] = width;
    if (width > this.width) this.width = width;
    let filled = 0;
    for (let c = 0; c < width; c++) {
      const text = record[c];
      if (c === this.ids.length) this.addColumn();
      let ids = this.ids[c];
      if (r >= ids.length) ids = this.ids[c] = grown(ids, this.widths.length);
      ids[r] = this.idOf(c, text);
      if (text !== '') filled = c + 1;
    }
    if (filled > 0) {
      this.lastRow = r + 1;
      if (filled > this.lastColumn) this.lastColumn = filled;
    }
  }

  /** The text of row r, column c ('' beyond the row). */
  cell(r: number, c: number): string {
    return r < this.count && c < this.widths[r] ? this.texts[c][this.ids[c][r]] : '';
  }

  /** Every row at its own width, as loadRaw would have kept them. */
  toRows(): string[][] {
    const rows: string[][] = new Array<string[]>(this.count);
    for (let r = 0; r < this.count; r++) {
      const row = new Array<string>(this.widths[r]);
      for (let c = 0; c < row.length; c++) row[c] = this.texts[c][this.ids[c][r]];
      rows[r] = row;
    }
    return rows;
  }

  private addColumn(): void {
    this.ids.push(new Int32Array(this.widths.length));
    this.texts.push([]);
    this.known.push(new Map());
    this.previous.push('');
    this.previousId.push(-1);
  }

  /** The index of `text` in column c's texts, added when new (or when the column has too many to look up). */
  private idOf(c: number, text: string): number {
    if (text === this.previous[c] && this.previousId[c] >= 0) return this.previousId[c];
    const known = this.known[c];
    let id = known?.get(text);
    if (id === undefined) {
      const texts = this.texts[c];
      id = texts.length;
      texts.push(text);
      if (known) {
        known.set(text, id);
        // Customer ids or order numbers: a big map costs more to search than the texts it saves.
        if (known.size >= SHARED_PER_COLUMN) this.known[c] = null;
      }
    }
    this.previous[c] = text;
    this.previousId[c] = id;
    return id;
  }
}

/** A copy twice as long (at least `atLeast`), the values kept. */
function grown(values: Int32Array, atLeast = 0): Int32Array {
  const copy = new Int32Array(Math.max(values.length * 2, atLeast, 1024));
  copy.set(values);
  return copy;
}
