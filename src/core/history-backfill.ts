// History from day one: one row per month from the month of the first sale up to the analysis's
// as-of month, each month's counts as of its last day and its own figures (revenue of first and
// later visits, customers with a visit, first-time buyers) (the last month as of as-of), with the rules
// in force. Worked out from one SalesAnalysis, without reading the sales again: a customer's
// stage, status and segment on an earlier day follow from their visits, refunds and referrals
// dated up to that day, and the CPM spend line from the shop's visits up to it. One pass over the
// customers and their visits, one step per customer and month: a 1M-row log over two years costs
// about as much as one more pass over its visits.

import { Day, monthKey } from './days';
import { HISTORY_KEYS, HistoryKey, HistoryRow } from './metrics';
import { monthEnd, monthsBetween } from './report-month';
import { SalesAnalysis, roundMoney } from './sales';
import { SEGMENTS, STAGES, STATUSES, cpmSpendLine, segmentCodeOf, stageCodeOf, statusCodeOf } from './stages';

/** Days of events per customer, sorted, in flat arrays: events of c are [start[c], start[c + 1]). */
interface Grouped {
  start: Int32Array;
  day: Int32Array;
  value: Float64Array;
}

function groupByCustomer(customerCount: number, items: { customer: number; day: Day; value: number }[]): Grouped {
  const start = new Int32Array(customerCount + 1);
  for (const e of items) start[e.customer + 1]++;
  // Stryker disable next-line EqualityOperator: one more round writes past the end of the Int32Array: ignored
  for (let c = 0; c < customerCount; c++) start[c + 1] += start[c];
  const next = start.slice(0, customerCount);
  const order = new Int32Array(items.length);
  items.forEach((e, i) => (order[next[e.customer]++] = i));
  const day = new Int32Array(items.length);
  const value = new Float64Array(items.length);
  for (let k = 0; k < items.length; k++) {
    day[k] = items[order[k]].day;
    value[k] = items[order[k]].value;
  }
  // Refunds and referrals are few and mostly in day order already: sort the rare customer with several.
  // Stryker disable next-line EqualityOperator: one more round reads undefined; undefined - n > 1 is false
  for (let c = 0; c < customerCount; c++)
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: sorting 0 or 1 event does nothing
    if (start[c + 1] - start[c] > 1) sortByDay(day, value, start[c], start[c + 1]);
  return { start, day, value };
}

/** Insertion sort of [from, to) by day, value moving along. */
function sortByDay(day: Int32Array, value: Float64Array, from: number, to: number): void {
  // Stryker disable next-line ArithmeticOperator: starting at from - 1 moves nothing (j stops at from)
  for (let i = from + 1; i < to; i++) {
    const d = day[i];
    const v = value[i];
    let j = i - 1;
    for (; j >= from && day[j] > d; j--) {
      day[j + 1] = day[j];
      value[j + 1] = value[j];
    }
    day[j + 1] = d;
    value[j + 1] = v;
  }
}

/** Index of the month whose end is the first ≥ day (ends ascending; day ≤ the last end). */
function monthIndexOf(ends: Day[], day: Day): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] >= day) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The CPM spend line as of each month end: the shop's average order over the visits up to it. */
function spendLines(a: SalesAnalysis, ends: Day[]): number[] {
  const paid = new Float64Array(ends.length);
  const count = new Int32Array(ends.length);
  const { visits } = a;
  for (let v = 0; v < visits.count; v++) {
    const j = monthIndexOf(ends, visits.day[v]);
    paid[j] += visits.revenue[v];
    count[j]++;
  }
  let paidSoFar = 0;
  let countSoFar = 0;
  return ends.map((_, j) => {
    paidSoFar += paid[j];
    countSoFar += count[j];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: no visit yet: no customer to compare with the line
    return cpmSpendLine(countSoFar > 0 ? paidSoFar / countSoFar : 0, a.thresholds);
  });
}

