// Follow-up drafts: read the sales, the optional customer list, the Templates tab and the
// Follow-up log; work out what is due, one follow-up per customer; create Gmail drafts in batches.
// A run's list is worked out once (by the preview or the first batch) and kept in the document
// cache for the batches that follow, so a batch does not read the sales again. Each batch appends
// its rows to the log in one write, so a timeout or a quota error keeps everything already
// drafted and a rerun creates no duplicate.

import { FollowUpCustomers, mergeCustomerList } from '../core/customer-list';
import {
  FollowUpResults,
  followUpResults,
  followUpResultLine,
  followUpResultsNote,
  judgedTypes,
} from '../core/followup-results';
import { SummaryOptions } from '../core/metrics';
import { Day, dayOfDateIn, formatDay } from '../core/days';
import {
  FollowUpSettings,
  dueFollowUps,
  parseFollowUpKey,
  prospectTouchLog,
  resolveFollowUpSettings,
} from '../core/followups';
import {
  ChosenFollowUp,
  DraftLangSetting,
  draftLangOf,
  isDraftLangSetting,
  lastDraftDays,
  selectOnePerCustomer,
} from '../core/followup-priority';
import { FollowUpLogEntry, LOG_STATE_COLUMNS, LogState, logRow, logTable, parseLogState } from '../core/followup-log';
import { Lang, defineText } from '../core/labels';
import { TABS } from '../core/tabs';
import {
  FollowUpType,
  Placeholders,
  Template,
  Writer,
  defaultTemplates,
  enabledTypesOf,
  followUpTypeLabel,
  parseTemplates,
  renderTemplate,
  templatesTable,
} from '../core/templates';
import { AnalysisOptions, SalesSheetAnalysis, analyzeSalesSheet } from './sales-source';
import { SheetContext, sheetContext } from './context';
import { readCustomerList } from './customer-list-tab';
import { createDraft, isQuotaError, removeDraft } from './gmail';
import { withDocumentLock } from './lock';
import { getChunked, putChunked, removeChunked } from './chunked-cache';
import { StoredSettings, loadSettings } from './settings-store';
import { readAllValues, toSheetRows, writeTable } from './sheets';
import { TimeGuard } from './time-guard';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const TEXT = defineText({
  ja: {
    noShopName:
      '下書きを作る前に、ショップ名を設定してください（サイドバーの「フォローメール」→「差出人と送り方」）。ショップ名はメールの署名と差出人名になります。',
  },
  en: {
    noShopName:
      'Please set your shop name before creating drafts (sidebar → Follow-up emails → Sender and sending). It signs every email and is shown as the sender.',
  },
});

/** Drafting without a shop name: the owner's words, shown as they are (no message key). */
export class ShopNameMissingError extends Error {
  constructor(lang: Lang) {
    super(TEXT(lang, 'noShopName'));
    this.name = 'ShopNameMissingError';
  }
}

/** Any of the tab's names, in either language. */
function findTab(ctx: SheetContext, names: Record<Lang, string>): Sheet | null {
  return ctx.spreadsheet.getSheetByName(names.ja) ?? ctx.spreadsheet.getSheetByName(names.en);
}

/** Who is writing, from the settings; nothing falls back to the spreadsheet's or file's name. */
export function writerOf(stored: StoredSettings): Writer {
  return {
    shop: String(stored.shopName ?? '').trim(),
    sender: String(stored.senderName ?? '').trim(),
    signature: String(stored.signature ?? ''),
  };
}

export function draftLangSettingOf(stored: StoredSettings): DraftLangSetting {
  const value = stored.followUps?.draftLang;
  return isDraftLangSetting(value) ? value : 'auto';
}

