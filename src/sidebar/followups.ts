// The follow-ups panel: on request, what would be drafted (who gets which mail, one per person, a
// sample per type, who is skipped), the sender the mails are signed with (asked for before the
// first draft: drafting is refused without a shop name), then drafts created in batches, each
// batch one server execution, with Stop and Resume and a count that is always shown. The preview
// is asked for only when the owner clicks, because it creates the Templates tab. The panel stays
// hidden while the server has no followUpPreview.

import { followUpSettingLabel } from '../core/settings-messages';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  FollowUpSettingKey,
  FollowUpSettingsError,
  resolveFollowUpSettings,
} from '../core/followups';
import { Lang, defineText } from '../core/labels';
import { followUpTypeLabel, isFollowUpType } from '../core/templates';
import { FieldErrors, fill, h, progressBar } from './dom';
import { DraftBatchResult, FollowUpPreview, MissingFunctionError, callServer, hasServerFunction } from './server';
import { SIDEBAR_TEXT } from './words';

const BATCH_SIZE = 25;
/** Gmail's drafts folder: where the owner reviews and sends what was made. */
export const GMAIL_DRAFTS_URL = 'https://mail.google.com/mail/#drafts';

const TEXT = defineText({
  ja: {
    followUps: 'フォローメール',
    followUpsIntro:
      'お礼やご案内のメールをGmailの下書きとして作ります（送信はしません）。1回の作成で、お一人に1通までです。文面はシート「テンプレート」（英語の文面は「Templates」）で編集できます。',
    checkFollowUps: 'フォローメールを確認',
    writer: '差出人と送り方',
    writerIntro: 'メールの署名に使います。最初の下書きを作る前に、ショップ名を入れてください。',
    shopName: 'ショップ名（必須）',
    senderName: '差出人のお名前',
    senderHint: '例: 店主 山田 花子',
    signature: '署名（住所・営業時間など。任意）',
    draftLang: 'メールの言語',
    lang_auto: '自動（売上データの見出しとお名前から）',
    lang_ja: '日本語',
    lang_en: '英語',
    cadence: '送る間隔',
    defaultValue: '（初期値 {value}）',
    saveWriter: '保存して確認し直す',
    shopNameRequired: 'ショップ名を入れてください。',
    needShopName: '下書きを作る前に、「差出人と送り方」でショップ名を設定してください。',
    signedAs: '差出人: {writer}（メールの言語: {lang}）',
    followUpsTotal: '送る候補 {total}件（{people}人）',
    later: 'ほかに{later}件あります。1回の上限は{cap}件のため、残りは次回の確認で作成できます。',
    people: '送る相手',
    skipped:
      '対象外: メールアドレスなし {no_email}人・配信停止 {opted_out}人・{cooldown}日以内に下書きを作成済み {cooling}人',
    samples: '下書きの例',
    createDrafts: '{n}件の下書きを作成',
    stop: '停止',
    resume: '再開',
    stopping: '今の処理が終わったら止めます…',
    drafting: '作成中… {done}/{total}',
    draftsStopped: '{done}/{total}件作成済み。「再開」で続きを作成します。',
    stoppedQuota: 'Gmailの1日の上限に達しました（{done}/{total}件作成済み）。明日「再開」で続きを作成してください。',
    draftsDone: '下書きを{created}件作成しました。',
    draftsFailed: '作成できなかったもの: {failed}件',
    laterAfterDone: '残り{later}件は、次回「フォローメールを確認」すると作成できます。',
    openGmail: 'Gmailの下書きを開く',
    noFollowUps: '今回送る候補はありません。',
    results: 'フォローの成果（下書きから30日以内のご来店）',
  },
  en: {
    followUps: 'Follow-up emails',
    followUpsIntro:
      'Creates thank-you and follow-up emails as Gmail drafts (nothing is sent), one per person at most in each run. Edit the texts in the Templates tab (テンプレート for the Japanese ones).',
    checkFollowUps: 'Check follow-ups',
    writer: 'Sender and sending',
    writerIntro: 'Used to sign the emails. Please enter your shop name before the first draft.',
    shopName: 'Shop name (required)',
    senderName: 'Your name (the sender)',
    senderHint: 'e.g. Yumi Yamada, owner',
    signature: 'Signature (address, opening hours… optional)',
    draftLang: 'Language of the emails',
    lang_auto: "Automatic (from the sales data's headers and names)",
    lang_ja: 'Japanese',
    lang_en: 'English',
    cadence: 'Timing',
    defaultValue: ' (default {value})',
    saveWriter: 'Save and check again',
    shopNameRequired: 'Please enter your shop name.',
    needShopName: 'Set your shop name under "Sender and sending" before creating drafts.',
    signedAs: 'Signed: {writer} (emails in {lang})',
    followUpsTotal: '{total} to write ({people} people)',
    later: '{later} more are due. At most {cap} are drafted per run; the rest are offered next time.',
    people: 'Who gets what',
    skipped:
      'Skipped: {no_email} without email · {opted_out} opted out · {cooling} drafted within the last {cooldown} days',
    samples: 'Sample drafts',
    createDrafts: 'Create {n} drafts',
    stop: 'Stop',
    resume: 'Resume',
    stopping: 'Stopping after the current batch…',
    drafting: 'Creating… {done}/{total}',
    draftsStopped: '{done} of {total} created. Press "Resume" to create the rest.',
    stoppedQuota:
      "Gmail's daily limit was reached ({done} of {total} created). Press Resume tomorrow to create the rest.",
    draftsDone: '{created} drafts created.',
    draftsFailed: 'Could not create: {failed}',
    laterAfterDone: '{later} more can be created next time: press "Check follow-ups" again.',
    openGmail: 'Open your Gmail drafts',
    noFollowUps: 'Nothing to send this time.',
    results: 'Did the follow-ups work? (a visit within 30 days)',
  },
});

