// From the rows of a sales sheet to customers, in the spirit of a transaction log summary: one
// pass over the rows turns each into a sale line (or a rejected, future or blank row), lines are
// grouped into visits, visits into customer aggregates, and the rules then label each customer.
// A recognised shop export (export-profiles.ts) adds its order rules: an order's total counted
// once, its lines' own amounts, its status and refund, and its identity columns.
//
// Every input row ends in exactly one of: used (by a customer, or as an anonymous sale), rejected
// (with its sheet row number and reason: unreadable, or an order cancelled, voided, unpaid or
// refunded), future (dated after as-of, ignored) or blank. Nothing is dropped silently.

import {
  MAX_AMOUNT,
  cellText,
  customerKeyOf,
  emailOf,
  isBlankCell,
  isDate,
  parseAmountCell,
  parseDateCell,
} from './cells';
import { ColumnMapping } from './columns';
import { Day, DayOfDate } from './days';
import { ABSENT, CellIndex, PairIndex } from './hash-index';
import { OrderRules, OrderStatus, statusKey } from './order-rules';
import { Thresholds, DEFAULT_THRESHOLDS } from './settings';
import {
  SEGMENTS,
  STAGES,
  STATUSES,
  Segment,
  Stage,
  Status,
  cpmSpendLine,
  segmentCodeOf,
  stageCodeOf,
  statusCodeOf,
} from './stages';

export type RejectReason =
  | 'date_missing'
  | 'date_unreadable'
  | 'amount_missing'
  | 'amount_unreadable'
  | 'amount_out_of_range'
  | 'customer_missing'
  // An order a recognised export marks so (see export-profiles.ts): neither a visit nor revenue.
  | 'order_cancelled'
  | 'order_voided'
  | 'order_unpaid'
  | 'order_refunded'
  // Not a sale at all (a register's cash in/out, points): listed, never counted.
  | 'not_a_sale';

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
  readonly key: string;
  /** The first spelling seen in the sheet; in a recognised export, the most recent one. */
  readonly name: string;
  /** Email from the most recent row that has one ('' when none). */
  readonly email: string;
  /** Purchases: distinct orders, or distinct days without an order column; amount > 0 only. */
  readonly visits: number;
  /** Day of the customer's earliest used row: a visit, a ¥0 sample or a refund. */
  readonly firstSeenDay: Day | null;
  readonly firstDay: Day | null;
  readonly lastDay: Day | null;
  /** as-of − last visit, in days (null without a visit). */
  readonly daysSinceLast: number | null;
  /** last − first visit, in days (null without a visit). */
  readonly tenureDays: number | null;
  /** Sum of all the customer's amounts: paid rows, refunds and ¥0 samples. */
  readonly revenue: number;
  /** Sum of paid rows (amount > 0). */
  readonly paidTotal: number;
  /** paidTotal / visits (null without a visit). */
  readonly averageOrder: number | null;
  /** Among paid rows: most rows, then most revenue, then name. */
  readonly topProduct: string;
  /** Distinct other customers whose referrer cell names this customer. */
  readonly referrals: number;
  readonly vip: boolean;
  readonly stage: Stage;
  /** null for prospects. */
  readonly status: Status | null;
  /** null for prospects. */
  readonly segment: Segment | null;
}

/** Visits in flat arrays, sorted by customer then day; index ranges per customer. */
export interface Visits {
  count: number;
  day: Int32Array;
  /** Sum of the visit's paid rows. */
  revenue: Float64Array;
  /** Visits of customer c are [start[c], start[c + 1]): the first is start[c], a repeat any later one. */
  start: Int32Array;
}

export interface ReferralEdge {
  referrer: number;
  referred: number;
  /** Day of the first row naming the referrer. */
  day: Day;
}

/** Customers per stage, status and segment (prospects have neither of the last two). */
export interface LabelCounts {
  stage: Record<Stage, number>;
  status: Record<Status, number>;
  segment: Record<Segment, number>;
}

export interface SalesAnalysis {
  asOf: Day;
  customers: Customer[];
  /** Counted once here for the Summary, the History row and the sidebar's card. */
  labelCounts: LabelCounts;
  visits: Visits;
  referrals: ReferralEdge[];
  rejected: RejectedRow[];
  counts: RowCounts;
  /** Rows without customer, email or member code (a walk-in's payment): used, counted apart. */
  anonymous: AnonymousSales;
  /** The export recognised (export-profiles.ts) or 'generic'. */
  profile: string;
  /** Phone numbers as typed, by customer index (only customers with one, only with phone columns). */
  phones?: ReadonlyMap<number, readonly string[]>;
  /** All paid rows' amounts / all visits. */
  shopAverageOrder: number;
  /** The CPM spend line in force. */
  spendLine: number;
  thresholds: Thresholds;
  productNames: string[];
  /** Paid rows per (customer, product): the basis of top products. */
  productSales: ProductSales;
  /** Rows with amount < 0, in sheet order: with the visits, a customer's revenue on any earlier day. */
  refunds: Refund[];
}

export interface Refund {
  customer: number;
  day: Day;
  amount: number;
}

export interface AnonymousSales {
  rows: number;
  /** Distinct orders (each row without an order column) with a paid amount. */
  visits: number;
  /** Sum of their amounts, rounded to the cent. */
  revenue: number;
  /** The same per day (not rounded), for the Summary's periods. */
  byDay: Map<Day, { visits: number; revenue: number }>;
}

export interface ProductSales {
  customer: Int32Array;
  /** Index into productNames. */
  product: Int32Array;
  rows: Int32Array;
  revenue: Float64Array;
}

export interface SalesOptions {
  mapping: ColumnMapping;
  asOf: Day;
  dayOf: DayOfDate;
  thresholds?: Thresholds;
  /** A recognised export's rules for orders, statuses and identity (absent for a sheet kept by hand). */
  orders?: OrderRules;
  /** The export recognised (export-profiles.ts), 'generic' by default: carried to the Summary. */
  profile?: string;
  /** Rows the pass will probably see: sizes its arrays (they grow if it is wrong). */
  expectedRows?: number;
  /**
   * Customers the owner has confirmed as one (merges.ts): customer key → the key they are counted
   * under. Their rows count as that customer's, whose name is the most recent spelling.
   */
  aliases?: ReadonlyMap<string, string>;
  /** Phone columns: each customer's numbers are kept for the merge suggestions. */
  phoneColumns?: readonly number[];
  /** Told of every used row as the rules read it (the SQL engines' sales table is made of these). */
  onLine?: (line: SaleLine) => void;
}

/** A used row as the rules read it: what a sales table for the SQL queries holds (src/core/sql). */
export interface SaleLine {
  rowNumber: number;
  day: Day;
  /** Index into the analysis' customers; -1 for an anonymous sale. */
  customer: number;
  /** What the row counts for (0 on a later line of an order whose total stands on its first). */
  amount: number;
  orderId: string;
  product: string;
  /** What the line sold its product for. */
  lineAmount: number;
  /** The row's email ('' when none). */
  email: string;
  /** The key the referrer cell names ('' when none). */
  referrer: string;
}

export interface SalesInput extends SalesOptions {
  /** Data rows only (below the header). */
  rows: unknown[][];
  /** Sheet row number of rows[0]. */
  firstRowNumber: number;
}

/**
 * The one pass, fed in chunks: a sheet read in parts never has to be held whole. Rows must come
 * in sheet order; `finish` may be called once.
 */
export interface SalesPass {
  /**
   * Adds the data rows rows[from…] (from 0 by default: a header above them need not be cut off
   * by a copy); `firstRowNumber` is the sheet row number of rows[0].
   */
  add(rows: unknown[][], firstRowNumber: number, from?: number): void;
  finish(): SalesAnalysis;
}

