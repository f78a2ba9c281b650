// Follow-up drafts: read the sales, the optional customer list, the Templates tab and the
// Follow-up log; work out what is due; create Gmail drafts in batches. Each batch appends its
// rows to the log in one write, so a timeout or a quota error keeps everything already drafted
// and a rerun creates no duplicate.

import { mergeCustomerList, parseCustomerList } from '../core/customer-list';
import { Day, dayOfDateIn, formatDay } from '../core/days';
import { DueFollowUp, dueFollowUps, prospectTouchLog, resolveFollowUpSettings } from '../core/followups';
import { FollowUpLogEntry, logRow, logTable, parseFollowUpLog } from '../core/followup-log';
import { Lang } from '../core/labels';
import { TABS } from '../core/tabs';
import {
  FollowUpType,
  Template,
  defaultTemplates,
  enabledTypesOf,
  followUpTypeLabel,
  parseTemplates,
  renderTemplate,
  templatesTable,
} from '../core/templates';
import { AnalysisOptions, SalesSheetAnalysis, analyzeSalesSheet } from './sales-source';
import { SheetContext, sheetContext } from './context';
import { createDraft, isQuotaError, removeDraft } from './gmail';
import { withDocumentLock } from './lock';
import { loadSettings } from './settings-store';
import { readAllValues, toSheetRows, writeTable } from './sheets';
import { TimeGuard } from './time-guard';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Any of the tab's names, in either language. */
function findTab(ctx: SheetContext, names: Record<Lang, string>): Sheet | null {
  return ctx.spreadsheet.getSheetByName(names.ja) ?? ctx.spreadsheet.getSheetByName(names.en);
}

export interface FollowUpPlan {
  lang: Lang;
  loaded: SalesSheetAnalysis;
  shopName: string;
  templates: Map<FollowUpType, Template>;
  /** Types whose template has a problem (an unknown placeholder): not drafted until fixed. */
  blockedTypes: Map<FollowUpType, string[]>;
  due: DueFollowUp[];
  skipped: { no_email: number; opted_out: number };
  countsByType: Record<FollowUpType, number>;
  logSheet: Sheet | null;
}

/**
 * Reads everything a follow-up run needs. The Templates tab is created with the defaults when it
 * is missing, and missing types are appended; the owner's own rows are never rewritten.
 */
export function planFollowUps(
  ctx: SheetContext,
  options: AnalysisOptions = {},
  analysed?: SalesSheetAnalysis,
): FollowUpPlan {
  const loaded = analysed ?? analyzeSalesSheet(ctx, options);
  const lang = loaded.lang;
  const stored = loadSettings();
  const settings = resolveFollowUpSettings(stored.followUps);
  const dayOf = dayOfDateIn(ctx.timeZone);

  const listSheet = findTab(ctx, TABS.customerList.names);
  const list = listSheet ? parseCustomerList(readAllValues(listSheet), 1, dayOf) : null;
  const customers = mergeCustomerList(loaded.table.sales, list);

  const templates = ensureTemplates(ctx, lang);
  const logSheet = findTab(ctx, TABS.followUpLog.names);
  const log = logSheet ? parseFollowUpLog(readAllValues(logSheet), dayOf) : [];
  const drafted = log.filter((e) => e.status === 'created');

  const result = dueFollowUps({
    analysis: loaded.table.sales,
    customers,
    asOf: loaded.asOf,
    settings,
    loggedKeys: new Set(drafted.map((e) => e.key)),
    prospectTouchesLogged: prospectTouchLog(
      drafted.filter((e) => e.day !== null).map((e) => ({ key: e.key, day: e.day as Day })),
    ),
    enabledTypes: enabledTypesOf([...templates.values()]),
  });

  const shopName = stored.shopName || ctx.spreadsheet.getName();
  const blockedTypes = new Map<FollowUpType, string[]>();
  for (const [type, template] of templates) {
    const unknown = renderTemplate(template, PROBE_PLACEHOLDERS, shopName).unknownPlaceholders;
    if (unknown.length > 0) blockedTypes.set(type, unknown);
  }
  const skipped = { no_email: 0, opted_out: 0 };
  for (const s of result.skipped) skipped[s.reason]++;
  return {
    lang,
    loaded,
    shopName,
    templates,
    blockedTypes,
    due: result.due,
    skipped,
    countsByType: result.countsByType,
    logSheet,
  };
}

/**
 * Follow-ups due now per type, for the Summary's "who to contact": only once the owner uses
 * follow-ups (the Templates tab exists); null before, and the Summary counts stage × status.
 */
export function followUpCountsFor(ctx: SheetContext, loaded: SalesSheetAnalysis): Record<string, number> | null {
  if (!findTab(ctx, TABS.templates.names)) return null;
  return planFollowUps(ctx, {}, loaded).countsByType;
}

/** Values for every known placeholder: rendering with them leaves only the unknown ones visible. */
const PROBE_PLACEHOLDERS = { name: '-', last_purchase: '-', top_product: '-', visits: 0, days_since_last: 0 };

