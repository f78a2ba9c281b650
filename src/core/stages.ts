// The three classifications of a customer. Each is a pure function of a few aggregates so that
// the same rule serves the Segments tab, the custom functions and the month-end snapshots.

import { Thresholds } from './settings';

export const STAGES = ['prospect', 'new', 'repeat', 'fan'] as const;
export type Stage = (typeof STAGES)[number];

export const STATUSES = ['active', 'at_risk', 'lapsed'] as const;
/** Only customers with a visit have a status. */
export type Status = (typeof STATUSES)[number];

export const CPM_BASES = ['first', 'toddler', 'steady', 'trendy', 'loyal'] as const;
export type CpmBase = (typeof CPM_BASES)[number];
export const SEGMENTS = [...CPM_BASES, ...CPM_BASES.map((b) => `${b}_lapsed` as const)] as const;
export type Segment = CpmBase | `${CpmBase}_lapsed`;

/** Each label's index in its list: the engine keeps a third of a million customers' labels as these codes. */
function codes<T extends string>(list: readonly T[]): Record<T, number> {
  return Object.fromEntries(list.map((label, i) => [label, i])) as Record<T, number>;
}
const STAGE = codes(STAGES);
const STATUS = codes(STATUSES);
const BASE = codes(CPM_BASES);

/** Prospect (0 visits) · New (1) · Repeat (2–4) · Fan (≥ 1 visit and ≥ 5 visits or ≥ 1 referral). */
export function stageOf(visits: number, referrals: number, t: Thresholds): Stage {
  return STAGES[stageCodeOf(visits, referrals, t)];
}

/** stageOf as an index into STAGES. */
export function stageCodeOf(visits: number, referrals: number, t: Thresholds): number {
  if (visits <= 0) return STAGE.prospect;
  if (visits >= t.fanVisits || referrals >= t.fanReferrals) return STAGE.fan;
  if (visits >= t.repeatVisits) return STAGE.repeat;
  return STAGE.new;
}

/** Lapsed if days since last ≥ 240, At risk if ≥ 90, else Active (customers with a visit). */
export function statusOf(daysSinceLast: number, t: Thresholds): Status {
  return STATUSES[statusCodeOf(daysSinceLast, t)];
}

/** statusOf as an index into STATUSES. */
export function statusCodeOf(daysSinceLast: number, t: Thresholds): number {
  if (daysSinceLast >= t.lapsedDays) return STATUS.lapsed;
  if (daysSinceLast >= t.atRiskDays) return STATUS.at_risk;
  return STATUS.active;
}

/** The CPM spend line: a set amount, or a multiple of the shop's average order. */
export function cpmSpendLine(shopAverageOrder: number, t: Thresholds): number {
  return t.cpmSpendLine ?? t.cpmSpendMultiple * shopAverageOrder;
}

/**
 * Yazuya's customer portfolio (CPM) for a customer with at least one visit: First (1 visit),
 * Toddler (tenure < 90), Steady (revenue under the line), Trendy (tenure < 210), Loyal; each
 * lapsed when the last visit is `lapsedDays` or more ago.
 */
export function segmentOf(
  visits: number,
  tenureDays: number,
  revenue: number,
  daysSinceLast: number,
  spendLine: number,
  t: Thresholds,
): Segment {
  return SEGMENTS[segmentCodeOf(visits, tenureDays, revenue, daysSinceLast, spendLine, t)];
}

/** segmentOf as an index into SEGMENTS: the five bases, then the same five lapsed. */
export function segmentCodeOf(
  visits: number,
  tenureDays: number,
  revenue: number,
  daysSinceLast: number,
  spendLine: number,
  t: Thresholds,
): number {
  let base: number;
  if (visits <= 1) base = BASE.first;
  else if (tenureDays < t.cpmTenureDays) base = BASE.toddler;
  else if (revenue < spendLine) base = BASE.steady;
  else if (tenureDays < t.cpmLoyalTenureDays) base = BASE.trendy;
  else base = BASE.loyal;
  return daysSinceLast >= t.lapsedDays ? base + CPM_BASES.length : base;
}
