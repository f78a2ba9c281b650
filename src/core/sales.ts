// From the rows of a sales sheet to customers, in the spirit of a transaction log summary: one
// pass over the rows turns each into a sale line (or a rejected, future or blank row), lines are
// grouped into visits, visits into customer aggregates, and the rules then label each customer.
//
// Every input row ends in exactly one of: used, rejected (with its sheet row number and reason),
// future (dated after as-of, ignored) or blank. Nothing is dropped silently.

import { cellText, customerKeyOf, emailOf, isBlankCell, parseAmountCell, parseDateCell } from './cells';
import { ColumnMapping } from './columns';
import { Day, DayOfDate } from './days';
import { Thresholds, DEFAULT_THRESHOLDS } from './settings';
import { Segment, Stage, Status, cpmSpendLine, segmentOf, stageOf, statusOf } from './stages';

export type RejectReason = 'date_missing' | 'date_unreadable' | 'amount_missing' | 'amount_unreadable' | 'customer_missing';

export interface RejectedRow {
  /** 1-based row number in the sheet. */
  rowNumber: number;
  reason: RejectReason;
  values: unknown[];
}

export interface RowCounts {
  /** Data rows below the header. */
  rows: number;
  used: number;
  rejected: number;
  /** Rows dated after as-of: ignored, not lost. */
  future: number;
  blank: number;
}

/** One customer as the Segments tab shows it. Money is in the sheet's currency. */
export interface Customer {
  /** Normalised identity (see customerKeyOf). */
  key: string;
  /** The first spelling seen in the sheet. */
  name: string;
  /** Email from the most recent row that has one ('' when none). */
  email: string;
  /** Purchases: distinct orders, or distinct days without an order column; amount > 0 only. */
  visits: number;
  /** Day of the customer's earliest used row: a visit, a ¥0 sample or a refund. */
  firstSeenDay: Day | null;
  firstDay: Day | null;
  lastDay: Day | null;
  /** as-of − last visit, in days (null without a visit). */
  daysSinceLast: number | null;
  /** last − first visit, in days (null without a visit). */
  tenureDays: number | null;
  /** Sum of all the customer's amounts: paid rows, refunds and ¥0 samples. */
  revenue: number;
  /** Sum of paid rows (amount > 0). */
  paidTotal: number;
  /** paidTotal / visits (null without a visit). */
  averageOrder: number | null;
  /** Among paid rows: most rows, then most revenue, then name. */
  topProduct: string;
  /** Distinct other customers whose referrer cell names this customer. */
  referrals: number;
  vip: boolean;
  stage: Stage;
  /** null for prospects. */
  status: Status | null;
  /** null for prospects. */
  segment: Segment | null;
}

/** Visits in flat arrays, sorted by customer then day; index ranges per customer. */
export interface Visits {
  count: number;
  customer: Int32Array;
  day: Int32Array;
  /** Sum of the visit's paid rows. */
  revenue: Float64Array;
  /** 1 for a customer's first visit, 2 for the second, … */
  ordinal: Int32Array;
  /** Visits of customer c are [start[c], start[c + 1]). */
  start: Int32Array;
}

export interface ReferralEdge {
  referrer: number;
  referred: number;
  /** Day of the first row naming the referrer. */
  day: Day;
}

export interface SalesAnalysis {
  asOf: Day;
  customers: Customer[];
  visits: Visits;
  referrals: ReferralEdge[];
  rejected: RejectedRow[];
  counts: RowCounts;
  /** All paid rows' amounts / all visits. */
  shopAverageOrder: number;
  /** The CPM spend line in force. */
  spendLine: number;
  thresholds: Thresholds;
  productNames: string[];
  /** Paid rows per (customer, product): the basis of top products. */
  productSales: ProductSales;
}

export interface ProductSales {
  customer: Int32Array;
  /** Index into productNames. */
  product: Int32Array;
  rows: Int32Array;
  revenue: Float64Array;
}

export interface SalesInput {
  /** Data rows only (below the header). */
  rows: unknown[][];
  /** Sheet row number of rows[0]. */
  firstRowNumber: number;
  mapping: ColumnMapping;
  asOf: Day;
  dayOf: DayOfDate;
  thresholds?: Thresholds;
}

