// Named ranges of the in-memory spreadsheet. A name refers to a rectangle of one tab; deleting the
// rows or columns under it breaks it (#REF! in Sheets) until setRange gives it a new place.

import { counted, MemoryEnv } from './env';
import type { MemoryRange, MemorySheet } from './spreadsheet';

type GasRange = GoogleAppsScript.Spreadsheet.Range;

export interface NamedRef {
  name: string;
  /** null once the cells it named were deleted. */
  range: { sheet: MemorySheet; row: number; column: number; numRows: number; numColumns: number } | null;
}

// Sheets' rules for a name: letters (any script), digits and underscores, not starting with a
// digit, at most 250 characters, not TRUE/FALSE, and not a cell reference (A1 or R1C1).
const NAME = /^[\p{L}_][\p{L}\p{N}_]{0,249}$/u;
const CELL_LIKE = /^(?:[A-Za-z]{1,3}\d+|R\d*C\d*)$/i;

export function checkRangeName(env: MemoryEnv, name: unknown): string {
  const text = String(name);
  if (!NAME.test(text) || CELL_LIKE.test(text) || /^(true|false)$/i.test(text))
    throw env.error(`Invalid argument: name (${text})`);
  return text;
}

export function refOf(range: MemoryRange): NonNullable<NamedRef['range']> {
  return {
    sheet: range.sheet,
    row: range.row,
    column: range.column,
    numRows: range.numRows,
    numColumns: range.numColumns,
  };
}

type NamedRangeApi = Pick<GoogleAppsScript.Spreadsheet.NamedRange, 'getName' | 'getRange' | 'setRange' | 'remove'>;

export class MemoryNamedRange implements NamedRangeApi {
  constructor(
    private readonly ref: NamedRef,
    private readonly env: MemoryEnv,
    private readonly removeRef: (ref: NamedRef) => void,
  ) {
    return counted(this, 'NamedRange', env);
  }

  getName(): string {
    return this.ref.name;
  }

  getRange(): GasRange {
    const r = this.ref.range;
    if (!r) throw this.env.error('Range not found');
    return r.sheet.getRange(r.row, r.column, r.numRows, r.numColumns);
  }

  setRange(range: GasRange): GoogleAppsScript.Spreadsheet.NamedRange {
    this.ref.range = refOf(range as unknown as MemoryRange);
    return this as unknown as GoogleAppsScript.Spreadsheet.NamedRange;
  }

  remove(): void {
    this.removeRef(this.ref);
  }
}
