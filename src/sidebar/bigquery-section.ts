// The BigQuery edition's sidebar section 「BigQuery の売上」/ "Sales in BigQuery": the project that
// runs the query, the sales table and its columns, and a button that runs the monthly analysis on
// the table (one server execution per step, following `next`, as the sheet's run does).

import { Lang, defineText } from '../core/labels';
import { tabName } from '../core/tabs';
import type {
  BigQueryCard,
  BigQueryFunctionName,
  BigQueryFunctions,
  BigQueryState,
  BigQueryStepResult,
} from '../gas/bigquery-rpc';
import { fill, h } from './dom';
import { MissingFunctionError, callServer } from './server';

const TEXT = defineText({
  ja: {
    title: 'BigQuery の売上',
    intro: '売上がスプレッドシートに入りきらないとき（約100万行から）、BigQuery のテーブルで同じ分析をします。',
    project: 'プロジェクトID（実行と料金の請求先）',
    table: 'テーブル（プロジェクト.データセット.テーブル）',
    columns: '列の名前',
    save: '保存',
    saved: '保存しました。',
    run: 'BigQuery で月次分析を実行',
    // The tabs by the names the owner sees in the sheet (the Segments tab is 「顧客ステージ」).
    segments: `「${tabName('segments', 'ja')}」タブを書き込み中`,
    summary: `「${tabName('summary', 'ja')}」タブを作成中`,
    history: `「${tabName('history', 'ja')}」タブを更新中`,
    waiting: 'BigQuery がクエリを実行中です…',
    rows: '{written} / {rows} 行',
    done: '{customers} 人のお客様を分析しました（読み取り {bytes}）。',
    unavailable: 'この機能はまだ使えません。アドオンを更新してください。',
  },
  en: {
    title: 'Sales in BigQuery',
    intro: 'When your sales outgrow a spreadsheet (about a million rows), run the same analysis on a BigQuery table.',
    project: 'Project ID (runs the query and is billed)',
    table: 'Table (project.dataset.table)',
    columns: 'Column names',
    save: 'Save',
    saved: 'Saved.',
    run: 'Run the monthly analysis in BigQuery',
    segments: `Writing the ${tabName('segments', 'en')} tab`,
    summary: `Making the ${tabName('summary', 'en')} tab`,
    history: `Updating the ${tabName('history', 'en')} tab`,
    waiting: 'BigQuery is running the query…',
    rows: '{written} of {rows} rows',
    done: '{customers} customers analysed ({bytes} read).',
    unavailable: 'This feature is not available yet: update the add-on.',
  },
});

/** Far more calls than any run needs: a server that keeps answering `next` must not loop forever. */
const MAX_CALLS = 200;

/** callServer for the edition's functions: google.script.run has them only in this edition's bundle. */
const callBigQuery = callServer as unknown as <N extends BigQueryFunctionName>(
  name: N,
  ...args: Parameters<BigQueryFunctions[N]>
) => Promise<ReturnType<BigQueryFunctions[N]>>;

function bytesText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

export class BigQuerySection {
  private lang: Lang = 'ja';
  private state: BigQueryState | null = null;
  private busy = false;
  private readonly message = h('p', { class: 'muted', role: 'status', 'data-testid': 'bq-status' });
  private readonly error = h('div', { class: 'error', role: 'alert', 'data-testid': 'bq-error', hidden: true });

  constructor(private readonly root: HTMLElement) {}

  async load(): Promise<void> {
    try {
      this.render(await callBigQuery('bigQueryState'));
    } catch (e) {
      this.showError(e);
    }
  }

  private render(state: BigQueryState): void {
    this.state = state;
    this.lang = state.lang;
    const t = (key: Parameters<typeof TEXT>[1]) => TEXT(this.lang, key);
    const input = (id: string, value: string, label: string) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label),
        h('input', { type: 'text', id, value, 'data-testid': id }),
      );
    const columns = state.columns.map((c) => input(`bq-col-${c.key}`, state.settings.columns[c.key] ?? '', c.label));
    const save = h('button', { type: 'button', 'data-testid': 'bq-save' }, t('save'));
    const run = h('button', { type: 'button', class: 'action', 'data-testid': 'bq-run' }, t('run'));
    save.addEventListener('click', () => void this.save());
    run.addEventListener('click', () => void this.run());
    fill(
      this.root,
      h('h2', {}, t('title')),
      h('p', { class: 'intro' }, t('intro')),
      input('bq-project', state.settings.project, t('project')),
      input('bq-table', state.settings.table, t('table')),
      h('details', {}, h('summary', {}, t('columns')), ...columns),
      h('div', { class: 'actions' }, save, run),
      this.error,
      this.message,
    );
    this.root.hidden = false;
  }

  private read(): { project: string; table: string; columns: Record<string, string> } {
    const value = (id: string) => (this.root.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '').trim();
    const columns: Record<string, string> = {};
    for (const c of this.state?.columns ?? []) columns[c.key] = value(`bq-col-${c.key}`);
    return { project: value('bq-project'), table: value('bq-table'), columns };
  }

  private showError(e: unknown): void {
    const text =
      e instanceof MissingFunctionError ? TEXT(this.lang, 'unavailable') : e instanceof Error ? e.message : String(e);
    this.error.textContent = text;
    this.error.hidden = false;
    this.root.hidden = false;
    if (!this.root.contains(this.error)) this.root.append(this.error);
  }

  private async withBusy(body: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error.hidden = true;
    this.root.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      await body();
    } catch (e) {
      this.showError(e);
    } finally {
      this.busy = false;
      this.root.querySelectorAll('button').forEach((b) => (b.disabled = false));
    }
  }

  private save(): Promise<void> {
    return this.withBusy(async () => {
      this.render(await callBigQuery('saveBigQuerySettings', this.read()));
      this.message.textContent = TEXT(this.lang, 'saved');
    });
  }

  private run(): Promise<void> {
    return this.withBusy(async () => {
      this.render(await callBigQuery('saveBigQuerySettings', this.read()));
      let step: string | null = 'segments';
      let runId: string | undefined;
      let card: BigQueryCard | null = null;
      for (let calls = 0; step !== null; calls++) {
        if (calls >= MAX_CALLS) throw new Error(`too many calls (${step})`);
        const reply: BigQueryStepResult = await callBigQuery('bigQueryStep', step, runId ? { runId } : {});
        runId = reply.runId;
        card = reply.card;
        this.message.textContent = this.progressText(reply);
        step = reply.next;
      }
      if (card) this.showDone(card);
    });
  }

  private progressText(reply: BigQueryStepResult): string {
    const { card } = reply;
    if (card.waiting) return TEXT(this.lang, 'waiting');
    const label = TEXT(this.lang, reply.next ?? reply.step);
    return card.progress ? `${label}: ${TEXT(this.lang, 'rows', card.progress)}` : label;
  }

  private showDone(card: BigQueryCard): void {
    const tabs = card.tabs.map((name) => {
      const button = h('button', { type: 'button', class: 'action-button' }, name);
      button.addEventListener('click', () => void callServer('activateTab', name).catch((e) => this.showError(e)));
      return button;
    });
    fill(
      this.message,
      TEXT(this.lang, 'done', { customers: card.customers, bytes: bytesText(card.bytesProcessed) }),
      h('span', { class: 'actions-list' }, ...tabs),
    );
  }
}