interface OrderMemo {
  customer: number;
  day: Day;
  email: string;
}

/** Interns values so that each distinct date text or name is parsed once per run. */
function memo<K, V>(parse: (k: K) => V): (k: K) => V {
  const cache = new Map<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined && !cache.has(k)) {
      v = parse(k);
      cache.set(k, v);
    }
    return v as V;
  };
}

class GrowableInts {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class GrowableFloats {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export function analyzeSales(input: SalesInput): SalesAnalysis {
  const { rows, mapping, asOf, dayOf } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const col = {
    date: mapping.date ?? -1,
    customer: mapping.customer ?? -1,
    amount: mapping.amount ?? -1,
    orderId: mapping.orderId ?? -1,
    product: mapping.product ?? -1,
    email: mapping.email ?? -1,
    referrer: mapping.referrer ?? -1,
    family: mapping.familyName ?? -1,
    given: mapping.givenName ?? -1,
  };
  const usedColumns = Object.values(col).filter((c) => c >= 0);

  const counts: RowCounts = { rows: rows.length, used: 0, rejected: 0, future: 0, blank: 0 };
  const rejected: RejectedRow[] = [];
  const reject = (i: number, reason: RejectReason) => {
    counts.rejected++;
    rejected.push({ rowNumber: input.firstRowNumber + i, reason, values: rows[i].slice() });
  };

  const dateTextDay = memo((s: string) => parseDateCell(s, dayOf));
  const keyOfName = memo(customerKeyOf);
  const emailOfText = memo(emailOf);

  // Step 1 — customers, interned by key in first-seen order.
  const customerIndex = new Map<string, number>();
  const names: string[] = [];
  const keys: string[] = [];
  const emails: string[] = [];
  const emailDays: number[] = [];
  const firstSeen: number[] = [];
  const revenue: number[] = [];
  const paidTotal: number[] = [];
  const internCustomer = (key: string, name: string): number => {
    let c = customerIndex.get(key);
    if (c === undefined) {
      c = keys.length;
      customerIndex.set(key, c);
      keys.push(key);
      names.push(name);
      emails.push('');
      emailDays.push(-Infinity);
      firstSeen.push(Infinity);
      revenue.push(0);
      paidTotal.push(0);
    }
    return c;
  };

  // Step 2 — visits: one per order id, else one per customer and calendar day.
  const visitByKey = new Map<string | number, number>();
  const visitCustomer = new GrowableInts(rows.length >> 1);
  const visitDay = new GrowableInts(rows.length >> 1);
  const visitRevenue = new GrowableFloats(rows.length >> 1);
  const orders = new Map<string, OrderMemo>();

  // Paid product rows per (customer, product).
  const productIndex = new Map<string, number>();
  const productNames: string[] = [];
  const productStats = new Map<number, number>(); // key → slot
  const slotRows: number[] = [];
  const slotRevenue: number[] = [];
  const slotProduct: number[] = [];

  const referralCells: { referred: number; key: string; day: Day }[] = [];
  let allPaid = 0;

  // Step 3 — the one pass over the rows.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let blank = true;
    for (let k = 0; k < usedColumns.length; k++) {
      if (!isBlankCell(row[usedColumns[k]])) {
        blank = false;
        break;
      }
    }
    if (blank) {
      counts.blank++;
      continue;
    }

    const orderId = col.orderId >= 0 ? cellText(row[col.orderId]) : '';
    const order = orderId ? orders.get(orderId) : undefined;

    const dateCell = row[col.date];
    let day: Day | null;
    if (isBlankCell(dateCell)) {
      // A continuation line of an order (e.g. a Shopify line item) carries its date on the first line.
      if (!order) {
        reject(i, 'date_missing');
        continue;
      }
      day = order.day;
    } else {
      day = typeof dateCell === 'string' ? dateTextDay(dateCell) : parseDateCell(dateCell, dayOf);
      if (day === null) {
        reject(i, 'date_unreadable');
        continue;
      }
    }
    if (day > asOf) {
      counts.future++;
      continue;
    }

