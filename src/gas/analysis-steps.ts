// The steps of the monthly analysis. Each step is its own execution and writes its own tabs, so
// that the sidebar can show progress and a failure in a late step leaves the tabs written by
// earlier steps intact; what later steps need comes from the run cache, or is worked out again.

import { Day, dayOfDateIn, parseIsoDay } from '../core/days';
import { computeSummary, historyRow, mergeHistory, transitionMatrix } from '../core/metrics';
import {
  CONTACTS_SHOWN,
  Table,
  historyTable,
  summaryHeadlines,
  summaryTable,
  transitionsTable,
} from '../core/report-tables';
import { OutTable, tableSource } from '../core/table';
import { monthlyHistory } from '../core/history-backfill';
import { followUpTypeLabel, isFollowUpType } from '../core/templates';
import { Lang } from '../core/labels';
import { TabId, tabName } from '../core/tabs';
import { SuggestedContacts, rejectedTable, segmentsSource } from '../core/customer-tables';
import { cardActions, cardFigures, revenueTrend } from '../core/card-figures';
import { AnalysisCard, cardOf, withTab } from './analysis-card';
import { writeSummaryCharts } from './charts';
import { SheetContext } from './context';
import { FollowUpPlan, followUpSummaryFor, planFollowUps } from './followups';
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

export const SUMMARY_OPTIONS = {
  contactLabel: (key: string, lang: Lang) => (isFollowUpType(key) ? followUpTypeLabel(lang, key) : key),
};

function reportOf(
  ctx: SheetContext,
  analysis: SalesSheetAnalysis,
  options: AnalysisOptions,
  tabs: Sheet[],
  plan: FollowUpPlan = planFollowUps(ctx, options, analysis, false),
): Report {
  // The report month as of its last day; the follow-ups (who to contact now) as of as-of.
  const { report } = analysis.table;
  const { lang } = analysis;
  // Who to contact is counted by follow-up type always (the card's action lines do the same); the
  // results of past drafts only once the owner uses follow-ups (followUpSummaryFor).
  const summary = computeSummary(report, {
    followUpCounts: plan.countsByType,
    ...followUpSummaryFor(ctx, analysis, plan),
  });
  const backfill = monthlyHistory(report);
  const history = historyRow(report);
  const t = report.thresholds;
  return {
    fingerprint: fingerprintOf(options),
    lang,
    summary,
    history,
    backfill,
    transitions: transitionMatrix(report),
    contactsNow: {
      people: plan.chosen
        .slice(0, CONTACTS_SHOWN)
        .map((c) => ({ name: c.pick.name, contact: followUpTypeLabel(lang, c.pick.type) })),
      total: plan.chosen.length,
    },
    card: {
      ...cardOf(analysis, tabs),
      headlines: summaryHeadlines(summary, lang),
      actions: cardActions(plan.countsByType, lang),
      figures: cardFigures(history, backfill[backfill.length - 2], lang, {
        atRisk: t.atRiskDays,
        lapsed: t.lapsedDays,
      }),
      trend: revenueTrend(backfill),
    },
  };
}

/** Each customer's follow-up due now, in the follow-ups' priority order: the Segments tab's order of work. */
function suggestedContacts(plan: FollowUpPlan, lang: Lang): SuggestedContacts {
  return plan.chosen.map((c) => ({ customerKey: c.pick.customerKey, label: followUpTypeLabel(lang, c.pick.type) }));
}

/** The Summary as the summary step writes it (the charts step reads its block positions). */
function summaryTableOf(report: Report) {
  return summaryTable(report.summary, report.lang, {
    ...SUMMARY_OPTIONS,
    contactsNow: report.contactsNow,
    // The month before, as of its last day, as the backfill computed it for History.
    previous: report.backfill[report.backfill.length - 2],
  });
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

export function fromReportTable(table: Table): OutTable {
  return {
    rows: table.rows,
    notes: table.notes,
    boldRows: table.boldRows,
    columnWidths: table.columnWidths,
    wrapColumns: table.wrapColumns,
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
 * Where the analyse step starts writing: where an earlier execution of the same rows stopped, else
 * the top. The signature (a pass over every customer) is worked out only to compare with a saved
 * one; progress about to be saved gets it then (writePace, and the step's own save).
 */
function resumedProgress(
  options: AnalysisOptions,
  signatureOf: () => string,
): { progress: WriteProgress; savedBefore: boolean } {
  const progress: WriteProgress = { fingerprint: fingerprintOf(options), signature: '', segments: 0, rejected: 0 };
  const saved = loadProgress();
  if (!saved || saved.fingerprint !== progress.fingerprint) return { progress, savedBefore: saved !== null };
  progress.signature = signatureOf();
  if (saved.signature !== progress.signature) return { progress, savedBefore: true };
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
  let signature: string | null = null;
  const signatureOf = () => (signature ??= resumeSignature(sales, lang, ctx.timeZone));
  const { progress, savedBefore } = resumedProgress(options, signatureOf);
  const plan = planFollowUps(ctx, options, analysis, false);
  const aliases = aliasesOf(analysis.merges);
  const segmentsTab = segmentsSource(
    sales,
    lang,
    prospects,
    suggestedContacts(plan, lang),
    mergedSpellings(analysis.merges, aliases),
  );
  const rejectedTab = tableSource(rejectedTable(sales.rejected, lang, header.headers));
  const pace = writePace(guard, progress, signatureOf);
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
    progress.signature = signatureOf();
    saveProgress(progress);
    const card = cardOf(analysis, rejected ? [segments.sheet, rejected.sheet] : [segments.sheet]);
    card.progress = { rowsWritten: progress.segments + progress.rejected, rows: segmentsTab.count + rejectedTab.count };
    return card;
  }
  if (savedBefore || pace.savedAny) clearProgress();
  const merges = writeMergeTab(ctx, lang, sales, analysis.merges);
  const tabs = merges.sheet ? [segments.sheet, rejected.sheet, merges.sheet] : [segments.sheet, rejected.sheet];
  const report = reportOf(ctx, analysis, options, tabs, plan);
  if (merges.sheet) report.card.mergeSuggestions = { open: merges.open, tab: merges.sheet.getName() };
  saveReport(report);
  return report.card;
}

export const STEP_BODIES: Record<AnalysisStep, StepBody> = {
  analyse: analyseStep,
  summary(ctx, options) {
    const report = loadReport(ctx, options);
    const table = summaryTableOf(report);
    // AS_OF feeds the custom functions: as-of, like the Segments tab, not the report month's end.
    return writeReportTab(ctx, report, 'summary', table, parseIsoDay(report.card.asOf) ?? report.summary.asOf);
  },
  /** One row per month: the first run fills every month from the first sale; rerunning a month replaces its row. */
  history(ctx, options) {
    const report = loadReport(ctx, options);
    const existing = ctx.spreadsheet.getSheetByName(tabName('history', report.lang));
    const merged = mergeHistory(
      existing ? readAllValues(existing) : [],
      report.history,
      dayOfDateIn(ctx.timeZone),
      report.backfill,
    );
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
        summaryTableOf(report),
        report.lang,
      );
    return report.card;
  },
};
