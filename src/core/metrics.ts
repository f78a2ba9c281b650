// The numbers behind the Summary, History and Transitions tabs, computed from one SalesAnalysis.
// Each function makes one pass over the customers, the visits or the product sales (never a
// pass per customer); only VIP gaps and product totals are sorted. 100k customers with 1M visits
// take about 0.2 s on top of analyzeSales.
//
// Zero denominators: every ratio goes through `ratio`, which returns null when the denominator
// is not positive (no visits in the period, no customer in the cohort, …). null is shown as
// "—" / "n/a" by report-tables and written as null in summary.json; a ratio is never NaN.

import { isDate } from './cells';
import { Day, DayOfDate, addMonths, dayFromSerial, formatDay, monthKey, monthStart } from './days';
import { Lang, classificationLabel, defineText } from './labels';
import { SalesAnalysis, roundMoney } from './sales';
import { Thresholds } from './settings';
import { SEGMENTS, STAGES, STATUSES, Segment, Stage, Status, stageOf } from './stages';
import type { FollowUpResults } from './followup-results';
import { FOLLOW_UP_TYPES, FollowUpType } from './templates';

/** The trailing 12 months: the 365 days ending at as-of, as-of included. */
export const YEAR_DAYS = 365;
/** F2: a 2nd visit at most this many days after the first counts as converted. */
export const F2_DAYS = 90;
/** Calendar months in the F2 cohort table, as-of's month included. */
export const COHORT_MONTHS = 12;
/** New customers: first visit within this many days, as-of included. */
export const NEW_CUSTOMER_DAYS = 90;
export const TOP_PRODUCT_COUNT = 5;

/** n / d, or null when d is not positive (see the header comment). */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** A value for the analysis month and for the trailing 12 months. */
export interface PeriodValue<T = number | null> {
  month: T;
  last12m: T;
}

export interface F2Cohort {
  /** First-visit month, 'YYYY-MM'. */
  month: string;
  /** Customers whose first visit lies in the month. */
  firstBuyers: number;
  /** …of whom the 2nd visit came at most 30 / 60 / 90 days after the first (so far). */
  within30: number;
  within60: number;
  within90: number;
}

export interface ProductRevenue {
  product: string;
  revenue: number;
}

/** Stage × status keys of the contact counts before follow-up drafts exist. */
export const CONTACT_KEYS = [
  'prospect.none',
  ...(['new', 'repeat', 'fan'] as const).flatMap((s) => STATUSES.map((st) => `${s}.${st}` as const)),
] as const;

/** CONTACT_KEYS by stage and status: counting them makes no string per customer. */
const CONTACT_KEY = Object.fromEntries(
  STAGES.map((stage) => [
    stage,
    Object.fromEntries([...STATUSES, 'none'].map((status) => [status, `${stage}.${status}`])),
  ]),
) as Record<Stage, Record<Status | 'none', string>>;