export interface FollowUpPlan {
  /** The owner's language: the log, the labels. */
  lang: Lang;
  /** The customers' language: the templates used (see draftLangOf). */
  draftLang: Lang;
  loaded: SalesSheetAnalysis;
  settings: FollowUpSettings;
  writer: Writer;
  templates: Map<FollowUpType, Template>;
  /** Types whose template has a problem (an unknown placeholder): not drafted until fixed. */
  blockedTypes: Map<FollowUpType, string[]>;
  /** One per customer, highest priority first; each with the follow-ups it supersedes. */
  chosen: ChosenFollowUp[];
  /** People skipped (no address, opted out) or waiting (drafted within the cooldown). */
  skipped: { no_email: number; opted_out: number; cooling: number };
  /** Chosen follow-ups per type (all of them, not only this run's). */
  countsByType: Record<FollowUpType, number>;
  logSheet: Sheet | null;
  /** Follow-up results (followup-results.ts), from the log's drafts and the sales. */
  results(): FollowUpResults;
}

/** A draft of the run, as kept between batches (plain JSON). */
export interface QueuedDraft {
  key: string;
  customerKey: string;
  name: string;
  email: string;
  type: FollowUpType;
  placeholders: Placeholders;
  /** Keys (and types) logged as superseded when this one is drafted. */
  superseded: { key: string; type: FollowUpType }[];
}

function queued({ pick: f, superseded }: ChosenFollowUp): QueuedDraft {
  return {
    key: f.key,
    customerKey: f.customerKey,
    name: f.name,
    email: f.email,
    type: f.type,
    placeholders: f.placeholders,
    superseded: superseded.map((s) => ({ key: s.key, type: s.type })),
  };
}

/** What the log says of each key (only the columns that tell it are read), once per call. */
function readLog(ctx: SheetContext): { sheet: Sheet | null; entries: LogState[] } {
  const sheet = findTab(ctx, TABS.followUpLog.names);
  const rows = sheet ? sheet.getLastRow() : 0;
  if (!sheet || rows === 0) return { sheet, entries: [] };
  const values = sheet.getRange(1, LOG_STATE_COLUMNS.first + 1, rows, LOG_STATE_COLUMNS.count).getValues();
  return { sheet, entries: parseLogState(values, dayOfDateIn(ctx.timeZone)) };
}

/** Keys the log closes: drafted, or superseded by a draft of the same run. */
function closedKeys(entries: readonly LogState[]): Set<string> {
  return new Set(entries.filter((e) => e.status !== 'failed').map((e) => e.key));
}

/**
 * Reads everything a follow-up run needs. The Templates tab of the drafts' language is created
 * with the defaults when it is missing, and missing types are appended; the owner's own rows are
 * never rewritten.
 */
export function planFollowUps(
  ctx: SheetContext,
  options: AnalysisOptions = {},
  analysed?: SalesSheetAnalysis,
  /** False: the analysis' read-only look (a missing Templates tab counts as the defaults, unwritten). */
  writeTemplates = true,
): FollowUpPlan {
  const loaded = analysed ?? analyzeSalesSheet(ctx, options);
  const lang = loaded.lang;
  const stored = loadSettings();
  const settings = resolveFollowUpSettings(stored.followUps);

  const customers = mergeCustomerList(loaded.table.sales, readCustomerList(ctx));
  const draftLang = draftLangOf(
    draftLangSettingOf(stored),
    customers.all.map((c) => c.name),
    loaded.table.header.japanese,
  );

  const templates = writeTemplates ? ensureTemplates(ctx, draftLang) : templatesOrDefaults(ctx, draftLang);
  const writer = writerOf(stored);
  const blockedTypes = blockedTypesOf(templates, writer);
  const log = readLog(ctx);
  const drafted = log.entries.filter((e) => e.status === 'created' && e.day !== null) as (LogState & { day: Day })[];

  const result = dueFollowUps({
    analysis: loaded.table.sales,
    customers,
    asOf: loaded.asOf,
    settings,
    loggedKeys: closedKeys(log.entries),
    prospectTouchesLogged: prospectTouchLog(drafted),
    enabledTypes: enabledTypesOf([...templates.values()]).filter((t) => !blockedTypes.has(t)),
  });
  const selection = selectOnePerCustomer(result.due, {
    asOf: loaded.asOf,
    cooldownDays: settings.cooldownDays,
    lastDraft: lastDraftDays(drafted.map((e) => ({ customerKey: customerKeyOfLog(e.key), day: e.day }))),
  });
  const countsByType = { ...result.countsByType };
  for (const type of Object.keys(countsByType) as FollowUpType[]) countsByType[type] = 0;
  for (const c of selection.chosen) countsByType[c.pick.type]++;
  return {
    lang,
    draftLang,
    loaded,
    settings,
    writer,
    templates,
    blockedTypes,
    chosen: selection.chosen,
    skipped: { ...skippedPeople(result.skipped), cooling: selection.cooling },
    countsByType,
    logSheet: log.sheet,
    results: () =>
      followUpResults({
        analysis: loaded.table.sales,
        drafts: drafted,
        settings,
        birthMonths: birthMonthsOf(customers),
      }),
  };
}

