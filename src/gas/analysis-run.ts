// The monthly analysis, split into steps so that the sidebar can show progress and a failure in a
// late step leaves the tabs written by earlier steps intact. Each step is its own execution;
// what later steps need is passed on through the document cache, and recomputed if it expired.

import { MappingOverride, TableAnalysis, TableError, analyzeTableChunks, langOfTable } from '../core/analysis';
import { dayOfDateIn, parseIsoDay, formatDay } from '../core/days';
import {
  HistoryRow,
  Summary,
  SummaryJson,
  TransitionMatrix,
  computeSummary,
  summaryJson,
  historyRow,
  mergeHistory,
  transitionMatrix,
} from '../core/metrics';
import { SummaryTable, Table, historyTable, summaryTable, transitionsTable } from '../core/report-tables';
import { OutTable, tableSource } from '../core/table';
import { TEMPLATES_TAB_NAMES, followUpTypeLabel, isFollowUpType } from '../core/templates';
import { FOLLOW_UP_LOG_TAB_NAMES } from '../core/followup-log';
import { writeSummaryCharts } from './charts';
import { followUpCountsFor } from './followups';
import { detectHeader } from '../core/headers';
import { Lang } from '../core/labels';
import { rejectedTabName, rejectedTable, segmentsSource, segmentsTabName } from '../core/customer-tables';
import { resolveThresholds } from '../core/settings';
import { SEGMENTS, STAGES, STATUSES } from '../core/stages';
import { SheetContext, sheetContext } from './context';
import { beginRun, continueRun, endRun, withDocumentLock } from './lock';
import { loadSettings } from './settings-store';
import { BlockPace, BlockWrite, readAllValues, valueChunks, writeTable, writeTableInBlocks } from './sheets';
import { TimeGuard } from './time-guard';

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
  /** The run a later step belongs to: the `runId` of the first step's result. */
  runId?: string;
}

export const ANALYSIS_STEPS = ['analyse', 'summary', 'history', 'transitions', 'charts'] as const;
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
  /** The headline answers, formatted in the card's language. */
  headlines?: { label: string; value: string }[];
  /** Every step of a run, for the progress bar. */
  steps?: string[];
  /**
   * Set when the step stopped short of Apps Script's time limit with rows still to write: the
   * same step is called again (StepResult.next) and goes on from there.
   */
  progress?: { rowsWritten: number; rows: number };
}