const typeLabel = (lang: Lang, type: string): string => (isFollowUpType(type) ? followUpTypeLabel(lang, type) : type);

type NumberSetting = FollowUpSettingKey;

/** Every number of the cadences, in the order the owner meets them (the defaults' order). */
const NUMBER_SETTINGS = Object.keys(DEFAULT_FOLLOW_UP_SETTINGS) as NumberSetting[];
/** The element id of each: newThanksDays → new-thanks-days. */
const idOf = (key: NumberSetting) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The sender and sending settings: shown open until a shop name is saved. */
class WriterForm {
  readonly el = h('details', { class: 'writer', 'data-testid': 'writer-section' });
  private readonly shop = h('input', {
    type: 'text',
    id: 'shop-name',
    'data-testid': 'shop-name',
    autocomplete: 'off',
  });
  private readonly sender = h('input', { type: 'text', id: 'sender-name', 'data-testid': 'sender-name' });
  private readonly signature = h('textarea', { id: 'signature', 'data-testid': 'signature', rows: 3 });
  private readonly lang = h('select', { id: 'draft-lang', 'data-testid': 'draft-lang' });
  private readonly numbers = Object.fromEntries(
    NUMBER_SETTINGS.map((key) => [
      key,
      h('input', { type: 'number', id: idOf(key), 'data-testid': idOf(key), step: 1, inputmode: 'numeric' }),
    ]),
  ) as Record<NumberSetting, HTMLInputElement>;
  private readonly errors = new FieldErrors();
  readonly save = h('button', { type: 'button', class: 'action', 'data-testid': 'save-writer' });