function ensureTemplates(ctx: SheetContext, lang: Lang): Map<FollowUpType, Template> {
  const sheet = findTab(ctx, TABS.templates.names);
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

export interface FollowUpPreview {
  lang: Lang;
  asOf: string;
  total: number;
  countsByType: Record<string, number>;
  samples: { type: string; label: string; to: string; subject: string; body: string; problems: string[] }[];
  skipped: { no_email: number; opted_out: number };
}

export function followUpPreview(options: AnalysisOptions = {}): FollowUpPreview {
  // Under the lock: planning writes the Templates tab when it is missing.
  return withDocumentLock(() => previewOf(planFollowUps(sheetContext(), options)));
}

function previewOf(plan: FollowUpPlan): FollowUpPreview {
  const samples: FollowUpPreview['samples'] = [];
  const seen = new Set<FollowUpType>();
  for (const f of plan.due) {
    if (seen.has(f.type)) continue;
    seen.add(f.type);
    const template = plan.templates.get(f.type);
    if (!template) continue;
    const mail = renderTemplate(template, f.placeholders, plan.shopName);
    samples.push({
      type: f.type,
      label: followUpTypeLabel(plan.lang, f.type),
      to: f.email,
      subject: mail.subject,
      body: mail.body,
      problems: [...mail.unknownPlaceholders.map((p) => `{{${p}}}`), ...mail.missingValues.map((p) => `{{${p}}}`)],
    });
  }
  return {
    lang: plan.lang,
    asOf: formatDay(plan.loaded.asOf),
    total: plan.due.filter((f) => !plan.blockedTypes.has(f.type)).length,
    countsByType: plan.countsByType,
    samples,
    skipped: plan.skipped,
  };
}

export interface DraftBatchRequest extends AnalysisOptions {
  batchSize?: number;
  /** Keys that failed in earlier batches of this run (from failedKeys): not retried until the next run. */
  exclude?: string[];
}

export interface DraftBatchResult {
  created: number;
  failed: number;
  /** Keys that failed in this batch: pass them back in `exclude`. */
  failedKeys: string[];
  /** Due follow-ups not yet drafted after this batch. */
  remaining: number;
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
    const plan = planFollowUps(ctx, request);
    const batchSize = Math.max(1, Math.min(100, Math.floor(request.batchSize ?? DEFAULT_BATCH_SIZE)));
    // Keys that failed earlier in this run wait for the next run instead of blocking every batch.
    const exclude = new Set(request.exclude ?? []);
    const queue = plan.due.filter((f) => !plan.blockedTypes.has(f.type) && !exclude.has(f.key));
    const entries: FollowUpLogEntry[] = [];
    let created = 0;
    let failed = 0;
    let stopped: DraftBatchResult['stopped'];
    let error: string | undefined;
    const failedKeys: string[] = [];
    for (const f of queue.slice(0, batchSize)) {
      if (guard.nearLimit()) {
        stopped = 'time';
        break;
      }
      const template = plan.templates.get(f.type) as Template;
      const mail = renderTemplate(template, f.placeholders, plan.shopName);
      try {
        const id = createDraft({
          to: f.email,
          toName: f.name,
          fromName: plan.shopName,
          subject: mail.subject,
          body: mail.body,
        });
        entries.push({ ...entryOf(f, guard.now()), draftId: id, status: 'created' });
        created++;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (isQuotaError(message)) {
          // Nothing was drafted for this one: it stays due and is retried by the next run.
          stopped = 'quota';
          error = message;
          break;
        }
        entries.push({ ...entryOf(f, guard.now()), draftId: '', status: 'failed', error: message });
        failedKeys.push(f.key);
        failed++;
      }
    }
    try {
      appendLog(ctx, plan, entries);
    } catch (e) {
      // The log is what stops a rerun from drafting the same follow-up again: drafts it does not
      // record are taken back, so the rerun drafts each of them once.
      for (const entry of entries) if (entry.status === 'created') discardDraft(entry.draftId);
      throw e;
    }
    const remaining = queue.length - created - failed;
    return { created, failed, failedKeys, remaining, done: remaining === 0 && !stopped, stopped, error };
  });
}

function discardDraft(id: string): void {
  try {
    removeDraft(id);
  } catch {
    // Best effort: the log error that got us here is the one to report.
  }
}

function entryOf(f: DueFollowUp, now: Date): Omit<FollowUpLogEntry, 'draftId' | 'status'> {
  return { customer: f.name, email: f.email, type: f.type, key: f.key, createdAt: now, day: null };
}

/** Appends the batch's rows to the log in one write (the header is written with the first batch). */
function appendLog(ctx: SheetContext, plan: FollowUpPlan, entries: FollowUpLogEntry[]): void {
  if (entries.length === 0) return;
  const sheet = plan.logSheet;
  const table = logTable(entries, plan.lang);
  if (!sheet || sheet.getLastRow() === 0) {
    writeTable(ctx.spreadsheet, TABS.followUpLog.names[plan.lang], table, { lang: plan.lang, timeZone: ctx.timeZone });
    return;
  }
  const rows = table.rows.slice(1);
  sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, rows[0].length).setValues(toSheetRows(rows, ctx.timeZone));
}

export { logRow };
