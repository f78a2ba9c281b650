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

/** Far more steps than any run has: a server that keeps answering `next` must not loop forever. */
const MAX_STEPS = 50;

const loading = byId('loading');
const errorBox = byId('error');
const settingsRoot = byId('settings');
const runActions = byId('run-actions');
const runButton = byId<HTMLButtonElement>('run');
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
  loading.hidden = true;
  settingsRoot.hidden = false;
  runActions.hidden = false;
}

async function load(): Promise<void> {
  try {
    showState(await callServer('sidebarState'));
    showError(null);
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
      const reply: StepReply = await callServer('analysisStep', step, lastRunId ? { runId: lastRunId } : {});
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
    if (card) {
      renderCard(resultRoot, card, lang, openTab);
      followUps.show(lang);
    }
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

function openTab(name: string): void {
  showError(null);
  callServer('activateTab', name).catch((e: unknown) => showError(messageOf(e)));
}

runButton.addEventListener('click', () => void runAnalysis());
void load();