  render(lang: Lang, preview: FollowUpPreview): void {
    this.el.open = preview.writer.shopName === '';
    this.shop.value = preview.writer.shopName;
    this.sender.value = preview.writer.senderName;
    this.sender.placeholder = TEXT(lang, 'senderHint');
    this.signature.value = preview.writer.signature;
    fill(this.lang, ...(['auto', 'ja', 'en'] as const).map((v) => h('option', { value: v }, TEXT(lang, `lang_${v}`))));
    this.lang.value = preview.settings.draftLang;
    for (const key of NUMBER_SETTINGS) this.numbers[key].value = String(preview.settings[key]);
    this.save.textContent = TEXT(lang, 'saveWriter');
    const field = (id: string, label: string, control: HTMLElement) =>
      h('div', { class: 'field' }, h('label', { for: id }, label), control, this.errors.slot(id));
    fill(
      this.el,
      h('summary', {}, TEXT(lang, 'writer')),
      h('p', { class: 'muted' }, TEXT(lang, 'writerIntro')),
      field('shop-name', TEXT(lang, 'shopName'), this.shop),
      field('sender-name', TEXT(lang, 'senderName'), this.sender),
      field('signature', TEXT(lang, 'signature'), this.signature),
      field('draft-lang', TEXT(lang, 'draftLang'), this.lang),
      h('h3', {}, TEXT(lang, 'cadence')),
      ...NUMBER_SETTINGS.map((key) =>
        field(
          idOf(key),
          followUpSettingLabel(lang, key) + TEXT(lang, 'defaultValue', { value: DEFAULT_FOLLOW_UP_SETTINGS[key] }),
          this.numbers[key],
        ),
      ),
      h('div', { class: 'actions' }, this.save),
    );
  }

  /** The settings to save, checked as the server checks them; null (with messages) when invalid. */
  read(lang: Lang): Record<string, unknown> | null {
    let ok = true;
    const shopName = this.shop.value.trim();
    this.errors.show('shop-name', shopName ? null : TEXT(lang, 'shopNameRequired'));
    if (!shopName) ok = false;
    const followUps: Record<string, string> = { draftLang: this.lang.value };
    for (const key of NUMBER_SETTINGS) {
      followUps[key] = this.numbers[key].value.trim();
      this.errors.show(idOf(key), null);
    }
    try {
      resolveFollowUpSettings(followUps);
    } catch (e) {
      if (!(e instanceof FollowUpSettingsError)) throw e;
      // In the owner's words: the field's own label, and the other field's for an order problem.
      for (const p of e.problems)
        this.errors.show(
          idOf(p.key),
          SIDEBAR_TEXT(lang, p.code, { other: p.other ? followUpSettingLabel(lang, p.other) : '' }),
        );
      ok = false;
    }
    if (!ok) {
      this.el.open = true;
      return null;
    }
    return { shopName, senderName: this.sender.value.trim(), signature: this.signature.value, followUps };
  }
}

export class FollowUpsPanel {
  private lang: Lang = 'ja';
  private created = 0;
  private failed = 0;
  /** Keys that failed in this run: sent back so the server does not retry them in every batch. */
  private failedKeys: string[] = [];
  /** The run the preview worked out: the batches draft its list without reading the sales again. */
  private runId: string | undefined;
  private total = 0;
  private later = 0;
  private stopRequested = false;
  private readonly writer = new WriterForm();
  private readonly title = h('h2');
  private readonly intro = h('p', { class: 'muted' });
  private readonly checkButton = h('button', { type: 'button', 'data-testid': 'check-followups' });
  private readonly body = h('div', { 'data-testid': 'followups-body' });
  private readonly bar = progressBar('drafts-progress');
  private readonly status = h('p', { class: 'muted', 'data-testid': 'drafts-status', role: 'status' });
  private readonly gmailLink = h('a', {
    href: GMAIL_DRAFTS_URL,
    target: '_blank',
    rel: 'noopener noreferrer',
    'data-testid': 'open-gmail',
    hidden: true,
  });
  private readonly error = h('p', { class: 'field-error', 'data-testid': 'followups-error', hidden: true });
  private readonly createButton = h('button', { type: 'button', class: 'action', 'data-testid': 'create-drafts' });
  private readonly stopButton = h('button', { type: 'button', 'data-testid': 'stop-drafts' });
  private readonly resumeButton = h('button', { type: 'button', 'data-testid': 'resume-drafts' });

