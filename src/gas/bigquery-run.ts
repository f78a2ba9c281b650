// The BigQuery edition's monthly analysis: the same rules as one generated query on the owner's
// sales table in BigQuery (src/core/sql), its rows written to the Segments tab a part at a time
// within the limits the sheet path keeps (CELLS_PER_CALL per write, the time guard, progress saved
// after every part), then the Summary and History from the summary query's figures, by the same
// writers. Each step is one execution, like the sheet path's (analysis-run.ts).

import { dayOfDateIn, formatDay } from '../core/days';
import { Lang, defineText } from '../core/labels';
import { historyTable, summaryTable } from '../core/report-tables';
import { HistoryRow, Summary, mergeHistory } from '../core/metrics';
import { ReportMonth, monthLabel, reportMonthOf } from '../core/report-month';
import { resolveThresholds } from '../core/settings';
import { ShownColumns, customerRowsSource } from '../core/customer-tables';
import { SEGMENTS_SQL_COLUMNS, customerOfSqlRow, segmentsQuery } from '../core/sql/segments-sql';
import { summaryOfSqlRows, summaryQuery } from '../core/sql/summary-sql';
import { TableSource } from '../core/table';
import { tabName } from '../core/tabs';
import { SUMMARY_OPTIONS, fromReportTable } from './analysis-steps';
import { writeTableWithAsOf } from './as-of-range';
import { SheetContext, sheetContext } from './context';
import { beginRun, continueRun, endRun, withDocumentLock } from './lock';
import { clearProgress, loadProgress, saveProgress, WriteProgress } from './run-cache';
import { FinishedJob, JobRef, jobRows, startQuery, waitForJob } from './bigquery-jobs';
import { BigQuerySettings, explainQueryError, loadBigQuerySettings, salesTableSpec } from './bigquery-settings';
import { loadSettings } from './settings-store';
import { readAllValues, writeTable, writeTableInBlocks } from './sheets';
import { TimeGuard } from './time-guard';
import { writePace } from './write-pace';

export const BIGQUERY_STEPS = ['segments', 'summary', 'history'] as const;
export type BigQueryStep = (typeof BIGQUERY_STEPS)[number];

export interface BigQueryCard {
  lang: Lang;
  asOf: string;
  month: string;
  monthLabel: string;
  table: string;
  customers: number;
  /** Bytes the queries of this run read (on-demand pricing bills them). */
  bytesProcessed: number;
  tabs: string[];
  /** Rows still to write: the step is called again. */
  progress?: { rowsWritten: number; rows: number };
  /** The query is still running in BigQuery: the step is called again. */
  waiting?: boolean;
}

export interface BigQueryStepResult {
  step: BigQueryStep;
  next: BigQueryStep | null;
  card: BigQueryCard;
  runId?: string;
}

export interface BigQueryOptions {
  runId?: string;
  /** The report month: 'YYYY-MM' or 'current'; default the last month ended. */
  month?: string;
}

const TEXT = defineText({
  ja: { unknown_step: '「{step}」という手順はありません。', bad_month: '対象月「{month}」を読み取れません。' },
  en: { unknown_step: 'There is no step "{step}".', bad_month: 'The month "{month}" cannot be read.' },
});

/** What a run keeps between its executions (document cache, an hour). */
interface RunState {
  fingerprint: string;
  segments?: JobRef;
  summary?: JobRef;
  customers: number;
  bytesProcessed: number;
  tabs: string[];
  /** The Summary's History row, for the history step. */
  history?: HistoryRow;
}

const STATE_KEY = 'bigquery.run.v1';

function loadState(fingerprint: string): RunState {
  const raw = CacheService.getDocumentCache()?.get(STATE_KEY);
  const state = raw ? (JSON.parse(raw) as RunState) : null;
  return state && state.fingerprint === fingerprint
    ? state
    : { fingerprint, customers: 0, bytesProcessed: 0, tabs: [] };
}

function saveState(state: RunState): void {
  CacheService.getDocumentCache()?.put(STATE_KEY, JSON.stringify(state), 3600);
}

/** Everything one run's steps share, worked out again in each execution. */
interface RunContext {
  ctx: SheetContext;
  lang: Lang;
  settings: BigQuerySettings;
  thresholds: ReturnType<typeof resolveThresholds>;
  month: ReportMonth;
  state: RunState;
}