export interface StepResult {
  step: AnalysisStep;
  next: AnalysisStep | null;
  card: AnalysisCard;
  /** Pass it back as options.runId with every later step of this run (absent: no run to continue). */
  runId?: string;
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

/** Tabs the add-on writes, in either language: never mistaken for (or allowed as) the sales sheet. */
function isOutputTab(name: string): boolean {
  return (['ja', 'en'] as Lang[]).some(
    (lang) =>
      Object.values(tabNames(lang)).includes(name) ||
      TEMPLATES_TAB_NAMES[lang] === name ||
      FOLLOW_UP_LOG_TAB_NAMES[lang] === name,
  );
}

const HEADER_SCAN_ROWS = 10;

/** The named sheet, else the active sheet if its headers match, else the first sheet that does. */
export function findSalesSheet(ctx: SheetContext, named?: string): Sheet {
  const ss = ctx.spreadsheet;
  if (named) {
    const sheet = ss.getSheetByName(named);
    if (!sheet) throw new UserFacingError('sheet_not_found', { sheet: named });
    // The analysis would write over it (History is read, merged and rewritten) or drafting append to it.
    if (isOutputTab(named)) throw new UserFacingError('sales_sheet_reserved', { sheet: named });
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

export function loadAnalysis(
  ctx: SheetContext,
  options: AnalysisOptions,
  guard: TimeGuard = new TimeGuard(),
): LoadedAnalysis {
  const stored = loadSettings();
  const asOf = options.asOf ? parseIsoDay(options.asOf) : ctx.today;
  if (asOf === null) throw new UserFacingError('bad_as_of', { asOf: String(options.asOf) });
  const thresholds = resolveThresholds({ ...stored.thresholds, ...(options.thresholds ?? {}) });
  const sheet = findSalesSheet(ctx, options.sheet || stored.salesSheet || undefined);
  let table: TableAnalysis;
  try {
    table = analyzeTableChunks({
      chunks: guardedChunks(sheet, guard),
      expectedRows: sheet.getLastRow(),
      asOf,
      timeZone: ctx.timeZone,
      thresholds,
      mappingOverride: { ...stored.mapping, ...(options.mapping ?? {}) },
    });
  } catch (e) {
    if (e instanceof TableError)
      throw new UserFacingError(e.code, { sheet: sheet.getName(), missing: e.missing.join(', ') });
    throw e;
  }
  const lang = options.lang === 'auto' ? langOfTable(table.header) : (options.lang ?? ctx.lang);
  return { table, sheet, asOf, lang };
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

export function cardOf(loaded: LoadedAnalysis, tabs: Sheet[]): AnalysisCard {
  const { sales } = loaded.table;
  return {
    asOf: formatDay(loaded.asOf),
    lang: loaded.lang,
    salesSheet: loaded.sheet.getName(),
    rows: { ...sales.counts },
    customers: sales.customers.length,
    stageCounts: { ...sales.labelCounts.stage },
    statusCounts: { ...sales.labelCounts.status },
    segmentCounts: { ...sales.labelCounts.segment },
    tabs: tabs.map((t) => ({ name: t.getName(), sheetId: t.getSheetId() })),
  };
}

/** What the later steps need, small enough for the document cache. */
interface Report {
  fingerprint: string;
  lang: Lang;
  summary: Summary;
  history: HistoryRow;
  transitions: TransitionMatrix;
  card: AnalysisCard;
}

const SUMMARY_OPTIONS = {
  contactLabel: (key: string, lang: Lang) => (isFollowUpType(key) ? followUpTypeLabel(lang, key) : key),
};

const REPORT_CACHE_KEY = 'analysis.report.v1';
const REPORT_CACHE_SECONDS = 3600;

function fingerprintOf(options: AnalysisOptions): string {
  return JSON.stringify([
    options.asOf ?? '',
    options.lang ?? '',
    options.sheet ?? '',
    options.mapping ?? {},
    options.thresholds ?? {},
  ]);
}

function reportOf(ctx: SheetContext, loaded: LoadedAnalysis, options: AnalysisOptions, tabs: Sheet[]): Report {
  const { sales } = loaded.table;
  const summary = computeSummary(sales, { followUpCounts: followUpCountsFor(ctx, loaded) ?? undefined });
  const card = cardOf(loaded, tabs);
  card.headlines = headlinesOf(summaryTable(summary, loaded.lang, SUMMARY_OPTIONS));
  return {
    fingerprint: fingerprintOf(options),
    lang: loaded.lang,
    summary,
    history: historyRow(sales),
    transitions: transitionMatrix(sales),
    card,
  };
}

/** The first answers of the Summary as label/value text for the sidebar's card. */
function headlinesOf(table: SummaryTable): { label: string; value: string }[] {
  const headlines: { label: string; value: string }[] = [];
  const percentCells = new Set<string>();
  for (const f of table.formats) {
    if (f.kind !== 'percent') continue;
    for (let r = f.row; r < f.row + f.numRows; r++)
      for (let c = f.col; c < f.col + f.numCols; c++) percentCells.add(`${r}:${c}`);
  }
  for (let r = 1; r <= 11 && r < table.rows.length; r++) {
    const row = table.rows[r];
    const col = [1, 2, 3].find((c) => row[c] !== '' && row[c] !== null && row[c] !== undefined);
    if (col === undefined) continue;
    const value = row[col];
    const text =
      typeof value === 'number' && percentCells.has(`${r}:${col}`) ? `${(value * 100).toFixed(1)}%` : String(value);
    headlines.push({ label: String(row[0]), value: text });
  }
  return headlines;
}

function saveReport(report: Report): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.put(REPORT_CACHE_KEY, JSON.stringify(report), REPORT_CACHE_SECONDS);
}

/** The report of the first step, or (cache expired, or another run since) the analysis again. */
function loadReport(ctx: SheetContext, options: AnalysisOptions): Report {
  const cache = CacheService.getDocumentCache();
  const cached = cache ? cache.get(REPORT_CACHE_KEY) : null;
  if (cached) {
    const report = JSON.parse(cached) as Report;
    if (report.fingerprint === fingerprintOf(options)) return report;
  }
  const loaded = loadAnalysis(ctx, options);
  const report = reportOf(ctx, loaded, options, []);
  saveReport(report);
  return report;
}

/** How far the analyse step got writing its tabs, for the call that goes on with it. */
interface WriteProgress {
  fingerprint: string;
  signature: string;
  /** Rows of each tab written so far (header included). */
  segments: number;
  rejected: number;
}

const PROGRESS_CACHE_KEY = 'analysis.progress.v1';

function loadProgress(): WriteProgress | null {
  const cache = CacheService.getDocumentCache();
  const raw = cache ? cache.get(PROGRESS_CACHE_KEY) : null;
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as WriteProgress;
    return typeof p.segments === 'number' && typeof p.rejected === 'number' ? p : null;
  } catch {
    return null;
  }
}

function saveProgress(progress: WriteProgress): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.put(PROGRESS_CACHE_KEY, JSON.stringify(progress), REPORT_CACHE_SECONDS);
}

function clearProgress(): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.remove(PROGRESS_CACHE_KEY);
}

