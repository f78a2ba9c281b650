// The exports owners paste from their shop systems, as data: how each is recognised (its header
// signature), which header holds which field, and what its orders mean — where an order's total
// stands, what a line sold for, which status values mean cancelled, voided, unpaid or refunded,
// how much was refunded, and which column is a customer id or member code. Where each header
// comes from (vendor help pages, public importers), and where no public header exists, is in
// test/fixtures/exports/README.md. A layout not listed here is read by synonyms (headers.ts).

import { ColumnMapping, Field } from './columns';
import { Lang } from './labels';
import { OrderRules, OrderStatus, StatusColumn, statusKey } from './order-rules';

/** An export format whose columns are known: detected by its signature, it pins fields to headers. */
export interface ExportProfile {
  id: string;
  /** What the owner reads: 「{ja}として読みました」 / "Read as {en}". */
  name: { ja: string; en: string };
  /** Headers that must all be present (compared normalised). */
  signature: string[];
  /**
   * Field → header alternatives, first present wins; null leaves the field unmapped. A field not
   * listed, or whose headers are all absent, is matched generically among the remaining columns.
   */
  pins: Partial<Record<Field, string[] | null>>;
  /** Customer id / member code headers: the customer's identity before the email and the name. */
  memberId?: string[];
  /**
   * Where the order's own fields (total, status, refund, buyer) stand when an order has several
   * lines: on its first line only, repeated on every line, or one row per order.
   */
  orderFields: 'first_line' | 'every_line' | 'one_row';
  /** The amount column is the order's total (counted once per order), not a line's amount. */
  orderTotal: boolean;
  /** A line's own amount, else its unit price (× the quantity): what its product sold for. */
  lineAmount?: string[];
  linePrice?: string[];
  /** Status headers and which of their values mean an order that is not (or no longer) a sale. */
  statuses?: { headers: string[]; values: Partial<Record<OrderStatus, string[]>> }[];
  /** The amount refunded on an order: taken off its total. */
  refund?: string[];
}

const NOT_A_SALE_SMAREGI = ['2', '3', '4', '5', '6', '7', '8', '11', '13', '14', '16'];

