// One analysis of a sales table: find the header, read the rows, label the customers. Shared by
// the monthly analysis, the custom functions and the local runner, so all three agree.

import { ColumnMapping, Field, HeaderMatch, isUsableMapping } from './columns';
import { Day, dayOfDateIn } from './days';
import { isBlankCell } from './cells';
import { orderRulesOf } from './export-profiles';
import { applyMappingOverride, describeMissing, detectHeader, headerCandidate, normalizeHeader } from './headers';
import { Lang } from './labels';
import { OrderRules } from './order-rules';
import { SalesAnalysis, SalesOptions, SalesPass, startSales } from './sales';
import { Thresholds } from './settings';

export interface TableAnalysis {
  header: HeaderMatch;
  /** As of as-of: the customers as they are now. */
  sales: SalesAnalysis;
  /** As of reportAsOf (the report month's last day); `sales` itself when that is as-of. */
  report: SalesAnalysis;
}

export type MappingOverride = Partial<Record<Field, string | number | null>>;

/** A problem with the table as a whole (not one row): shown to the owner as is. */
export class TableError extends Error {
  constructor(
    readonly code: 'no_header' | 'missing_columns' | 'empty',
    readonly missing: Field[] = [],
  ) {
    super(code + (missing.length ? `: ${missing.join(', ')}` : ''));
    this.name = 'TableError';
  }
}

export interface AnalyzeTableInput {
  /** The sheet's values from its first row: the header is searched among the first rows. */
  values: unknown[][];
  /** Sheet row number of values[0] (1 when the read starts at the top). */
  firstRowNumber?: number;
  asOf: Day;
  /** The day the report month is computed as of (≤ asOf); default asOf. */
  reportAsOf?: Day;
  timeZone: string;
  thresholds: Thresholds;
  mappingOverride?: MappingOverride;
  /** The owner's confirmed merges: customer key → the key counted under (merges.ts). */
  aliases?: ReadonlyMap<string, string>;
  /** Told of every used row of the as-of pass (the SQL engines' sales table, src/core/sql). */
  onLine?: SalesOptions['onLine'];
}

/**
 * The header of a table and its columns: detected, or read with the owner's named columns when
 * detection fails (see headerCandidate), then the owner's choices applied over it.
 */
export function findHeader(values: unknown[][], override: MappingOverride = {}): HeaderMatch {
  const named = Object.keys(override).length > 0;
  let header = named ? headerCandidate(values, override) : detectHeader(values);
  if (!header) throw new TableError(named && values.every(isBlankRow) ? 'empty' : 'no_header');
  // Stryker disable next-line ConditionalExpression: without a named column the override is {} and applying it changes nothing
  if (named) header = applyMappingOverride(header, override);
  if (!isUsableMapping(header.mapping)) throw new TableError('missing_columns', describeMissing(header.mapping));
  return header;
}

const isBlankRow = (row: unknown[]): boolean => row.every(isBlankCell);

export function analyzeTable(input: AnalyzeTableInput): TableAnalysis {
  return analyzeTableChunks({ ...input, chunks: [input.values], expectedRows: input.values.length });
}

export interface AnalyzeChunksInput extends Omit<AnalyzeTableInput, 'values'> {
  /**
   * The sheet's values from its first row, in order, in parts (a large sheet read a part at a
   * time); the header is searched in the first part, which should hold at least ten rows.
   */
  chunks: Iterable<unknown[][]>;
  /** Rows expected in all: sizes the pass's arrays. */
  expectedRows?: number;
}

/**
 * analyzeTable over a sheet read in parts: each part is analysed, then may be let go. With a
 * reportAsOf before asOf, each part also feeds a second pass as of that day (its later rows count
 * as future there): the report month's figures come from the very rules the Segments tab uses,
 * for the price of a second pass over rows already read, not a second read of the sheet.
 */
export function analyzeTableChunks(input: AnalyzeChunksInput): TableAnalysis {
  let header: HeaderMatch | null = null;
  let passes: SalesPass[] = [];
  let rowNumber = input.firstRowNumber ?? 1;
  const asOfs =
    input.reportAsOf === undefined || input.reportAsOf >= input.asOf ? [input.asOf] : [input.asOf, input.reportAsOf];
  for (const chunk of input.chunks) {
    if (header === null) {
      const found = findHeader(chunk, input.mappingOverride);
      const dayOf = dayOfDateIn(input.timeZone);
      const orders = orderRulesOfHeader(found);
      const phoneColumns = phoneColumnsOf(found.headers);
      header = found;
      passes = asOfs.map((asOf) =>
        startSales({
          mapping: found.mapping,
          asOf,
          dayOf,
          thresholds: input.thresholds,
          expectedRows: input.expectedRows,
          orders,
          profile: found.profile,
          aliases: input.aliases,
          phoneColumns,
          onLine: asOf === input.asOf ? input.onLine : undefined,
        }),
      );
      for (const pass of passes) pass.add(chunk, rowNumber, found.headerRow + 1);
    } else {
      for (const pass of passes) pass.add(chunk, rowNumber);
    }
    rowNumber += chunk.length;
  }
  if (header === null) {
    findHeader([], input.mappingOverride); // throws the empty sheet's error
    throw new TableError('empty');
  }
  const [sales, report] = passes.map((pass) => pass.finish());
  return { header, sales, report: report ?? sales };
}

/** A recognised export's rules for its orders (export-profiles.ts), its columns found among the headers. */
function orderRulesOfHeader(header: HeaderMatch): OrderRules | undefined {
  const normalized = header.headers.map(normalizeHeader);
  return orderRulesOf(header.profile, header.mapping, (names) => {
    for (const name of names) {
      const column = normalized.indexOf(normalizeHeader(name));
      if (column >= 0) return column;
    }
    return -1;
  });
}

/** A phone column by its header: 電話番号, 携帯, TEL, Phone, Mobile … */
const PHONE_HEADER = /電話|携帯|^tel\b|phone|mobile/i;

/** The columns holding phone numbers (kept for the merge suggestions only). */
export function phoneColumnsOf(headers: readonly string[]): number[] {
  const out: number[] = [];
  headers.forEach((h, i) => {
    if (PHONE_HEADER.test(normalizeHeader(h))) out.push(i);
  });
  return out;
}

/** The output language: the explicit choice, else the headers' language. */
export function langOfTable(header: HeaderMatch, explicit?: Lang | null): Lang {
  return explicit ?? (header.japanese ? 'ja' : 'en');
}

export function mappingSummary(mapping: ColumnMapping, headers: string[]): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [Field, number][]) out[field] = headers[index] ?? '';
  return out;
}
