// The Segments tab (one row per customer) and the Rejected rows tab (every row that could not be
// used, with its sheet row number and the reason).

import { isDate } from './cells';
import { Lang, classificationLabel, defineText } from './labels';
import { CustomerRhythm, NO_RHYTHM, rhythmOf } from './rhythm';
import { Customer, RejectReason, RejectedRow, SalesAnalysis } from './sales';
import { ColumnFormat, OutCell, OutTable, TableSource, dayCell } from './table';

const TEXT = defineText({
  ja: {
    customer: '顧客',
    email: 'メール',
    stage: 'ステージ',
    status: '状態',
    segment: 'CPM分類',
    suggestedContact: 'おすすめの連絡',
    visits: '来店回数',
    firstPurchase: '初回購入日',
    lastPurchase: '最終購入日',
    daysSinceLast: '最終購入からの日数',
    usualInterval: 'いつもの間隔（日）',
    expectedNext: '次回来店の目安',
    daysOverdue: '目安からの遅れ（日）',
    tenure: '初回から最終までの日数',
    revenue: '累計売上',
    averageOrder: '平均購入額',
    topProduct: 'よく買う商品',
    referrals: '紹介人数',
    vip: 'VIP',
    spellings: '名寄せした表記',
    rowNumber: '行番号',
    reason: '理由',
    values: '行の内容',
    date_missing: '日付が空です',
    date_unreadable: '日付を読み取れません',
    amount_missing: '金額が空です',
    amount_unreadable: '金額を読み取れません',
    amount_out_of_range: '金額が大きすぎます（1兆を超えています）',
    customer_missing: '顧客名もメールアドレスもありません',
    order_cancelled: 'キャンセルされた注文です（来店にも売上にも数えません）',
    order_voided: '取り消された注文です（来店にも売上にも数えません）',
    order_unpaid: '未入金の注文です（来店にも売上にも数えません）',
    order_refunded: '全額返金された注文です（来店にも売上にも数えません）',
    not_a_sale: '売上ではない取引です（入金・出金・ポイントなど）',
  },
  en: {
    customer: 'Customer',
    email: 'Email',
    stage: 'Stage',
    status: 'Status',
    segment: 'Segment',
    suggestedContact: 'Suggested contact',
    visits: 'Visits',
    firstPurchase: 'First purchase',
    lastPurchase: 'Last purchase',
    daysSinceLast: 'Days since last',
    usualInterval: 'Usual interval (days)',
    expectedNext: 'Expected next visit',
    daysOverdue: 'Days overdue',
    tenure: 'Tenure (days)',
    revenue: 'Revenue',
    averageOrder: 'Average order',
    topProduct: 'Top product',
    referrals: 'Referrals',
    vip: 'VIP',
    spellings: 'Merged spellings',
    rowNumber: 'Row',
    reason: 'Reason',
    values: 'Values',
    date_missing: 'The date is empty',
    date_unreadable: 'The date cannot be read',
    amount_missing: 'The amount is empty',
    amount_unreadable: 'The amount cannot be read',
    amount_out_of_range: 'The amount is too large (over 1 trillion)',
    customer_missing: 'Neither a customer nor an email',
    order_cancelled: 'A cancelled order (counted neither as a visit nor as revenue)',
    order_voided: 'A voided order (counted neither as a visit nor as revenue)',
    order_unpaid: 'An unpaid order (counted neither as a visit nor as revenue)',
    order_refunded: 'An order refunded in full (counted neither as a visit nor as revenue)',
    not_a_sale: 'Not a sale (cash in or out, points and the like)',
  },
});

export const rejectReasonLabel = (lang: Lang, reason: RejectReason) => TEXT(lang, reason);

const SEGMENT_COLUMNS = [
  'customer',
  'email',
  'stage',
  'status',
  'segment',
  'suggestedContact',
  'visits',
  'firstPurchase',
  'lastPurchase',
  'daysSinceLast',
  'usualInterval',
  'expectedNext',
  'daysOverdue',
  'tenure',
  'revenue',
  'averageOrder',
  'topProduct',
  'referrals',
  'vip',
  'spellings',
] as const;

const SEGMENT_FORMATS: ColumnFormat[] = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'integer',
  'date',
  'date',
  'integer',
  'integer',
  'date',
  'integer',
  'integer',
  'money',
  'money',
  'text',
  'integer',
  'text',
  'text',
];

export function segmentsHeader(lang: Lang): string[] {
  return SEGMENT_COLUMNS.map((c) => TEXT(lang, c));
}

