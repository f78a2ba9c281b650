// Which follow-up emails are due at as-of. Each type has a rule giving, per customer, its latest
// occurrence (an id and a trigger day on or before as-of); the same three checks then apply to
// every type: the trigger lies in the window, the key is not in the log, and the customer can be
// mailed (else it is reported as skipped).
//
// Keys. The log stores `${customerKey}|${type}${occurrence}`, the occurrence starting with '#' for
// a count or period and '@' for a date:
//   new_thanks@2026-01-05 · new_info@… · new_second_offer@…  (the first visit's date)
//   repeat_thanks#6 (the visit number) · fan_vip#2026Q1 · at_risk@2025-11-03 · winback@…
//   (the day the status turned) · usual_reminder@2026-02-10 (the expected visit) · prospect_touch#3 (the touch number) · birthday#2026 ·
//   anniversary#2026 (the trigger's year).
// Customer keys are the normalised keys of the analysis, so the same person gets the same key on
// every run; a customer key may itself contain '|', which is why keys are parsed from the right.

import { HONORIFIC, emailOf, parseAmountCell } from './cells';
import { FollowUpCustomer, FollowUpCustomers } from './customer-list';
import { Day, Ymd, addMonths, dayFromYmd, formatDay, ymdOf } from './days';
import { rhythmOf, usualDueAfter } from './rhythm';
import { SalesAnalysis } from './sales';
import { SettingsProblem } from './settings';
import { FOLLOW_UP_TYPES, FollowUpType, Placeholders, isFollowUpType } from './templates';

// ---------------------------------------------------------------------------------------------
// Settings

export interface FollowUpSettings {
  /** new_thanks: days after the first visit (default 3). */
  newThanksDays: number;
  /** new_info: days after the first visit, if still New (default 14). */
  newInfoDays: number;
  /** new_second_offer: days after the first visit, if still New (default 30). */
  newSecondOfferDays: number;
  /** repeat_thanks: on every n-th visit (default 3: the 3rd, 6th, 9th…). */
  repeatEvery: number;
  /** prospect_touch: days between touches (default 14). */
  prospectIntervalDays: number;
  /** prospect_touch: touches at most, over all runs (default 7). */
  prospectMaxTouches: number;
  /** A trigger is current when it lies in the `windowDays` days ending at as-of, as-of included (default 30). */
  windowDays: number;
  /** A customer drafted within this many days before as-of gets nothing new (default 14; 0 = no pause). */
  cooldownDays: number;
  /** Drafts per run at most (default 100); the rest are offered by the next run. */
  maxPerRun: number;
}

export type FollowUpSettingKey = keyof FollowUpSettings;

export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = {
  newThanksDays: 3,
  newInfoDays: 14,
  newSecondOfferDays: 30,
  repeatEvery: 3,
  prospectIntervalDays: 14,
  prospectMaxTouches: 7,
  windowDays: 30,
  cooldownDays: 14,
  maxPerRun: 100,
};

export interface FollowUpSettingsProblem {
  key: FollowUpSettingKey;
  /** The same codes (and messages) as the thresholds' (settings.ts). */
  code: SettingsProblem['code'];
  /** The other setting named by an 'order' problem. */
  other?: FollowUpSettingKey;
  /** The limit a too_small / too_large value passed, for the owner's message. */
  bound?: number;
}

export class FollowUpSettingsError extends Error {
  constructor(readonly problems: FollowUpSettingsProblem[]) {
    super(problems.map((p) => `${p.key}: ${p.code}${p.other ? ` (${p.other})` : ''}`).join('; '));
    this.name = 'FollowUpSettingsError';
  }
}

