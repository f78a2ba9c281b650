// Did the follow-ups work? (docs/RULES.md §6, "Follow-up results"). Per type: the drafts of the
// Follow-up log old enough to judge, and how many of their customers made a paid visit within 30
// days after the draft's day; beside it the usual rate, what the same customers did without a
// follow-up: the cadence rules replayed over the sales log for the 12 months before the type's
// first draft. Mail tools count opens and clicks; this counts purchases.

import { Day, addMonths, dayFromYmd, ymdOf } from './days';
import { FollowUpSettings, parseFollowUpKey } from './followups';
import { Lang, defineText } from './labels';
import { ratio } from './metrics';
import { ownIntervalOf, rhythmOf, usualDueAfter, visitDaysOf } from './rhythm';
import { SalesAnalysis } from './sales';
import { FOLLOW_UP_TYPES, FollowUpType } from './templates';

/** A draft counts once this many days have passed, and a return within this many days after it. */
export const RESULT_DAYS = 30;
/** The usual rate looks this many months back from the type's first draft. */
export const USUAL_MONTHS = 12;

export interface FollowUpResult {
  /** Drafts created at least RESULT_DAYS days before as-of. */
  drafted: number;
  /** Of those, the ones whose customer made a paid visit within RESULT_DAYS days after the draft's day. */
  returned30d: number;
  rate: number | null;
  /** Times a customer became due in the USUAL_MONTHS months before the type's first draft. */
  usualDue: number;
  /** Of those, the ones followed by a paid visit within RESULT_DAYS days. */
  usualReturned30d: number;
  usualRate: number | null;
}

export type FollowUpResults = Record<FollowUpType, FollowUpResult>;

export interface FollowUpResultsInput {
  analysis: SalesAnalysis;
  /** The log's rows with status created (drafts made), with the day they were made. */
  drafts: Iterable<{ key: string; day: Day }>;
  settings: FollowUpSettings;
  /** Birthday months by customer index (the customer list's); birthday has no usual rate without it. */
  birthMonths?: ReadonlyMap<number, number>;
}

