// Finding the sales sheet and analysing it: shared by the monthly analysis and the follow-ups.

import {
  MappingOverride,
  TableAnalysis,
  TableError,
  analyzeTableChunks,
  findHeader,
  langOfTable,
} from '../core/analysis';
import { formatDay, parseIsoDay } from '../core/days';
import { ReportMonth, reportMonthOf } from '../core/report-month';
import { Lang } from '../core/labels';
import { isAddOnTab } from '../core/tabs';
import { resolveThresholds } from '../core/settings';
import { SheetContext } from './context';
import { UserFacingError } from './errors';
import { loadSettings } from './settings-store';
import { valueChunks } from './sheets';
import { TimeGuard } from './time-guard';
import { readMergeDecisions } from './merge-tab';
import { MergeDecision, aliasesOf } from '../core/merges';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** What the sidebar (or the local runner) asks for; everything optional. */
export interface AnalysisOptions {
  /** YYYY-MM-DD; default today in the spreadsheet's time zone. */
  asOf?: string;
  /** The report month: 'YYYY-MM', or 'current' (as-of's month so far); default the last month ended by as-of. */
  month?: string;
  /** Output language; default the spreadsheet's locale, 'auto' = the headers' language. */
  lang?: Lang | 'auto';
  /** Name of the sales sheet; default: detected. */
  sheet?: string;
  mapping?: MappingOverride;
  thresholds?: Record<string, unknown>;
  /** The run a later step belongs to: the `runId` of the first step's result. */
  runId?: string;
}

const HEADER_SCAN_ROWS = 10;

/**
 * The named sheet, else the active sheet if its headers match, else the first visible sheet that
 * does. Headers match when detected, or, with columns the owner named (`mapping`), when the
 * named headers stand in its top rows and give date, amount and customer.
 */
export function findSalesSheet(ctx: SheetContext, named?: string, mapping: MappingOverride = {}): Sheet {
  const ss = ctx.spreadsheet;
  if (named) {
    const sheet = ss.getSheetByName(named);
    if (!sheet) throw new UserFacingError('sheet_not_found', { sheet: named });
    // The analysis would write over it (History is read, merged and rewritten) or drafting append to it.
    if (isAddOnTab(named)) throw new UserFacingError('sales_sheet_reserved', { sheet: named });
    return sheet;
  }
  const headerMatches = (sheet: Sheet) => {
    const values = topRows(sheet);
    if (values.length === 0) return false;
    try {
      findHeader(values, mapping);
      return true;
    } catch {
      return false; // not this sheet's headers: another sheet may have them
    }
  };
  const active = ss.getActiveSheet();
  if (active && isSalesCandidate(active) && headerMatches(active)) return active;
  for (const sheet of ss.getSheets()) {
    if (sheet.getName() === active?.getName() || !isSalesCandidate(sheet)) continue;
    if (headerMatches(sheet)) return sheet;
  }
  const headers = Object.values(mapping).filter((v) => typeof v === 'string');
  if (headers.length > 0) throw new UserFacingError('mapped_headers_not_found', { headers: headers.join(' / ') });
  throw new UserFacingError('no_sales_sheet');
}

/** A sheet that may be taken for the sales sheet unnamed: a hidden tab (an old copy, a lookup table) is taken only when named. */
export function isSalesCandidate(sheet: Sheet): boolean {
  return !isAddOnTab(sheet.getName()) && !sheet.isSheetHidden();
}

/** The rows among which a sheet's header is looked for. */
export function topRows(sheet: Sheet): unknown[][] {
  const rows = Math.min(HEADER_SCAN_ROWS, sheet.getLastRow());
  const cols = sheet.getLastColumn();
  return rows > 0 && cols > 0 ? sheet.getRange(1, 1, rows, cols).getValues() : [];
}

export interface SalesSheetAnalysis {
  table: TableAnalysis;
  /** The Merge suggestions tab as the owner left it: its ticked rows are merged in `table`. */
  merges: MergeDecision[];
  lang: Lang;
  sheet: Sheet;
  asOf: number;
  /** The month the Summary, History row and Transitions describe (table.report is as of its end). */
  reportMonth: ReportMonth;
}

export function analyzeSalesSheet(
  ctx: SheetContext,
  options: AnalysisOptions,
  guard: TimeGuard = new TimeGuard(),
): SalesSheetAnalysis {
  const stored = loadSettings();
  const asOf = options.asOf ? parseIsoDay(options.asOf) : ctx.today;
  if (asOf === null) throw new UserFacingError('bad_as_of', { asOf: String(options.asOf) });
  // Options arrive as JSON from the sidebar: only a string is a month.
  const reportMonth = reportMonthOf(asOf, typeof options.month === 'string' ? options.month : undefined);
  if (reportMonth === null)
    throw new UserFacingError('bad_month', { month: String(options.month), asOf: formatDay(asOf) });
  const thresholds = resolveThresholds({ ...stored.thresholds, ...(options.thresholds ?? {}) });
  const mapping = { ...stored.mapping, ...(options.mapping ?? {}) };
  const sheet = findSalesSheet(ctx, options.sheet || stored.salesSheet || undefined, mapping);
  const merges = readMergeDecisions(ctx);
  let table: TableAnalysis;
  try {
    table = analyzeTableChunks({
      chunks: guardedChunks(sheet, guard),
      expectedRows: sheet.getLastRow(),
      asOf,
      reportAsOf: reportMonth.end,
      timeZone: ctx.timeZone,
      thresholds,
      mappingOverride: mapping,
      aliases: aliasesOf(merges),
    });
  } catch (e) {
    if (e instanceof TableError)
      throw new UserFacingError(e.code, { sheet: sheet.getName(), missing: e.missing.join(', ') });
    throw e;
  }
  const lang = options.lang === 'auto' ? langOfTable(table.header) : (options.lang ?? ctx.lang);
  return { table, merges, sheet, asOf, lang, reportMonth };
}

/**
 * The sales sheet part by part, each analysed and let go before the next is read. Reading cannot
 * be resumed in a later execution (what the pass holds is far larger than what Apps Script can
 * keep between executions), so a read that reaches the time budget ends with a clear message
 * instead of being killed at six minutes.
 */
function* guardedChunks(sheet: Sheet, guard: TimeGuard): Generator<unknown[][], void, undefined> {
  const rows = sheet.getLastRow();
  let read = 0;
  for (const chunk of valueChunks(sheet)) {
    yield chunk;
    read += chunk.length;
    if (read < rows && guard.nearLimit()) {
      throw new UserFacingError('sheet_too_large', { sheet: sheet.getName(), read: String(read), rows: String(rows) });
    }
  }
}