/**
 * Tells whether two analyses would write the same rows: the row counts, the language, the time
 * zone (of the dates written) and a hash over every Segments field that is not worked out from
 * the others (days since and tenure follow from the days and as-of; labels are hashed as their
 * place in their lists). An edit to the sheet or to the settings between two executions changes
 * it, and the tabs are then written again from the top.
 */
function signatureOf(sales: TableAnalysis['sales'], lang: Lang, timeZone: string): string {
  let hash = 0x811c9dc5; // FNV-1a
  const mixNumber = (x: number | null) => {
    hash = Math.imul(hash ^ (x === null ? -1 : Math.round(x * 100) | 0), 0x01000193);
  };
  const mixText = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    mixNumber(text.length);
  };
  for (const c of sales.customers) {
    mixText(c.name);
    mixText(c.email);
    mixText(c.topProduct);
    mixNumber(STAGES.indexOf(c.stage));
    mixNumber(c.status === null ? -1 : STATUSES.indexOf(c.status));
    mixNumber(c.segment === null ? -1 : SEGMENTS.indexOf(c.segment));
    mixNumber(c.visits);
    mixNumber(c.firstDay);
    mixNumber(c.lastDay);
    mixNumber(c.revenue);
    mixNumber(c.averageOrder);
    mixNumber(c.referrals);
    mixNumber(c.vip ? 1 : 0);
  }
  for (const r of sales.rejected) {
    mixNumber(r.rowNumber);
    mixText(r.reason);
  }
  const k = sales.counts;
  return [
    lang,
    timeZone,
    k.rows,
    k.used,
    k.rejected,
    k.future,
    k.blank,
    sales.customers.length,
    sales.asOf,
    hash >>> 0,
  ].join(':');
}

function fromReportTable(table: Table): OutTable {
  return {
    rows: table.rows,
    notes: table.notes,
    formatRanges: table.formats.map((f) => ({
      row: f.row,
      col: f.col,
      numRows: f.numRows,
      numCols: f.numCols,
      format: f.kind,
    })),
  };
}

export function tabNames(lang: Lang) {
  return {
    segments: segmentsTabName(lang),
    rejected: rejectedTabName(lang),
    summary: REPORT_TAB_NAMES[lang].summary,
    history: REPORT_TAB_NAMES[lang].history,
    transitions: REPORT_TAB_NAMES[lang].transitions,
  };
}