interface OrderMemo {
  /** ANONYMOUS for an order without a customer. */
  customer: number;
  day: Day;
  /** The order's number in first-seen order: the key of its visits. */
  index: number;
  /** Why the order's rows are not used (cancelled …), or null. */
  excluded: RejectReason | null;
}

/** Remembers parse(k) for each distinct k (referrer names, email cells) within a run. */
function memo<K, V>(parse: (k: K) => V): (k: K) => V {
  const cache = new Map<K, V>();
  return (k) => {
    let v = cache.get(k);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a cache; the parsers are pure, so parsing again gives the same value
    if (v === undefined && !cache.has(k)) {
      v = parse(k);
      cache.set(k, v);
    }
    return v as V;
  };
}

/**
 * The first `length` entries of `a`: a view when at least half of `a` is used (a copy would cost
 * more outside memory than it frees), else a copy, so that the rest can be let go.
 */
function cutTo<A extends Int32Array | Float64Array>(a: A, length: number): A {
  return (length * 2 >= a.length ? a.subarray(0, length) : a.slice(0, length)) as A;
}

/** `a` in an array of twice its length (the tables below grow by doubling). */
function doubled<A extends Int32Array | Float64Array>(a: A): A {
  const next = new (a.constructor as new (length: number) => A)(a.length * 2);
  next.set(a);
  return next;
}

// The pass keeps its tables as columns of typed arrays that grow together: no object and no boxed
// number per entry, and each column is written at a site of its own type (one shared `push` for
// Int32Array and Float64Array would be polymorphic in the hottest loop). The large ones are sized
// from the rows expected, so that they do not grow: every typed array is memory outside the JS
// heap, and V8 answers more than about 64 MB of it with a full collection, which marks the whole
// sheet that was read (at a million rows, a third of a second).

const NO_DAY_MAX = 0x7fffffff;
const NO_DAY_MIN = -0x80000000;
/** byName entries for a name cell that gives no customer. */
const NAME_EMPTY = -1;
const NAME_WITHOUT_KEY = -2;

/** The paid rows (amount > 0) of a run, in sheet order: what visits are made of. */
class PaidRows {
  length = 0;
  customer: Int32Array;
  /** The row's order number, or -1 when it has no order id (the visit is then its calendar day); null without an order column. */
  order: Int32Array | null;
  day: Int32Array;
  amount: Float64Array;

  constructor(capacity: number, withOrders: boolean) {
    this.customer = new Int32Array(capacity);
    this.order = withOrders ? new Int32Array(capacity) : null;
    this.day = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
  }

  add(customer: number, order: number, day: Day, amount: number): void {
    const i = this.length++;
    if (i === this.day.length) {
      this.customer = doubled(this.customer);
      if (this.order) this.order = doubled(this.order);
      this.day = doubled(this.day);
      this.amount = doubled(this.amount);
    }
    this.customer[i] = customer;
    if (this.order) this.order[i] = order;
    this.day[i] = day;
    this.amount[i] = amount;
  }
}

/** Per customer, in first-seen order: what the pass adds up. */
class CustomerSums {
  length = 0;
  /** Day of the earliest used row. */
  firstSeen: Int32Array;
  /** All amounts: paid rows, refunds, ¥0 samples. */
  revenue: Float64Array;
  /** Paid rows only. */
  paidTotal: Float64Array;
  /** Day of the row the customer's email was taken from; null without an email column. */
  emailDay: Int32Array | null;
  /** Day of the row the customer's name was taken from; null when the first spelling stays. */
  nameDay: Int32Array | null;

  constructor(capacity: number, withEmails: boolean, withNameDays: boolean) {
    this.firstSeen = new Int32Array(capacity);
    this.revenue = new Float64Array(capacity);
    this.paidTotal = new Float64Array(capacity);
    this.emailDay = withEmails ? new Int32Array(capacity) : null;
    this.nameDay = withNameDays ? new Int32Array(capacity) : null;
  }

  add(): number {
    const c = this.length++;
    // Growing at every entry instead of when full keeps every entry (it only wastes memory)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as above
    if (c === this.firstSeen.length) {
      this.firstSeen = doubled(this.firstSeen);
      this.revenue = doubled(this.revenue);
      this.paidTotal = doubled(this.paidTotal);
      if (this.emailDay) this.emailDay = doubled(this.emailDay);
      if (this.nameDay) this.nameDay = doubled(this.nameDay);
    }
    this.firstSeen[c] = NO_DAY_MAX;
    if (this.emailDay) this.emailDay[c] = NO_DAY_MIN;
    if (this.nameDay) this.nameDay[c] = NO_DAY_MIN;
    return c;
  }
}

/** Paid rows per (customer, product), in first-seen order: the basis of top products. */
class ProductSlots {
  length = 0;
  customer = new Int32Array(16);
  product = new Int32Array(16);
  rows = new Int32Array(16);
  revenue = new Float64Array(16);

  add(customer: number, product: number): number {
    const slot = this.length++;
    // Growing at every entry instead of when full keeps every entry (it only wastes memory)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as above
    if (slot === this.rows.length) {
      this.customer = doubled(this.customer);
      this.product = doubled(this.product);
      this.rows = doubled(this.rows);
      this.revenue = doubled(this.revenue);
    }
    this.customer[slot] = customer;
    this.product[slot] = product;
    return slot;
  }
}

/** Sorts order[from, to) with a comparator, stably (for the rare customer with many rows). */
function sortLong(order: Int32Array, from: number, to: number, compare: (x: number, y: number) => number): void {
  order.set(Array.from(order.subarray(from, to)).sort(compare), from);
}

// A row's place among its customer's visits as one number (see sortRowsIntoVisits): rows without
// an order by day (an int32), then every order above them by its number.
const ORDER_RANK = 2 ** 31;
/** A run of ranks sorted as (rank − lowest) × POSITION + position, an exact integer below 2^53. */
const RANK_SPAN = 2 ** 29;
const POSITION = 2 ** 24;

/** Buffers of sortRowsIntoVisits for a customer's many rows, made when first needed. */
interface SortRoom {
  keys: Float64Array | null;
  rows: Int32Array | null;
}

/**
 * Sorts one customer's paid rows order[from, to), which come in sheet order, so that the rows of
 * a visit are adjacent and in sheet order: by order number (-1 for none; all -1 without an order
 * column), then day for rows without an order, then row. A customer's rows are often in that
 * order already (a sheet kept by date); many rows are sorted as numbers, by a native sort.
 */