/** The other spellings of merged customers (merges.ts), by the key they are counted under. */
export type Spellings = ReadonlyMap<string, ReadonlySet<string>>;

function spellingsCell(c: Customer, lang: Lang, spellings: Spellings | undefined): string {
  const names = spellings?.get(c.key);
  if (!names) return '';
  return [...names].filter((n) => n !== c.name).join(lang === 'ja' ? '、' : ', ');
}

/** Every Segments column of a customer (SEGMENT_COLUMNS' order), written into `into`, a buffer reused row after row. */
function customerRow(
  into: OutCell[],
  c: Customer,
  lang: Lang,
  rhythm: CustomerRhythm,
  contact: string,
  spellings?: Spellings,
): OutCell[] {
  into[0] = c.name;
  into[1] = c.email;
  into[2] = classificationLabel(lang, c.stage);
  into[3] = c.status ? classificationLabel(lang, c.status) : '';
  into[4] = c.segment ? classificationLabel(lang, c.segment) : '';
  into[5] = contact;
  into[6] = c.visits;
  into[7] = dayCell(c.firstDay);
  into[8] = dayCell(c.lastDay);
  into[9] = c.daysSinceLast;
  into[10] = rhythm.usualInterval;
  into[11] = dayCell(rhythm.expectedNext);
  into[12] = rhythm.daysOverdue;
  into[13] = c.tenureDays;
  into[14] = c.revenue;
  into[15] = c.averageOrder;
  into[16] = c.topProduct;
  into[17] = c.referrals;
  into[18] = c.vip ? 'VIP' : '';
  into[19] = spellingsCell(c, lang, spellings);
  return into;
}

/**
 * The shown columns of a row (indexes into SEGMENT_COLUMNS) as a new array: the one array a
 * Segments row makes, however many columns are left out.
 */
function pickerOf(shown: readonly number[]): (cells: readonly OutCell[]) => OutCell[] {
  return (cells) => {
    const out: OutCell[] = new Array<OutCell>(shown.length);
    for (let k = 0; k < shown.length; k++) out[k] = cells[shown[k]];
    return out;
  };
}

/** The follow-up due now per customer key, in the follow-ups' priority order, with its label. */
export type SuggestedContacts = readonly { customerKey: string; label: string }[];

/**
 * Customers in the order of work: those with a suggested contact first, in `suggested` order (the
 * follow-ups' priority order); then the rest in first-seen order, as the owner's own sheet lists them.
 */
export function segmentsTable(
  analysis: SalesAnalysis,
  lang: Lang,
  extra: Customer[] = [],
  suggested: SuggestedContacts = [],
): OutTable {
  const source = segmentsSource(analysis, lang, extra, suggested);
  return { rows: source.rows(0, source.count), formats: source.formats };
}

/** Row order (indexes into customers, then extra) and each row's suggested contact. */
function orderOfWork(customers: Customer[], suggested: SuggestedContacts) {
  const n = customers.length;
  // Only the suggested keys are indexed (the last customer of a key, as a full index would give):
  // far fewer than the customers.
  const index = new Map<string, number>();
  for (const s of suggested) index.set(s.customerKey, -1);
  // Stryker disable next-line ConditionalExpression: indexing every key answers the suggested keys the same (only more memory)
  for (let i = 0; i < n; i++) if (index.has(customers[i].key)) index.set(customers[i].key, i);
  const order = new Int32Array(n);
  const contact: string[] = new Array<string>(n).fill('');
  let k = 0;
  for (const s of suggested) {
    const i = index.get(s.customerKey) as number;
    if (i < 0 || contact[i]) continue;
    contact[i] = s.label;
    order[k++] = i;
  }
  // Stryker disable next-line EqualityOperator: one more round writes order[n], past the end of the Int32Array: ignored
  for (let i = 0; i < n; i++) if (!contact[i]) order[k++] = i;
  return { order, contact };
}

