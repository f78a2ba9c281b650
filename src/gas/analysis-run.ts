// The monthly analysis, split into steps so that the sidebar can show progress and a failure in a
// late step leaves the tabs written by earlier steps intact. Each step is its own execution;
// what later steps need is passed on through the document cache, and recomputed if it expired.

import { TableAnalysis } from '../core/analysis';
import { dayOfDateIn, formatDay } from '../core/days';
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
import { followUpTypeLabel, isFollowUpType } from '../core/templates';
import { writeSummaryCharts } from './charts';
import { followUpCountsFor } from './followups';
import { Lang } from '../core/labels';
import { rejectedTable, segmentsSource } from '../core/customer-tables';
import { SEGMENTS, STAGES, STATUSES } from '../core/stages';
import { SheetContext, sheetContext } from './context';
import { beginRun, continueRun, endRun, withDocumentLock } from './lock';
import { BlockPace, BlockWrite, readAllValues, writeTable, writeTableInBlocks } from './sheets';
import { TimeGuard } from './time-guard';
import { AnalysisOptions, SalesSheetAnalysis, analyzeSalesSheet, tabNames } from './sales-source';
import { UserFacingError } from './errors';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

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

export function cardOf(loaded: SalesSheetAnalysis, tabs: Sheet[]): AnalysisCard {
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

function reportOf(ctx: SheetContext, loaded: SalesSheetAnalysis, options: AnalysisOptions, tabs: Sheet[]): Report {
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
  const loaded = analyzeSalesSheet(ctx, options);
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
    const loaded = analyzeSalesSheet(ctx, options, guard);
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
