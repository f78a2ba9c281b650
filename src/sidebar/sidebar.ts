// The sidebar: loads the detected settings, lets the owner correct them, and runs the monthly
// analysis step by step (one server execution per step, following `next`), then shows the card.

import { Lang } from '../core/labels';
import { MESSAGE_TEXT } from '../core/messages';
import { renderCard } from './card';
import { byId, fill, h, progressBar } from './dom';
import { FollowUpsPanel } from './followups';
import {
  AnalysisCard,
  MissingFunctionError,
  SidebarSettingsInput,
  SidebarState,
  StepReply,
  callServer,
} from './server';
import { SettingsForm } from './settings-form';
import { stepLabel, SIDEBAR_TEXT } from './words';
import { addMonths, monthKey, monthStart, parseIsoDay } from '../core/days';
import { CURRENT_MONTH, ReportMonth, monthLabel, reportMonthOf } from '../core/report-month';
import { defineText } from '../core/labels';

const START_TEXT = defineText({
  ja: {
    intro: 'まず下の列の対応を確かめて、「月次分析を実行」を押してください。',
    introProblem: '売上の表が見つかりません。日付・お客様・金額の列がある表を開いてから、もう一度開いてください。',
    monthLabel: '対象月',
    monthDefault: '先月（{month}）',
    monthSoFar: '今月のここまで（{month}）',
  },
  en: {
    intro: 'First check the columns below, then press “Run monthly analysis”.',
    introProblem:
      'No sales table found. Open a sheet with date, customer and amount columns, then reopen this sidebar.',
    monthLabel: 'Month',
    monthDefault: 'Last month ({month})',
    monthSoFar: 'This month so far ({month})',
  },
});

/** Far more steps than any run has: a server that keeps answering `next` must not loop forever. */
const MAX_STEPS = 50;

const loading = byId('loading');
const errorBox = byId('error');
const settingsRoot = byId('settings');
const runActions = byId('run-actions');
const runButton = byId<HTMLButtonElement>('run');
const intro = byId('intro');
const monthSelect = byId<HTMLSelectElement>('month');
const monthLabelEl = byId('month-label');
const progressRoot = byId('progress');
const resultRoot = byId('result');

const bar = progressBar('progress-bar');
const stepText = h('span', { class: 'step-name', 'data-testid': 'progress-step' });
const stepCount = h('span', { class: 'step-count', 'data-testid': 'progress-count' });
fill(progressRoot, bar.el, h('p', { class: 'progress-text' }, stepText, stepCount));

let lang: Lang = 'ja';
let busy = false;
let shown: SidebarState | null = null;
const form = new SettingsForm(settingsRoot, {
  sheetChanged: (sheet) => void saveAndShow({ salesSheet: sheet, mapping: {} }),
  resetColumns: () => void saveAndShow({ mapping: {} }),
});
runActions.append(form.runHint);
const followUps = new FollowUpsPanel(byId('followups'));

function showError(message: string | null): void {
  errorBox.textContent = message ?? '';
  errorBox.hidden = message === null;
}

function messageOf(e: unknown): string {
  if (e instanceof MissingFunctionError) return SIDEBAR_TEXT(lang, 'unavailable');
  return e instanceof Error ? e.message : String(e);
}

function setBusy(value: boolean): void {
  busy = value;
  runButton.disabled = value;
  form.setDisabled(value);
  document.body.setAttribute('aria-busy', String(value));
}

function showState(state: SidebarState): void {
  shown = state;
  lang = state.lang;
  document.documentElement.lang = lang;
  form.render(state);
  runButton.textContent = MESSAGE_TEXT(lang, 'menu_run');
  intro.textContent = START_TEXT(lang, state.problem ? 'introProblem' : 'intro');
  renderMonthChoices(state.today);
  loading.hidden = true;
  settingsRoot.hidden = false;
  runActions.hidden = false;
}

async function load(): Promise<void> {
  try {
    const state = await callServer('sidebarState');
    showState(state);
    showError(null);
    // Reopened: the last result is there again, as it was left.
    if (state.lastCard) showCard(state.lastCard, false);
  } catch (e) {
    loading.hidden = true;
    showError(messageOf(e));
    const retry = h(
      'button',
      { type: 'button', 'data-testid': 'retry' },
      `${SIDEBAR_TEXT('ja', 'retry')} / ${SIDEBAR_TEXT('en', 'retry')}`,
    );
    retry.addEventListener('click', () => {
      retry.remove();
      loading.hidden = false;
      void load();
    });
    errorBox.after(retry);
  }
}

/** A sheet change or a column reset: saved at once, then the columns detected afresh are shown. */
async function saveAndShow(input: SidebarSettingsInput): Promise<void> {
  if (busy) return;
  setBusy(true);
  showError(null);
  try {
    showState(await callServer('saveSidebarSettings', input));
  } catch (e) {
    // Nothing was saved: put the sheet select back to what the server has.
    if (shown) showState(shown);
    showError(messageOf(e));
  } finally {
    setBusy(false);
  }
}

