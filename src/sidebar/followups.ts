// The follow-ups panel: on request, what would be drafted (counts per type, a sample per type,
// who is skipped), then drafts created in batches — each batch one server execution — with Stop
// and Resume. The preview is asked for only when the owner clicks, because it creates the
// Templates tab. The panel stays hidden while the server has no followUpPreview.

import { Lang } from '../core/labels';
import { followUpTypeLabel, isFollowUpType } from '../core/templates';
import { fill, h, progressBar } from './dom';
import { DraftBatchResult, FollowUpPreview, MissingFunctionError, callServer, hasServerFunction } from './server';
import { SIDEBAR_TEXT } from './words';

const BATCH_SIZE = 25;

const typeLabel = (lang: Lang, type: string): string => (isFollowUpType(type) ? followUpTypeLabel(lang, type) : type);

export class FollowUpsPanel {
  private lang: Lang = 'ja';
  private created = 0;
  private failed = 0;
  /** Keys that failed in this run: sent back so the server does not retry them in every batch. */
  private failedKeys: string[] = [];
  private stopRequested = false;
  private readonly title = h('h2');
  private readonly intro = h('p', { class: 'muted' });
  private readonly checkButton = h('button', { type: 'button', 'data-testid': 'check-followups' });
  private readonly body = h('div', { 'data-testid': 'followups-body' });
  private readonly bar = progressBar('drafts-progress');
  private readonly status = h('p', { class: 'muted', 'data-testid': 'drafts-status', role: 'status' });
  private readonly error = h('p', { class: 'field-error', 'data-testid': 'followups-error', hidden: true });
  private readonly createButton = h('button', { type: 'button', class: 'action', 'data-testid': 'create-drafts' });
  private readonly stopButton = h('button', { type: 'button', 'data-testid': 'stop-drafts' });
  private readonly resumeButton = h('button', { type: 'button', 'data-testid': 'resume-drafts' });

  constructor(private readonly root: HTMLElement) {
    this.checkButton.addEventListener('click', () => void this.preview());
    this.createButton.addEventListener('click', () => void this.createDrafts());
    this.resumeButton.addEventListener('click', () => void this.createDrafts());
    this.stopButton.addEventListener('click', () => {
      this.stopRequested = true;
      this.stopButton.disabled = true;
      this.status.textContent = SIDEBAR_TEXT(this.lang, 'stopping');
    });
    fill(this.root, this.title, this.intro, h('div', { class: 'actions' }, this.checkButton), this.error, this.body);
  }

  /** After a run: offers the preview, if the server has it. */
  show(lang: Lang): void {
    this.lang = lang;
    this.title.textContent = SIDEBAR_TEXT(lang, 'followUps');
    this.intro.textContent = SIDEBAR_TEXT(lang, 'followUpsIntro');
    this.checkButton.textContent = SIDEBAR_TEXT(lang, 'checkFollowUps');
    this.root.hidden = !hasServerFunction('followUpPreview');
  }