/** Birthday months from the customer list, by the analysis' customer index. */
function birthMonthsOf(customers: FollowUpCustomers): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of customers.all) if (c.salesIndex !== null && c.birthday) out.set(c.salesIndex, c.birthday.month);
  return out;
}

function customerKeyOfLog(key: string): string {
  return parseFollowUpKey(key)?.customerKey ?? key;
}

/** People, not follow-ups: one customer skipped for three types is one person without an address. */
function skippedPeople(skipped: { customerKey: string; reason: 'no_email' | 'opted_out' }[]) {
  const people = { no_email: new Set<string>(), opted_out: new Set<string>() };
  for (const s of skipped) people[s.reason].add(s.customerKey);
  return { no_email: people.no_email.size, opted_out: people.opted_out.size };
}

function blockedTypesOf(templates: Map<FollowUpType, Template>, writer: Writer): Map<FollowUpType, string[]> {
  const blocked = new Map<FollowUpType, string[]>();
  for (const [type, template] of templates) {
    const unknown = renderTemplate(template, PROBE_PLACEHOLDERS, { ...writer, shop: '-' }).unknownPlaceholders;
    if (unknown.length > 0) blocked.set(type, unknown);
  }
  return blocked;
}

/** The Templates tab of `lang` as read, the defaults where it is missing: nothing written. */
function templatesOrDefaults(ctx: SheetContext, lang: Lang): Map<FollowUpType, Template> {
  const sheet = ctx.spreadsheet.getSheetByName(TABS.templates.names[lang]);
  const byType = new Map<FollowUpType, Template>(defaultTemplates(lang).map((t) => [t.type, t]));
  if (sheet && sheet.getLastRow() > 0)
    for (const t of parseTemplates(readAllValues(sheet), lang).templates) byType.set(t.type, t);
  return byType;
}

/**
 * The Summary's follow-up parts: follow-ups due now per type ("who to contact") and whether past
 * ones worked, only once the owner uses follow-ups (the Templates tab exists); none before, and
 * the Summary counts stage × status.
 */
export function followUpSummaryFor(
  ctx: SheetContext,
  loaded: SalesSheetAnalysis,
  /** A plan of this analysis already made (the analysis makes one for the Segments tab's order). */
  plan?: FollowUpPlan,
): SummaryOptions {
  if (!findTab(ctx, TABS.templates.names)) return {};
  const made = plan ?? planFollowUps(ctx, {}, loaded);
  return { followUpCounts: made.countsByType, followUpResults: made.results() };
}

/** Values for every known placeholder: rendering with them leaves only the unknown ones visible. */
const PROBE_PLACEHOLDERS = { name: '-', last_purchase: '-', top_product: '-', visits: 0, days_since_last: 0 };