function sortRowsIntoVisits(
  order: Int32Array,
  from: number,
  to: number,
  rowOrder: Int32Array | null,
  rowDay: Int32Array,
  room: SortRoom,
): void {
  // Orders in reverse still rank above every day and keep each order's rows together; visits are sorted by day after
  // Stryker disable next-line ArithmeticOperator: equivalent, as above
  const rank = (row: number) => (rowOrder === null || rowOrder[row] < 0 ? rowDay[row] : ORDER_RANK + rowOrder[row]);
  // Stryker disable next-line ArithmeticOperator: a start one row early puts that row back where it was (the insertion stops at from)
  let i = from + 1;
  // Finds rows already in order; when it stops early (or reads past to) the sorts below leave them as they are
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: equivalent, as above
  while (i < to && rank(order[i - 1]) <= rank(order[i])) i++;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut for rows already in order; sorting them changes nothing
  if (i >= to) return;
  const length = to - from;
  // Which sort runs is speed only; all three keep sheet order among equal ranks
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, as above
  if (length <= 32) {
    // Insertion sort from the first row out of place; stable, as rows come in sheet order.
    for (; i < to; i++) {
      const r = order[i];
      const key = rank(r);
      let j = i - 1;
      for (; j >= from && rank(order[j]) > key; j--) order[j + 1] = order[j];
      order[j + 1] = r;
    }
    return;
  }
  let lowest = Infinity;
  // Stryker disable next-line UnaryOperator: a highest of +Infinity sends every customer to the comparator, which sorts the same
  let highest = -Infinity;
  // One more row past to can only widen the span, sending the rows to the comparator, which sorts the same
  // Stryker disable next-line EqualityOperator: equivalent, as above
  for (let j = from; j < to; j++) {
    const key = rank(order[j]);
    // Stryker disable next-line EqualityOperator: taking an equal key again leaves the lowest the same
    if (key < lowest) lowest = key;
    // Stryker disable next-line EqualityOperator: taking an equal key again leaves the highest the same
    if (key > highest) highest = key;
  }
  // No customer has 2^24 rows (a sheet holds 10 million cells), no span is exactly 2^29 (days span under 4 million,
  // orders sit 2^31 above them), and the comparator sorts as the keys do
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, as above
  if (highest - lowest >= RANK_SPAN || length >= POSITION) {
    // Days centuries apart, or rows with and without an order: rare enough for a comparator.
    sortLong(order, from, to, (x, y) => rank(x) - rank(y) || x - y);
    return;
  }
  // Making the room anew, or when it is just large enough, changes only memory
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as above
  if (!room.keys || room.keys.length < length) {
    room.keys = new Float64Array(Math.max(length, 256));
    room.rows = new Int32Array(room.keys.length);
  }
  const keys = room.keys;
  const rows = room.rows as Int32Array;
  // Stryker disable next-line EqualityOperator: one more key lands past the part sorted, or past the room (ignored)
  for (let j = 0; j < length; j++) {
    const r = order[from + j];
    rows[j] = r;
    keys[j] = (rank(r) - lowest) * POSITION + j;
  }
  const sorted = keys.subarray(0, length).sort();
  for (let j = 0; j < length; j++) order[from + j] = rows[sorted[j] % POSITION];
}

/** Sorts a customer's visits order[0, k) by day, then first row. */
function sortVisitsByDay(order: Int32Array, k: number, day: Int32Array, first: Int32Array): void {
  // Stryker disable next-line BooleanLiteral: starting from unsorted only sorts visits already in order
  let sorted = true;
  // Reading past the k visits, or not at all, can only call them unsorted, and sorting sorted visits changes nothing
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,UpdateOperator: equivalent, as above
  for (let i = 1; i < k && sorted; i++)
    sorted =
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a stricter check only sorts visits already in order
      day[order[i - 1]] < day[order[i]] ||
      // A stricter check only sorts visits already in order; first rows are never equal
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as above
      (day[order[i - 1]] === day[order[i]] && first[order[i - 1]] < first[order[i]]);
  // Stryker disable next-line ConditionalExpression: a shortcut; sorting sorted visits changes nothing
  if (sorted) return;
  // Which sort runs is speed only; both order by day, then first row
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, as above
  if (k > 32) {
    sortLong(order, 0, k, (x, y) => day[x] - day[y] || first[x] - first[y]);
    return;
  }
  for (let i = 1; i < k; i++) {
    const v = order[i];
    let j = i - 1;
    for (; j >= 0; j--) {
      const u = order[j];
      if (day[u] < day[v] || (day[u] === day[v] && first[u] < first[v])) break;
      order[j + 1] = u;
    }
    order[j + 1] = v;
  }
}

/**
 * Visits from paid rows: one per order id, else one per customer and calendar day; dated by their
 * earliest row, worth the sum of their rows (added in sheet order), sorted by customer, then day,
 * then first row. Rows are grouped by a counting sort on the customer and a small sort per
 * customer, on flat arrays: no hash lookup per row.
 */
function buildVisits(paid: PaidRows, customerCount: number): Visits {
  const n = paid.length;
  const rowCustomer = paid.customer;
  const rowOrder = paid.order;
  const rowDay = paid.day;
  const rowAmount = paid.amount;

  // Rows by customer, in sheet order within a customer: start[c] counts customer c's rows, then
  // holds where they end, and filling backwards leaves it where they start.
  const start = new Int32Array(customerCount + 1);
  for (let r = 0; r < n; r++) start[rowCustomer[r]]++;
  let most = 0;
  // Stryker disable next-line EqualityOperator: one more round sets start[customerCount], which is set to n just below
  for (let c = 0, end = 0; c < customerCount; c++) {
    // Stryker disable next-line EqualityOperator: taking an equal count again leaves the most the same
    if (start[c] > most) most = start[c];
    end += start[c];
    start[c] = end;
  }
  start[customerCount] = n;
  const byCustomer = new Int32Array(n);
  for (let r = n - 1; r >= 0; r--) byCustomer[--start[rowCustomer[r]]] = r;

  // A customer's visits before sorting them: earliest day, revenue, first row.
  const vDay = new Int32Array(most);
  const vRevenue = new Float64Array(most);
  const vFirst = new Int32Array(most);
  const vOrder = new Int32Array(most);
  const room: SortRoom = { keys: null, rows: null };

  // The visits' days are written over byCustomer, and their starts over start: a customer's
  // visits are no more than its rows, so they land on rows already read.
  const day = byCustomer;
  const revenue = new Float64Array(n);
  let count = 0;
  // Stryker disable next-line EqualityOperator: one more round is an empty customer past the end (it reads nothing and adds no visit)
  for (let c = 0; c < customerCount; c++) {
    const from = start[c];
    const to = start[c + 1];
    start[c] = count;
    // A shortcut for one row; the path below makes the same single visit
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator,BlockStatement: equivalent, as above
    if (to - from === 1) {
      const r = byCustomer[from];
      day[count] = rowDay[r];
      revenue[count] = 0 + rowAmount[r];
      count++;
      continue;
    }
    sortRowsIntoVisits(byCustomer, from, to, rowOrder, rowDay, room);
    let k = 0;
    for (let i = from; i < to; i++) {
      const r = byCustomer[i];
      const q = i > from ? byCustomer[i - 1] : -1;
      // The row above in this order is of the same visit: the same order, or no order and the same day.
      const same =
        // Q is -1 only at the customer's first row, and row -1 (undefined in a typed array) equals no row
        // Stryker disable next-line ConditionalExpression: equivalent, as above
        q >= 0 &&
        (rowOrder === null
          ? rowDay[r] === rowDay[q]
          : rowOrder[r] === rowOrder[q] && (rowOrder[r] >= 0 || rowDay[r] === rowDay[q]));
      if (!same) {
        vDay[k] = rowDay[r];
        vRevenue[k] = 0;
        vFirst[k] = r;
        k++;
        // Stryker disable next-line EqualityOperator: an equal day written again changes nothing
      } else if (rowDay[r] < vDay[k - 1]) {
        vDay[k - 1] = rowDay[r];
      }
      vRevenue[k - 1] += rowAmount[r];
    }
    // Stryker disable next-line EqualityOperator: one more entry lies past the k visits sorted and read
    for (let j = 0; j < k; j++) vOrder[j] = j;
    sortVisitsByDay(vOrder, k, vDay, vFirst);
    for (let j = 0; j < k; j++) {
      const v = vOrder[j];
      day[count] = vDay[v];
      revenue[count] = vRevenue[v];
      count++;
    }
  }
  start[customerCount] = count;
  return { count, day: cutTo(day, count), revenue: cutTo(revenue, count), start };
}

