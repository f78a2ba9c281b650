// What the sidebar asks the server for: the detected sales sheet and columns, the thresholds, and
// saving the owner's corrections. Everything crosses google.script.run as plain JSON.

import { TableError, findHeader } from '../core/analysis';
import { MessageKey } from '../core/messages';
import { FIELDS, Field, HeaderMatch } from '../core/columns';
import { headerCandidate } from '../core/headers';
import { Lang } from '../core/labels';
import { DEFAULT_THRESHOLDS, ThresholdKey, Thresholds, resolveThresholds } from '../core/settings';
import { formatDay } from '../core/days';
import { resolveFollowUpSettings } from '../core/followups';
import { isDraftLangSetting } from '../core/followup-priority';
import { AnalysisCard } from './analysis-card';
import { sheetContext } from './context';
import { lastCard } from './run-cache';
import { UserFacingError } from './errors';
import { findSalesSheet, isSalesCandidate, topRows } from './sales-source';
import { loadSettings, saveSettings, StoredSettings } from './settings-store';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SidebarState {
  lang: Lang;
  today: string;
  sheets: string[];
  salesSheet: string | null;
  /** Why no sales sheet was found, as the owner's message key. */
  problem: MessageKey | null;
  headers: string[];
  /** Field → 0-based column index, null when not mapped. */
  mapping: Record<Field, number | null>;
  profile: string;
  thresholds: Thresholds;
  defaults: Thresholds;
  shopName: string;
  /** The card of the last finished analysis, shown again when the sidebar reopens. */
  lastCard: AnalysisCard | null;
}

export function sidebarState(): SidebarState {
  const ctx = sheetContext();
  const stored = loadSettings();
  const base = {
    lang: ctx.lang,
    today: formatDay(ctx.today),
    sheets: ctx.spreadsheet.getSheets().map((s) => s.getName()),
    thresholds: safeThresholds(stored),
    defaults: DEFAULT_THRESHOLDS,
    shopName: stored.shopName,
    lastCard: lastCard(),
  };
  let sheet: Sheet | null = null;
  try {
    sheet = findSalesSheet(ctx, stored.salesSheet || undefined, stored.mapping);
    const header = findHeader(topRows(sheet), stored.mapping);
    return { ...base, ...columnsOf(header), salesSheet: sheet.getName(), problem: null, profile: header.profile };
  } catch (e) {
    const code: MessageKey = e instanceof UserFacingError || e instanceof TableError ? e.code : 'no_sales_sheet';
    // Nothing recognised: the owner picks the columns by hand among the headers of the sheet
    // chosen, else of the sheet in front of them.
    if (!sheet && (code === 'no_sales_sheet' || code === 'mapped_headers_not_found'))
      sheet = proposedSheet(ctx.spreadsheet);
    const header = sheet ? headerCandidate(topRows(sheet), {}) : null;
    return {
      ...base,
      ...columnsOf(header),
      salesSheet: sheet?.getName() ?? (e instanceof UserFacingError && e.detail.sheet ? e.detail.sheet : null),
      problem: header && code === 'no_sales_sheet' ? 'no_header' : code,
      profile: 'generic',
    };
  }
}

/** The headers and the mapping as the sidebar's selects show them (none when there is no header). */
function columnsOf(header: HeaderMatch | null): Pick<SidebarState, 'headers' | 'mapping'> {
  const mapping = Object.fromEntries(FIELDS.map((f) => [f, null])) as Record<Field, number | null>;
  for (const [field, index] of Object.entries(header?.mapping ?? {})) mapping[field as Field] = index;
  return { headers: header?.headers ?? [], mapping };
}

/** The sheet in front of the owner if it could hold sales, else the first that could. */
function proposedSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Sheet | null {
  const fits = (sheet: Sheet) => isSalesCandidate(sheet) && sheet.getLastRow() > 0;
  const active = ss.getActiveSheet();
  return active && fits(active) ? active : (ss.getSheets().find(fits) ?? null);
}

function safeThresholds(stored: StoredSettings): Thresholds {
  try {
    return resolveThresholds(stored.thresholds);
  } catch {
    return DEFAULT_THRESHOLDS;
  }
}

export interface SidebarSettingsInput {
  salesSheet?: string;
  /** Field → header text or column index; null removes an optional field. */
  mapping?: Partial<Record<Field, string | number | null>>;
  thresholds?: Partial<Record<ThresholdKey, unknown>>;
  shopName?: string;
  /** The follow-ups' writer and sending settings (the follow-ups panel). */
  senderName?: string;
  signature?: string;
  /** draftLang ('auto', 'ja', 'en'), cooldownDays, maxPerRun; merged over the stored ones. */
  followUps?: Record<string, unknown>;
}

/** The stored follow-up settings with `input` over them; refused as a whole when invalid. */
function followUpsToSave(stored: StoredSettings, input?: Record<string, unknown>): Record<string, unknown> {
  if (!input) return stored.followUps;
  const merged = { ...stored.followUps, ...input };
  resolveFollowUpSettings(merged);
  if (merged.draftLang !== undefined && !isDraftLangSetting(merged.draftLang))
    throw new Error(`draftLang: ${String(merged.draftLang)}`);
  return merged;
}

/** Validates and saves; an invalid threshold is refused as a whole (SettingsError), nothing saved. */
export function saveSidebarSettings(input: SidebarSettingsInput): SidebarState {
  const stored = loadSettings();
  const thresholds = input.thresholds ?? stored.thresholds;
  resolveThresholds(thresholds);
  const followUps = followUpsToSave(stored, input.followUps);
  saveSettings({
    ...stored,
    salesSheet: input.salesSheet ?? stored.salesSheet,
    mapping: input.mapping ?? stored.mapping,
    thresholds,
    shopName: input.shopName ?? stored.shopName,
    senderName: input.senderName ?? stored.senderName,
    signature: input.signature ?? stored.signature,
    followUps,
  });
  return sidebarState();
}

/** Google Sheets' sidebar cannot switch tabs itself: it asks the server to. */
export function activateTab(name: string): void {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(String(name));
  if (!sheet) throw new UserFacingError('sheet_not_found', { sheet: String(name) });
  sheet.activate();
}
