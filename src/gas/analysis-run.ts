// One step of the monthly analysis per call, under the document lock and within one run: the
// first step begins the run, every later step must belong to it (see lock.ts).

import { MESSAGE_TEXT } from '../core/messages';
import { parseIsoDay } from '../core/days';
import { dayLabel } from '../core/report-month';
import { SummaryJson, summaryJson } from '../core/metrics';
import { ANALYSIS_STEPS, AnalysisStep, STEP_BODIES, loadReport } from './analysis-steps';
import { AnalysisCard } from './analysis-card';
import { sheetContext } from './context';
import { UserFacingError, userMessage } from './errors';
import { beginRun, continueRun, endRun, withDocumentLock } from './lock';
import { saveLastCard } from './run-cache';
import { AnalysisOptions } from './sales-source';
import { TimeGuard } from './time-guard';

export interface StepResult {
  step: AnalysisStep;
  next: AnalysisStep | null;
  card: AnalysisCard;
  /** Pass it back as options.runId with every later step of this run (absent: no run to continue). */
  runId?: string;
}

function isAnalysisStep(step: unknown): step is AnalysisStep {
  return (ANALYSIS_STEPS as readonly unknown[]).includes(step);
}

/**
 * One step of the analysis, in one execution. `step` arrives as JSON from the sidebar, so any
 * text is checked. `guard` measures this execution's time: the menu, which runs every step in one
 * execution, passes one guard to all of them.
 */
export function runAnalysisStep(
  step: string,
  options: AnalysisOptions = {},
  guard: TimeGuard = new TimeGuard(),
): StepResult {
  return withDocumentLock(() => {
    if (!isAnalysisStep(step)) throw new UserFacingError('unknown_step', { step: String(step) });
    const index = ANALYSIS_STEPS.indexOf(step);
    // Options arrive as JSON from the sidebar: only a string is a run id.
    const requested = typeof options.runId === 'string' && options.runId ? options.runId : undefined;
    const runId = index === 0 ? beginRun(requested) : continueRun(requested);
    try {
      const card = STEP_BODIES[step](sheetContext(), options, guard);
      card.steps = [...ANALYSIS_STEPS];
      const next = card.progress ? step : (ANALYSIS_STEPS[index + 1] ?? null);
      if (next === null) {
        endRun(runId);
        saveLastCard(card);
      }
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

/** The menu's one-click run: every step in one execution, then a short message. */
export function runMonthlyAnalysis(): void {
  const ui = SpreadsheetApp.getUi();
  try {
    const guard = new TimeGuard();
    let step: AnalysisStep | null = ANALYSIS_STEPS[0];
    let result: StepResult | null = null;
    while (step) {
      result = runAnalysisStep(step, { runId: result?.runId }, guard);
      const progress = result.card.progress;
      if (progress) {
        // Out of time with rows still to write: the next run goes on from here.
        pauseAnalysis(result.runId);
        ui.alert(
          MESSAGE_TEXT(result.card.lang, 'analysis_paused', { written: progress.rowsWritten, rows: progress.rows }),
        );
        return;
      }
      step = result.next;
    }
    if (result) {
      const card = result.card;
      ui.alert(
        MESSAGE_TEXT(card.lang, 'done', {
          month: card.monthLabel,
          asOf: dayLabel(parseIsoDay(card.asOf) ?? 0, card.lang),
          customers: card.customers,
          rejected: card.rows.rejected,
        }),
      );
    }
  } catch (e) {
    ui.alert(userMessage(e));
  }
}

/** The headline numbers with stable keys (the local runner's summary.json). */
export function analysisSummaryJson(options: AnalysisOptions = {}): SummaryJson {
  // Under the lock: recomputing the report may append missing rows to the Templates tab.
  return withDocumentLock(() => summaryJson(loadReport(sheetContext(), options).summary));
}