/** `fresh`: a run's first call, which forgets what an earlier run of the same inputs kept. */
function runContext(options: BigQueryOptions, fresh: boolean): RunContext {
  const ctx = sheetContext();
  const lang = ctx.lang;
  const settings = loadBigQuerySettings(lang);
  const thresholds = resolveThresholds(loadSettings().thresholds);
  const month = reportMonthOf(ctx.today, typeof options.month === 'string' ? options.month : undefined);
  if (month === null) throw new Error(TEXT(lang, 'bad_month', { month: String(options.month) }));
  const fingerprint = JSON.stringify([settings, thresholds, formatDay(ctx.today), month.month, lang]);
  const state = fresh ? { fingerprint, customers: 0, bytesProcessed: 0, tabs: [] } : loadState(fingerprint);
  return { ctx, lang, settings, thresholds, month, state };
}

function cardOf(run: RunContext): BigQueryCard {
  return {
    lang: run.lang,
    asOf: formatDay(run.ctx.today),
    month: run.month.month,
    monthLabel: monthLabel(run.month.month, run.lang),
    table: run.settings.table,
    customers: run.state.customers,
    bytesProcessed: run.state.bytesProcessed,
    tabs: run.state.tabs,
  };
}

/** The job of `key`, started if it was not, and finished; null while BigQuery is still at it. */
function finishedJob(run: RunContext, key: 'segments' | 'summary', guard: TimeGuard): FinishedJob | null {
  const { settings, thresholds, state } = run;
  if (!state[key]) {
    const spec = salesTableSpec(settings);
    const asOf = key === 'segments' ? run.ctx.today : run.month.end;
    const build = key === 'segments' ? segmentsQuery : summaryQuery;
    try {
      // The first line names the builder's inputs: the local stand-in rebuilds the query from them.
      state[key] = startQuery(settings.project, build('bigquery', spec, thresholds, asOf), {
        query: key,
        spec,
        thresholds,
        asOf: formatDay(asOf),
      });
    } catch (e) {
      throw explainQueryError(e, settings, run.lang);
    }
    saveState(state);
  }
  return waitForJob(state[key] as JobRef, guard);
}

/** Optional columns the mapping leaves out would be empty for every customer: left out, as the sheet path does. */
function shownColumns(settings: BigQuerySettings): ShownColumns {
  const c = settings.columns;
  return { email: !!c.email, topProduct: !!c.product, referrals: !!c.referrer };
}

/** The Segments tab over the finished job: its rows are read from BigQuery a part at a time. */
function segmentsSource(job: FinishedJob, run: RunContext): TableSource {
  const tab = customerRowsSource(shownColumns(run.settings), run.lang);
  if (job.fields.join() !== SEGMENTS_SQL_COLUMNS.join())
    throw new Error(`unexpected columns from BigQuery: ${job.fields.join(', ')}`);
  return {
    count: job.totalRows + 1,
    width: tab.header.length,
    formats: tab.formats,
    rows(from, to) {
      const out = from === 0 ? [tab.header.slice()] : [];
      const first = Math.max(from, 1);
      if (to > first)
        for (const values of jobRows(job, first - 1, to - 1)) {
          const { customer, rhythm } = customerOfSqlRow(values);
          out.push(tab.row(customer, rhythm));
        }
      return out;
    },
  };
}

function segmentsStep(run: RunContext, guard: TimeGuard): BigQueryCard {
  const job = finishedJob(run, 'segments', guard);
  if (!job) return { ...cardOf(run), waiting: true };
  const { ctx, lang, state } = run;
  const saved = loadProgress();
  const progress: WriteProgress = {
    fingerprint: `bigquery:${state.fingerprint}`,
    signature: job.jobId,
    segments:
      saved && saved.fingerprint === `bigquery:${state.fingerprint}` && saved.signature === job.jobId
        ? saved.segments
        : 0,
    rejected: 0,
  };
  const source = segmentsSource(job, run);
  const pace = writePace(guard, progress);
  const write = { lang, timeZone: ctx.timeZone, filter: true };
  const name = tabName('segments', lang);
  const result = writeTableInBlocks(ctx.spreadsheet, name, source, write, progress.segments, pace.of('segments'));
  state.customers = job.totalRows;
  if (!result.done) {
    // The last part is not reported to the pace (the tab is not finished): the next call starts from here.
    progress.segments = result.rowsWritten;
    saveProgress(progress);
    return { ...cardOf(run), progress: { rowsWritten: result.rowsWritten, rows: source.count } };
  }
  if (saved || pace.savedAny) clearProgress();
  state.bytesProcessed += job.bytesProcessed;
  state.tabs = [name];
  saveState(state);
  return cardOf(run);
}