/** The first visit day after `day`, or null (visits are sorted by customer, then day). */
function visitAfter(a: SalesAnalysis, c: number, day: Day): Day | null {
  const { day: days, start } = a.visits;
  let lo = start[c];
  let hi = start[c + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo < start[c + 1] ? days[lo] : null;
}

/** A paid visit on one of the RESULT_DAYS days after `day`. */
function returnedWithin(a: SalesAnalysis, c: number, day: Day): boolean {
  const next = visitAfter(a, c, day);
  return next !== null && next <= day + RESULT_DAYS;
}

// ---------------------------------------------------------------------------------------------
// The cadence rules replayed: the days a customer became due for a type, from their visits.

interface Replay {
  a: SalesAnalysis;
  settings: FollowUpSettings;
  birthMonths: ReadonlyMap<number, number>;
  /** The first days of the quarters that begin in the window (fan_vip), worked out once. */
  quarters: Day[];
  /** The calendar years the window touches (birthday, anniversary). */
  years: number[];
}

/** A customer's visits' days (same-day orders each), in order: a view, not a copy. */
type VisitDays = Int32Array;

/** Visits on or before `day`. */
function visitsBy(days: VisitDays, day: Day): number {
  let n = 0;
  // Stryker disable next-line ConditionalExpression: past the end days[n] is undefined; undefined <= day is false
  while (n < days.length && days[n] <= day) n++;
  return n;
}

/** The status turned (at risk, lapsed) `after` days past a visit day with no visit in between. */
function statusTurnedDays(days: VisitDays, after: number): Day[] {
  const distinct = visitDaysOf(days);
  const out: Day[] = [];
  distinct.forEach((d, i) => {
    if (i + 1 >= distinct.length || distinct[i + 1] > d + after) out.push(d + after);
  });
  return out;
}

/** Still New on day t: fewer visits by then than Repeat or Fan need. */
function stillNew(days: VisitDays, t: Day, r: Replay): boolean {
  const n = visitsBy(days, t);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: fanVisits > repeatVisits (resolveThresholds)
  return n < r.a.thresholds.repeatVisits && n < r.a.thresholds.fanVisits;
}

/**
 * Time for your usual after each visit day, with the interval known then (rhythm.ts). Only visit
 * days whose due day can fall in [from, until] are worked out: a due day lies after its visit day
 * and before the next, and a walk-in customer may have a visit every day for years.
 */
function usualDays(days: VisitDays, r: Replay, from: Day, until: Day): Day[] {
  const distinct = visitDaysOf(days);
  const shopGap = rhythmOf(r.a).firstRepeatGap;
  const t = r.a.thresholds;
  const out: Day[] = [];
  let orders = 0;
  // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator: speed; later due days are dropped
  for (let i = 0; i < distinct.length && distinct[i] <= until; i++) {
    // Stryker disable next-line EqualityOperator: past the end days[orders] is undefined; undefined <= a day is false
    while (orders < days.length && days[orders] <= distinct[i]) orders++;
    const next = i + 1 < distinct.length ? distinct[i + 1] : Infinity;
    if (next <= from || (orders < t.repeatVisits && orders < t.fanVisits)) continue;
    const interval = i === 0 ? shopGap : ownIntervalOf(distinct.slice(0, i + 1));
    if (interval === null) continue;
    const due = distinct[i] + interval + usualDueAfter(interval);
    // Not back by then, and not lapsed by then.
    if (next > due && due - distinct[i] < t.lapsedDays) out.push(due);
  }
  return out;
}

/** The first days of the calendar quarters that begin in [first, last]. */
function quarterStarts(first: Day, last: Day): Day[] {
  const out: Day[] = [];
  const { year, month } = ymdOf(first);
  for (let q = dayFromYmd(year, month - ((month - 1) % 3), 1) as Day; q <= last; q = addMonths(q, 3))
    // Stryker disable next-line ConditionalExpression: a quarter before first is dropped by usualCounts (d < from)
    if (q >= first) out.push(q);
  return out;
}

/** The years from `from`'s to `until`'s: yearly dates need only these, not a customer's whole history. */
function windowYears(from: Day, until: Day): number[] {
  const years: number[] = [];
  for (let y = ymdOf(from).year; y <= ymdOf(until).year; y++) years.push(y);
  return years;
}

/** The days customer c became due, at least those in [from, until] (others may come too). */
type DueRule = (days: VisitDays, r: Replay, c: number, until: Day, from: Day) => Day[];

const DUE: Record<FollowUpType, DueRule> = {
  new_thanks: (days, r) => [days[0] + r.settings.newThanksDays],
  new_info: (days, r) => [days[0] + r.settings.newInfoDays].filter((t) => stillNew(days, t, r)),
  new_second_offer: (days, r) => [days[0] + r.settings.newSecondOfferDays].filter((t) => stillNew(days, t, r)),
  repeat_thanks: (days, r) => {
    const out: Day[] = [];
    const t = r.a.thresholds;
    for (let k = r.settings.repeatEvery; k <= days.length; k += r.settings.repeatEvery)
      if (k >= t.repeatVisits || k >= t.fanVisits) out.push(days[k - 1]);
    return out;
  },
  // A Fan on the quarter's first day: enough visits before it (referrals carry no date to replay).
  fan_vip: (days, r) => r.quarters.filter((q) => visitsBy(days, q - 1) >= r.a.thresholds.fanVisits),
  usual_reminder: (days, r, _c, until, from) => usualDays(days, r, from, until),
  at_risk: (days, r) => statusTurnedDays(days, r.a.thresholds.atRiskDays),
  winback: (days, r) => statusTurnedDays(days, r.a.thresholds.lapsedDays),
  // Only the first touch can be told from sales: the day a customer was first seen (a ¥0 sample,
  // a refund) while they had not bought yet.
  prospect_touch: (days, r, c) => {
    const seen = r.a.customers[c].firstSeenDay;
    return seen !== null && (days.length === 0 || seen < days[0]) ? [seen] : [];
  },
  birthday: (_days, r, c) => {
    const month = r.birthMonths.get(c);
    const seen = r.a.customers[c].firstSeenDay;
    if (month === undefined || seen === null) return [];
    return r.years.map((y) => dayFromYmd(y, month, 1) as Day).filter((d) => d >= seen);
  },
  // addMonths keeps the day of month where it can (Feb 29 → Feb 28), as the drafting rule does.
  anniversary: (days, r) => {
    const firstYear = ymdOf(days[0]).year;
    return r.years.filter((y) => y > firstYear).map((y) => addMonths(days[0], 12 * (y - firstYear)));
  },
};

// ---------------------------------------------------------------------------------------------

const EMPTY: FollowUpResult = {
  drafted: 0,
  returned30d: 0,
  rate: null,
  usualDue: 0,
  usualReturned30d: 0,
  usualRate: null,
};

export function followUpResults(input: FollowUpResultsInput): FollowUpResults {
  const a = input.analysis;
  const lastDraftDay = a.asOf - RESULT_DAYS;
  const index = new Map<string, number>();
  a.customers.forEach((c, i) => index.set(c.key, i));

  const drafted = new Map<FollowUpType, { n: number; returned: number; first: Day }>();
  for (const { key, day } of input.drafts) {
    const parsed = parseFollowUpKey(key);
    if (!parsed) continue;
    const t = drafted.get(parsed.type) ?? { n: 0, returned: 0, first: day };
    t.first = Math.min(t.first, day);
    drafted.set(parsed.type, t);
    if (day > lastDraftDay) continue;
    t.n++;
    const c = index.get(parsed.customerKey);
    if (c !== undefined && returnedWithin(a, c, day)) t.returned++;
  }

  const replay: Replay = {
    a,
    settings: input.settings,
    birthMonths: input.birthMonths ?? new Map(),
    quarters: [],
    years: [],
  };
  const out = {} as FollowUpResults;
  for (const type of FOLLOW_UP_TYPES) {
    const d = drafted.get(type);
    if (!d) {
      out[type] = { ...EMPTY };
      continue;
    }
    const usual = usualCounts(replay, type, addMonths(d.first, -USUAL_MONTHS), Math.min(d.first - 1, lastDraftDay));
    out[type] = {
      drafted: d.n,
      returned30d: d.returned,
      rate: ratio(d.returned, d.n),
      usualDue: usual.due,
      usualReturned30d: usual.returned,
      usualRate: ratio(usual.returned, usual.due),
    };
  }
  return out;
}

/** Times customers became due for `type` on a day in [from, to], and returned within RESULT_DAYS after. */
function usualCounts(r: Replay, type: FollowUpType, from: Day, to: Day): { due: number; returned: number } {
  let due = 0;
  let returned = 0;
  r.quarters = quarterStarts(from, to);
  r.years = windowYears(from, to);
  const { day, start } = r.a.visits;
  for (let c = 0; c < r.a.customers.length; c++) {
    const days = day.subarray(start[c], start[c + 1]);
    if (days.length === 0 && type !== 'prospect_touch' && type !== 'birthday') continue;
    for (const d of DUE[type](days, r, c, to, from)) {
      if (d < from || d > to) continue;
      due++;
      if (returnedWithin(r.a, c, d)) returned++;
    }
  }
  return { due, returned };
}

// ---------------------------------------------------------------------------------------------
// The Summary's block and the sidebar's line

const TEXT = defineText({
  ja: {
    title: 'フォローの成果',
    note: 'フォロー履歴の下書きのうち、作成日が基準日の30日以上前のものについて、作成日の翌日から30日以内にお買い物（支払いのある注文）があったお客様の割合です。「ふだんの来店率」は、その種類の最初の下書きより前の12か月間に、同じ条件で対象になったお客様が、対象になった日の翌日から30日以内にお買い物をした割合で、フォローをしなかった場合の目安です。アドオンは送信済みのメールを読まないため、送らなかった下書きも区別できずに含まれます。',
    type: '種類',
    drafted: '下書き（30日以上前）',
    returned: '30日以内に来店',
    rate: '来店率（フォローあり）',
    usualDue: '対象（フォロー前の12か月）',
    usualReturned: 'うち30日以内に来店',
    usualRate: 'ふだんの来店率',
    none: '（まだ判断できる下書きはありません）',
    line: 'フォローあり {rate}（{drafted}件中{returned}件）・ふだん {usualRate}（{usualDue}件中{usualReturned}件）',
    na: '—',
  },
  en: {
    title: 'Follow-up results',
    note: 'Drafts in the Follow-up log made at least 30 days before the as-of date, and the share of their customers who made a paid visit within 30 days after the draft. The usual rate is what happened without a follow-up: in the 12 months before the first draft of that type, the customers who became due by the same rules and made a paid visit within 30 days after. The add-on never reads sent mail, so drafts that were not sent cannot be told apart and are counted too.',
    type: 'Type',
    drafted: 'Drafts (30+ days ago)',
    returned: 'Came back within 30 days',
    rate: 'With a follow-up',
    usualDue: 'Due (12 months before)',
    usualReturned: 'Came back within 30 days',
    usualRate: 'Usual rate',
    none: '(no draft old enough to judge yet)',
    line: 'with a follow-up {rate} ({returned}/{drafted}) · usual {usualRate} ({usualReturned}/{usualDue})',
    na: 'n/a',
  },
});

/** Sidebar and notes text: the two rates and their counts. */
export function followUpResultLine(r: FollowUpResult, lang: Lang): string {
  const pct = (x: number | null) => (x === null ? TEXT(lang, 'na') : `${Math.round(x * 100)}%`);
  return TEXT(lang, 'line', {
    rate: pct(r.rate),
    returned: r.returned30d,
    drafted: r.drafted,
    usualRate: pct(r.usualRate),
    usualReturned: r.usualReturned30d,
    usualDue: r.usualDue,
  });
}

export const followUpResultsNote = (lang: Lang): string => TEXT(lang, 'note');

/** Types with a draft old enough to judge, in FOLLOW_UP_TYPES order. */
export function judgedTypes(results: FollowUpResults): FollowUpType[] {
  return FOLLOW_UP_TYPES.filter((t) => results[t].drafted > 0);
}

export interface ResultRows {
  /** Title (noted), header, one row per judged type; the rates are fractions ('—' / 'n/a' for none). */
  rows: (string | number)[][];
  note: string;
  /** 0-based columns holding rates, in the body rows (rows[2…]). */
  rateColumns: number[];
}

/** The Summary's "Follow-up results" block; `label` names a type. */
export function followUpResultsRows(
  results: FollowUpResults,
  lang: Lang,
  label: (type: FollowUpType) => string,
): ResultRows {
  const types = judgedTypes(results);
  const body = types.map((t) => {
    const r = results[t];
    const share = (x: number | null) => (x === null ? TEXT(lang, 'na') : x);
    return [label(t), r.drafted, r.returned30d, share(r.rate), r.usualDue, r.usualReturned30d, share(r.usualRate)];
  });
  return {
    rows: [
      [TEXT(lang, 'title')],
      (['type', 'drafted', 'returned', 'rate', 'usualDue', 'usualReturned', 'usualRate'] as const).map((k) =>
        TEXT(lang, k),
      ),
      ...(body.length > 0 ? body : [[TEXT(lang, 'none')]]),
    ],
    note: TEXT(lang, 'note'),
    rateColumns: body.length > 0 ? [3, 6] : [],
  };
}