  constructor(private readonly root: HTMLElement) {
    this.checkButton.addEventListener('click', () => void this.preview());
    this.createButton.addEventListener('click', () => void this.createDrafts());
    this.resumeButton.addEventListener('click', () => void this.createDrafts());
    this.writer.save.addEventListener('click', () => void this.saveWriter());
    this.stopButton.addEventListener('click', () => {
      this.stopRequested = true;
      this.stopButton.disabled = true;
      this.status.textContent = TEXT(this.lang, 'stopping');
    });
    fill(this.root, this.title, this.intro, h('div', { class: 'actions' }, this.checkButton), this.error, this.body);
  }

  /** After a run: offers the preview, if the server has it. */
  show(lang: Lang): void {
    this.lang = lang;
    this.title.textContent = TEXT(lang, 'followUps');
    this.intro.textContent = TEXT(lang, 'followUpsIntro');
    this.checkButton.textContent = TEXT(lang, 'checkFollowUps');
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

  private async saveWriter(): Promise<void> {
    const input = this.writer.read(this.lang);
    if (!input) return;
    this.writer.save.disabled = true;
    this.showError(null);
    try {
      await callServer('saveSidebarSettings', input);
      await this.preview();
    } catch (e) {
      this.showError((e as Error).message);
    } finally {
      this.writer.save.disabled = false;
    }
  }

  private render(preview: FollowUpPreview): void {
    const lang = this.lang;
    this.created = 0;
    this.failed = 0;
    this.failedKeys = [];
    this.runId = preview.runId;
    this.total = preview.total;
    this.later = preview.later;
    this.writer.render(lang, preview);
    const noShop = preview.writer.shopName === '';
    this.createButton.textContent = TEXT(lang, 'createDrafts', { n: preview.total });
    this.createButton.hidden = preview.total === 0;
    this.createButton.disabled = noShop;
    this.stopButton.textContent = TEXT(lang, 'stop');
    this.resumeButton.textContent = TEXT(lang, 'resume');
    this.stopButton.hidden = true;
    this.resumeButton.hidden = true;
    this.gmailLink.hidden = true;
    this.gmailLink.textContent = TEXT(lang, 'openGmail');
    this.bar.el.hidden = true;
    this.bar.set(0, preview.total);
    this.status.textContent =
      preview.total === 0 ? TEXT(lang, 'noFollowUps') : noShop ? TEXT(lang, 'needShopName') : '';
    fill(
      this.body,
      this.writer.el,
      noShop
        ? null
        : h(
            'p',
            { class: 'muted', 'data-testid': 'signed-as' },
            TEXT(lang, 'signedAs', {
              writer: [preview.writer.shopName, preview.writer.senderName].filter(Boolean).join(' '),
              lang: TEXT(lang, `lang_${preview.draftLang}`),
            }),
          ),
      h(
        'p',
        { 'data-testid': 'followups-total' },
        TEXT(lang, 'followUpsTotal', { total: preview.total, people: preview.people }),
      ),
      preview.later > 0
        ? h(
            'p',
            { class: 'muted', 'data-testid': 'followups-later' },
            TEXT(lang, 'later', { later: preview.later, cap: preview.settings.maxPerRun }),
          )
        : null,
      ...this.summaryOf(preview),
      h('div', { class: 'actions' }, this.createButton, this.stopButton, this.resumeButton),
      this.bar.el,
      this.status,
      this.gmailLink,
    );
  }

  /** Counts per type, the people and their mail, who is skipped, and a sample per type. */
  private summaryOf(preview: FollowUpPreview): (HTMLElement | null)[] {
    const lang = this.lang;
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
    return [
      counts.length > 0
        ? h(
            'dl',
            { class: 'headlines', 'data-testid': 'followup-counts' },
            ...counts.map(([type, n]) =>
              h('div', { class: 'headline', 'data-type': type }, h('dt', {}, typeLabel(lang, type)), h('dd', {}, n)),
            ),
          )
        : null,
      preview.recipients.length > 0
        ? h(
            'details',
            { class: 'people', 'data-testid': 'followup-people' },
            h('summary', {}, TEXT(lang, 'people')),
            h(
              'ol',
              {},
              ...preview.recipients.map((p) =>
                h('li', { 'data-type': p.type }, `${p.name} — ${typeLabel(lang, p.type)}`),
              ),
            ),
          )
        : null,
      h(
        'p',
        { class: 'muted', 'data-testid': 'followups-skipped' },
        TEXT(lang, 'skipped', { ...preview.skipped, cooldown: preview.settings.cooldownDays }),
      ),
      this.resultsOf(preview),
      samples.length > 0 ? h('h3', {}, TEXT(lang, 'samples')) : null,
      ...samples,
    ];
  }

  /** Whether past follow-ups worked: a line per type with a draft old enough, and why unsent drafts count. */
  private resultsOf(preview: FollowUpPreview): HTMLElement | null {
    const lang = this.lang;
    // A server from before the results sends none.
    const results = preview.results ?? [];
    if (results.length === 0) return null;
    return h(
      'section',
      { class: 'results', 'data-testid': 'followup-results' },
      h('h3', {}, TEXT(lang, 'results')),
      h('ul', {}, ...results.map((r) => h('li', { 'data-type': r.type }, `${typeLabel(lang, r.type)}: ${r.line}`))),
      h('p', { class: 'muted' }, preview.resultsNote),
    );
  }

  /** Why a batch's run should pause for the owner, or null to go on with the next batch. */
  private pauseReason(
    batch: DraftBatchResult,
    progress: { done: number; total: number },
    firstPlan: boolean,
  ): string | null {
    const lang = this.lang;
    if (batch.stopped === 'quota') return TEXT(lang, 'stoppedQuota', progress);
    // The batch that read the sales may run out of time before its first draft: the next one goes
    // on from the kept list. Once only: without a kept list every batch would read them again.
    if (firstPlan && batch.planned && batch.stopped === 'time') return null;
    // A batch that drafted nothing would repeat forever (a 'time' stop that made progress just goes on).
    if (batch.created + batch.failed === 0) return batch.error ?? TEXT(lang, 'draftsStopped', progress);
    if (this.stopRequested) return TEXT(lang, 'draftsStopped', progress);
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
    // The count shows from the first moment: the first batch may take a while to answer.
    const progress = { done: this.created + this.failed, total: this.total };
    this.bar.set(progress.done, progress.total);
    this.status.textContent = TEXT(lang, 'drafting', progress);
    let pause: string | null = null;
    let firstPlan = true;
    try {
      for (;;) {
        const batch = await callServer('createDraftBatch', {
          batchSize: BATCH_SIZE,
          exclude: this.failedKeys,
          runId: this.runId,
        });
        this.runId = batch.runId;
        this.later = batch.later;
        this.created += batch.created;
        this.failed += batch.failed;
        this.failedKeys = [...this.failedKeys, ...(batch.failedKeys ?? [])];
        progress.done = this.created + this.failed;
        progress.total = progress.done + batch.remaining;
        this.total = progress.total;
        this.bar.set(progress.done, progress.total);
        if (batch.done) break;
        pause = this.pauseReason(batch, progress, firstPlan);
        if (pause) break;
        if (batch.planned) firstPlan = false;
        if (!this.stopRequested) this.status.textContent = TEXT(lang, 'drafting', progress);
      }
    } catch (e) {
      pause = e instanceof MissingFunctionError ? SIDEBAR_TEXT(lang, 'unavailable') : (e as Error).message;
      this.showError(pause);
    }
    this.stopButton.hidden = true;
    this.checkButton.disabled = false;
    this.gmailLink.hidden = this.created === 0;
    if (pause) {
      this.resumeButton.hidden = false;
      this.status.textContent = this.error.hidden ? pause : TEXT(lang, 'draftsStopped', progress);
      return;
    }
    const lines = [TEXT(lang, 'draftsDone', { created: this.created })];
    if (this.failed > 0) lines.push(TEXT(lang, 'draftsFailed', { failed: this.failed }));
    if (this.later > 0) lines.push(TEXT(lang, 'laterAfterDone', { later: this.later }));
    // Japanese sentences follow one another without a space.
    this.status.textContent = lines.join(lang === 'ja' ? '' : ' ');
  }
}