export interface Summary {
  asOf: Day;
  /** 'YYYY-MM' of as-of: the analysis month. */
  month: string;
  /** The analysis month runs [monthStart, asOf]. */
  monthStart: Day;
  /** The trailing 12 months run [yearStart, asOf] = [asOf − 364, asOf]. */
  yearStart: Day;
  thresholds: Thresholds;
  /** Revenue of all visits in the period: the denominator of the two shares below. */
  visitRevenue: PeriodValue<number>;
  /** 1 — revenue of repeat visits (a customer's second or later) ÷ revenue of all visits in the period; null without a visit in it. */
  repeatRevenueShare: PeriodValue;
  /** 2 — revenue of 1st visits ÷ revenue of all visits in the period; null without a visit in it. */
  newRevenueShare: PeriodValue;
  /** 3 — customers by status at as-of. */
  atRisk: number;
  lapsed: number;
  /** 4 — activeThisMonth ÷ customersWithVisit; null when no customer has a visit. */
  activeRate: number | null;
  activeThisMonth: number;
  customersWithVisit: number;
  /**
   * 5 — of customers with a first visit in [from, to] = [asOf − 454, asOf − 90], the share whose 2nd
   * visit came ≤ 90 days after the first (a 2nd order the same day counts); null for an empty cohort.
   */
  f2: { from: Day; to: Day; firstBuyers: number; converted: number; rate: number | null };
  /** 5 — the last 12 calendar months, oldest first. */
  f2Cohorts: F2Cohort[];
  /** 6–8 — customers marked vip by analyzeSales. */
  vip: {
    count: number;
    /**
     * VIP revenue ÷ revenue of all customers with a visit (customer.revenue, all time, the amount
     * VIPs are ranked by); null when that total is not positive (none, or refunds outweigh sales).
     */
    revenueShare: number | null;
    /** Median of all consecutive-visit gaps of VIPs, in days; null when no VIP has 2 visits. */
    medianIntervalDays: number | null;
    /** Up to 5, by revenue of VIPs' paid rows, ties by product name. */
    topProducts: ProductRevenue[];
  };
  /** 9 — follow-up counts when given, else CONTACT_KEYS counts ('stage.status'). */
  contacts: { source: 'follow_up' | 'stage_status'; counts: Record<string, number> };
  /** 10 — customers with a first visit in [from, asOf], and those of them with ≥ 2 visits. */
  newCustomers: { from: Day; count: number; returned: number };
  stageCounts: Record<Stage, number>;
  statusCounts: Record<Status, number>;
  segmentCounts: Record<Segment, number>;
  /** Sum of customer.revenue (all time: paid rows, refunds, samples) per stage at as-of. */
  revenueByStage: Record<Stage, number>;
  rejectedRows: number;
  /** Sales without customer, email or member code, counted apart (visits, revenue) in the periods. */
  anonymous: { rows: number; visits: PeriodValue<number>; revenue: PeriodValue<number> };
  /** The export recognised ('shopify' …, see export-profiles.ts) or 'generic'. */
  profile: string;
  /** Did the follow-ups work: null when not given (no Follow-up log read). */
  followUpResults: FollowUpResults | null;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const r = {} as Record<K, number>;
  for (const k of keys) r[k] = 0;
  return r;
}

/** Median of integers (mutates nothing); the mean of the middle two for an even count. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Int32Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface SummaryOptions {
  /** Customers to contact per follow-up type, once follow-up drafts exist. */
  followUpCounts?: Record<string, number>;
  /** followUpResults of the Follow-up log (followup-results.ts); none before the first draft. */
  followUpResults?: FollowUpResults;
}

/** 1, 2 — revenue of first and of later visits, this month and in the last 12 months. */
function visitRevenueSums(a: SalesAnalysis, mStart: Day, yearStart: Day) {
  const { customers, visits } = a;
  // One pass over the visits (all are ≤ as-of; future rows never become visits). First and later
  // visits are summed apart, so neither share comes out as a tiny negative by subtraction.
  const first = { month: 0, last12m: 0 };
  const repeat = { month: 0, last12m: 0 };
  for (let c = 0; c < customers.length; c++) {
    // A customer's visits are in day order: the first is start[c], every later one a repeat.
    for (let v = visits.start[c]; v < visits.start[c + 1]; v++) {
      const day = visits.day[v];
      if (day < yearStart) continue;
      const sums = v > visits.start[c] ? repeat : first;
      sums.last12m += visits.revenue[v];
      // The month always lies inside the 365 days: monthStart ≥ asOf − 30.
      if (day >= mStart) sums.month += visits.revenue[v];
    }
  }
  return { first, repeat, all: { month: first.month + repeat.month, last12m: first.last12m + repeat.last12m } };
}

/** The days that bound the windows of answers 3–10. */
export interface Windows {
  mStart: Day;
  f2From: Day;
  f2To: Day;
  newFrom: Day;
  /** Cohort month k covers [cohortStart[k], cohortStart[k + 1]); the last one ends at as-of. */
  cohortStart: Day[];
}

export function windowsOf(asOf: Day): Windows {
  const mStart = monthStart(asOf);
  const cohortStart: Day[] = [];
  for (let k = COHORT_MONTHS - 1; k >= 0; k--) cohortStart.push(addMonths(mStart, -k));
  cohortStart.push(asOf + 1);
  return {
    mStart,
    f2From: asOf - F2_DAYS - (YEAR_DAYS - 1),
    f2To: asOf - F2_DAYS,
    newFrom: asOf - (NEW_CUSTOMER_DAYS - 1),
    cohortStart,
  };
}