  private showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.hidden = message === null;
  }

  private async preview(): Promise<void> {
    this.checkButton.disabled = true;
    this.showError(null);
    try {
      this.render(await callServer('followUpPreview', {}));
    } catch (e) {
      if (e instanceof MissingFunctionError) this.root.hidden = true;
      else this.showError((e as Error).message);
    } finally {
      this.checkButton.disabled = false;
    }
  }

  private render(preview: FollowUpPreview): void {
    const lang = this.lang;
    this.created = 0;
    this.failed = 0;
    this.failedKeys = [];
    const counts = Object.entries(preview.countsByType).filter(([, n]) => n > 0);
    const samples = preview.samples.map((sample) =>
      h(
        'details',
        { class: 'sample', 'data-testid': 'followup-sample' },
        h('summary', {}, `${typeLabel(lang, sample.type)} — ${sample.to}`),
        h('p', { class: 'sample-subject' }, sample.subject),
        h('pre', { class: 'sample-body' }, sample.body),
        sample.problems.length > 0
          ? h('ul', { class: 'problems' }, ...sample.problems.map((p) => h('li', {}, p)))
          : null,
      ),
    );
    this.createButton.textContent = SIDEBAR_TEXT(lang, 'createDrafts', { n: preview.total });
    this.createButton.hidden = preview.total === 0;
    this.createButton.disabled = false;
    this.stopButton.textContent = SIDEBAR_TEXT(lang, 'stop');
    this.resumeButton.textContent = SIDEBAR_TEXT(lang, 'resume');
    this.stopButton.hidden = true;
    this.resumeButton.hidden = true;
    this.bar.el.hidden = true;
    this.bar.set(0, preview.total);
    this.status.textContent = preview.total === 0 ? SIDEBAR_TEXT(lang, 'noFollowUps') : '';
    fill(
      this.body,
      h('p', { 'data-testid': 'followups-total' }, SIDEBAR_TEXT(lang, 'followUpsTotal', { total: preview.total })),
      counts.length > 0
        ? h(
            'dl',
            { class: 'headlines', 'data-testid': 'followup-counts' },
            ...counts.map(([type, n]) =>
              h('div', { class: 'headline', 'data-type': type }, h('dt', {}, typeLabel(lang, type)), h('dd', {}, n)),
            ),
          )
        : null,
      h('p', { class: 'muted', 'data-testid': 'followups-skipped' }, SIDEBAR_TEXT(lang, 'skipped', preview.skipped)),
      samples.length > 0 ? h('h3', {}, SIDEBAR_TEXT(lang, 'samples')) : null,
      ...samples,
      h('div', { class: 'actions' }, this.createButton, this.stopButton, this.resumeButton),
      this.bar.el,
      this.status,
    );
  }

  /** Why a batch's run should pause for the owner, or null to go on with the next batch. */
  private pauseReason(batch: DraftBatchResult): string | null {
    const lang = this.lang;
    if (batch.stopped === 'quota') return SIDEBAR_TEXT(lang, 'stoppedQuota');
    // A batch that drafted nothing would repeat forever (a 'time' stop that made progress just goes on).
    if (batch.created + batch.failed === 0) return batch.error ?? SIDEBAR_TEXT(lang, 'draftsStopped');
    if (this.stopRequested) return SIDEBAR_TEXT(lang, 'draftsStopped');
    return null;
  }

  /** Batches until done, stopped by the owner or the server, or failed; Resume picks up from there. */
  private async createDrafts(): Promise<void> {
    const lang = this.lang;
    this.stopRequested = false;
    this.createButton.hidden = true;
    this.resumeButton.hidden = true;
    this.stopButton.hidden = false;
    this.stopButton.disabled = false;
    this.checkButton.disabled = true;
    this.bar.el.hidden = false;
    this.showError(null);
    this.status.textContent = '';
    let pause: string | null = null;
    try {
      for (;;) {
        const batch = await callServer('createDraftBatch', { batchSize: BATCH_SIZE, exclude: this.failedKeys });
        this.created += batch.created;
        this.failed += batch.failed;
        this.failedKeys = [...this.failedKeys, ...(batch.failedKeys ?? [])];
        const done = this.created + this.failed;
        this.bar.set(done, done + batch.remaining);
        this.status.textContent = SIDEBAR_TEXT(lang, 'draftsProgress', { done, total: done + batch.remaining });
        if (batch.done) break;
        pause = this.pauseReason(batch);
        if (pause) break;
      }
    } catch (e) {
      pause = e instanceof MissingFunctionError ? SIDEBAR_TEXT(lang, 'unavailable') : (e as Error).message;
      this.showError(pause);
    }
    this.stopButton.hidden = true;
    this.checkButton.disabled = false;
    if (pause) {
      this.resumeButton.hidden = false;
      if (this.error.hidden) this.status.textContent = pause;
      return;
    }
    const lines = [SIDEBAR_TEXT(lang, 'draftsDone', { created: this.created })];
    if (this.failed > 0) lines.push(SIDEBAR_TEXT(lang, 'draftsFailed', { failed: this.failed }));
    this.status.textContent = lines.join(' ');
  }
}