/** The Templates tab of `lang` (テンプレート holds the Japanese texts, Templates the English ones). */
function ensureTemplates(ctx: SheetContext, lang: Lang): Map<FollowUpType, Template> {
  const sheet = ctx.spreadsheet.getSheetByName(TABS.templates.names[lang]);
  const byType = new Map<FollowUpType, Template>();
  if (!sheet || sheet.getLastRow() === 0) {
    const defaults = defaultTemplates(lang);
    writeTable(ctx.spreadsheet, TABS.templates.names[lang], templatesTable(defaults, lang), {
      lang,
      timeZone: ctx.timeZone,
    });
    for (const t of defaults) byType.set(t.type, t);
    return byType;
  }
  const parsed = parseTemplates(readAllValues(sheet), lang);
  if (parsed.missingTypes.length > 0) {
    // Append only the missing types' default rows below the owner's rows.
    const defaults = defaultTemplates(lang).filter((t) => parsed.missingTypes.includes(t.type));
    const rows = templatesTable(defaults, lang).rows.slice(1);
    sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, rows[0].length).setValues(toSheetRows(rows, ctx.timeZone));
    for (const t of defaults) byType.set(t.type, t);
  }
  for (const t of parsed.templates) byType.set(t.type, t);
  return byType;
}

// ---------------------------------------------------------------------------------------------
// A run: the list worked out once, kept for the batches

interface RunState {
  id: string;
  lang: Lang;
  draftLang: Lang;
  /** This run's drafts (at most maxPerRun), in order. */
  queue: QueuedDraft[];
  /** Due follow-ups beyond the cap: offered by the next run. */
  later: number;
}

const RUN_KEY = 'followups.run.v1';

const LATEST_RUN_KEY = 'followups.run.latest';

/** Keeps the run for its batches, and lets the previous one go (one list per document at a time). */
function saveRun(run: RunState): void {
  const cache = CacheService.getDocumentCache();
  const previous = cache ? cache.get(LATEST_RUN_KEY) : null;
  if (previous && previous !== run.id) removeChunked(`${RUN_KEY}.${previous}`);
  // Too large to keep cannot happen at the caps allowed; if it did, every batch would plan again.
  if (putChunked(`${RUN_KEY}.${run.id}`, run) && cache) cache.put(LATEST_RUN_KEY, run.id, 6 * 60 * 60);
}

function loadRun(id: string | undefined): RunState | null {
  if (!id || !/^[\w-]{1,64}$/.test(id)) return null;
  const run = getChunked<RunState>(`${RUN_KEY}.${id}`);
  return run && Array.isArray(run.queue) ? run : null;
}

function runOf(plan: FollowUpPlan): RunState {
  const cap = plan.settings.maxPerRun;
  return {
    id: Utilities.getUuid(),
    lang: plan.lang,
    draftLang: plan.draftLang,
    queue: plan.chosen.slice(0, cap).map(queued),
    later: Math.max(0, plan.chosen.length - cap),
  };
}

// ---------------------------------------------------------------------------------------------
// Preview

export interface FollowUpPreview {
  lang: Lang;
  draftLang: Lang;
  asOf: string;
  /** Pass it to createDraftBatch: the batches draft this list without analysing again. */
  runId: string;
  /** Drafts this run makes (one per person, at most maxPerRun). */
  total: number;
  /** Distinct people among them (equal to total: one draft per customer). */
  people: number;
  /** Due beyond the cap: offered next time. */
  later: number;
  countsByType: Record<string, number>;
  /** This run's people in drafting order, with the type each will get. */
  recipients: { name: string; type: string; label: string }[];
  samples: { type: string; label: string; to: string; subject: string; body: string; problems: string[] }[];
  skipped: { no_email: number; opted_out: number; cooling: number };
  writer: { shopName: string; senderName: string; signature: string };
  /** The language setting and every number of the cadences (the defaults where none is saved). */
  settings: { draftLang: DraftLangSetting } & FollowUpSettings;
  /** Per type with a draft old enough to judge: "with a follow-up 42% (…) · usual 25% (…)". */
  results: { type: string; line: string }[];
  /** Why unsent drafts are counted too (the add-on never reads sent mail). */
  resultsNote: string;
}