function summaryStep(run: RunContext, guard: TimeGuard): BigQueryCard {
  const job = finishedJob(run, 'summary', guard);
  if (!job) return { ...cardOf(run), waiting: true };
  const { ctx, lang, state } = run;
  const rows = job.totalRows > 0 ? jobRows(job, 0, job.totalRows) : [];
  // Rows a sheet would reject never reach the table (bq load refuses them): none to count here.
  const summary = summaryOfSqlRows(rows, run.month.end, {
    thresholds: run.thresholds,
    rejectedRows: 0,
    profile: 'generic',
  });
  const name = tabName('summary', lang);
  const table = fromReportTable(summaryTable(summary, lang, SUMMARY_OPTIONS));
  writeTableWithAsOf(ctx.spreadsheet, name, table, { lang, timeZone: ctx.timeZone }, ctx.today);
  state.history = historyRowOf(summary, rows);
  state.bytesProcessed += job.bytesProcessed;
  state.tabs = [...state.tabs, name];
  saveState(state);
  return cardOf(run);
}

/** The report month's History row from the Summary's counts and the query's month figures. */
function historyRowOf(summary: Summary, rows: unknown[][]): HistoryRow {
  const figure = (name: string) => {
    const row = rows.find((r) => r[0] === name && r[1] === 'month');
    return row ? Number(row[2]) : 0;
  };
  const thisMonth = summary.f2Cohorts[summary.f2Cohorts.length - 1];
  return {
    month: summary.month,
    counts: {
      ...summary.stageCounts,
      ...summary.statusCounts,
      ...summary.segmentCounts,
      revenue_new: figure('first_visit_revenue'),
      revenue_repeat: figure('repeat_visit_revenue'),
      visitors: summary.activeThisMonth,
      first_buyers: thisMonth?.month === summary.month ? thisMonth.firstBuyers : 0,
    },
  };
}

function historyStep(run: RunContext, guard: TimeGuard): BigQueryCard {
  const { ctx, lang, state } = run;
  // The cache forgot the Summary (an hour passed): its query runs again.
  if (!state.history) {
    const card = summaryStep(run, guard);
    if (card.waiting) return card;
  }
  const name = tabName('history', lang);
  const existing = ctx.spreadsheet.getSheetByName(name);
  const merged = mergeHistory(
    existing ? readAllValues(existing) : [],
    state.history as HistoryRow,
    dayOfDateIn(ctx.timeZone),
  );
  writeTable(ctx.spreadsheet, name, fromReportTable(historyTable(merged.rows, lang)), { lang, timeZone: ctx.timeZone });
  state.tabs = [...state.tabs.filter((t) => t !== name), name];
  saveState(state);
  return cardOf(run);
}

const STEP_BODIES: Record<BigQueryStep, (run: RunContext, guard: TimeGuard) => BigQueryCard> = {
  segments: segmentsStep,
  summary: summaryStep,
  history: historyStep,
};

function isStep(step: unknown): step is BigQueryStep {
  return (BIGQUERY_STEPS as readonly unknown[]).includes(step);
}

/** One step of the BigQuery analysis, in one execution, under the document lock and within one run. */
export function runBigQueryStep(
  step: string,
  options: BigQueryOptions = {},
  guard: TimeGuard = new TimeGuard(),
): BigQueryStepResult {
  return withDocumentLock(() => {
    if (!isStep(step)) throw new Error(TEXT(sheetContext().lang, 'unknown_step', { step: String(step) }));
    const index = BIGQUERY_STEPS.indexOf(step);
    const requested = typeof options.runId === 'string' && options.runId ? options.runId : undefined;
    const runId = index === 0 ? beginRun(requested) : continueRun(requested);
    try {
      const card = STEP_BODIES[step](runContext(options, index === 0 && requested === undefined), guard);
      const next = card.progress || card.waiting ? step : (BIGQUERY_STEPS[index + 1] ?? null);
      if (next === null) endRun(runId);
      return runId === null ? { step, next, card } : { step, next, card, runId };
    } catch (e) {
      endRun(runId);
      throw e;
    }
  });
}