/** What the pass leaves per customer, in flat arrays indexed by customer. */
interface CustomerColumns {
  asOf: Day;
  keys: string[];
  names: string[];
  emails: string[];
  visitStart: Int32Array;
  visitDay: Int32Array;
  firstSeen: Int32Array;
  /** Rounded to the cent. */
  revenue: Float64Array;
  /** Not rounded. */
  paidTotal: Float64Array;
  /** null when no paid row names a product. */
  topSlot: Int32Array | null;
  slotProduct: Int32Array;
  productNames: string[];
  /** null when nobody was referred. */
  referrals: Int32Array | null;
  vip: Uint8Array;
  /** Indexes into STAGES, STATUSES and SEGMENTS; -1 for none (a prospect's status and segment). */
  stage: Uint8Array;
  status: Int8Array;
  segment: Int8Array;
}

/** A Customer read from the columns on demand: read-only, like every record the engine returns. */
class CustomerView implements Customer {
  constructor(
    private readonly of: CustomerColumns,
    private readonly c: number,
  ) {}
  get key(): string {
    return this.of.keys[this.c];
  }
  get name(): string {
    return this.of.names[this.c];
  }
  get email(): string {
    return this.of.emails[this.c];
  }
  get visits(): number {
    return this.of.visitStart[this.c + 1] - this.of.visitStart[this.c];
  }
  get firstSeenDay(): Day | null {
    return this.of.firstSeen[this.c];
  }
  get firstDay(): Day | null {
    return this.visits > 0 ? this.of.visitDay[this.of.visitStart[this.c]] : null;
  }
  get lastDay(): Day | null {
    return this.visits > 0 ? this.of.visitDay[this.of.visitStart[this.c + 1] - 1] : null;
  }
  get daysSinceLast(): number | null {
    const last = this.lastDay;
    return last === null ? null : this.of.asOf - last;
  }
  get tenureDays(): number | null {
    const first = this.firstDay;
    const last = this.lastDay;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: the first and last days are null together (both need a visit)
    return first === null || last === null ? null : last - first;
  }
  get revenue(): number {
    return this.of.revenue[this.c];
  }
  get paidTotal(): number {
    return roundMoney(this.of.paidTotal[this.c]);
  }
  get averageOrder(): number | null {
    const n = this.visits;
    return n > 0 ? roundMoney(this.of.paidTotal[this.c] / n) : null;
  }
  get topProduct(): string {
    const slot = this.of.topSlot ? this.of.topSlot[this.c] : -1;
    return slot >= 0 ? this.of.productNames[this.of.slotProduct[slot]] : '';
  }
  get referrals(): number {
    return this.of.referrals ? this.of.referrals[this.c] : 0;
  }
  get vip(): boolean {
    return this.of.vip[this.c] === 1;
  }
  get stage(): Stage {
    return STAGES[this.of.stage[this.c]];
  }
  get status(): Status | null {
    const k = this.of.status[this.c];
    return k < 0 ? null : STATUSES[k];
  }
  get segment(): Segment | null {
    const k = this.of.segment[this.c];
    return k < 0 ? null : SEGMENTS[k];
  }

  /** The fields, not the columns behind them (which hold every customer). */
  toJSON(): Customer {
    const { key, name, email, visits, firstSeenDay, firstDay, lastDay, daysSinceLast, tenureDays, revenue, paidTotal } =
      this;
    const { averageOrder, topProduct, referrals, vip, stage, status, segment } = this;
    return {
      key,
      name,
      email,
      visits,
      firstSeenDay,
      firstDay,
      lastDay,
      daysSinceLast,
      tenureDays,
      revenue,
      paidTotal,
      averageOrder,
      topProduct,
      referrals,
      vip,
      stage,
      status,
      segment,
    };
  }
}

export function analyzeSales(input: SalesInput): SalesAnalysis {
  // Stryker disable next-line LogicalOperator: the rows expected only size the tables, which grow when it is wrong
  const pass = startSales({ ...input, expectedRows: input.expectedRows ?? input.rows.length });
  pass.add(input.rows, input.firstRowNumber);
  return pass.finish();
}

// ---------------------------------------------------------------------------------------------
// The pass, in phases: row intake (RowIntake: each row read once, into used, rejected, future or
// blank), order lines (OrderLines: paid rows and product lines), customer sums (CustomerBook),
// then, at the end, visits (buildVisits), referrals, top products and labels (finishSales).

/** The fields' columns; −1 for a field the sheet lacks. */
interface Columns {
  date: number;
  customer: number;
  amount: number;
  orderId: number;
  product: number;
  email: number;
  referrer: number;
  family: number;
  given: number;
}

