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

/** Prospect (0 visits) · New (1) · Repeat (2–4) · Fan (≥ 1 visit and ≥ 5 visits or ≥ 1 referral). */
export function stageOf(visits: number, referrals: number, t: Thresholds): Stage {
  if (visits <= 0) return 'prospect';
  if (visits >= t.fanVisits || referrals >= t.fanReferrals) return 'fan';
  if (visits >= t.repeatVisits) return 'repeat';
  return 'new';
}

/** Lapsed if days since last ≥ 240, At risk if ≥ 90, else Active (customers with a visit). */
export function statusOf(daysSinceLast: number, t: Thresholds): Status {
  if (daysSinceLast >= t.lapsedDays) return 'lapsed';
  if (daysSinceLast >= t.atRiskDays) return 'at_risk';
  return 'active';
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
  let base: CpmBase;
  if (visits <= 1) base = 'first';
  else if (tenureDays < t.cpmTenureDays) base = 'toddler';
  else if (revenue < spendLine) base = 'steady';
  else if (tenureDays < t.cpmLoyalTenureDays) base = 'trendy';
  else base = 'loyal';
  return daysSinceLast >= t.lapsedDays ? LAPSED[base] : base;
}

/** Constant strings, so that labelling a customer allocates nothing. */
const LAPSED: Record<CpmBase, Segment> = {
  first: 'first_lapsed',
  toddler: 'toddler_lapsed',
  steady: 'steady_lapsed',
  trendy: 'trendy_lapsed',
  loyal: 'loyal_lapsed',
};