const REPORT_TAB_NAMES: Record<Lang, { summary: string; history: string; transitions: string }> = {
  ja: { summary: 'サマリー', history: '推移', transitions: 'ステージ移動' },
  en: { summary: 'Summary', history: 'History', transitions: 'Transitions' },
};

/**
 * When the analyse step writes its next part, and what it saves after each. Each execution writes
 * at least one part, so that every call makes progress; a later part starts only before the
 * budget is spent and if one more part, as long as the longest so far, still ends in time. The
 * progress is saved after every part, so an execution ended by Apps Script loses at most one.
 */
function writePace(guard: TimeGuard, progress: WriteProgress) {
  let wroteAny = false;
  let partStarted = 0;
  let longestPart = 0;
  const pace = {
    /** A tab over a million cells was written in parts, and its progress saved. */
    savedAny: false,
    of(tab: 'segments' | 'rejected'): BlockPace {
      return {
        shouldStop() {
          if (wroteAny && (guard.nearLimit() || guard.cannotFit(longestPart))) return true;
          wroteAny = true;
          partStarted = Date.now();
          return false;
        },
        written(rowsWritten) {
          longestPart = Math.max(longestPart, Date.now() - partStarted);
          progress[tab] = rowsWritten;
          saveProgress(progress);
          pace.savedAny = true;
        },
      };
    },
  };
  return pace;
}

type StepBody = (ctx: SheetContext, options: AnalysisOptions, guard: TimeGuard) => AnalysisCard;

const STEP_BODIES: Record<AnalysisStep, StepBody> = {
  /**
   * Read and analyse the sales; write Segments and Rejected rows. A tab too large to write before
   * the time budget is written over several executions: this step stops with card.progress and
   * is called again; it then analyses the sheet again (nothing that large survives between
   * executions) and, if the data is unchanged, writes on from where it stopped.
   */
  analyse(ctx, options, guard) {
    const loaded = loadAnalysis(ctx, options, guard);
    const { sales, header } = loaded.table;
    const lang = loaded.lang;
    const names = tabNames(lang);
    const write = { lang, timeZone: ctx.timeZone };
    const progress: WriteProgress = {
      fingerprint: fingerprintOf(options),
      signature: signatureOf(sales, lang, ctx.timeZone),
      segments: 0,
      rejected: 0,
    };
    const saved = loadProgress();
    if (saved && saved.fingerprint === progress.fingerprint && saved.signature === progress.signature) {
      progress.segments = saved.segments;
      progress.rejected = saved.rejected;
    }
    const segmentsTab = segmentsSource(sales, lang);
    const rejectedTab = tableSource(rejectedTable(sales.rejected, lang, header.headers));
    const pace = writePace(guard, progress);
    const segments = writeTableInBlocks(
      ctx.spreadsheet,
      names.segments,
      segmentsTab,
      { ...write, filter: true },
      progress.segments,
      pace.of('segments'),
    );
    let rejected: BlockWrite | null = null;
    if (segments.done)
      rejected = writeTableInBlocks(
        ctx.spreadsheet,
        names.rejected,
        rejectedTab,
        write,
        progress.rejected,
        pace.of('rejected'),
      );
    // After a tab written in parts, the report (it plans follow-ups over every customer) is not
    // started this late either: the next call makes it.
    if (!rejected?.done || (pace.savedAny && guard.nearLimit())) {
      progress.segments = segments.rowsWritten;
      progress.rejected = rejected?.rowsWritten ?? 0;
      saveProgress(progress);
      const card = cardOf(loaded, rejected ? [segments.sheet, rejected.sheet] : [segments.sheet]);
      card.progress = {
        rowsWritten: progress.segments + progress.rejected,
        rows: segmentsTab.count + rejectedTab.count,
      };
      return card;
    }
    if (saved || pace.savedAny) clearProgress();
    const report = reportOf(ctx, loaded, options, [segments.sheet, rejected.sheet]);
    saveReport(report);
    return report.card;
  },
  summary(ctx, options) {
    const report = loadReport(ctx, options);
    const table = summaryTable(report.summary, report.lang, SUMMARY_OPTIONS);
    const sheet = writeTable(ctx.spreadsheet, tabNames(report.lang).summary, fromReportTable(table), {
      lang: report.lang,
      timeZone: ctx.timeZone,
    });
    return withTab(report, sheet);
  },
  /** One row per analysis month: rerunning a month replaces its row. */
  history(ctx, options) {
    const report = loadReport(ctx, options);
    const name = tabNames(report.lang).history;
    const existing = ctx.spreadsheet.getSheetByName(name);
    const merged = mergeHistory(existing ? readAllValues(existing) : [], report.history, dayOfDateIn(ctx.timeZone));
    const sheet = writeTable(ctx.spreadsheet, name, fromReportTable(historyTable(merged.rows, report.lang)), {
      lang: report.lang,
      timeZone: ctx.timeZone,
    });
    return withTab(report, sheet);
  },
  transitions(ctx, options) {
    const report = loadReport(ctx, options);
    const table = transitionsTable(report.transitions, report.lang);
    const sheet = writeTable(ctx.spreadsheet, tabNames(report.lang).transitions, fromReportTable(table), {
      lang: report.lang,
      timeZone: ctx.timeZone,
    });
    return withTab(report, sheet);
  },
  charts(ctx, options) {
    const report = loadReport(ctx, options);
    const names = tabNames(report.lang);
    const summary = ctx.spreadsheet.getSheetByName(names.summary);
    if (summary)
      writeSummaryCharts(
        summary,
        ctx.spreadsheet.getSheetByName(names.history),
        summaryTable(report.summary, report.lang, SUMMARY_OPTIONS),
        report.lang,
      );
    return report.card;
  },
};

