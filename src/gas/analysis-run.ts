// The monthly analysis, split into steps so that the sidebar can show progress and a failure in a
// late step leaves the tabs written by earlier steps intact. Each step is its own execution;
// what later steps need is passed on through the document cache, and recomputed if it expired.

import { MappingOverride, TableAnalysis, TableError, analyzeTable, langOfTable } from '../core/analysis';
import { parseIsoDay, formatDay } from '../core/days';
import { detectHeader } from '../core/headers';
import { Lang } from '../core/labels';
import { rejectedTabName, rejectedTable, segmentsTabName, segmentsTable } from '../core/customer-tables';
import { resolveThresholds } from '../core/settings';
import { STAGES, STATUSES, SEGMENTS } from '../core/stages';
import { SheetContext, sheetContext } from './context';
import { withDocumentLock } from './lock';
import { loadSettings } from './settings-store';
import { readAllValues, writeTable } from './sheets';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** What the sidebar (or the local runner) asks for; everything optional. */
export interface AnalysisOptions {
  /** YYYY-MM-DD; default today in the spreadsheet's time zone. */
  asOf?: string;
  /** Output language; default the spreadsheet's locale, 'auto' = the headers' language. */
  lang?: Lang | 'auto';
  /** Name of the sales sheet; default: detected. */
  sheet?: string;
  mapping?: MappingOverride;
  thresholds?: Record<string, unknown>;
}

export const ANALYSIS_STEPS = ['analyse'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

export interface AnalysisCard {
  asOf: string;
  lang: Lang;
  salesSheet: string;
  rows: { rows: number; used: number; rejected: number; future: number; blank: number };
  customers: number;
  stageCounts: Record<string, number>;
  statusCounts: Record<string, number>;
  segmentCounts: Record<string, number>;
  tabs: { name: string; sheetId: number }[];
}

export interface StepResult {
  step: AnalysisStep;
  next: AnalysisStep | null;
  card: AnalysisCard;
}

export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    readonly detail: Record<string, string> = {},
  ) {
    super(code + (Object.keys(detail).length ? ` ${JSON.stringify(detail)}` : ''));
    this.name = 'UserFacingError';
  }
}

/** Tabs the add-on writes: never mistaken for the sales sheet. */
function isOutputTab(name: string): boolean {
  return (['ja', 'en'] as Lang[]).some((lang) => name === segmentsTabName(lang) || name === rejectedTabName(lang));
}

const HEADER_SCAN_ROWS = 10;

/** The named sheet, else the active sheet if its headers match, else the first sheet that does. */
export function findSalesSheet(ctx: SheetContext, named?: string): Sheet {
  const ss = ctx.spreadsheet;
  if (named) {
    const sheet = ss.getSheetByName(named);
    if (!sheet) throw new UserFacingError('sheet_not_found', { sheet: named });
    return sheet;
  }
  const headerMatches = (sheet: Sheet) => {
    const rows = Math.min(HEADER_SCAN_ROWS, sheet.getLastRow());
    const cols = sheet.getLastColumn();
    return rows > 0 && cols > 0 && detectHeader(sheet.getRange(1, 1, rows, cols).getValues()) !== null;
  };
  const active = ss.getActiveSheet();
  if (active && !isOutputTab(active.getName()) && headerMatches(active)) return active;
  for (const sheet of ss.getSheets()) {
    if (sheet.getName() === active?.getName() || isOutputTab(sheet.getName())) continue;
    if (headerMatches(sheet)) return sheet;
  }
  throw new UserFacingError('no_sales_sheet');
}

export interface LoadedAnalysis {
  table: TableAnalysis;
  lang: Lang;
  sheet: Sheet;
  asOf: number;
}

export function loadAnalysis(ctx: SheetContext, options: AnalysisOptions): LoadedAnalysis {
  const stored = loadSettings();
  const asOf = options.asOf ? parseIsoDay(options.asOf) : ctx.today;
  if (asOf === null) throw new UserFacingError('bad_as_of', { asOf: String(options.asOf) });
  const thresholds = resolveThresholds({ ...stored.thresholds, ...(options.thresholds ?? {}) });
  const sheet = findSalesSheet(ctx, options.sheet || stored.salesSheet || undefined);
  const values = readAllValues(sheet);
  let table: TableAnalysis;
  try {
    table = analyzeTable({
      values,
      asOf,
      timeZone: ctx.timeZone,
      thresholds,
      mappingOverride: { ...stored.mapping, ...(options.mapping ?? {}) },
    });
  } catch (e) {
    if (e instanceof TableError) throw new UserFacingError(e.code, { sheet: sheet.getName(), missing: e.missing.join(', ') });
    throw e;
  }
  const lang = options.lang === 'auto' ? langOfTable(table.header) : (options.lang ?? ctx.lang);
  return { table, sheet, asOf, lang };
}

function countBy<K extends string>(keys: readonly K[], values: (K | null)[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) if (v !== null) counts[v]++;
  return counts;
}

export function cardOf(loaded: LoadedAnalysis, tabs: Sheet[]): AnalysisCard {
  const { sales } = loaded.table;
  return {
    asOf: formatDay(loaded.asOf),
    lang: loaded.lang,
    salesSheet: loaded.sheet.getName(),
    rows: { ...sales.counts },
    customers: sales.customers.length,
    stageCounts: countBy(STAGES, sales.customers.map((c) => c.stage)),
    statusCounts: countBy(STATUSES, sales.customers.map((c) => c.status)),
    segmentCounts: countBy(SEGMENTS, sales.customers.map((c) => c.segment)),
    tabs: tabs.map((t) => ({ name: t.getName(), sheetId: t.getSheetId() })),
  };
}

/** Step 1: read and analyse the sales, write Segments and Rejected rows. */
function analyseStep(ctx: SheetContext, options: AnalysisOptions): AnalysisCard {
  const loaded = loadAnalysis(ctx, options);
  const { sales, header } = loaded.table;
  const lang = loaded.lang;
  const write = { lang, timeZone: ctx.timeZone };
  const segments = writeTable(ctx.spreadsheet, segmentsTabName(lang), segmentsTable(sales, lang), { ...write, filter: true });
  const rejected = writeTable(ctx.spreadsheet, rejectedTabName(lang), rejectedTable(sales.rejected, lang, header.headers), write);
  return cardOf(loaded, [segments, rejected]);
}

export function runAnalysisStep(step: AnalysisStep, options: AnalysisOptions = {}): StepResult {
  return withDocumentLock(() => {
    const ctx = sheetContext();
    const index = ANALYSIS_STEPS.indexOf(step);
    if (index < 0) throw new UserFacingError('unknown_step', { step: String(step) });
    const card = analyseStep(ctx, options);
    return { step, next: ANALYSIS_STEPS[index + 1] ?? null, card };
  });
}