    const amountCell = row[col.amount];
    let amount: number | null;
    if (isBlankCell(amountCell)) {
      if (!order) {
        reject(i, 'amount_missing');
        continue;
      }
      amount = 0; // a further line of an order whose total stands on its first line
    } else {
      amount = parseAmountCell(amountCell);
      if (amount === null) {
        reject(i, 'amount_unreadable');
        continue;
      }
    }

    let nameText = col.customer >= 0 ? cellText(row[col.customer]) : '';
    if (!nameText && col.family >= 0) {
      nameText = [cellText(row[col.family]), cellText(row[col.given])].filter(Boolean).join(' ');
    }
    const email = col.email >= 0 ? emailOfText(cellText(row[col.email])) : '';
    let c: number;
    const key = nameText ? keyOfName(nameText) : '';
    if (key) c = internCustomer(key, nameText);
    else if (order) c = order.customer; // a later line of an order belongs to the order's customer
    else if (email) c = internCustomer(email, email);
    else {
      reject(i, 'customer_missing');
      continue;
    }
    counts.used++;
    if (day < firstSeen[c]) firstSeen[c] = day;
    if (email && day >= emailDays[c]) {
      emails[c] = email;
      emailDays[c] = day;
    }
    if (orderId && !order) orders.set(orderId, { customer: c, day, email });

    revenue[c] += amount;
    if (amount > 0) {
      paidTotal[c] += amount;
      allPaid += amount;
      const visitKey = orderId ? `${c}\u0000${orderId}` : c * 400_000 + (day + 100_000);
      let v = visitByKey.get(visitKey);
      if (v === undefined) {
        v = visitCustomer.length;
        visitByKey.set(visitKey, v);
        visitCustomer.push(c);
        visitDay.push(day);
        visitRevenue.push(0);
      } else if (day < visitDay.data[v]) {
        visitDay.data[v] = day;
      }
      visitRevenue.data[v] += amount;

      const productText = col.product >= 0 ? cellText(row[col.product]) : '';
      if (productText) {
        let p = productIndex.get(productText);
        if (p === undefined) {
          p = productNames.length;
          productIndex.set(productText, p);
          productNames.push(productText);
        }
        const statKey = c * 4_194_304 + p;
        let slot = productStats.get(statKey);
        if (slot === undefined) {
          slot = slotRows.length;
          productStats.set(statKey, slot);
          slotRows.push(0);
          slotRevenue.push(0);
          slotProduct.push(p);
        }
        slotRows[slot]++;
        slotRevenue[slot] += amount;
      }
    }

    if (col.referrer >= 0) {
      const referrerText = cellText(row[col.referrer]);
      if (referrerText) referralCells.push({ referred: c, key: keyOfName(referrerText), day });
    }
  }

  const customerCount = keys.length;

  // Step 4 — visits sorted by customer then day, with their ordinal.
  const visitCount = visitCustomer.length;
  const byCustomerDay = new Int32Array(visitCount);
  for (let v = 0; v < visitCount; v++) byCustomerDay[v] = v;
  byCustomerDay.sort((a, b) => visitCustomer.data[a] - visitCustomer.data[b] || visitDay.data[a] - visitDay.data[b] || a - b);
  const visits: Visits = {
    count: visitCount,
    customer: new Int32Array(visitCount),
    day: new Int32Array(visitCount),
    revenue: new Float64Array(visitCount),
    ordinal: new Int32Array(visitCount),
    start: new Int32Array(customerCount + 1),
  };
  for (let j = 0; j < visitCount; j++) {
    const v = byCustomerDay[j];
    const c = visitCustomer.data[v];
    visits.customer[j] = c;
    visits.day[j] = visitDay.data[v];
    visits.revenue[j] = visitRevenue.data[v];
    visits.ordinal[j] = j > 0 && visits.customer[j - 1] === c ? visits.ordinal[j - 1] + 1 : 1;
  }
  for (let c = 0, j = 0; c <= customerCount; c++) {
    while (j < visitCount && visits.customer[j] < c) j++;
    visits.start[c] = j;
  }