/** segmentsTable a part at a time: the analysis writes a large Segments tab this way. */
export function segmentsSource(
  analysis: SalesAnalysis,
  lang: Lang,
  extra: Customer[] = [],
  suggested: SuggestedContacts = [],
  spellings?: Spellings,
): TableSource {
  const customers = analysis.customers;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; copying the list with no extra gives the same customers
  const all = extra.length > 0 ? [...customers, ...extra] : customers;
  const rhythm = rhythmOf(analysis);
  const { order, contact } = orderOfWork(all, suggested);
  // Customers from the list alone are prospects: no rhythm.
  const shown = shownSegmentColumns(analysis, all, spellings);
  const pick = pickerOf(shown);
  const full: OutCell[] = new Array<OutCell>(SEGMENT_COLUMNS.length);
  const row = (i: number) =>
    pick(customerRow(full, all[i], lang, i < customers.length ? rhythm.of(i) : NO_RHYTHM, contact[i], spellings));
  const header = pick(segmentsHeader(lang));
  return {
    count: 1 + all.length,
    width: shown.length,
    formats: shown.map((k) => SEGMENT_FORMATS[k]),
    rows(from, to) {
      const rows: OutCell[][] = [];
      for (let r = from; r < to; r++) rows.push(r === 0 ? header : row(order[r - 1]));
      return rows;
    },
  };
}

/**
 * The Segments columns worth a place (indexes into SEGMENT_COLUMNS): a column that would be empty
 * for the whole shop (no email, product or referral in its sales, no merged customer) is left out.
 * A sheet near Google's ten million cells has no room for empty ones: a million sales rows of four
 * columns leave six million cells, and 338,000 customers × 20 columns would need 6.8 million.
 */
export function shownSegmentColumns(analysis: SalesAnalysis, all: Customer[], spellings?: Spellings): number[] {
  return shownColumnsOf({
    email: all.some((c) => c.email !== ''),
    topProduct: analysis.productNames.length > 0,
    referrals: analysis.referrals.length > 0,
    spellings: spellings !== undefined && spellings.size > 0,
  });
}

function shownColumnsOf(has: Partial<Record<(typeof SEGMENT_COLUMNS)[number], boolean>>): number[] {
  const shown: number[] = [];
  SEGMENT_COLUMNS.forEach((column, k) => {
    if (has[column] !== false) shown.push(k);
  });
  return shown;
}

/** Which of the optional Segments columns hold something for the shop (see shownSegmentColumns). */
export interface ShownColumns {
  email: boolean;
  topProduct: boolean;
  referrals: boolean;
}

/**
 * The Segments tab of customers counted elsewhere (the SQL engines, src/core/sql), a row at a
 * time: no suggested contact, no merged spellings; the optional columns as `has` says.
 */
export function customerRowsSource(has: ShownColumns, lang: Lang) {
  const shown = shownColumnsOf({ ...has, spellings: false });
  const pick = pickerOf(shown);
  const full: OutCell[] = new Array<OutCell>(SEGMENT_COLUMNS.length);
  return {
    header: pick(segmentsHeader(lang)),
    formats: shown.map((k) => SEGMENT_FORMATS[k]),
    row: (customer: Customer, rhythm: CustomerRhythm) => pick(customerRow(full, customer, lang, rhythm, '')),
  };
}

/** customerRowsSource over a list, in the order given. */
export function customerRowsTable(
  rows: readonly { customer: Customer; rhythm: CustomerRhythm }[],
  lang: Lang,
): OutTable {
  const source = customerRowsSource(
    {
      email: rows.some((r) => r.customer.email !== ''),
      topProduct: rows.some((r) => r.customer.topProduct !== ''),
      referrals: rows.some((r) => r.customer.referrals > 0),
    },
    lang,
  );
  return { rows: [source.header, ...rows.map((r) => source.row(r.customer, r.rhythm))], formats: source.formats };
}

export function rejectedTable(rejected: RejectedRow[], lang: Lang, headers: string[]): OutTable {
  // A loop, not Math.max(...rows): one argument per rejected row overflows the stack near 10^5 rows.
  let width = headers.length;
  // Stryker disable next-line EqualityOperator: taking an equal width again changes nothing
  for (const r of rejected) if (r.values.length > width) width = r.values.length;
  const header: OutCell[] = [TEXT(lang, 'rowNumber'), TEXT(lang, 'reason')];
  for (let i = 0; i < width; i++) header.push(headers[i] || `${TEXT(lang, 'values')} ${i + 1}`);
  const rows: OutCell[][] = [header];
  for (const r of rejected) {
    const row: OutCell[] = [r.rowNumber, rejectReasonLabel(lang, r.reason)];
    for (let i = 0; i < width; i++) row.push(toOutCell(r.values[i]));
    rows.push(row);
  }
  return { rows, formats: ['integer', 'text'] };
}

/** A value read from the owner's sheet, passed back unchanged in kind (text stays text). */
function toOutCell(value: unknown): OutCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isDate(value))
    return value;
  return String(value);
}