// All whole numbers. A repeat thanks on every visit (1) would double the first-visit thanks.
const BOUNDS: Record<FollowUpSettingKey, { min: number; max: number }> = {
  newThanksDays: { min: 0, max: 365 },
  newInfoDays: { min: 1, max: 365 },
  newSecondOfferDays: { min: 1, max: 365 },
  repeatEvery: { min: 2, max: 1000 },
  prospectIntervalDays: { min: 1, max: 365 },
  prospectMaxTouches: { min: 1, max: 100 },
  windowDays: { min: 1, max: 366 },
  cooldownDays: { min: 0, max: 365 },
  // The run's list is kept in the document cache between batches: 500 entries stay far below its limits.
  maxPerRun: { min: 1, max: 500 },
};

/**
 * Merges `input` (stored settings, sidebar text) over the defaults and validates the result, the
 * way resolveThresholds does: unknown keys are ignored, an empty value keeps the default, and
 * every problem is thrown at once. The three New-customer mails must come in their order.
 */
export function resolveFollowUpSettings(input: Partial<Record<string, unknown>> = {}): FollowUpSettings {
  const result: FollowUpSettings = { ...DEFAULT_FOLLOW_UP_SETTINGS };
  const problems: FollowUpSettingsProblem[] = [];
  for (const key of Object.keys(BOUNDS) as FollowUpSettingKey[]) {
    const raw = input[key];
    if (raw === undefined || raw === null || raw === '') continue;
    // The cells' number reader: full-width digits and separators as owners type them.
    // Stryker disable next-line ConditionalExpression: for the type; parseAmountCell gives null for anything else too
    const n = typeof raw === 'number' || typeof raw === 'string' ? parseAmountCell(raw) : null;
    if (n === null) problems.push({ key, code: 'not_number' });
    else if (!Number.isInteger(n)) problems.push({ key, code: 'not_whole' });
    else if (n < BOUNDS[key].min) problems.push({ key, code: 'too_small', bound: BOUNDS[key].min });
    else if (n > BOUNDS[key].max) problems.push({ key, code: 'too_large', bound: BOUNDS[key].max });
    else result[key] = n;
  }
  if (problems.length === 0) {
    if (result.newInfoDays <= result.newThanksDays)
      problems.push({ key: 'newInfoDays', code: 'order', other: 'newThanksDays' });
    if (result.newSecondOfferDays <= result.newInfoDays)
      problems.push({ key: 'newSecondOfferDays', code: 'order', other: 'newInfoDays' });
  }
  if (problems.length > 0) throw new FollowUpSettingsError(problems);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Keys

export function followUpKey(customerKey: string, type: FollowUpType, occurrence: string): string {
  return `${customerKey}|${type}${occurrence}`;
}

export function parseFollowUpKey(key: string): { customerKey: string; type: FollowUpType; occurrence: string } | null {
  const bar = key.lastIndexOf('|');
  if (bar < 0) return null;
  const m = /^([a-z_]+)([#@].+)$/.exec(key.slice(bar + 1));
  if (!m || !isFollowUpType(m[1])) return null;
  return { customerKey: key.slice(0, bar), type: m[1], occurrence: m[2] };
}

export interface ProspectTouchLog {
  /** The highest touch number logged. */
  touches: number;
  /** The day the latest touch was drafted (the log's date). */
  lastDay: Day;
}

/** Per customer key, the prospect touches of the log's rows (key and the day it was drafted). */
export function prospectTouchLog(entries: Iterable<{ key: string; day: Day }>): Map<string, ProspectTouchLog> {
  const out = new Map<string, ProspectTouchLog>();
  for (const { key, day } of entries) {
    const touch = touchOf(key);
    if (!touch) continue;
    const known = out.get(touch.customerKey);
    if (!known) out.set(touch.customerKey, { touches: touch.n, lastDay: day });
    else {
      known.touches = Math.max(known.touches, touch.n);
      known.lastDay = Math.max(known.lastDay, day);
    }
  }
  return out;
}

function touchOf(key: string): { customerKey: string; n: number } | null {
  const parsed = parseFollowUpKey(key);
  if (!parsed || parsed.type !== 'prospect_touch' || !/^#\d+$/.test(parsed.occurrence)) return null;
  return { customerKey: parsed.customerKey, n: Number(parsed.occurrence.slice(1)) };
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * An occurrence is '#…' (tag) or '@' and a day (at), see the header comment; the day is formatted
 * only for the few occurrences within the window, not for every customer and type.
 */
type Occurrence = { tag: string; triggerDay: Day } | { at: Day; triggerDay: Day };

function occurrenceText(occ: Occurrence): string {
  return 'tag' in occ ? occ.tag : `@${formatDay(occ.at)}`;
}

interface RuleContext {
  asOf: Day;
  asOfYmd: Ymd;
  settings: FollowUpSettings;
  analysis: SalesAnalysis;
  /** Highest touch number per customer, from the log's keys and prospectTouchesLogged. */
  touches: Map<string, number>;
  touchLog: ReadonlyMap<string, ProspectTouchLog>;
}

type Rule = (recipient: FollowUpCustomer, ctx: RuleContext) => Occurrence | null;

/** A fixed number of days after the first visit, keyed by that visit's date. */
function afterFirstVisit(days: (s: FollowUpSettings) => number, onlyNew: boolean): Rule {
  return (recipient, ctx) => {
    const first = recipient.customer.firstDay;
    if (first === null || (onlyNew && recipient.customer.stage !== 'new')) return null;
    return { at: first, triggerDay: first + days(ctx.settings) };
  };
}

/** The day the status turned, keyed by that day: a customer who comes back and drifts again gets a new key. */
function statusTurned(status: 'at_risk' | 'lapsed', days: (ctx: RuleContext) => number): Rule {
  return (recipient, ctx) => {
    const last = recipient.customer.lastDay;
    // Stryker disable next-line ConditionalExpression: for the type; a customer without a visit has no status
    if (last === null || recipient.customer.status !== status) return null;
    const triggerDay = last + days(ctx);
    return { at: triggerDay, triggerDay };
  };
}

/** The latest yearly trigger on or before as-of, keyed by its year. */
function yearly(triggerIn: (recipient: FollowUpCustomer, year: number) => Day | null): Rule {
  return (recipient, ctx) => {
    // This year, then last year (a counted loop: no array per customer).
    for (let back = 0; back <= 1; back++) {
      const year = ctx.asOfYmd.year - back;
      const triggerDay = triggerIn(recipient, year);
      if (triggerDay !== null && triggerDay <= ctx.asOf) return { tag: `#${year}`, triggerDay };
    }
    return null;
  };
}

// Customers share first days (a log of a third of a million customers has a few hundred): each
// day's anniversary in a year is worked out once per execution.
const ANNIVERSARIES = new Map<number, Day | null>();

/** The anniversary of `first` in `year`, null before its first. */
function anniversaryOf(first: Day, year: number): Day | null {
  const memo = first * 10000 + year;
  let day = ANNIVERSARIES.get(memo);
  if (day === undefined) {
    const years = year - ymdOf(first).year;
    day = years >= 1 ? addMonths(first, 12 * years) : null;
    ANNIVERSARIES.set(memo, day);
  }
  return day;
}

const RULES: Record<FollowUpType, Rule> = {
  new_thanks: afterFirstVisit((s) => s.newThanksDays, false),
  new_info: afterFirstVisit((s) => s.newInfoDays, true),
  new_second_offer: afterFirstVisit((s) => s.newSecondOfferDays, true),

  // Only the latest n-th visit counts: when the 3rd and 6th both fall in the window, one thanks
  // (#6) is enough, and #3 must not come up on the next run once #6 is logged.
  repeat_thanks: (recipient, ctx) => {
    const c = recipient.customer;
    const every = ctx.settings.repeatEvery;
    const k = Math.floor(c.visits / every) * every;
    if (recipient.salesIndex === null || k === 0 || (c.stage !== 'repeat' && c.stage !== 'fan')) return null;
    const v = ctx.analysis.visits;
    return { tag: `#${k}`, triggerDay: v.day[v.start[recipient.salesIndex] + k - 1] };
  },

  // Every Fan once per calendar quarter, from the quarter's first day.
  fan_vip: (recipient, ctx) => {
    if (recipient.customer.stage !== 'fan') return null;
    const { year, month } = ctx.asOfYmd;
    const quarter = Math.floor((month - 1) / 3) + 1;
    return { tag: `#${year}Q${quarter}`, triggerDay: dayFromYmd(year, quarter * 3 - 2, 1) as Day };
  },

  // Repeat and Fan customers not lapsed, once max(7, half their usual interval) days past the
  // visit their rhythm expects; keyed by that expected visit, so once per expected visit.
  usual_reminder: (recipient, ctx) => {
    const c = recipient.customer;
    if (recipient.salesIndex === null || (c.stage !== 'repeat' && c.stage !== 'fan') || c.status === 'lapsed')
      return null;
    const { usualInterval, expectedNext } = rhythmOf(ctx.analysis).of(recipient.salesIndex);
    if (usualInterval === null || expectedNext === null) return null;
    return { at: expectedNext, triggerDay: expectedNext + usualDueAfter(usualInterval) };
  },

  at_risk: statusTurned('at_risk', (ctx) => ctx.analysis.thresholds.atRiskDays),
  winback: statusTurned('lapsed', (ctx) => ctx.analysis.thresholds.lapsedDays),

  // Touch n+1 after n logged: the first on the day the prospect was first seen (as-of when
  // unknown), each next one `prospectIntervalDays` after the previous was drafted, so the spacing
  // holds however irregularly the owner runs it. Without the day of the previous touch, the next
  // is not drafted rather than risk two in a row.
  prospect_touch: (recipient, ctx) => {
    if (recipient.customer.stage !== 'prospect') return null;
    const n = ctx.touches.get(recipient.key) ?? 0;
    if (n >= ctx.settings.prospectMaxTouches) return null;
    let triggerDay: Day;
    if (n === 0) triggerDay = recipient.firstSeenDay ?? ctx.asOf;
    else {
      const last = ctx.touchLog.get(recipient.key);
      if (!last) return null;
      triggerDay = last.lastDay + ctx.settings.prospectIntervalDays;
    }
    return { tag: `#${n + 1}`, triggerDay };
  },

  birthday: yearly((recipient, year) => (recipient.birthday ? dayFromYmd(year, recipient.birthday.month, 1) : null)),

  // addMonths keeps the day of month where it can and clamps it otherwise: Feb 29 → Feb 28.
  anniversary: yearly((recipient, year) => {
    const first = recipient.customer.firstDay;
    return first === null ? null : anniversaryOf(first, year);
  }),
};

// ---------------------------------------------------------------------------------------------
// Due follow-ups

export interface DueFollowUp {
  /** The log key (see the header comment). */
  key: string;
  customerKey: string;
  /** The customer's name as listed (for the Follow-ups tab); placeholders.name is the salutation form. */
  name: string;
  email: string;
  type: FollowUpType;
  occurrence: string;
  triggerDay: Day;
  placeholders: Placeholders;
}

export type SkipReason = 'no_email' | 'opted_out';

export interface SkippedFollowUp {
  customerKey: string;
  name: string;
  type: FollowUpType;
  reason: SkipReason;
}

export interface DueFollowUpsInput {
  analysis: SalesAnalysis;
  /** mergeCustomerList(analysis, list). */
  customers: FollowUpCustomers;
  /** Must be the analysis' as-of: stages and statuses are as of that day. */
  asOf: Day;
  settings: FollowUpSettings;
  /** Every key in the follow-up log. */
  loggedKeys: ReadonlySet<string>;
  /** prospectTouchLog(log rows): needed for any touch after the first. */
  prospectTouchesLogged?: ReadonlyMap<string, ProspectTouchLog>;
  /** The types switched on (enabledTypesOf the Templates tab); all when absent. */
  enabledTypes?: Iterable<FollowUpType>;
}

export interface DueFollowUps {
  /** By type (FOLLOW_UP_TYPES order), then customer (customers.all order). */
  due: DueFollowUp[];
  /** Follow-ups that would be due (in the window, not logged) but cannot be sent; same order. */
  skipped: SkippedFollowUp[];
  /** Due follow-ups per type, every type present. */
  countsByType: Record<FollowUpType, number>;
}

/** The name as templates address it ({{name}}様): no honorific of its own, and no email address. */
export function salutationName(name: string): string {
  const trimmed = name.trim();
  return emailOf(trimmed) ? '' : trimmed.replace(HONORIFIC, '').trimEnd();
}

function placeholdersOf(recipient: FollowUpCustomer, asOf: Day): Placeholders {
  const c = recipient.customer;
  return {
    name: salutationName(recipient.name),
    last_purchase: c.lastDay === null ? '' : formatDay(c.lastDay),
    top_product: c.topProduct,
    visits: c.visits,
    days_since_last: c.lastDay === null ? null : asOf - c.lastDay,
  };
}

export function dueFollowUps(input: DueFollowUpsInput): DueFollowUps {
  const { analysis, asOf, settings, loggedKeys } = input;
  if (asOf !== analysis.asOf) {
    throw new RangeError(`as-of ${formatDay(asOf)} differs from the analysis' as-of ${formatDay(analysis.asOf)}`);
  }
  const touchLog = input.prospectTouchesLogged ?? new Map<string, ProspectTouchLog>();
  // The cap counts what the log's keys show as well, so it holds even without prospectTouchesLogged.
  const touches = new Map<string, number>();
  for (const [customerKey, log] of touchLog) touches.set(customerKey, log.touches);
  for (const key of loggedKeys) {
    const touch = touchOf(key);
    if (touch) touches.set(touch.customerKey, Math.max(touches.get(touch.customerKey) ?? 0, touch.n));
  }
  const ctx: RuleContext = { asOf, asOfYmd: ymdOf(asOf), settings, analysis, touches, touchLog };
  const windowStart = asOf - settings.windowDays + 1;
  const enabled = new Set(input.enabledTypes ?? FOLLOW_UP_TYPES);

  const due: DueFollowUp[] = [];
  const skipped: SkippedFollowUp[] = [];
  const countsByType = Object.fromEntries(FOLLOW_UP_TYPES.map((t) => [t, 0])) as Record<FollowUpType, number>;
  for (const type of FOLLOW_UP_TYPES) {
    if (!enabled.has(type)) continue;
    const rule = RULES[type];
    const all = input.customers.all;
    // Indexed: a for…of not yet optimised makes an iterator result per customer and type.
    for (let i = 0; i < all.length; i++) {
      const recipient = all[i];
      const occ = rule(recipient, ctx);
      if (!occ || occ.triggerDay < windowStart || occ.triggerDay > asOf) continue;
      const occurrence = occurrenceText(occ);
      const key = followUpKey(recipient.key, type, occurrence);
      if (loggedKeys.has(key)) continue;
      // Opted out wins over a missing email: it is the owner's decision, not a gap to fill.
      if (recipient.optOut || !recipient.email) {
        skipped.push({
          customerKey: recipient.key,
          name: recipient.name,
          type,
          reason: recipient.optOut ? 'opted_out' : 'no_email',
        });
        continue;
      }
      due.push({
        key,
        customerKey: recipient.key,
        name: recipient.name,
        email: recipient.email,
        type,
        occurrence,
        triggerDay: occ.triggerDay,
        placeholders: placeholdersOf(recipient, asOf),
      });
      countsByType[type]++;
    }
  }
  return { due, skipped, countsByType };
}