  // Step 5 — referrals: distinct other customers naming each customer, dated by the first mention.
  const referrals: ReferralEdge[] = [];
  const seenEdge = new Map<string, number>();
  for (const cell of referralCells) {
    const referrer = customerIndex.get(cell.key);
    if (referrer === undefined || referrer === cell.referred) continue;
    const edgeKey = `${referrer}:${cell.referred}`;
    const known = seenEdge.get(edgeKey);
    if (known === undefined) {
      seenEdge.set(edgeKey, referrals.length);
      referrals.push({ referrer, referred: cell.referred, day: cell.day });
    } else if (cell.day < referrals[known].day) {
      referrals[known].day = cell.day;
    }
  }
  const referralCount = new Int32Array(customerCount);
  for (const e of referrals) referralCount[e.referrer]++;

  // Step 6 — top product per customer.
  const topSlot = new Int32Array(customerCount).fill(-1);
  for (const [statKey, slot] of productStats) {
    const c = Math.floor(statKey / 4_194_304);
    const best = topSlot[c];
    if (best < 0) {
      topSlot[c] = slot;
      continue;
    }
    const better =
      slotRows[slot] !== slotRows[best]
        ? slotRows[slot] > slotRows[best]
        : slotRevenue[slot] !== slotRevenue[best]
          ? slotRevenue[slot] > slotRevenue[best]
          : productNames[slotProduct[slot]] < productNames[slotProduct[best]];
    if (better) topSlot[c] = slot;
  }

  // Step 7 — the shop's average order and the CPM line.
  const shopAverageOrder = visitCount > 0 ? allPaid / visitCount : 0;
  const spendLine = cpmSpendLine(shopAverageOrder, t);

  // Step 8 — customer records and their labels.
  const customers: Customer[] = new Array(customerCount);
  for (let c = 0; c < customerCount; c++) {
    const n = visits.start[c + 1] - visits.start[c];
    const first = n > 0 ? visits.day[visits.start[c]] : null;
    const last = n > 0 ? visits.day[visits.start[c + 1] - 1] : null;
    const since = last === null ? null : asOf - last;
    const tenure = first === null || last === null ? null : last - first;
    customers[c] = {
      key: keys[c],
      name: names[c],
      email: emails[c],
      visits: n,
      firstSeenDay: firstSeen[c],
      firstDay: first,
      lastDay: last,
      daysSinceLast: since,
      tenureDays: tenure,
      revenue: roundMoney(revenue[c]),
      paidTotal: roundMoney(paidTotal[c]),
      averageOrder: n > 0 ? roundMoney(paidTotal[c] / n) : null,
      topProduct: topSlot[c] >= 0 ? productNames[slotProduct[topSlot[c]]] : '',
      referrals: referralCount[c],
      vip: false,
      stage: stageOf(n, referralCount[c], t),
      status: since === null ? null : statusOf(since, t),
      segment: since === null || tenure === null ? null : segmentOf(n, tenure, revenue[c], since, spendLine, t),
    };
  }
  markVips(customers, t.vipShare);

  return {
    asOf,
    customers,
    visits,
    referrals,
    rejected,
    counts,
    shopAverageOrder,
    spendLine,
    thresholds: t,
    productNames,
    productSales: {
      customer: Int32Array.from(productStats.keys(), (k) => Math.floor(k / 4_194_304)),
      product: Int32Array.from(slotProduct),
      rows: Int32Array.from(slotRows),
      revenue: Float64Array.from(slotRevenue),
    },
  };
}

/** Sums of decimal amounts drift (0.1 + 0.2); money is shown to the cent. */
export function roundMoney(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * VIPs: the top share (rounded up) of customers with at least one visit, by revenue; ties are
 * broken by first appearance so that the count is exact.
 */
export function vipIndexes(customers: Customer[], share: number): number[] {
  const paying: number[] = [];
  for (let c = 0; c < customers.length; c++) if (customers[c].visits > 0) paying.push(c);
  paying.sort((a, b) => customers[b].revenue - customers[a].revenue || a - b);
  return paying.slice(0, Math.ceil(paying.length * share - 1e-9));
}

function markVips(customers: Customer[], share: number): void {
  for (const c of vipIndexes(customers, share)) customers[c].vip = true;
}