export const EXPORT_PROFILES: ExportProfile[] = [
  {
    // Orders export, one row per line item: Total, Financial Status, Refunded Amount and Billing
    // Name on an order's first line only; Name (the order number), Email and Created at repeat.
    id: 'shopify',
    name: { ja: 'Shopify の注文エクスポート', en: 'a Shopify orders export' },
    signature: ['Financial Status', 'Fulfillment Status', 'Lineitem name', 'Billing Name'],
    pins: {
      date: ['Created at'],
      customer: ['Billing Name'],
      email: ['Email'],
      amount: ['Total'],
      orderId: ['Name'],
      product: ['Lineitem name'],
      quantity: ['Lineitem quantity'],
    },
    orderFields: 'first_line',
    orderTotal: true,
    linePrice: ['Lineitem price'],
    statuses: [
      {
        headers: ['Financial Status'],
        values: { voided: ['voided'], refunded: ['refunded'], unpaid: ['pending', 'expired'] },
      },
    ],
    refund: ['Refunded Amount'],
  },
  {
    // Transactions export: one row per payment or refund (Event Type); a refund is a row of its own
    // with negative amounts, which takes it off the customer's revenue.
    id: 'square_transactions',
    name: { ja: 'Square の取引エクスポート', en: 'a Square transactions export' },
    signature: ['Time Zone', 'Gross Sales', 'Net Sales', 'Total Collected', 'Transaction ID'],
    pins: {
      date: ['Date'],
      customer: ['Customer Name'],
      amount: ['Total Collected'],
      orderId: ['Transaction ID'],
      product: null,
    },
    memberId: ['Customer ID', 'Customer Reference ID'],
    orderFields: 'one_row',
    orderTotal: false,
  },
  {
    // Item sales export: one row per item sold, the transaction's fields repeated; Net Sales is
    // the line's own amount (no order total exists). Also any other Square export of these columns.
    id: 'square_items',
    name: { ja: 'Square の商品別売上エクスポート', en: 'a Square item sales export' },
    signature: ['Time Zone', 'Gross Sales', 'Net Sales', 'Transaction ID', 'Payment ID'],
    pins: {
      date: ['Date'],
      customer: ['Customer Name'],
      amount: ['Net Sales', 'Gross Sales'],
      orderId: ['Transaction ID'],
      product: ['Item'],
      quantity: ['Qty'],
    },
    memberId: ['Customer ID', 'Customer Reference ID'],
    orderFields: 'every_line',
    orderTotal: false,
  },
  {
    // The Japanese dashboard's transactions export. No public copy of its header was found: only
    // 日付, 時間 and 受取合計額 are known, so nothing else is pinned (the rest by synonyms).
    id: 'square_ja',
    name: { ja: 'Square（日本語）の取引エクスポート', en: 'a Square transactions export (Japanese)' },
    signature: ['日付', '時間', '受取合計額'],
    pins: { date: ['日付'], amount: ['受取合計額'] },
    orderFields: 'one_row',
    orderTotal: false,
  },
  {
    // 注文CSV: one row per product, the order's fields (合計金額, 発送状況, the buyer) repeated on
    // every row; the buyer's name in two parts. 配送先氏名 is the recipient, not the buyer.
    id: 'base',
    name: { ja: 'BASE の注文CSV', en: 'a BASE orders CSV' },
    signature: ['注文ID', '注文日時', '商品名', '価格', '数量', '合計金額'],
    pins: {
      date: ['注文日時'],
      customer: null,
      familyName: ['氏(請求先)', '氏名(姓)'],
      givenName: ['名(請求先)', '氏名(名)'],
      email: ['メールアドレス(請求先)', 'メールアドレス'],
      amount: ['合計金額'],
      orderId: ['注文ID'],
      product: ['商品名'],
      quantity: ['数量'],
    },
    orderFields: 'every_line',
    orderTotal: true,
    linePrice: ['価格'],
    statuses: [{ headers: ['発送状況'], values: { cancelled: ['キャンセル'] } }],
  },
  {
    // 注文CSV: STORES calls products アイテム; ステータス is the order's.
    id: 'stores',
    name: { ja: 'STORES の注文CSV', en: 'a STORES orders CSV' },
    signature: ['注文番号', '注文日時', '購入者名', 'アイテム名'],
    pins: {
      date: ['注文日時'],
      customer: ['購入者名'],
      email: ['メールアドレス'],
      amount: ['合計金額'],
      orderId: ['注文番号'],
      product: ['アイテム名'],
      quantity: ['数量'],
    },
    orderFields: 'every_line',
    orderTotal: true,
    linePrice: ['価格'],
    statuses: [{ headers: ['ステータス'], values: { cancelled: ['キャンセル'], unpaid: ['入金待ち'] } }],
  },
  {
    // 会計明細CSV: one row per item of a slip, the slip's 合計金額 on each. 顧客名 / 顧客番号 (the
    // shop's お客様番号) are output only when turned on in its settings.
    id: 'airregi',
    name: { ja: 'Airレジの会計明細CSV', en: 'an Airレジ sales detail CSV' },
    signature: ['伝票番号', '会計日時', '人数'],
    pins: {
      date: ['会計日時'],
      customer: ['顧客名'],
      amount: ['合計金額'],
      orderId: ['伝票番号'],
      product: ['商品名'],
      quantity: ['数量'],
    },
    memberId: ['顧客番号'],
    orderFields: 'every_line',
    orderTotal: true,
    lineAmount: ['小計'],
  },
  {
    // 取引履歴CSV: one row per transaction. 取引区分 1 is a sale (the others: cash in and out,
    // deposits, points…); 取消区分 1 a cancelled one. 会員コード is the shop's member code.
    id: 'smaregi',
    name: { ja: 'スマレジの取引履歴CSV', en: 'a スマレジ transaction history CSV' },
    signature: ['取引ID', '取引日時', '取引区分', '取消区分', '合計'],
    pins: { date: ['取引日時'], amount: ['合計'], orderId: ['取引ID'], customer: ['会員名'] },
    memberId: ['会員コード', '会員ID'],
    orderFields: 'one_row',
    orderTotal: true,
    statuses: [
      { headers: ['取消区分'], values: { cancelled: ['1'] } },
      { headers: ['取引区分'], values: { not_sale: NOT_A_SALE_SMAREGI } },
    ],
  },
  {
    // 受注CSV. No public copy of its header was found: recognised by 売上ID alone, other fields
    // by synonyms; the amount is taken once per order (never summed per line, which could double
    // it); no status is read (a cancelled order counts until the owner removes it).
    id: 'colorme',
    name: { ja: 'カラーミーショップの受注CSV', en: 'a カラーミーショップ orders CSV' },
    signature: ['売上ID'],
    pins: { orderId: ['売上ID'] },
    memberId: ['顧客ID', '会員ID'],
    orderFields: 'every_line',
    orderTotal: true,
    linePrice: ['販売価格'],
  },
  {
    // 注文出力用テンプレート: 日付 (no time), 注文時間, 注文番号, 処理状況 (配送, 未処理, 注文キャンセル,
    // 返送), 注文者. Which amount columns the template holds is the shop's choice: by synonyms.
    id: 'makeshop',
    name: { ja: 'MakeShop の注文CSV', en: 'a MakeShop orders CSV' },
    signature: ['日付', '注文時間', '注文番号', '処理状況'],
    pins: { date: ['日付'], orderId: ['注文番号'], customer: ['注文者'] },
    memberId: ['会員ID'],
    orderFields: 'every_line',
    orderTotal: true,
    statuses: [{ headers: ['処理状況'], values: { cancelled: ['注文キャンセル'] } }],
  },
  {
    // A Google Form used as an order form: タイムスタンプ first, メールアドレス when the form collects
    // addresses (without it, the sheet is read by synonyms), then the shop's own questions.
    // One response is one order.
    id: 'google_forms',
    name: { ja: 'Google フォームの回答', en: 'Google Forms responses' },
    signature: ['タイムスタンプ', 'メールアドレス'],
    pins: { date: ['タイムスタンプ'], email: ['メールアドレス'] },
    orderFields: 'one_row',
    orderTotal: false,
  },
  {
    id: 'google_forms_en',
    name: { ja: 'Google フォームの回答', en: 'Google Forms responses' },
    signature: ['Timestamp', 'Email Address'],
    pins: { date: ['Timestamp'], email: ['Email Address'] },
    orderFields: 'one_row',
    orderTotal: false,
  },
];