export function followUpPreview(options: AnalysisOptions = {}): FollowUpPreview {
  // Under the lock: planning writes the Templates tab when it is missing.
  return withDocumentLock(() => {
    const plan = planFollowUps(sheetContext(), options);
    const run = runOf(plan);
    saveRun(run);
    return previewOf(plan, run);
  });
}

function previewOf(plan: FollowUpPlan, run: RunState): FollowUpPreview {
  const samples: FollowUpPreview['samples'] = [];
  const seen = new Set<FollowUpType>();
  const countsByType: Record<string, number> = Object.fromEntries(Object.keys(plan.countsByType).map((t) => [t, 0]));
  for (const f of run.queue) {
    countsByType[f.type]++;
    if (seen.has(f.type)) continue;
    seen.add(f.type);
    const mail = renderTemplate(plan.templates.get(f.type) as Template, f.placeholders, plan.writer);
    samples.push({
      type: f.type,
      label: followUpTypeLabel(plan.lang, f.type),
      to: f.email,
      subject: mail.subject,
      body: mail.body,
      problems: [...mail.unknownPlaceholders, ...mail.missingValues.map((p) => `{{${p}}}`)],
    });
  }
  const stored = loadSettings();
  return {
    lang: plan.lang,
    draftLang: plan.draftLang,
    asOf: formatDay(plan.loaded.asOf),
    runId: run.id,
    total: run.queue.length,
    people: new Set(run.queue.map((f) => f.customerKey)).size,
    later: run.later,
    countsByType,
    recipients: run.queue.map((f) => ({ name: f.name, type: f.type, label: followUpTypeLabel(plan.lang, f.type) })),
    samples,
    skipped: plan.skipped,
    writer: { shopName: plan.writer.shop, senderName: plan.writer.sender, signature: plan.writer.signature },
    settings: { draftLang: draftLangSettingOf(stored), ...plan.settings },
    ...resultsOf(plan),
  };
}

function resultsOf(plan: FollowUpPlan): Pick<FollowUpPreview, 'results' | 'resultsNote'> {
  const results = plan.results();
  return {
    results: judgedTypes(results).map((type) => ({ type, line: followUpResultLine(results[type], plan.lang) })),
    resultsNote: followUpResultsNote(plan.lang),
  };
}

// ---------------------------------------------------------------------------------------------
// Drafting

export interface DraftBatchRequest extends AnalysisOptions {
  batchSize?: number;
  /** Keys that failed in earlier batches of this run (from failedKeys): not retried until the next run. */
  exclude?: string[];
  /** The preview's (or the first batch's) runId: the batch drafts that run's list. */
  runId?: string;
}

export interface DraftBatchResult {
  /** Pass it back with the next batch. */
  runId: string;
  created: number;
  failed: number;
  /** Keys that failed in this batch: pass them back in `exclude`. */
  failedKeys: string[];
  /** This run's drafts not yet made after this batch. */
  remaining: number;
  /** Due beyond this run's cap: offered next time. */
  later: number;
  /** True when this batch worked the list out (read the sales); later batches do not. */
  planned: boolean;
  done: boolean;
  /** Why the batch stopped early: 'quota' or 'time'. */
  stopped?: 'quota' | 'time';
  error?: string;
}

export const DEFAULT_BATCH_SIZE = 25;