function columnsOf(mapping: ColumnMapping): Columns {
  return {
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
}

const JAPANESE_TEXT = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

/**
 * A name from its parts as its language writes it: 姓 名 (山田 花子) when either part is Japanese,
 * else given name first (Jane Smith). A half-width space between, as shop systems print names.
 */
export function joinNameParts(family: string, given: string): string {
  if (!family || !given) return family || given;
  return JAPANESE_TEXT.test(family) || JAPANESE_TEXT.test(given) ? `${family} ${given}` : `${given} ${family}`;
}

/**
 * Customers, interned by key in first-seen order, and what the pass adds up for each. A name
 * cell is looked up as it is (byName); its key is worked out only the first time. Most keys are
 * the name cell itself (ids, names without spaces), so byKey only holds the others: a key is
 * found in byKey, or in byName under itself. Room is made for a customer per two rows (a log of
 * a third of a million customers over a million rows then never grows its tables).
 */
class CustomerBook {
  readonly byName: CellIndex;
  private readonly byKey = new CellIndex(16);
  readonly names: string[] = [];
  readonly keys: string[] = [];
  readonly emails: string[] = [];
  readonly sums: CustomerSums;
  /** The owner's merges (SalesOptions.aliases); null without any. */
  readonly aliases: ReadonlyMap<string, string> | null;

  constructor(
    expectedRows: number,
    withEmails: boolean,
    withNameDays: boolean,
    aliases: ReadonlyMap<string, string> | null,
  ) {
    this.byName = new CellIndex(expectedRows >> 1);
    this.sums = new CustomerSums(expectedRows >> 1, withEmails, withNameDays);
    this.aliases = aliases;
  }

  ofKey(key: string, notNamed = false): number {
    if (this.aliases !== null) key = this.aliases.get(key) ?? key;
    const c = this.byKey.get(key);
    if (c !== ABSENT || notNamed) return c === ABSENT ? -1 : c;
    const named = this.byName.get(key);
    return named >= 0 && this.keys[named] === key ? named : -1;
  }

  /** The customer of `key`, added if new; `cell` is the name cell it came from, if any (and just missed in byName). */
  intern(key: string, name: string, cell?: string | number): number {
    if (this.aliases !== null) key = this.aliases.get(key) ?? key;
    let c = this.ofKey(key, cell === key);
    if (c < 0) {
      c = this.keys.length;
      if (cell !== key) this.byKey.set(key, c);
      this.keys.push(key);
      this.names.push(name);
      this.emails.push('');
      this.sums.add();
    }
    return c;
  }

  /** The customer a name gives (added if new), NAME_EMPTY for '' or NAME_WITHOUT_KEY. */
  ofName(nameText: string, cell?: string | number): number {
    if (!nameText) return NAME_EMPTY;
    const key = customerKeyOf(nameText);
    return key ? this.intern(key, nameText, cell) : NAME_WITHOUT_KEY;
  }

  /** A used row of customer c on `day`: the first day seen, and the email of the most recent row that has one. */
  see(c: number, day: Day, email: string, amount: number): void {
    const sums = this.sums;
    // Stryker disable next-line EqualityOperator: `<=` keeps the same (equal) day
    if (day < sums.firstSeen[c]) sums.firstSeen[c] = day;
    if (email && sums.emailDay && day >= sums.emailDay[c]) {
      this.emails[c] = email;
      sums.emailDay[c] = day;
    }
    sums.revenue[c] += amount;
    // Stryker disable next-line EqualityOperator: `>= 0` adds 0
    if (amount > 0) sums.paidTotal[c] += amount;
  }

  /** The most recent spelling of the name (customers keyed by id or email): a later row's name wins. */
  rename(c: number, name: string, day: Day): void {
    const nameDay = this.sums.nameDay;
    if (nameDay && day >= nameDay[c]) {
      this.names[c] = name;
      nameDay[c] = day;
    }
  }
}

/** Paid rows (visits are made of them) and product lines (top products), in sheet order. */
class OrderLines {
  readonly paid: PaidRows;
  readonly productNames: string[] = [];
  private readonly productIndex = new Map<string, number>();
  private readonly slotOf: PairIndex;
  readonly slots = new ProductSlots();
  /** All paid rows' amounts, added in sheet order (parts add up as one pass over the whole sheet). */
  paidSum = 0;

  constructor(expectedRows: number, withOrders: boolean, withProducts: boolean) {
    this.paid = new PaidRows(expectedRows, withOrders);
    this.slotOf = new PairIndex(withProducts ? expectedRows >> 2 : 0);
  }

  /**
   * A used row of customer c: `amount` counts towards the visit (order = its number, or -1 for
   * none), `lineAmount` towards its product (a line of an order whose total stands elsewhere has
   * amount 0 but its own line amount).
   */
  add(c: number, order: number, day: Day, amount: number, product: string, lineAmount: number): void {
    if (amount > 0) {
      this.paidSum += amount;
      this.paid.add(c, order, day, amount);
    }
    if (product && lineAmount > 0) {
      let p = this.productIndex.get(product);
      if (p === undefined) {
        p = this.productNames.length;
        this.productIndex.set(product, p);
        this.productNames.push(product);
      }
      let slot = this.slotOf.get(c, p);
      if (slot < 0) {
        slot = this.slots.add(c, p);
        this.slotOf.add(c, p, slot);
      }
      this.slots.rows[slot]++;
      this.slots.revenue[slot] += lineAmount;
    }
  }
}

/** Where a row ends (RowCounts); a rejected row's reason is RowIntake.reason. */
const USED = 0;
const BLANK = 1;
const FUTURE = 2;
const REJECTED = 3;
type Outcome = typeof USED | typeof BLANK | typeof FUTURE | typeof REJECTED;

/** The customer of a row without customer, email or member code: an anonymous sale. */
const ANONYMOUS = -3;

const STATUS_REASON: Record<OrderStatus, RejectReason> = {
  cancelled: 'order_cancelled',
  voided: 'order_voided',
  unpaid: 'order_unpaid',
  refunded: 'order_refunded',
  not_sale: 'not_a_sale',
};

interface ReferralCell {
  referred: number;
  key: string;
  day: Day;
}

/**
 * Row intake: each row read once — blank, date, amount, the order's status, the customer — and
 * recorded in the customer sums and order lines. Each distinct cell value is read once per run:
 * a sales column repeats few dates, amounts and names. Date objects are new for every cell, so
 * they are read through dayOf, which caches by hour; the last instant read is kept, as dated
 * rows tend to come in order.
 */
class RowIntake {
  readonly counts: RowCounts = { rows: 0, used: 0, rejected: 0, future: 0, blank: 0 };
  readonly rejected: RejectedRow[] = [];
  readonly refunds: Refund[] = [];
  readonly anonymous: AnonymousSales = { rows: 0, visits: 0, revenue: 0, byDay: new Map() };
  readonly referralCells: ReferralCell[] = [];
  readonly book: CustomerBook;
  readonly lines: OrderLines;
  readonly keyOfName = memo(customerKeyOf);
  private readonly col: Columns;
  private readonly usedColumns: number[];
  /** The columns that could name a customer: all blank is an anonymous sale. */
  private readonly identityColumns: number[];
  private readonly rules: OrderRules | null;
  private readonly asOf: Day;
  private readonly dayOf: DayOfDate;
  private readonly orders = new Map<string, OrderMemo>();
  private readonly dateTextDay = new Map<string, Day | null>();
  private readonly amountTextValue = new Map<string, number | null>();
  private readonly emailOfText = memo((value: unknown) => emailOf(value));
  private readonly statusKeyOf = memo(statusKey);
  private lastMs = NaN;
  private lastDay: Day | null = null;
  // Line items, and logs sorted by customer, repeat the name of the row above.
  private lastNameCell: string | number | undefined;
  private lastNamed = NAME_EMPTY;
  /** Why the last row was rejected. */
  reason: RejectReason = 'date_missing';
  /** The keys merged customers are counted under (their name is the most recent spelling); null without merges. */
  private readonly merged: ReadonlySet<string> | null;
  private readonly phoneColumns: number[];
  /** Per customer, the phone numbers of their rows as typed (only with phone columns). */
  readonly phones = new Map<number, string[]>();
  /** The email of the row being read ('' when none). */
  // Stryker disable next-line StringLiteral: set by customerOfRow or identityOfRow before any read
  private email = '';
  private readonly onLine: ((line: SaleLine) => void) | null;
  /** The sheet row number of the row being read (for onLine). */
  private rowNumber = 0;

  constructor(options: SalesOptions, expectedRows: number) {
    this.col = columnsOf(options.mapping);
    this.rules = options.orders ?? null;
    const r = this.rules;
    // Stryker disable next-line MethodExpression: without the filter, column −1 reads undefined, a blank cell
    this.usedColumns = Object.values(this.col)
      .concat(r ? [r.memberId, r.lineAmount, r.linePrice, ...r.statuses.map((s) => s.column)] : [])
      // Stryker disable next-line ConditionalExpression: column −1 reads undefined, a blank cell
      .filter((c) => c >= 0);
    const col = this.col;
    // Stryker disable next-line MethodExpression,ConditionalExpression: column −1 reads undefined, a blank cell
    this.identityColumns = [col.customer, col.email, col.family, col.given, r ? r.memberId : -1].filter((c) => c >= 0);
    this.asOf = options.asOf;
    this.dayOf = options.dayOf;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty map of merges merges nobody either
    const aliases = options.aliases && options.aliases.size > 0 ? options.aliases : null;
    this.merged = aliases ? new Set(aliases.values()) : null;
    this.phoneColumns = (options.phoneColumns ?? []).filter((c) => c >= 0);
    this.onLine = options.onLine ?? null;
    // Stryker disable next-line ConditionalExpression: the arrays only make room; without emails or renames they stay unread
    this.book = new CustomerBook(expectedRows, this.col.email >= 0, r !== null || aliases !== null, aliases);
    // Stryker disable next-line ConditionalExpression: only sizes; without an order column every row's order is −1 (by day)
    this.lines = new OrderLines(expectedRows, this.col.orderId >= 0, this.col.product >= 0);
  }

  add(rows: unknown[][], firstRowNumber: number, from: number): void {
    const counts = this.counts;
    counts.rows += Math.max(0, rows.length - from);
    for (let i = from; i < rows.length; i++) {
      this.rowNumber = firstRowNumber + i;
      const outcome = this.take(rows[i]);
      if (outcome === USED) counts.used++;
      else if (outcome === BLANK) counts.blank++;
      else if (outcome === FUTURE) counts.future++;
      else {
        counts.rejected++;
        this.rejected.push({ rowNumber: firstRowNumber + i, reason: this.reason, values: rows[i].slice() });
      }
    }
  }

  /** One row, read and recorded; or why not. */
  private take(row: unknown[]): Outcome {
    if (this.isBlank(row)) return BLANK;
    const col = this.col;
    // Stryker disable next-line ConditionalExpression: row[-1] is undefined, a blank cell, like a missing column
    const orderId = col.orderId >= 0 ? cellText(row[col.orderId]) : '';
    const order = orderId ? this.orders.get(orderId) : undefined;
    const day = this.dayOfRow(row[col.date], order);
    if (day === null) return REJECTED;
    if (day > this.asOf) return FUTURE;
    if (order !== undefined && order.excluded !== null) return this.rejectAs(order.excluded);
    let amount = this.amountOfRow(row[col.amount], order);
    if (amount === null) return REJECTED;
    if (this.rules !== null && order === undefined) {
      amount = this.verdictOf(row, amount);
      if (amount === null) {
        // Stryker disable next-line UnaryOperator: an excluded order's index is never read
        if (orderId) this.orders.set(orderId, { customer: ANONYMOUS, day, index: -1, excluded: this.reason });
        return REJECTED;
      }
    }
    const c = this.rules === null ? this.customerOfRow(row, order) : this.identityOfRow(row, order, day);
    if (c === NAME_WITHOUT_KEY) return this.rejectAs('customer_missing');
    // Stryker disable next-line UnaryOperator: reassigned below whenever it is read (a row with an order id)
    let orderNumber = order !== undefined ? order.index : -1;
    if (orderId && order === undefined) {
      orderNumber = this.orders.size;
      this.orders.set(orderId, { customer: c, day, index: orderNumber, excluded: null });
    }
    if (c === ANONYMOUS) {
      this.addAnonymous(day, amount, amount > 0 && order === undefined);
      if (this.onLine !== null) this.tell(row, -1, day, amount, orderId, amount);
      return USED;
    }
    this.book.see(c, day, this.email, amount);
    if (amount < 0) this.refunds.push({ customer: c, day, amount });
    if (this.merged !== null && this.merged.has(this.book.keys[c])) this.renameMerged(row, c, day);
    // Stryker disable next-line ConditionalExpression: notePhones over no columns does nothing
    if (this.phoneColumns.length > 0) this.notePhones(row, c);
    // Stryker disable next-line ConditionalExpression: row[-1] is undefined, a blank cell, like a missing column
    const product = col.product >= 0 ? cellText(row[col.product]) : '';
    const lineAmount = this.rules === null || !product ? amount : this.lineAmountOf(row, amount);
    this.lines.add(c, orderId ? orderNumber : -1, day, amount, product, lineAmount);
    // Stryker disable next-line ConditionalExpression: row[-1] is undefined, a blank cell, like a missing column
    if (col.referrer >= 0) {
      const referrerText = cellText(row[col.referrer]);
      // Stryker disable next-line ConditionalExpression: the key of '' is '', which names no customer
      if (referrerText) this.referralCells.push({ referred: c, key: this.keyOfName(referrerText), day });
    }
    if (this.onLine !== null) this.tell(row, c, day, amount, orderId, lineAmount);
    return USED;
  }

  /** A used row, as onLine is told it. */
  private tell(row: unknown[], c: number, day: Day, amount: number, orderId: string, lineAmount: number): void {
    const col = this.col;
    const referrerText = col.referrer >= 0 ? cellText(row[col.referrer]) : '';
    (this.onLine as (line: SaleLine) => void)({
      rowNumber: this.rowNumber,
      day,
      customer: c,
      amount,
      orderId,
      product: col.product >= 0 ? cellText(row[col.product]) : '',
      lineAmount,
      email: this.email,
      referrer: referrerText ? this.keyOfName(referrerText) : '',
    });
  }

  /** A merged customer is shown by the most recent spelling among their rows. */
  private renameMerged(row: unknown[], c: number, day: Day): void {
    const name = this.nameOfRow(row);
    if (name) this.book.rename(c, name, day);
  }

  private notePhones(row: unknown[], c: number): void {
    for (const column of this.phoneColumns) {
      const phone = cellText(row[column]);
      if (!phone) continue;
      const known = this.phones.get(c);
      if (!known) this.phones.set(c, [phone]);
      else if (!known.includes(phone)) known.push(phone);
    }
  }

  /** A sale without a customer: counted apart, by day. */
  private addAnonymous(day: Day, amount: number, visit: boolean): void {
    const anonymous = this.anonymous;
    anonymous.rows++;
    anonymous.revenue += amount;
    let onDay = anonymous.byDay.get(day);
    if (onDay === undefined) {
      onDay = { visits: 0, revenue: 0 };
      anonymous.byDay.set(day, onDay);
    }
    onDay.revenue += amount;
    if (visit) {
      anonymous.visits++;
      onDay.visits++;
    }
  }

  private rejectAs(reason: RejectReason): Outcome {
    this.reason = reason;
    return REJECTED;
  }

  private isBlank(row: unknown[]): boolean {
    const used = this.usedColumns;
    for (let k = 0; k < used.length; k++) if (!isBlankCell(row[used[k]])) return false;
    return true;
  }

  /** The row's day; null (reason set) when it has none. A further line of an order may leave it blank. */
  private dayOfRow(dateCell: unknown, order: OrderMemo | undefined): Day | null {
    let day: Day | null;
    if (typeof dateCell === 'string' && dateCell.trim() !== '') {
      const known = this.dateTextDay.get(dateCell);
      if (known === undefined) {
        day = parseDateCell(dateCell, this.dayOf);
        this.dateTextDay.set(dateCell, day);
      } else {
        day = known;
      }
    } else if (isDate(dateCell)) {
      const ms = dateCell.getTime();
      // Stryker disable next-line ConditionalExpression: a cache of the last instant; dayOf gives the same day when asked again
      if (ms !== this.lastMs) {
        this.lastMs = ms;
        this.lastDay = ms === ms ? this.dayOf(dateCell) : null;
      }
      day = this.lastDay;
    } else if (isBlankCell(dateCell)) {
      // A continuation line of an order (e.g. a Shopify line item) carries its date on the first line.
      if (!order) {
        this.reason = 'date_missing';
        return null;
      }
      day = order.day;
    } else {
      day = parseDateCell(dateCell, this.dayOf);
    }
    if (day === null) this.reason = 'date_unreadable';
    return day;
  }

  /**
   * The row's amount; null (reason set) when it has none. A further line of an order may leave it
   * blank; when the column is the order's total, a further line's copy of it is not counted again.
   */
  private amountOfRow(amountCell: unknown, order: OrderMemo | undefined): number | null {
    if (order !== undefined && this.rules !== null && this.rules.orderTotal) return 0;
    let amount: number | null;
    if (typeof amountCell === 'number') {
      amount = amountCell === amountCell ? amountCell : null; // NaN; ±Infinity is out of range below
    } else if (isBlankCell(amountCell)) {
      if (!order) {
        this.reason = 'amount_missing';
        return null;
      }
      return 0; // a further line of an order whose total stands on its first line
    } else {
      amount = this.numberOf(amountCell);
    }
    if (amount === null) {
      this.reason = 'amount_unreadable';
      return null;
    }
    if (!(amount <= MAX_AMOUNT && amount >= -MAX_AMOUNT)) {
      this.reason = 'amount_out_of_range';
      return null;
    }
    return amount;
  }

  /** An amount cell's value, or null; texts are remembered (amounts repeat: prices). */
  private numberOf(cell: unknown): number | null {
    if (typeof cell !== 'string') return parseAmountCell(cell);
    const known = this.amountTextValue.get(cell);
    if (known !== undefined) return known;
    const amount = parseAmountCell(cell);
    // A column of all-different amounts stops being remembered.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache of a pure parse; remembering more, or none, reads the same
    if (this.amountTextValue.size < 100_000) this.amountTextValue.set(cell, amount);
    return amount;
  }

  /**
   * An order's first line under an export's rules: what it counts for once its refund is taken
   * off, or null (reason set) when the order is cancelled, voided, unpaid or refunded in full.
   */
  private verdictOf(row: unknown[], amount: number): number | null {
    const r = this.rules as OrderRules;
    for (const { column, meaning } of r.statuses) {
      const status = meaning.get(this.statusKeyOf(cellText(row[column])));
      if (status !== undefined) {
        this.reason = STATUS_REASON[status];
        return null;
      }
    }
    const refund = r.refund >= 0 && amount > 0 ? this.numberOf(row[r.refund]) : null;
    // Stryker disable next-line ConditionalExpression: a refund of 0 takes 0 off an amount above 0 (the only kind read); no full refund
    if (refund === null || refund === 0) return amount;
    // Exports print a refund as a positive or a negative amount.
    const refunded = Math.abs(refund);
    if (refunded >= amount) {
      this.reason = 'order_refunded';
      return null;
    }
    return amount - refunded;
  }

  /** What a line of an export sold its product for: its own amount, else price × quantity, else the row's amount. */
  private lineAmountOf(row: unknown[], amount: number): number {
    const r = this.rules as OrderRules;
    if (r.lineAmount >= 0) return this.numberOf(row[r.lineAmount]) ?? 0;
    if (r.linePrice < 0) return amount;
    const price = this.numberOf(row[r.linePrice]) ?? 0;
    const quantity = r.quantity >= 0 ? (this.numberOf(row[r.quantity]) ?? 1) : 1;
    return price * quantity;
  }

  /** The email of a row ('' when none or not an address). */
  private emailOfRow(row: unknown[]): string {
    if (this.col.email < 0) return '';
    const emailCell = row[this.col.email];
    if (isBlankCell(emailCell)) return '';
    return this.emailOfText(
      // emailOf reads any cell through cellText itself; passing texts and numbers as they are only lets the memo key them by value
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent, as above
      typeof emailCell === 'string' || typeof emailCell === 'number' ? emailCell : cellText(emailCell),
    );
  }

  /** True when the row has nothing that could name a customer: an anonymous sale. */
  private isAnonymous(row: unknown[]): boolean {
    for (const k of this.identityColumns) if (!isBlankCell(row[k])) return false;
    return true;
  }

  /**
   * A sheet kept by hand: its customer column is who the customer is (a name or an id), then name
   * parts, then the order's customer, then the email; ANONYMOUS without any; NAME_WITHOUT_KEY
   * when a cell is filled but names nobody.
   */
  private customerOfRow(row: unknown[], order: OrderMemo | undefined): number {
    const col = this.col;
    const book = this.book;
    let named = NAME_EMPTY;
    // Without a customer column row[-1] is undefined, as the last name cell is at the start: its customer stays NAME_EMPTY
    // Stryker disable next-line ConditionalExpression: equivalent, as above
    if (col.customer >= 0) {
      const nameCell = row[col.customer];
      // Stryker disable next-line ConditionalExpression: a shortcut for the name cell of the row above; the lookups below give the same
      if (nameCell === this.lastNameCell) {
        named = this.lastNamed;
      } else if (
        // Sending a text or number cell to book.ofName below instead finds the same customer (byName only remembers cells)
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, as above
        typeof nameCell === 'string' ||
        // Stryker disable next-line ConditionalExpression: equivalent, as above
        typeof nameCell === 'number'
      ) {
        const known = book.byName.get(nameCell);
        if (known === ABSENT) {
          named = book.ofName(cellText(nameCell), nameCell);
          book.byName.set(nameCell, named);
        } else {
          named = known;
        }
        this.lastNameCell = nameCell;
        this.lastNamed = named;
      } else {
        named = book.ofName(cellText(nameCell));
      }
    }
    if (named === NAME_EMPTY && col.family >= 0) {
      named = book.ofName(joinNameParts(cellText(row[col.family]), cellText(row[col.given])));
    }
    this.email = this.emailOfRow(row);
    if (named >= 0) return named;
    if (order) return order.customer; // a later line of an order belongs to the order's customer
    if (this.email) return book.intern(this.email, this.email);
    return named === NAME_EMPTY && this.isAnonymous(row) ? ANONYMOUS : NAME_WITHOUT_KEY;
  }

  /** The name on a row of an export: its name column, else its name parts ('' when none). */
  private nameOfRow(row: unknown[]): string {
    const col = this.col;
    const name = col.customer >= 0 ? cellText(row[col.customer]) : '';
    if (name || col.family < 0) return name;
    return joinNameParts(cellText(row[col.family]), cellText(row[col.given]));
  }

  /**
   * A recognised export: the order's customer for its further lines; else the customer id or
   * member code, then the email, then the name identifies the customer, and the name shown is
   * the most recent spelling.
   */
  private identityOfRow(row: unknown[], order: OrderMemo | undefined, day: Day): number {
    this.email = this.emailOfRow(row);
    if (order !== undefined) return order.customer;
    const r = this.rules as OrderRules;
    const id = r.memberId >= 0 ? cellText(row[r.memberId]) : '';
    const name = this.nameOfRow(row);
    const key = id ? this.keyOfName(id) : this.email || (name ? this.keyOfName(name) : '');
    if (!key) return this.isAnonymous(row) ? ANONYMOUS : NAME_WITHOUT_KEY;
    const c = this.book.intern(key, name || this.email || id);
    if (name) this.book.rename(c, name, day);
    return c;
  }
}

/** Referrals: distinct other customers naming each customer, dated by the first mention. */
function referralsOf(cells: ReferralCell[], book: CustomerBook): ReferralEdge[] {
  const referrals: ReferralEdge[] = [];
  const seenEdge = new Map<string, number>();
  for (const cell of cells) {
    const referrer = book.ofKey(cell.key);
    if (referrer < 0 || referrer === cell.referred) continue;
    const edgeKey = `${referrer}:${cell.referred}`;
    const known = seenEdge.get(edgeKey);
    if (known === undefined) {
      seenEdge.set(edgeKey, referrals.length);
      referrals.push({ referrer, referred: cell.referred, day: cell.day });
      // Stryker disable next-line EqualityOperator: `<=` keeps the same (equal) day
    } else if (cell.day < referrals[known].day) {
      referrals[known].day = cell.day;
    }
  }
  return referrals;
}

/** Each customer's top product slot (most rows, then most revenue, then name); null without products. */
function topSlotsOf(lines: OrderLines, customerCount: number): Int32Array | null {
  const { slots, productNames } = lines;
  // Stryker disable next-line ConditionalExpression: without slots every customer's top slot stays −1, which reads as no product too
  if (slots.length === 0) return null;
  const topSlot = new Int32Array(customerCount).fill(-1);
  const { rows, revenue } = slots;
  for (let slot = 0; slot < slots.length; slot++) {
    const c = slots.customer[slot];
    const best = topSlot[c];
    if (best < 0) {
      topSlot[c] = slot;
      continue;
    }
    const better =
      rows[slot] !== rows[best]
        ? // Stryker disable next-line EqualityOperator: the rows differ here, so `>=` is `>`
          rows[slot] > rows[best]
        : revenue[slot] !== revenue[best]
          ? // Stryker disable next-line EqualityOperator: the revenues differ here, so `>=` is `>`
            revenue[slot] > revenue[best]
          : // Stryker disable next-line EqualityOperator: a customer's slots are of distinct products, whose names never tie
            productNames[slots.product[slot]] < productNames[slots.product[best]];
    if (better) topSlot[c] = slot;
  }
  return topSlot;
}

/** Stage, status and segment codes per customer, on flat arrays. */
interface Labels {
  stage: Uint8Array;
  status: Int8Array;
  segment: Int8Array;
}

/**
 * Labels on flat arrays. Revenue is rounded to the cent in place, once the segment has read it
 * as it was summed.
 */
function labelCustomers(
  visits: Visits,
  revenue: Float64Array,
  referralCount: Int32Array | null,
  spendLine: number,
  asOf: Day,
  t: Thresholds,
): Labels {
  const customerCount = revenue.length;
  const start = visits.start;
  const stage = new Uint8Array(customerCount);
  const status = new Int8Array(customerCount).fill(-1);
  const segment = new Int8Array(customerCount).fill(-1);
  // Stryker disable next-line EqualityOperator: one step past the end reads and writes outside the arrays, which typed arrays ignore
  for (let c = 0; c < customerCount; c++) {
    const n = start[c + 1] - start[c];
    stage[c] = stageCodeOf(n, referralCount ? referralCount[c] : 0, t);
    if (n > 0) {
      const since = asOf - visits.day[start[c + 1] - 1];
      status[c] = statusCodeOf(since, t);
      segment[c] = segmentCodeOf(
        n,
        visits.day[start[c + 1] - 1] - visits.day[start[c]],
        revenue[c],
        since,
        spendLine,
        t,
      );
    }
    revenue[c] = roundMoney(revenue[c]);
  }
  return { stage, status, segment };
}

/**
 * The end of the pass: visits, referrals, top products, the shop's average order and the CPM
 * line, then labels. Each Customer is a small view over the flat arrays, so that a third of a
 * million customers cost a third of a million two-field objects.
 */
function finishSales(intake: RowIntake, options: SalesOptions): SalesAnalysis {
  const { asOf } = options;
  const t = options.thresholds ?? DEFAULT_THRESHOLDS;
  const { book, lines } = intake;
  const customerCount = book.keys.length;
  const visits = buildVisits(lines.paid, customerCount);
  const referrals = referralsOf(intake.referralCells, book);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: counts of zeros read as no referrals too
  const referralCount = referrals.length > 0 ? new Int32Array(customerCount) : null;
  for (const e of referrals) (referralCount as Int32Array)[e.referrer]++;
  const topSlot = topSlotsOf(lines, customerCount);
  const shopAverageOrder = visits.count > 0 ? lines.paidSum / visits.count : 0;
  const spendLine = cpmSpendLine(shopAverageOrder, t);
  const revenue = cutTo(book.sums.revenue, customerCount);
  const labels = labelCustomers(visits, revenue, referralCount, spendLine, asOf, t);
  const { slots, productNames } = lines;
  const columns: CustomerColumns = {
    asOf,
    keys: book.keys,
    names: book.names,
    emails: book.emails,
    visitStart: visits.start,
    visitDay: visits.day,
    firstSeen: cutTo(book.sums.firstSeen, customerCount),
    revenue,
    paidTotal: cutTo(book.sums.paidTotal, customerCount),
    topSlot,
    slotProduct: slots.product,
    productNames,
    referrals: referralCount,
    vip: vipFlags(revenue, visits.start, t.vipShare),
    ...labels,
  };
  // Stryker disable next-line ArrayDeclaration: the loop below fills every index in order, so a sized array is only a speed-up
  const customers: Customer[] = new Array(customerCount);
  for (let c = 0; c < customerCount; c++) customers[c] = new CustomerView(columns, c);
  const { anonymous } = intake;
  return {
    asOf,
    customers,
    labelCounts: {
      stage: tally(STAGES, labels.stage),
      status: tally(STATUSES, labels.status),
      segment: tally(SEGMENTS, labels.segment),
    },
    visits,
    referrals,
    rejected: intake.rejected,
    counts: intake.counts,
    anonymous: { ...anonymous, revenue: roundMoney(anonymous.revenue) },
    profile: options.profile ?? 'generic',
    phones: intake.phones,
    shopAverageOrder,
    spendLine,
    thresholds: t,
    productNames,
    refunds: intake.refunds,
    productSales: {
      customer: slots.customer.slice(0, slots.length),
      product: slots.product.slice(0, slots.length),
      rows: slots.rows.slice(0, slots.length),
      revenue: slots.revenue.slice(0, slots.length),
    },
  };
}

export function startSales(options: SalesOptions): SalesPass {
  const intake = new RowIntake(options, Math.max(16, options.expectedRows ?? 0));
  let finished = false;
  return {
    add(rows, firstRowNumber, from = 0) {
      if (finished) throw new Error('startSales: rows added after finish()');
      intake.add(rows, firstRowNumber, from);
    },
    finish() {
      if (finished) throw new Error('startSales: finish() called twice');
      finished = true;
      return finishSales(intake, options);
    },
  };
}

/** How many customers carry each label, from their codes (-1 for none). */
function tally<K extends string>(labels: readonly K[], codes: Uint8Array | Int8Array): Record<K, number> {
  const counts = new Int32Array(labels.length);
  for (let c = 0; c < codes.length; c++) if (codes[c] >= 0) counts[codes[c]]++;
  return Object.fromEntries(labels.map((label, i) => [label, counts[i]])) as Record<K, number>;
}

/** Sums of decimal amounts drift (0.1 + 0.2); money is shown to the cent. */
export function roundMoney(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * VIPs: the top share (rounded up) of customers with at least one visit, by revenue; ties are
 * broken by first appearance so that the count is exact. In rank order.
 */
export function vipIndexes(customers: Customer[], share: number): number[] {
  const revenues = Float64Array.from(customers, (c) => c.revenue);
  const start = new Int32Array(customers.length + 1);
  for (let c = 0; c < customers.length; c++) start[c + 1] = start[c] + customers[c].visits;
  const flags = vipFlags(revenues, start, share);
  const out: number[] = [];
  // Stryker disable next-line EqualityOperator: flags[customers.length] is undefined: nothing pushed
  for (let c = 0; c < customers.length; c++) if (flags[c]) out.push(c);
  // Stryker disable next-line ArithmeticOperator: `out` is in index order and sort is stable, so the tie-break never reorders
  return out.sort((a, b) => revenues[b] - revenues[a] || a - b);
}

/**
 * vipIndexes as a flag per customer, without sorting the customers: the k-th largest revenue is
 * selected (no sort needed), then all above it are VIPs and the first ones equal to it.
 * Customer c has a visit when start[c + 1] > start[c].
 */
function vipFlags(revenue: Float64Array, start: Int32Array, share: number): Uint8Array {
  const count = revenue.length;
  const flags = new Uint8Array(count);
  let paying = 0;
  for (let c = 0; c < count; c++) if (start[c + 1] > start[c]) paying++;
  const k = Math.min(paying, Math.ceil(paying * share - 1e-9));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at k = 0 the line is a[paying], undefined: nothing is flagged
  if (k <= 0) return flags;
  const paid = new Float64Array(paying);
  for (let c = 0, i = 0; c < count; c++) if (start[c + 1] > start[c]) paid[i++] = revenue[c];
  const threshold = selectNth(paid, paying - k);
  let above = 0;
  for (let i = 0; i < paying; i++) if (paid[i] > threshold) above++;
  let ties = k - above;
  // Stryker disable next-line EqualityOperator: revenue[count] is undefined, so nothing more is flagged
  for (let c = 0; c < count; c++) {
    if (start[c + 1] === start[c]) continue;
    if (revenue[c] > threshold) flags[c] = 1;
    else if (ties > 0 && revenue[c] === threshold) {
      flags[c] = 1;
      ties--;
    }
  }
  return flags;
}

/**
 * The value that would stand at index n if `a` were sorted ascending (Hoare's selection, which
 * reorders `a`): expected linear time, and equal values split evenly between the two sides.
 */
export function selectNth(a: Float64Array, n: number): number {
  let lo = 0;
  let hi = a.length - 1;
  // Stryker disable next-line EqualityOperator: at lo = hi a round leaves j < n < i and returns a[n], as the end of the loop does
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j+1..i-1] equal the pivot.
    if (n <= j) hi = j;
    // Stryker disable next-line ConditionalExpression: for j < n < i, a[n] is the pivot and later rounds only touch a[i..hi]
    else if (n >= i) lo = i;
    else return a[n];
  }
  return a[n];
}