const BY_ID = new Map(EXPORT_PROFILES.map((p) => [p.id, p]));

/** 「Shopify の注文エクスポートとして読みました」 / "Read as a Shopify orders export"; '' for a sheet kept by hand. */
export function profileLine(id: string, lang: Lang): string {
  const profile = BY_ID.get(id);
  if (!profile) return '';
  return lang === 'ja' ? `${profile.name.ja}として読みました` : `Read as ${profile.name.en}`;
}

/**
 * The order rules of a recognised export, with its columns found by `columnOf` (the first of
 * the headers present, −1 for none); undefined for a sheet kept by hand.
 */
export function orderRulesOf(
  id: string,
  mapping: ColumnMapping,
  columnOf: (headers: string[]) => number,
): OrderRules | undefined {
  const profile = BY_ID.get(id);
  if (!profile) return undefined;
  const statuses: StatusColumn[] = [];
  for (const { headers, values } of profile.statuses ?? []) {
    const column = columnOf(headers);
    if (column < 0) continue;
    const meaning = new Map<string, OrderStatus>();
    for (const [status, texts] of Object.entries(values) as [OrderStatus, string[]][])
      for (const text of texts) meaning.set(statusKey(text), status);
    statuses.push({ column, meaning });
  }
  const optional = (headers: string[] | undefined) => (headers ? columnOf(headers) : -1);
  return {
    memberId: optional(profile.memberId),
    orderTotal: profile.orderTotal,
    lineAmount: optional(profile.lineAmount),
    linePrice: optional(profile.linePrice),
    quantity: mapping.quantity ?? -1,
    statuses,
    refund: optional(profile.refund),
  };
}