/** One batch of drafts; the sidebar calls it again until done. */
export function createDraftBatch(request: DraftBatchRequest = {}): DraftBatchResult {
  return withDocumentLock(() => {
    const guard = new TimeGuard();
    const ctx = sheetContext();
    const writer = writerOf(loadSettings());
    if (!writer.shop) throw new ShopNameMissingError(ctx.lang);
    let run = loadRun(request.runId);
    const planned = run === null;
    if (!run) {
      run = runOf(planFollowUps(ctx, request));
      saveRun(run);
    }
    const templates = ensureTemplates(ctx, run.draftLang);
    const blocked = blockedTypesOf(templates, writer);
    const log = readLog(ctx);
    const closed = closedKeys(log.entries);
    // Keys that failed earlier in this run wait for the next run instead of blocking every batch.
    const exclude = new Set(request.exclude ?? []);
    const queue = run.queue.filter((f) => !closed.has(f.key) && !exclude.has(f.key) && !blocked.has(f.type));
    const batchSize = Math.max(1, Math.min(100, Math.floor(request.batchSize ?? DEFAULT_BATCH_SIZE)));
    const outcome = draftSome(queue.slice(0, batchSize), templates, writer, guard);
    try {
      appendLog(ctx, log.sheet, run.lang, outcome.entries);
    } catch (e) {
      // The log is what stops a rerun from drafting the same follow-up again: drafts it does not
      // record are taken back, so the rerun drafts each of them once.
      for (const entry of outcome.entries) if (entry.status === 'created') discardDraft(entry.draftId);
      throw e;
    }
    const remaining = queue.length - outcome.created - outcome.failedKeys.length;
    const done = remaining === 0 && !outcome.stopped;
    if (done) removeChunked(`${RUN_KEY}.${run.id}`);
    return {
      runId: run.id,
      created: outcome.created,
      failed: outcome.failedKeys.length,
      failedKeys: outcome.failedKeys,
      remaining,
      later: run.later,
      planned,
      done,
      stopped: outcome.stopped,
      error: outcome.error,
    };
  });
}

interface BatchOutcome {
  entries: FollowUpLogEntry[];
  created: number;
  failedKeys: string[];
  stopped?: 'quota' | 'time';
  error?: string;
}

/** Drafts `batch` in order until done, out of time or out of quota; the log rows to append. */
function draftSome(
  batch: QueuedDraft[],
  templates: Map<FollowUpType, Template>,
  writer: Writer,
  guard: TimeGuard,
): BatchOutcome {
  const out: BatchOutcome = { entries: [], created: 0, failedKeys: [] };
  for (const f of batch) {
    if (guard.nearLimit()) {
      out.stopped = 'time';
      break;
    }
    const mail = renderTemplate(templates.get(f.type) as Template, f.placeholders, writer);
    try {
      const id = createDraft({
        to: f.email,
        toName: f.name,
        fromName: writer.shop,
        subject: mail.subject,
        body: mail.body,
      });
      const now = guard.now();
      out.entries.push({ ...entryOf(f, f.type, f.key, now), draftId: id, status: 'created' });
      for (const s of f.superseded)
        out.entries.push({ ...entryOf(f, s.type, s.key, now), draftId: '', status: 'superseded' });
      out.created++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (isQuotaError(message)) {
        // Nothing was drafted for this one: it stays due and is retried by the next batch or run.
        out.stopped = 'quota';
        out.error = message;
        break;
      }
      out.entries.push({ ...entryOf(f, f.type, f.key, guard.now()), draftId: '', status: 'failed', error: message });
      out.failedKeys.push(f.key);
    }
  }
  return out;
}

function discardDraft(id: string): void {
  try {
    removeDraft(id);
  } catch {
    // Best effort: the log error that got us here is the one to report.
  }
}

function entryOf(
  f: QueuedDraft,
  type: FollowUpType,
  key: string,
  now: Date,
): Omit<FollowUpLogEntry, 'draftId' | 'status'> {
  return { customer: f.name, email: f.email, type, key, createdAt: now, day: null };
}

/** Appends the batch's rows to the log in one write (the header is written with the first batch). */
function appendLog(ctx: SheetContext, sheet: Sheet | null, lang: Lang, entries: FollowUpLogEntry[]): void {
  if (entries.length === 0) return;
  const table = logTable(entries, lang);
  if (!sheet || sheet.getLastRow() === 0) {
    writeTable(ctx.spreadsheet, TABS.followUpLog.names[lang], table, { lang, timeZone: ctx.timeZone });
    return;
  }
  const rows = table.rows.slice(1);
  sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, rows[0].length).setValues(toSheetRows(rows, ctx.timeZone));
}

export { logRow };
