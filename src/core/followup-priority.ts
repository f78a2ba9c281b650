// One draft per customer per run. dueFollowUps lists every follow-up that is due; a customer with
// several gets only the first in FOLLOW_UP_PRIORITY, and the others are logged as superseded so
// that they do not come back one by one in later runs. A customer drafted within the cooldown
// gets nothing new. The run then takes at most maxPerRun of them, highest priority first.

import { emailOf } from './cells';
import { Day } from './days';
import { DueFollowUp } from './followups';
import { Lang } from './labels';
import { FollowUpType } from './templates';

/**
 * Which follow-up wins when several are due for one customer (docs/RULES.md §6 gives the why):
 * the one whose moment matters most to the shop comes first — winning back a customer who is
 * slipping away, then the nudge when their own rhythm says they are due, then the invitation
 * that turns a first visit into a second, then thanks for a visit, then personal dates, and last
 * the general notes.
 */
export const FOLLOW_UP_PRIORITY: readonly FollowUpType[] = [
  'winback',
  'at_risk',
  'usual_reminder',
  'new_second_offer',
  'new_info',
  'repeat_thanks',
  'new_thanks',
  'birthday',
  'anniversary',
  'fan_vip',
  'prospect_touch',
];

const RANK = Object.fromEntries(FOLLOW_UP_PRIORITY.map((t, i) => [t, i])) as Record<FollowUpType, number>;

/** 0 for the first of FOLLOW_UP_PRIORITY. */
export function priorityOf(type: FollowUpType): number {
  return RANK[type];
}

/** A pair rather than a copy of the pick: at 200,000 customers copying objects costs seconds. */
export interface ChosenFollowUp {
  /** The customer's follow-up of this run. */
  pick: DueFollowUp;
  /** The customer's other due follow-ups of this run, lower in the priority order. */
  superseded: DueFollowUp[];
}

export interface Selection {
  /** One per customer, in priority order (ties: the order of dueFollowUps). */
  chosen: ChosenFollowUp[];
  /** Customers with something due who were drafted within the cooldown: nothing for them this time. */
  cooling: number;
}

/**
 * Per customer key, the day of their latest draft (log rows with status 'created' and a day).
 * Superseded and failed rows do not count: nothing reached the customer.
 */
export function lastDraftDays(entries: Iterable<{ customerKey: string; day: Day }>): Map<string, Day> {
  const out = new Map<string, Day>();
  for (const { customerKey, day } of entries) out.set(customerKey, Math.max(out.get(customerKey) ?? day, day));
  return out;
}

/**
 * A customer is cooling when their latest draft lies less than `cooldownDays` days before as-of
 * (a draft dated after as-of, as when the owner replays an earlier day, counts as recent).
 */
export function isCooling(lastDraft: Day | undefined, asOf: Day, cooldownDays: number): boolean {
  return lastDraft !== undefined && cooldownDays > 0 && asOf - lastDraft < cooldownDays;
}

export function selectOnePerCustomer(
  due: readonly DueFollowUp[],
  options: { asOf: Day; cooldownDays: number; lastDraft: ReadonlyMap<string, Day> },
): Selection {
  // One pass, keeping the best so far per customer: a shop of 200,000 has about as many due, most
  // of them one per customer, so no list or sort per customer unless it has several.
  const slot = new Map<string, number>();
  const best: DueFollowUp[] = [];
  const others: (DueFollowUp[] | null)[] = [];
  let cooling = 0;
  for (const f of due) {
    const i = slot.get(f.customerKey);
    if (i === undefined) {
      const cool = isCooling(options.lastDraft.get(f.customerKey), options.asOf, options.cooldownDays);
      slot.set(f.customerKey, cool ? -1 : best.length);
      if (cool) cooling++;
      else {
        best.push(f);
        others.push(null);
      }
      continue;
    }
    if (i < 0) continue;
    const list = others[i] ?? (others[i] = []);
    if (priorityOf(f.type) < priorityOf(best[i].type)) {
      list.push(best[i]);
      best[i] = f;
    } else list.push(f);
  }
  // Bucketed by rank, so equal ranks keep the order of dueFollowUps (the customers' order).
  const buckets: ChosenFollowUp[][] = FOLLOW_UP_PRIORITY.map(() => []);
  buckets.push([]);
  for (let i = 0; i < best.length; i++) {
    const superseded = others[i] ?? [];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; sorting one follow-up or none changes nothing
    if (superseded.length > 1) superseded.sort((a, b) => priorityOf(a.type) - priorityOf(b.type));
    buckets[priorityOf(best[i].type)].push({ pick: best[i], superseded });
  }
  return { chosen: ([] as ChosenFollowUp[]).concat(...buckets), cooling };
}

// ---------------------------------------------------------------------------------------------
// The drafts' language

/** Kana or kanji (CJK unified ideographs): a name written in Japanese. */
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/;

export type DraftLangSetting = 'auto' | Lang;

export function isDraftLangSetting(value: unknown): value is DraftLangSetting {
  return value === 'auto' || value === 'ja' || value === 'en';
}

/**
 * The language the customers are written to: the setting when it names one; else Japanese when
 * the sales sheet's headers are Japanese, or when at least as many customers' names are written
 * in Japanese script as in Latin letters (a shop with English headers and Japanese customers);
 * else English. The spreadsheet's locale plays no part: an en_US spreadsheet of Japanese
 * customers writes Japanese.
 */
export function draftLangOf(setting: DraftLangSetting, names: Iterable<string>, headersJapanese: boolean): Lang {
  if (setting !== 'auto') return setting;
  if (headersJapanese) return 'ja';
  let japanese = 0;
  let latin = 0;
  for (const name of names) {
    const ja = JAPANESE_SCRIPT.test(name);
    // A name without letters (a customer number) counts for neither: no need to read it as an address.
    if (!ja && !LATIN_LETTER.test(name)) continue;
    // An address standing in for a name says nothing about the language.
    if (emailOf(name)) continue;
    if (ja) japanese++;
    else latin++;
  }
  return japanese > 0 && japanese >= latin ? 'ja' : 'en';
}