function withTab(report: Report, sheet: Sheet): AnalysisCard {
  const tabs = report.card.tabs.filter((t) => t.name !== sheet.getName());
  tabs.push({ name: sheet.getName(), sheetId: sheet.getSheetId() });
  report.card.tabs = tabs;
  saveReport(report);
  return report.card;
}

/**
 * One step of the analysis, in one execution. `guard` measures this execution's time: the menu,
 * which runs every step in one execution, passes one guard to all of them.
 */
export function runAnalysisStep(
  step: AnalysisStep,
  options: AnalysisOptions = {},
  guard: TimeGuard = new TimeGuard(),
): StepResult {
  return withDocumentLock(() => {
    const index = ANALYSIS_STEPS.indexOf(step);
    if (index < 0) throw new UserFacingError('unknown_step', { step: String(step) });
    // Options arrive as JSON from the sidebar: only a string is a run id.
    const requested = typeof options.runId === 'string' && options.runId ? options.runId : undefined;
    const runId = index === 0 ? beginRun(requested) : continueRun(requested);
    try {
      const card = STEP_BODIES[step](sheetContext(), options, guard);
      card.steps = [...ANALYSIS_STEPS];
      const next = card.progress ? step : (ANALYSIS_STEPS[index + 1] ?? null);
      if (next === null) endRun(runId);
      return runId === null ? { step, next, card } : { step, next, card, runId };
    } catch (e) {
      // A failed step ends its run: the owner can start again at once instead of waiting for the marker to go stale.
      endRun(runId);
      throw e;
    }
  });
}

/**
 * Ends a run that stops partway with its progress saved (the menu's run, out of time): the next
 * run, from the menu or the sidebar, starts at once and writes on from the saved progress.
 */
export function pauseAnalysis(runId: string | undefined): void {
  if (runId) withDocumentLock(() => endRun(runId));
}

/** The headline numbers with stable keys (the local runner's summary.json). */
export function analysisSummaryJson(options: AnalysisOptions = {}): SummaryJson {
  // Under the lock: recomputing the report may append missing rows to the Templates tab.
  return withDocumentLock(() => summaryJson(loadReport(sheetContext(), options).summary));
}
