// Each customer's own rhythm (docs/RULES.md §3a): how many days usually pass between their visits,
// when the next one is therefore expected, and how far past it they are. A weekly coffee-bean
// buyer and a twice-a-year gift buyer each get their own moment instead of one shop-wide rule.

import { Day } from './days';
import { SalesAnalysis } from './sales';

/** The Time-for-your-usual follow-up waits at least this many days past the expected visit. */
export const USUAL_MIN_OVERDUE_DAYS = 7;

/** Rounds half up to a whole number (3.5 → 4); medians of whole days end in .0 or .5 only. */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/** The median of whole numbers (mean of the middle two when even), rounded half up; null when empty. */
export function medianDays(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const mid = n >> 1;
  return roundHalfUp(n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

/**
 * The distinct days of visits `days[from, to)` (sorted by day, as SalesAnalysis keeps them):
 * two orders on one day are one visit day.
 */
export function visitDaysOf(days: ArrayLike<number>, from = 0, to = days.length): Day[] {
  const out: Day[] = [];
  // Stryker disable next-line ConditionalExpression: a guard for the reader; out[-1] is undefined, never a day, when out is empty
  for (let v = from; v < to; v++) if (out.length === 0 || days[v] !== out[out.length - 1]) out.push(days[v]);
  return out;
}

/** Median gap between consecutive visit days, rounded half up; null with fewer than two visit days. */
export function ownIntervalOf(visitDays: readonly Day[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < visitDays.length; i++) gaps.push(visitDays[i] - visitDays[i - 1]);
  return medianDays(gaps);
}

// The gaps of one customer, reused from call to call: the Segments tab and the follow-up plan ask
// for every customer's rhythm, and a fresh array per customer was most of the work.
let gapScratch = new Float64Array(64);

/**
 * The median gap between the distinct days of `days[from, to)` (sorted by day), rounded half up;
 * null with fewer than two distinct days. ownIntervalOf(visitDaysOf(days, from, to)), without the arrays.
 */
export function medianGapOf(days: ArrayLike<number>, from: number, to: number): number | null {
  let n = 0;
  for (let v = from + 1; v < to; v++) {
    const gap = days[v] - days[v - 1];
    if (gap === 0) continue;
    if (n === gapScratch.length) {
      const grown = new Float64Array(n * 2);
      grown.set(gapScratch);
      gapScratch = grown;
    }
    gapScratch[n++] = gap;
  }
  if (n === 0) return null;
  // Most customers have a handful of gaps: an insertion sort in place beats a typed array's sort call.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: either sort gives the same order; the choice is speed
  if (n <= SORT_IN_PLACE) insertionSort(gapScratch, n);
  else gapScratch.subarray(0, n).sort();
  const mid = n >> 1;
  return roundHalfUp(n % 2 === 1 ? gapScratch[mid] : (gapScratch[mid - 1] + gapScratch[mid]) / 2);
}

const SORT_IN_PLACE = 32;

function insertionSort(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    // values[-1] is undefined, which ends the loop as j >= 0 does; equal gaps may trade places; and
    // gaps sorted falling have the same median, all that is read.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as above
    for (; j >= 0 && values[j] > v; j--) values[j + 1] = values[j];
    values[j + 1] = v;
  }
}

/**
 * The shop's first-repeat gap: the median, over customers with two or more visit days, of the
 * days from their first visit day to their second, rounded half up; null when nobody came back.
 */
export function firstRepeatGapOf(a: SalesAnalysis): number | null {
  const { day, start } = a.visits;
  const gaps: number[] = [];
  // Stryker disable next-line EqualityOperator: one more round finds no visit (start[c + 1] is undefined past the last customer)
  for (let c = 0; c < a.customers.length; c++) {
    const first = day[start[c]];
    // The first later visit on another day (visits are in day order).
    for (let v = start[c] + 1; v < start[c + 1]; v++) {
      if (day[v] !== first) {
        gaps.push(day[v] - first);
        break;
      }
    }
  }
  return medianDays(gaps);
}

export interface CustomerRhythm {
  /** Days; the shop's first-repeat gap for a single visit day; null for prospects or when unknown. */
  usualInterval: number | null;
  /** Last visit day + usual interval. */
  expectedNext: Day | null;
  /** as-of − expected next visit when positive, else 0. */
  daysOverdue: number | null;
}

export interface Rhythm {
  firstRepeatGap: number | null;
  /** Per customer (the analysis' order). */
  of(c: number): CustomerRhythm;
}

export const NO_RHYTHM: Readonly<CustomerRhythm> = { usualInterval: null, expectedNext: null, daysOverdue: null };

/** The rhythm given a last visit day and a usual interval (either null: all blank). */
export function rhythmFrom(lastDay: Day | null, usualInterval: number | null, asOf: Day): CustomerRhythm {
  if (lastDay === null || usualInterval === null) return NO_RHYTHM;
  const expectedNext = lastDay + usualInterval;
  return { usualInterval, expectedNext, daysOverdue: Math.max(0, asOf - expectedNext) };
}

// One per analysis: the Segments tab, the follow-ups and their results all ask for it.
const CACHE = new WeakMap<SalesAnalysis, Rhythm>();

/** Every customer's rhythm at the analysis' as-of; worked out once per analysis, per customer on demand. */
export function rhythmOf(a: SalesAnalysis): Rhythm {
  const known = CACHE.get(a);
  if (known) return known;
  const firstRepeatGap = firstRepeatGapOf(a);
  const rhythm: Rhythm = {
    firstRepeatGap,
    of(c) {
      const { day, start } = a.visits;
      const from = start[c];
      const to = start[c + 1];
      if (from === to) return NO_RHYTHM;
      // One visit day: the shop's first-repeat gap stands in for the customer's own.
      return rhythmFrom(day[to - 1], medianGapOf(day, from, to) ?? firstRepeatGap, a.asOf);
    },
  };
  CACHE.set(a, rhythm);
  return rhythm;
}

/**
 * Days past the expected visit at which Time for your usual is due: max(7, half the usual
 * interval), in whole days (half of 15 is 7.5, reached on day 8).
 */
export function usualDueAfter(usualInterval: number): number {
  return Math.max(USUAL_MIN_OVERDUE_DAYS, Math.ceil(usualInterval / 2));
}