/** Customers per stage, status and segment as of each month end (codes into STAGES, STATUSES, SEGMENTS). */
function tallies(a: SalesAnalysis, ends: Day[]) {
  const n = a.customers.length;
  const figures = ends.map(() => ({ revenue_new: 0, revenue_repeat: 0, visitors: 0, first_buyers: 0 }));
  const stage = ends.map(() => new Int32Array(STAGES.length));
  const status = ends.map(() => new Int32Array(STATUSES.length));
  const segment = ends.map(() => new Int32Array(SEGMENTS.length));
  const lines = spendLines(a, ends);
  const refunds = groupByCustomer(
    n,
    a.refunds.map((r) => ({ customer: r.customer, day: r.day, value: r.amount })),
  );
  const referrals = groupByCustomer(
    n,
    a.referrals.map((e) => ({ customer: e.referrer, day: e.day, value: 1 })),
  );
  const { visits, thresholds: t } = a;
  for (let c = 0; c < n; c++) {
    const firstSeen = a.customers[c].firstSeenDay;
    // Stryker disable next-line ConditionalExpression: for the type; first-seen days live in an Int32Array
    if (firstSeen === null) continue;
    let v = visits.start[c];
    let r = refunds.start[c];
    let k = referrals.start[c];
    let revenue = 0;
    for (let j = monthIndexOf(ends, firstSeen); j < ends.length; j++) {
      const end = ends[j];
      const f = figures[j];
      if (v < visits.start[c + 1] && visits.day[v] <= end) f.visitors++;
      for (; v < visits.start[c + 1] && visits.day[v] <= end; v++) {
        revenue += visits.revenue[v];
        if (v === visits.start[c]) {
          f.revenue_new += visits.revenue[v];
          f.first_buyers++;
        } else f.revenue_repeat += visits.revenue[v];
      }
      for (; r < refunds.start[c + 1] && refunds.day[r] <= end; r++) revenue += refunds.value[r];
      for (; k < referrals.start[c + 1] && referrals.day[k] <= end; k++);
      const count = v - visits.start[c];
      stage[j][stageCodeOf(count, k - referrals.start[c], t)]++;
      if (count === 0) continue;
      const last = visits.day[v - 1];
      const since = end - last;
      status[j][statusCodeOf(since, t)]++;
      segment[j][segmentCodeOf(count, last - visits.day[visits.start[c]], revenue, since, lines[j], t)]++;
    }
  }
  return { stage, status, segment, figures };
}

/**
 * One History row per month from the month of the earliest row (a visit, a ¥0 sample or a
 * refund) to the month of a.asOf, each as of min(month end, a.asOf); none without a customer.
 */
export function monthlyHistory(a: SalesAnalysis): HistoryRow[] {
  let first = Infinity;
  // Indexed: run once per analysis, a for…of would make an iterator result per customer.
  for (let c = 0; c < a.customers.length; c++) {
    const seen = a.customers[c].firstSeenDay;
    if (seen !== null) first = Math.min(first, seen);
  }
  if (first === Infinity) return [];
  const starts = monthsBetween(first, a.asOf);
  const ends = starts.map((s) => Math.min(monthEnd(s), a.asOf));
  const t = tallies(a, ends);
  return starts.map((s, j) => {
    const counts: Partial<Record<HistoryKey, number>> = {};
    STAGES.forEach((key, i) => (counts[key] = t.stage[j][i]));
    STATUSES.forEach((key, i) => (counts[key] = t.status[j][i]));
    SEGMENTS.forEach((key, i) => (counts[key] = t.segment[j][i]));
    const f = t.figures[j];
    Object.assign(counts, f, { revenue_new: roundMoney(f.revenue_new), revenue_repeat: roundMoney(f.revenue_repeat) });
    return { month: monthKey(s), counts: orderedCounts(counts) };
  });
}

/** Counts in HISTORY_KEYS order, so a row compares equal to historyRow's. */
function orderedCounts(counts: Partial<Record<HistoryKey, number>>): Partial<Record<HistoryKey, number>> {
  const out: Partial<Record<HistoryKey, number>> = {};
  for (const k of HISTORY_KEYS) out[k] = counts[k] ?? 0;
  return out;
}