/** 3–10 — one pass over the customers (a hot loop: its counters stay locals). */
function customerTallies(a: SalesAnalysis, w: Windows) {
  const { customers, visits } = a;
  const { mStart, f2From, f2To, newFrom, cohortStart } = w;
  const f2Cohorts: F2Cohort[] = cohortStart
    .slice(0, COHORT_MONTHS)
    .map((d) => ({ month: monthKey(d), firstBuyers: 0, within30: 0, within60: 0, within90: 0 }));
  let customersWithVisit = 0;
  let activeThisMonth = 0;
  let f2Buyers = 0;
  let f2Converted = 0;
  let newCount = 0;
  let newReturned = 0;
  let vipCount = 0;
  let vipRevenue = 0;
  let payingRevenue = 0;
  const vipGaps: number[] = [];
  const revenueByStage = zeros(STAGES);
  const contactCounts: Record<string, number> = zeros(CONTACT_KEYS);

  for (let c = 0; c < customers.length; c++) {
    const customer = customers[c];
    revenueByStage[customer.stage] += customer.revenue;
    contactCounts[CONTACT_KEY[customer.stage][customer.status ?? 'none']]++;
    if (customer.visits === 0 || customer.firstDay === null || customer.lastDay === null) continue;

    customersWithVisit++;
    payingRevenue += customer.revenue;
    if (customer.lastDay >= mStart) activeThisMonth++;
    const firstDay = customer.firstDay;
    const s = visits.start[c];
    // Days from the 1st visit to the 2nd (Infinity without one); a 2nd order on the same day is 0.
    const gap = customer.visits >= 2 ? visits.day[s + 1] - firstDay : Infinity;

    if (firstDay >= f2From && firstDay <= f2To) {
      f2Buyers++;
      if (gap <= F2_DAYS) f2Converted++;
    }
    if (firstDay >= cohortStart[0]) {
      let k = COHORT_MONTHS - 1;
      while (firstDay < cohortStart[k]) k--;
      const cohort = f2Cohorts[k];
      cohort.firstBuyers++;
      // Counted so far: for the latest months the 30/60/90 days have not all passed yet.
      if (gap <= 30) cohort.within30++;
      if (gap <= 60) cohort.within60++;
      if (gap <= 90) cohort.within90++;
    }
    if (firstDay >= newFrom) {
      newCount++;
      if (customer.visits >= 2) newReturned++;
    }
    if (customer.vip) {
      vipCount++;
      vipRevenue += customer.revenue;
      for (let j = s + 1; j < visits.start[c + 1]; j++) vipGaps.push(visits.day[j] - visits.day[j - 1]);
    }
  }
  for (const k of STAGES) revenueByStage[k] = roundMoney(revenueByStage[k]);
  return {
    customersWithVisit,
    activeThisMonth,
    f2Buyers,
    f2Converted,
    f2Cohorts,
    newCount,
    newReturned,
    vipCount,
    vipRevenue,
    payingRevenue,
    vipGaps,
    revenueByStage,
    contactCounts,
  };
}

export function computeSummary(a: SalesAnalysis, opts: SummaryOptions = {}): Summary {
  const { asOf } = a;
  const yearStart = asOf - (YEAR_DAYS - 1);
  const w = windowsOf(asOf);
  const { first, repeat, all } = visitRevenueSums(a, w.mStart, yearStart);
  const share = (part: PeriodValue<number>): PeriodValue => ({
    month: ratio(part.month, all.month),
    last12m: ratio(part.last12m, all.last12m),
  });
  const t = customerTallies(a, w);
  const counts = a.labelCounts;

  return {
    asOf,
    month: monthKey(asOf),
    monthStart: w.mStart,
    yearStart,
    thresholds: a.thresholds,
    visitRevenue: { month: roundMoney(all.month), last12m: roundMoney(all.last12m) },
    repeatRevenueShare: share(repeat),
    newRevenueShare: share(first),
    atRisk: counts.status.at_risk,
    lapsed: counts.status.lapsed,
    activeRate: ratio(t.activeThisMonth, t.customersWithVisit),
    activeThisMonth: t.activeThisMonth,
    customersWithVisit: t.customersWithVisit,
    f2: {
      from: w.f2From,
      to: w.f2To,
      firstBuyers: t.f2Buyers,
      converted: t.f2Converted,
      rate: ratio(t.f2Converted, t.f2Buyers),
    },
    f2Cohorts: t.f2Cohorts,
    vip: {
      count: t.vipCount,
      revenueShare: ratio(t.vipRevenue, t.payingRevenue),
      medianIntervalDays: median(t.vipGaps),
      topProducts: vipTopProducts(a),
    },
    contacts: opts.followUpCounts
      ? { source: 'follow_up', counts: { ...opts.followUpCounts } }
      : { source: 'stage_status', counts: t.contactCounts },
    newCustomers: { from: w.newFrom, count: t.newCount, returned: t.newReturned },
    stageCounts: { ...counts.stage },
    statusCounts: { ...counts.status },
    segmentCounts: { ...counts.segment },
    revenueByStage: t.revenueByStage,
    rejectedRows: a.counts.rejected,
    anonymous: anonymousSums(a, w.mStart, yearStart),
    profile: a.profile,
    followUpResults: opts.followUpResults ?? null,
  };
}

