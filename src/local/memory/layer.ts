// A sparse per-cell attribute (number format, font weight, note…) kept as the list of rectangles it
// was set on, newest last, instead of one entry per cell: formatting a million-row column is one
// entry. Newer rectangles hide older ones; fully hidden ones are dropped and adjacent equal ones
// merged, so the list stays short for the way scripts format sheets.

interface Op<T> {
  r0: number;
  c0: number;
  r1: number; // exclusive
  c1: number; // exclusive
  /** undefined: back to the default. */
  value?: T;
  grid?: Array<Array<T | undefined>>;
}

export type Lookup<T> = (row: number, column: number) => T | undefined;

function intersects<T>(op: Op<T>, r0: number, c0: number, r1: number, c1: number): boolean {
  return op.r0 < r1 && r0 < op.r1 && op.c0 < c1 && c0 < op.c1;
}

/**
 * A copy of a grid through `map`, in which a row equal to the row above shares its copy: a
 * column-formatted table of a million rows is then a million references, not a million arrays.
 */
function copyGrid<S, T>(grid: S[][], map: (value: S) => T): T[][] {
  const out: T[][] = new Array(grid.length);
  let previous: S[] | undefined;
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i];
    if (previous !== undefined && sameRow(previous, row)) {
      out[i] = out[i - 1];
      continue;
    }
    const copy: T[] = new Array(row.length);
    for (let j = 0; j < row.length; j++) copy[j] = map(row[j]);
    out[i] = copy;
    previous = row;
  }
  return out;
}

function sameRow<S>(a: S[], b: S[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

export class Layer<T> {
  private ops: Array<Op<T>> = [];

  /** Sets every cell of the rectangle (0-based) to `value`; undefined resets to the default. */
  fill(r0: number, c0: number, rows: number, columns: number, value: T | undefined): void {
    this.add({ r0, c0, r1: r0 + rows, c1: c0 + columns, value });
  }

  /** Sets the cells from (r0, c0) to the values of a grid (copied); null or undefined entries reset to the default. */
  setGrid(r0: number, c0: number, grid: Array<Array<T | null | undefined>>): void {
    this.add({
      r0,
      c0,
      r1: r0 + grid.length,
      c1: c0 + (grid[0]?.length ?? 0),
      grid: copyGrid(grid, (v) => v ?? undefined),
    });
  }

  clear(): void {
    this.ops = [];
  }

  /** A lookup restricted to a rectangle, or null when nothing inside it was ever set. */
  view(r0: number, c0: number, rows: number, columns: number): Lookup<T> | null {
    const ops = this.ops.filter((op) => intersects(op, r0, c0, r0 + rows, c0 + columns));
    if (ops.length === 0) return null;
    return (r, c) => {
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i];
        if (r >= op.r0 && r < op.r1 && c >= op.c0 && c < op.c1)
          return op.grid ? op.grid[r - op.r0][c - op.c0] : op.value;
      }
      return undefined;
    };
  }

  get(row: number, column: number): T | undefined {
    return this.view(row, column, 1, 1)?.(row, column);
  }

  /** The rectangle's values as a grid, `fallback` where unset. */
  read(r0: number, c0: number, rows: number, columns: number, fallback: T): T[][] {
    const lookup = this.view(r0, c0, rows, columns);
    const out: T[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const row: T[] = new Array(columns);
      for (let j = 0; j < columns; j++) row[j] = lookup?.(r0 + i, c0 + j) ?? fallback;
      out[i] = row;
    }
    return out;
  }

  private add(op: Op<T>): void {
    if (op.r1 <= op.r0 || op.c1 <= op.c0) return;
    this.ops = this.ops.filter((o) => !(o.r0 >= op.r0 && o.r1 <= op.r1 && o.c0 >= op.c0 && o.c1 <= op.c1));
    if (!op.grid && op.value === undefined && !this.ops.some((o) => intersects(o, op.r0, op.c0, op.r1, op.c1))) return;
    const last = this.ops[this.ops.length - 1];
    if (last && !last.grid && !op.grid && last.value === op.value) {
      // Row after row (or cell after cell) with the same value extends the previous rectangle.
      if (last.c0 === op.c0 && last.c1 === op.c1 && last.r1 === op.r0) {
        last.r1 = op.r1;
        return;
      }
      if (last.r0 === op.r0 && last.r1 === op.r1 && last.c1 === op.c0) {
        last.c1 = op.c1;
        return;
      }
    }
    this.ops.push(op);
  }
}