function showProgress(done: number, total: number, text: string): void {
  bar.set(done, total);
  stepText.textContent = text;
  stepCount.textContent = total > 0 ? SIDEBAR_TEXT(lang, 'stepOf', { done, total }) : '';
  progressRoot.hidden = false;
}

async function runAnalysis(): Promise<void> {
  if (busy) return;
  showError(null);
  const input = form.read();
  if (!input) {
    showError(form.runBlocker() ?? SIDEBAR_TEXT(lang, 'fixSettings'));
    form.focusFirstProblem();
    return;
  }
  setBusy(true);
  try {
    showProgress(0, 0, SIDEBAR_TEXT(lang, 'saving'));
    showState(await callServer('saveSidebarSettings', input));
    let step: string | null = 'analyse';
    const seen: string[] = [];
    let total = 0;
    let card: AnalysisCard | null = null;
    let continued = 0;
    while (step !== null) {
      if (seen.length >= MAX_STEPS) throw new Error(`too many steps (${step})`);
      if (!card?.progress)
        showProgress(seen.length, total, SIDEBAR_TEXT(lang, 'running', { step: stepLabel(lang, step) }));
      const month = monthSelect.value;
      const options = { ...(month ? { month } : {}), ...(lastRunId ? { runId: lastRunId } : {}) };
      const reply: StepReply = await callServer('analysisStep', step, options);
      lastRunId = reply.runId;
      card = reply.card;
      const progress = reply.card.progress;
      // A step that ran out of time is called again; it counts once, when it finishes.
      if (progress && reply.next === reply.step) {
        continued++;
        if (continued > MAX_STEPS) throw new Error(`too many continuations (${step})`);
        showProgress(
          seen.length,
          total,
          SIDEBAR_TEXT(lang, 'writingRows', {
            step: stepLabel(lang, step),
            written: progress.rowsWritten,
            rows: progress.rows,
          }),
        );
        continue;
      }
      seen.push(reply.step);
      // The full list when the server gives it; else what has run plus the one announced next.
      total = reply.card.steps?.length ?? seen.length + (reply.next ? 1 : 0);
      step = reply.next;
    }
    lastRunId = undefined;
    showProgress(seen.length, total, SIDEBAR_TEXT(lang, 'finished'));
    if (card) showCard(card, true);
  } catch (e) {
    // What was shown before (settings, the last card) stays; only the message is added.
    progressRoot.hidden = true;
    showError(messageOf(e));
  } finally {
    setBusy(false);
  }
}

/** The run of the latest step; a retry after a failure resumes it instead of being refused. */
let lastRunId: string | undefined;

/** The card, and the follow-ups panel after it; after a run the card is scrolled into view. */
function showCard(card: AnalysisCard, scroll: boolean): void {
  renderCard(resultRoot, card, card.lang ?? lang, { openTab, draft: openDrafts });
  followUps.show(lang);
  if (scroll) resultRoot.scrollIntoView({ block: 'start' });
}

/** An action line's button: the follow-ups panel checks who gets a mail, in view. */
function openDrafts(): void {
  const panel = byId('followups');
  // The preview arrives a moment later and makes the page longer: keep the panel's top in view as it grows.
  const keepInView = new MutationObserver(() => panel.scrollIntoView({ block: 'start' }));
  keepInView.observe(panel, { childList: true, subtree: true });
  setTimeout(() => keepInView.disconnect(), 3000);
  panel.querySelector<HTMLButtonElement>('[data-testid="check-followups"]')?.click();
  panel.scrollIntoView({ block: 'start' });
}

/** The report month: the default (the last month ended), this month so far, or one of the 24 before. */
function renderMonthChoices(todayIso: string): void {
  const today = parseIsoDay(todayIso);
  if (today === null || monthSelect.options.length > 0) return;
  monthLabelEl.textContent = START_TEXT(lang, 'monthLabel');
  const fallback = reportMonthOf(today) as ReportMonth;
  const options = [
    h('option', { value: '' }, START_TEXT(lang, 'monthDefault', { month: monthLabel(fallback.month, lang) })),
    h('option', { value: CURRENT_MONTH }, START_TEXT(lang, 'monthSoFar', { month: monthLabel(monthKey(today), lang) })),
  ];
  for (let k = 1; k <= 24; k++) {
    const m = monthKey(addMonths(monthStart(today), -k));
    if (m !== fallback.month) options.push(h('option', { value: m }, monthLabel(m, lang)));
  }
  fill(monthSelect, ...options);
}

function openTab(name: string): void {
  showError(null);
  callServer('activateTab', name).catch((e: unknown) => showError(messageOf(e)));
}

runButton.addEventListener('click', () => void runAnalysis());
void load();
