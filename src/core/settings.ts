// Every threshold of the rules, with the defaults small-shop guides teach. Settings come from the
// sidebar (as text), from document properties (as JSON) and from custom-function arguments, so
// they are always validated here and refused with a message a shop owner can act on.

export interface Thresholds {
  /** Visits from which a customer is a Repeat customer (default 2). */
  repeatVisits: number;
  /** Visits from which a customer is a Fan (default 5). */
  fanVisits: number;
  /** Referrals that make a customer with a visit a Fan (default 1). */
  fanReferrals: number;
  /** Days since the last visit from which a customer is At risk (default 90). */
  atRiskDays: number;
  /** Days since the last visit from which a customer is Lapsed (default 240). */
  lapsedDays: number;
  /** CPM: tenure (days) below which a repeat customer is a Toddler (default 90). */
  cpmTenureDays: number;
  /** CPM: tenure (days) from which a high spender is Loyal rather than Trendy (default 210). */
  cpmLoyalTenureDays: number;
  /** CPM spend line as an amount; null means cpmSpendMultiple × the shop's average order. */
  cpmSpendLine: number | null;
  /** CPM spend line as a multiple of the shop's average order (default 7). */
  cpmSpendMultiple: number;
  /** Share of customers with a visit that are VIPs, by revenue (default 0.2). */
  vipShare: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  repeatVisits: 2,
  fanVisits: 5,
  fanReferrals: 1,
  atRiskDays: 90,
  lapsedDays: 240,
  cpmTenureDays: 90,
  cpmLoyalTenureDays: 210,
  cpmSpendLine: null,
  cpmSpendMultiple: 7,
  vipShare: 0.2,
};

export type ThresholdKey = keyof Thresholds;

export interface SettingsProblem {
  key: ThresholdKey;
  /** Message id in labels (settings.*). */
  code: 'not_number' | 'not_whole' | 'too_small' | 'too_large' | 'order';
  /** The other threshold named by an 'order' problem. */
  other?: ThresholdKey;
  /** The smallest or largest value allowed, for 'too_small' and 'too_large' (none: above 0). */
  bound?: number;
}

export class SettingsError extends Error {
  constructor(readonly problems: SettingsProblem[]) {
    super(problems.map((p) => `${p.key}: ${p.code}${p.other ? ` (${p.other})` : ''}`).join('; '));
    this.name = 'SettingsError';
  }
}

interface Bound {
  min: number;
  max: number;
  whole: boolean;
}

const BOUNDS: Record<Exclude<ThresholdKey, 'cpmSpendLine'>, Bound> = {
  repeatVisits: { min: 2, max: 1000, whole: true },
  fanVisits: { min: 2, max: 1000, whole: true },
  fanReferrals: { min: 1, max: 1000, whole: true },
  atRiskDays: { min: 1, max: 3650, whole: true },
  lapsedDays: { min: 1, max: 3650, whole: true },
  cpmTenureDays: { min: 1, max: 3650, whole: true },
  cpmLoyalTenureDays: { min: 1, max: 3650, whole: true },
  cpmSpendMultiple: { min: 0.01, max: 1000, whole: false },
  vipShare: { min: 0.01, max: 1, whole: false },
};

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.normalize('NFKC').replace(/[,\s]/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * The VIP share as an owner types it: 0.2, 20 or 20% all mean the top 20%. A number above 1, or
 * any number followed by %, is a percent; 1 itself is every customer (100%), not 1%.
 */
function shareOf(value: unknown): number | null {
  if (typeof value === 'string') {
    const text = value.normalize('NFKC').trim();
    if (text.endsWith('%')) {
      const n = toNumber(text.slice(0, -1));
      return n === null ? null : n / 100;
    }
  }
  const n = toNumber(value);
  return n !== null && n > 1 ? n / 100 : n;
}

/**
 * Merges `input` over the defaults and validates the result. Unknown keys are ignored; an empty
 * value keeps the default. Throws SettingsError listing every problem at once.
 */
export function resolveThresholds(input: Partial<Record<ThresholdKey, unknown>> = {}): Thresholds {
  const result: Thresholds = { ...DEFAULT_THRESHOLDS };
  const problems: SettingsProblem[] = [];
  for (const key of Object.keys(BOUNDS) as (keyof typeof BOUNDS)[]) {
    const raw = input[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const n = key === 'vipShare' ? shareOf(raw) : toNumber(raw);
    const bound = BOUNDS[key];
    if (n === null) problems.push({ key, code: 'not_number' });
    else if (bound.whole && !Number.isInteger(n)) problems.push({ key, code: 'not_whole' });
    else if (n < bound.min) problems.push({ key, code: 'too_small', bound: bound.min });
    else if (n > bound.max) problems.push({ key, code: 'too_large', bound: bound.max });
    else result[key] = n;
  }
  const line = input.cpmSpendLine;
  if (line !== undefined && line !== null && line !== '') {
    const n = toNumber(line);
    if (n === null) problems.push({ key: 'cpmSpendLine', code: 'not_number' });
    else if (n <= 0) problems.push({ key: 'cpmSpendLine', code: 'too_small' });
    else result.cpmSpendLine = n;
  }
  if (problems.length === 0) {
    if (result.fanVisits <= result.repeatVisits)
      problems.push({ key: 'fanVisits', code: 'order', other: 'repeatVisits' });
    if (result.lapsedDays <= result.atRiskDays)
      problems.push({ key: 'lapsedDays', code: 'order', other: 'atRiskDays' });
    if (result.cpmLoyalTenureDays <= result.cpmTenureDays)
      problems.push({ key: 'cpmLoyalTenureDays', code: 'order', other: 'cpmTenureDays' });
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return result;
}