/** Anonymous visits and revenue of the month and of the last 12 months. */
function anonymousSums(a: SalesAnalysis, mStart: Day, yearStart: Day): Summary['anonymous'] {
  const visits = { month: 0, last12m: 0 };
  const revenue = { month: 0, last12m: 0 };
  for (const [day, sums] of a.anonymous.byDay) {
    if (day < yearStart) continue;
    visits.last12m += sums.visits;
    revenue.last12m += sums.revenue;
    if (day < mStart) continue;
    visits.month += sums.visits;
    revenue.month += sums.revenue;
  }
  return {
    rows: a.anonymous.rows,
    visits,
    revenue: { month: roundMoney(revenue.month), last12m: roundMoney(revenue.last12m) },
  };
}

/** Products by revenue of VIPs' paid rows, top 5, ties by name so the order is stable. */
function vipTopProducts(a: SalesAnalysis): ProductRevenue[] {
  const ps = a.productSales;
  const revenue = new Float64Array(a.productNames.length);
  for (let i = 0; i < ps.customer.length; i++) {
    if (a.customers[ps.customer[i]].vip) revenue[ps.product[i]] += ps.revenue[i];
  }
  const sold: number[] = [];
  for (let p = 0; p < revenue.length; p++) if (revenue[p] > 0) sold.push(p);
  const names = a.productNames;
  sold.sort((x, y) => revenue[y] - revenue[x] || (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  return sold.slice(0, TOP_PRODUCT_COUNT).map((p) => ({ product: names[p], revenue: roundMoney(revenue[p]) }));
}

// ---------------------------------------------------------------------------------------------
// summary.json

/** Shares in summary.json: fractions rounded to 4 decimals. */
function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}

export interface SummaryJson {
  as_of: string;
  month: string;
  repeat_revenue_share_month: number | null;
  repeat_revenue_share_12m: number | null;
  new_revenue_share_month: number | null;
  new_revenue_share_12m: number | null;
  revenue_month: number;
  revenue_12m: number;
  at_risk: number;
  lapsed: number;
  active_rate_month: number | null;
  f2_rate_90d: number | null;
  f2_first_buyers: number;
  f2_converted: number;
  f2_cohorts: { month: string; first_buyers: number; within_30: number; within_60: number; within_90: number }[];
  vip_count: number;
  vip_revenue_share: number | null;
  vip_median_interval_days: number | null;
  vip_top_products: ProductRevenue[];
  contact_source: 'follow_up' | 'stage_status';
  contact_counts: Record<string, number>;
  new_customers_90d: number;
  new_customers_90d_returned: number;
  stage_counts: Record<Stage, number>;
  status_counts: Record<Status, number>;
  segment_counts: Record<Segment, number>;
  revenue_by_stage: Record<Stage, number>;
  rejected_rows: number;
  anonymous_rows: number;
  anonymous_visits_month: number;
  anonymous_visits_12m: number;
  anonymous_revenue_month: number;
  anonymous_revenue_12m: number;
  /** The export recognised (export-profiles.ts) or 'generic'. */
  profile: string;
  follow_up_results: Record<FollowUpType, FollowUpResultJson>;
}

export interface FollowUpResultJson {
  drafted: number;
  returned_30d: number;
  rate: number | null;
  usual_due: number;
  usual_returned_30d: number;
  usual_rate: number | null;
}

/** Every type, zeros and nulls for a type never drafted (or without a Follow-up log). */
function followUpResultsJson(results: FollowUpResults | null): Record<FollowUpType, FollowUpResultJson> {
  const out = {} as Record<FollowUpType, FollowUpResultJson>;
  for (const t of FOLLOW_UP_TYPES) {
    const r = results?.[t];
    out[t] = {
      drafted: r?.drafted ?? 0,
      returned_30d: r?.returned30d ?? 0,
      rate: round4(r?.rate ?? null),
      usual_due: r?.usualDue ?? 0,
      usual_returned_30d: r?.usualReturned30d ?? 0,
      usual_rate: round4(r?.usualRate ?? null),
    };
  }
  return out;
}

/** The stable keys of summary.json (the CLI and tests rely on them). */
export function summaryJson(s: Summary): SummaryJson {
  return {
    as_of: formatDay(s.asOf),
    month: s.month,
    repeat_revenue_share_month: round4(s.repeatRevenueShare.month),
    repeat_revenue_share_12m: round4(s.repeatRevenueShare.last12m),
    new_revenue_share_month: round4(s.newRevenueShare.month),
    new_revenue_share_12m: round4(s.newRevenueShare.last12m),
    revenue_month: s.visitRevenue.month,
    revenue_12m: s.visitRevenue.last12m,
    at_risk: s.atRisk,
    lapsed: s.lapsed,
    active_rate_month: round4(s.activeRate),
    f2_rate_90d: round4(s.f2.rate),
    f2_first_buyers: s.f2.firstBuyers,
    f2_converted: s.f2.converted,
    f2_cohorts: s.f2Cohorts.map((k) => ({
      month: k.month,
      first_buyers: k.firstBuyers,
      within_30: k.within30,
      within_60: k.within60,
      within_90: k.within90,
    })),
    vip_count: s.vip.count,
    vip_revenue_share: round4(s.vip.revenueShare),
    vip_median_interval_days: s.vip.medianIntervalDays,
    vip_top_products: s.vip.topProducts.map((p) => ({ ...p })),
    contact_source: s.contacts.source,
    contact_counts: { ...s.contacts.counts },
    new_customers_90d: s.newCustomers.count,
    new_customers_90d_returned: s.newCustomers.returned,
    stage_counts: { ...s.stageCounts },
    status_counts: { ...s.statusCounts },
    segment_counts: { ...s.segmentCounts },
    revenue_by_stage: { ...s.revenueByStage },
    rejected_rows: s.rejectedRows,
    anonymous_rows: s.anonymous.rows,
    anonymous_visits_month: s.anonymous.visits.month,
    anonymous_visits_12m: s.anonymous.visits.last12m,
    anonymous_revenue_month: s.anonymous.revenue.month,
    anonymous_revenue_12m: s.anonymous.revenue.last12m,
    profile: s.profile,
    follow_up_results: followUpResultsJson(s.followUpResults),
  };
}

// ---------------------------------------------------------------------------------------------
// History: one row per analysis month.

/** The month's own figures: revenue of 1st and of later visits, customers with a visit, first-time buyers. */
export const MONTH_FIGURES = ['revenue_new', 'revenue_repeat', 'visitors', 'first_buyers'] as const;
export type MonthFigure = (typeof MONTH_FIGURES)[number];
export const HISTORY_KEYS = [...STAGES, ...STATUSES, ...SEGMENTS, ...MONTH_FIGURES] as const;
export type HistoryKey = (typeof HISTORY_KEYS)[number];

export interface HistoryRow {
  /** 'YYYY-MM' */
  month: string;
  /** Customers per stage, status and segment; a key is missing when an old tab lacked its column. */
  counts: Partial<Record<HistoryKey, number>>;
}

const TEXT = defineText<'month' | MonthFigure>({
  ja: {
    month: '対象月',
    revenue_new: '新規売上',
    revenue_repeat: 'リピート売上',
    visitors: '来店したお客様',
    first_buyers: '初めてのお客様',
  },
  en: {
    month: 'Month',
    revenue_new: 'New revenue',
    revenue_repeat: 'Repeat revenue',
    visitors: 'Customers with a visit',
    first_buyers: 'First-time customers',
  },
});

export function historyRow(a: SalesAnalysis): HistoryRow {
  const k = a.labelCounts;
  return { month: monthKey(a.asOf), counts: { ...k.stage, ...k.status, ...k.segment, ...monthFigures(a) } };
}

/** MONTH_FIGURES of as-of's month, from its 1st to as-of. */
function monthFigures(a: SalesAnalysis): Record<MonthFigure, number> {
  const from = monthStart(a.asOf);
  const { visits } = a;
  const f = { revenue_new: 0, revenue_repeat: 0, visitors: 0, first_buyers: 0 };
  for (let c = 0; c < a.customers.length; c++) {
    const first = visits.start[c];
    let visited = false;
    for (let v = first; v < visits.start[c + 1]; v++) {
      if (visits.day[v] < from) continue;
      visited = true;
      if (v === first) {
        f.revenue_new += visits.revenue[v];
        f.first_buyers++;
      } else f.revenue_repeat += visits.revenue[v];
    }
    if (visited) f.visitors++;
  }
  return { ...f, revenue_new: roundMoney(f.revenue_new), revenue_repeat: roundMoney(f.revenue_repeat) };
}

/** A History column's label: a classification, or one of the month's figures. */
export function historyLabel(lang: Lang, key: HistoryKey): string {
  return (MONTH_FIGURES as readonly string[]).includes(key)
    ? TEXT(lang, key as MonthFigure)
    : classificationLabel(lang, key as Stage | Status | Segment);
}

/** The first column is always the month; the others are HISTORY_KEYS in order. */
export function historyHeader(lang: Lang): string[] {
  return [TEXT(lang, 'month'), ...HISTORY_KEYS.map((k) => historyLabel(lang, k))];
}

function normHeader(text: unknown): string {
  return String(text ?? '')
    .normalize('NFKC')
    .trim()
    .toLowerCase();
}

let headerKeys: Map<string, HistoryKey> | undefined;
/** Header text in either language, or the bare key, → key: a tab written in en reads back in ja. */
function historyKeyOf(text: unknown): HistoryKey | undefined {
  if (!headerKeys) {
    headerKeys = new Map();
    for (const k of HISTORY_KEYS) {
      headerKeys.set(k, k);
      for (const lang of ['ja', 'en'] as const) headerKeys.set(normHeader(historyLabel(lang, k)), k);
    }
  }
  return headerKeys.get(normHeader(text));
}

const MS_PER_DAY = 86_400_000;

/**
 * The month of a History cell: 'YYYY-MM' text (also 'YYYY/MM', 'YYYY年M月', or a full date), a
 * Sheets serial, or a Date (Sheets turns '2025-03' typed into an unformatted cell into a date).
 * A Date is read with dayOf when given; otherwise it is taken as the 1st of a month at local
 * midnight somewhere within UTC±12h, so the UTC day 12 hours later is in the right month.
 */
function monthOfCell(value: unknown, dayOf?: DayOfDate): string | null {
  if (isDate(value)) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return null;
    return monthKey(dayOf ? dayOf(value) : Math.floor((ms + MS_PER_DAY / 2) / MS_PER_DAY));
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 1 && value < 110_000 ? monthKey(dayFromSerial(value)) : null;
  }
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?!\d)/.exec(value.normalize('NFKC').trim());
  if (!m || +m[2] < 1 || +m[2] > 12) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}`;
}

function countOfCell(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.normalize('NFKC').replace(/,/g, '').trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export interface HistoryMerge {
  /** One row per month, oldest first. */
  rows: HistoryRow[];
  /** Non-blank rows whose first cell is not a month: dropped, counted so the caller can warn. */
  skipped: number;
}

/**
 * Merges the History tab as read (header row included; empty or missing is fine) with the row of
 * the month being analysed: that month's row is replaced, never duplicated; other months are
 * kept, sorted by month. Columns are matched by header text in ja or en (or the bare key), so a
 * tab written in the other language still merges; unknown columns are dropped. Without a header
 * (the first row already holds a month) columns are taken in HISTORY_KEYS order. If a month
 * appears twice in the tab, the lower row wins. `backfill` rows (History from day one) are added
 * for the months the tab lacks, so a rerun changes nothing but the analysed month's row.
 */
export function mergeHistory(
  existing: unknown[][] | null | undefined,
  row: HistoryRow,
  dayOf?: DayOfDate,
  backfill: readonly HistoryRow[] = [],
): HistoryMerge {
  const byMonth = new Map<string, HistoryRow>();
  let skipped = 0;
  const table = existing ?? [];
  let columns: (HistoryKey | undefined)[] = [undefined, ...HISTORY_KEYS];
  let first = 0;
  if (table.length > 0 && monthOfCell(table[0][0], dayOf) === null) {
    columns = table[0].map((cell, i) => (i === 0 ? undefined : historyKeyOf(cell)));
    first = 1;
  }
  for (let r = first; r < table.length; r++) {
    const cells = table[r] ?? [];
    const month = monthOfCell(cells[0], dayOf);
    if (month === null) {
      if (cells.some((v) => v !== null && v !== undefined && String(v).trim() !== '')) skipped++;
      continue;
    }
    const counts: HistoryRow['counts'] = {};
    for (let i = 1; i < cells.length && i < columns.length; i++) {
      const key = columns[i];
      const n = countOfCell(cells[i]);
      if (key && n !== undefined) counts[key] = n;
    }
    byMonth.set(month, { month, counts });
  }
  // Backfilled months fill only gaps: a month already written keeps the figures of its day.
  // A column the tab lacks (added by a later version) is filled too.
  for (const filler of backfill) {
    const kept = byMonth.get(filler.month);
    byMonth.set(filler.month, kept ? { month: kept.month, counts: { ...filler.counts, ...kept.counts } } : filler);
  }
  byMonth.set(row.month, row);
  const rows = [...byMonth.values()].sort((x, y) => (x.month < y.month ? -1 : x.month > y.month ? 1 : 0));
  return { rows, skipped };
}

// ---------------------------------------------------------------------------------------------
// Transitions: stage at the end of the previous month → stage at as-of.

export type Origin = Stage | 'none';
/** 'none': not yet a customer at the end of the previous month. */
export const ORIGINS: readonly Origin[] = [...STAGES, 'none'];

export interface TransitionMatrix {
  asOf: Day;
  /** monthStart(asOf) − 1: the last day of the previous month. */
  cutoff: Day;
  from: Origin[];
  to: Stage[];
  /** counts[i][j]: customers with stage from[i] at cutoff and to[j] at as-of. */
  counts: number[][];
}

/**
 * Recomputed from the sales data, so it is right on the first run. The stage at the cutoff uses
 * the same stageOf rule on the visits and referral edges dated ≤ cutoff. A customer is 'none' at
 * the cutoff when their earliest row (a visit, a ¥0 sample or a refund: customer.firstSeenDay)
 * comes after it; a customer seen by then without a visit by then was a prospect.
 */
export function transitionMatrix(a: SalesAnalysis): TransitionMatrix {
  const { customers, visits } = a;
  const cutoff = monthStart(a.asOf) - 1;
  const n = customers.length;
  const referralsByCutoff = new Int32Array(n);
  for (const e of a.referrals) if (e.day <= cutoff) referralsByCutoff[e.referrer]++;
  const fromIndex = new Map<Origin, number>(ORIGINS.map((o, i) => [o, i]));
  const toIndex = new Map<Stage, number>(STAGES.map((s, i) => [s, i]));
  const counts = ORIGINS.map(() => STAGES.map(() => 0));
  for (let c = 0; c < n; c++) {
    const customer = customers[c];
    let from: Origin = 'none';
    if (customer.firstSeenDay !== null && customer.firstSeenDay <= cutoff) {
      // Visits are sorted by day within a customer: count the leading ones up to the cutoff.
      let visitsByCutoff = 0;
      for (let j = visits.start[c]; j < visits.start[c + 1] && visits.day[j] <= cutoff; j++) visitsByCutoff++;
      from = stageOf(visitsByCutoff, referralsByCutoff[c], a.thresholds);
    }
    counts[fromIndex.get(from) as number][toIndex.get(customer.stage) as number]++;
  }
  return { asOf: a.asOf, cutoff, from: [...ORIGINS], to: [...STAGES], counts };
}
