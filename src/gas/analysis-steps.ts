// The steps of the monthly analysis. Each step is its own execution and writes its own tabs, so
// that the sidebar can show progress and a failure in a late step leaves the tabs written by
// earlier steps intact; what later steps need comes from the run cache, or is worked out again.

import { Day, dayOfDateIn } from '../core/days';
import { computeSummary, historyRow, mergeHistory, transitionMatrix } from '../core/metrics';
import { Table, historyTable, summaryHeadlines, summaryTable, transitionsTable } from '../core/report-tables';
import { OutTable, tableSource } from '../core/table';
import { followUpTypeLabel, isFollowUpType } from '../core/templates';
import { Lang } from '../core/labels';
import { TabId, tabName } from '../core/tabs';
import { rejectedTable, segmentsSource } from '../core/customer-tables';
import { AnalysisCard, cardOf, withTab } from './analysis-card';
import { writeSummaryCharts } from './charts';
import { SheetContext } from './context';
import { followUpCountsFor } from './followups';
import { resumeSignature } from './resume-signature';
import {
  Report,
  WriteProgress,
  cachedReport,
  clearProgress,
  fingerprintOf,
  loadProgress,
  saveProgress,
  saveReport,
} from './run-cache';
import { AnalysisOptions, SalesSheetAnalysis, analyzeSalesSheet } from './sales-source';
import { BlockWrite, readAllValues, writeTable, writeTableInBlocks } from './sheets';
import { writeTableWithAsOf } from './as-of-range';
import { TimeGuard } from './time-guard';
import { writePace } from './write-pace';
import { withListOnlyProspects } from './customer-list-tab';
import { writeMergeTab } from './merge-tab';
import { aliasesOf, mergedSpellings } from '../core/merges';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const ANALYSIS_STEPS = ['analyse', 'summary', 'history', 'transitions', 'charts'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

type StepBody = (ctx: SheetContext, options: AnalysisOptions, guard: TimeGuard) => AnalysisCard;

const SUMMARY_OPTIONS = {
  contactLabel: (key: string, lang: Lang) => (isFollowUpType(key) ? followUpTypeLabel(lang, key) : key),
};

function reportOf(ctx: SheetContext, analysis: SalesSheetAnalysis, options: AnalysisOptions, tabs: Sheet[]): Report {
  const { sales } = analysis.table;
  const summary = computeSummary(sales, { followUpCounts: followUpCountsFor(ctx, analysis) ?? undefined });
  return {
    fingerprint: fingerprintOf(options),
    lang: analysis.lang,
    summary,
    history: historyRow(sales),
    transitions: transitionMatrix(sales),
    card: { ...cardOf(analysis, tabs), headlines: summaryHeadlines(summary, analysis.lang) },
  };
}

/** The report of the first step, or (cache expired, or another run since) the analysis again. */
export function loadReport(ctx: SheetContext, options: AnalysisOptions): Report {
  const cached = cachedReport(options);
  if (cached) return cached;
  const report = reportOf(ctx, withListOnlyProspects(ctx, analyzeSalesSheet(ctx, options)).loaded, options, []);
  saveReport(report);
  return report;
}

/** Writes a report table to its tab; the card, with that tab, is saved for the next step. */
/** Writes a report tab; `asOf` given, with the as-of date in its named cell below the table. */
function writeReportTab(ctx: SheetContext, report: Report, tab: TabId, table: Table, asOf?: Day): AnalysisCard {
  const out = fromReportTable(table);
  const options = { lang: report.lang, timeZone: ctx.timeZone };
  const name = tabName(tab, report.lang);
  const sheet =
    asOf === undefined
      ? writeTable(ctx.spreadsheet, name, out, options)
      : writeTableWithAsOf(ctx.spreadsheet, name, out, options, asOf);
  report.card = withTab(report.card, sheet);
  saveReport(report);
  return report.card;
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

/** Where the analyse step starts writing: where an earlier execution of the same rows stopped, else the top. */
function resumedProgress(
  options: AnalysisOptions,
  signature: string,
): { progress: WriteProgress; savedBefore: boolean } {
  const progress: WriteProgress = { fingerprint: fingerprintOf(options), signature, segments: 0, rejected: 0 };
  const saved = loadProgress();
  if (!saved || saved.fingerprint !== progress.fingerprint || saved.signature !== signature)
    return { progress, savedBefore: saved !== null };
  return { progress: { ...progress, segments: saved.segments, rejected: saved.rejected }, savedBefore: true };
}

/**
 * Read and analyse the sales; write Segments and Rejected rows. A tab too large to write before
 * the time budget is written over several executions: this step stops with card.progress and is
 * called again; it then analyses the sheet again (nothing that large survives between
 * executions) and, if the data is unchanged, writes on from where it stopped.
 */
function analyseStep(ctx: SheetContext, options: AnalysisOptions, guard: TimeGuard): AnalysisCard {
  const { loaded: analysis, prospects } = withListOnlyProspects(ctx, analyzeSalesSheet(ctx, options, guard));
  const { sales, header } = analysis.table;
  const lang = analysis.lang;
  const write = { lang, timeZone: ctx.timeZone };
  const { progress, savedBefore } = resumedProgress(options, resumeSignature(sales, lang, ctx.timeZone));
  const aliases = aliasesOf(analysis.merges);
  const segmentsTab = segmentsSource(sales, lang, prospects, mergedSpellings(analysis.merges, aliases));
  const rejectedTab = tableSource(rejectedTable(sales.rejected, lang, header.headers));
  const pace = writePace(guard, progress);
  const { spreadsheet } = ctx;
  const segments = writeTableInBlocks(
    spreadsheet,
    tabName('segments', lang),
    segmentsTab,
    { ...write, filter: true },
    progress.segments,
    pace.of('segments'),
  );
  let rejected: BlockWrite | null = null;
  if (segments.done)
    rejected = writeTableInBlocks(
      spreadsheet,
      tabName('rejected', lang),
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
    const card = cardOf(analysis, rejected ? [segments.sheet, rejected.sheet] : [segments.sheet]);
    card.progress = { rowsWritten: progress.segments + progress.rejected, rows: segmentsTab.count + rejectedTab.count };
    return card;
  }
  if (savedBefore || pace.savedAny) clearProgress();
  const merges = writeMergeTab(ctx, lang, sales, analysis.merges);
  const tabs = merges.sheet ? [segments.sheet, rejected.sheet, merges.sheet] : [segments.sheet, rejected.sheet];
  const report = reportOf(ctx, analysis, options, tabs);
  if (merges.sheet) report.card.mergeSuggestions = { open: merges.open, tab: merges.sheet.getName() };
  saveReport(report);
  return report.card;
}

export const STEP_BODIES: Record<AnalysisStep, StepBody> = {
  analyse: analyseStep,
  summary(ctx, options) {
    const report = loadReport(ctx, options);
    const table = summaryTable(report.summary, report.lang, SUMMARY_OPTIONS);
    return writeReportTab(ctx, report, 'summary', table, report.summary.asOf);
  },
  /** One row per analysis month: rerunning a month replaces its row. */
  history(ctx, options) {
    const report = loadReport(ctx, options);
    const existing = ctx.spreadsheet.getSheetByName(tabName('history', report.lang));
    const merged = mergeHistory(existing ? readAllValues(existing) : [], report.history, dayOfDateIn(ctx.timeZone));
    return writeReportTab(ctx, report, 'history', historyTable(merged.rows, report.lang));
  },
  transitions(ctx, options) {
    const report = loadReport(ctx, options);
    return writeReportTab(ctx, report, 'transitions', transitionsTable(report.transitions, report.lang));
  },
  charts(ctx, options) {
    const report = loadReport(ctx, options);
    const summary = ctx.spreadsheet.getSheetByName(tabName('summary', report.lang));
    if (summary)
      writeSummaryCharts(
        summary,
        ctx.spreadsheet.getSheetByName(tabName('history', report.lang)),
        summaryTable(report.summary, report.lang, SUMMARY_OPTIONS),
        report.lang,
      );
    return report.card;
  },
};
