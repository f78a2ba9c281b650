// The Summary, History and Transitions tabs as plain 2-D tables with labels, notes and number
// formats, so that the Apps Script adapter only writes values and applies what it is told.
// Tables are rectangular (padded with ''); row and column indexes are 0-based.

import { Day, addMonths, formatDay, monthKey, monthStart } from './days';
import { FigureValue, MonthFigureKey, changeOf, figureValue } from './card-figures';
import { followUpResultsRows } from './followup-results';
import { FOLLOW_UP_PRIORITY } from './followup-priority';
import { dayLabel, monthLabel } from './report-month';
import { termHint } from './term-hints';
import { Lang, classificationLabel, defineText } from './labels';
import { HISTORY_KEYS, HistoryRow, Origin, Summary, TransitionMatrix, historyHeader } from './metrics';
import { SEGMENTS, STAGES, STATUSES, Stage, Status } from './stages';

export type Cell = string | number | null;

/**
 * percent: a fraction shown as % · money: the sheet's currency · text: plain text, to be set
 * BEFORE writing values, since Sheets turns 'YYYY-MM' text into a date.
 */
export type FormatKind = 'percent' | 'money' | 'text';

export interface CellRange {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export interface Table {
  rows: Cell[][];
  /** Cell notes (comments shown on hover). */
  notes: { row: number; col: number; text: string }[];
  formats: (CellRange & { kind: FormatKind })[];
  /** Rows (0-based) shown bold besides the first: block titles and their header rows. */
  boldRows?: number[];
  /** Fixed column widths in pixels and the columns that wrap (see OutTable). */
  columnWidths?: number[];
  wrapColumns?: number[];
}

export interface SummaryTable extends Table {
  chartData: {
    /** The F2 cohort block with its header row: a column chart. */
    cohorts: CellRange;
  };
  /** Rows [row, row + rows) stay empty for the charts, between the title and the numbers. */
  chartBand: { row: number; rows: number };
}

/**
 * Rows left free for the charts under the title: 13 rows of Sheets' 21 px hold a 240 px chart and
 * a margin, so the charts and the first figures share a laptop's screen without overlapping.
 */
export const CHART_BAND_ROWS = 13;

const TEXT = defineText({
  ja: {
    na: '—',
    no_data: '（なし）',
    total: '合計',
    pair: '{a}・{b}',
    no_visit: '来店なし',
    title: '{month}の分析（{date}時点）',
    col_question: '項目',
    col_month: '{month}',
    col_previous: '前月（{month}）',
    col_change: '増減',
    col_meaning: '意味・打ち手',
    n_previous:
      '前月末時点の値（「推移」タブの前月の行から）。空欄は、推移タブにない長い期間の数字（直近12か月・90日・VIPなど）です。増減は、割合ならポイント（pt）。',
    col_definition: '定義',
    b_definitions: '数字の定義',
    q_revenue: '売上',
    d_revenue: '対象月の来店の売上（支払いのある行、金額が0より大きい行の合計）。返品と¥0のサンプルは含みません。',
    m_revenue: 'この月の売上。下がった月は、要フォローのお客様への連絡から始めましょう。',
    q_visitors: '来店したお客様',
    d_visitors: '対象月に1回以上来店した（支払いのある購入をした）お客様の人数。',
    m_visitors: 'この月に来てくださった方の人数。',
    q_first_buyers: '初めてのお客様',
    d_first_buyers: '初回来店日が対象月のお客様の人数。',
    m_first_buyers: '新しく来てくださった方。2回目の来店につなげるのが次の一歩です。',
    m_repeat_share: '売上のうち、2回目以降の来店の割合。高いほど常連に支えられています。',
    l_repeat_share_12m: 'リピート売上比率（直近12か月）',
    m_repeat_share_12m: '1年を通した常連の支え。月ごとの波をならした値です。',
    q_repeat_share: 'リピート売上比率',
    d_repeat_share:
      '期間中の来店売上のうち、お客様にとって2回目以降の来店の売上の割合。来店の売上は支払いのある行（金額が0より大きい行）の合計。月＝対象月の1日〜末日（今月のここまでなら基準日まで）、直近12か月＝その最終日までの365日。期間中に来店売上がなければ「—」。',
    q_new_share: '新規売上比率',
    m_new_share: '売上のうち、初めての来店の割合（リピート売上比率と合わせて100%）。',
    d_new_share:
      '期間中の来店売上のうち、お客様にとって初めての来店の売上の割合（リピート売上比率と合わせて100%）。期間中に来店売上がなければ「—」。',
    q_at_risk: '要フォローの人数',
    d_at_risk: '基準日時点で、最後の来店から{atRisk}日以上{lapsed}日未満のお客様の人数。',
    m_at_risk: '離れかけている方。今なら声をかけやすい時期です。上の「今連絡するお客様」から。',
    q_lapsed: '離脱の人数',
    d_lapsed: '基準日時点で、最後の来店から{lapsed}日以上たったお客様の人数。',
    m_lapsed: 'しばらく来ていない方。増えたら呼び戻しのご案内を。',
    q_active_rate: 'その月の来店率',
    d_active_rate: '対象月に来店したお客様 ÷ その月末までに1回以上来店したお客様。来店したお客様がいなければ「—」。',
    m_active_rate: 'これまでのお客様のうち、この月に来てくださった割合。',
    q_f2: 'F2転換率（90日）',
    d_f2: '初回来店日が{from}〜{to}（基準日の90日前までの365日間）のお客様のうち、初回から90日以内（ちょうど90日を含む）に2回目の来店があった割合。同じ日の別の注文も2回目に数えます。該当するお客様がいなければ「—」。',
    m_f2: '初めてのお客様が90日以内にまた来てくださった割合。低ければ、初回のあとのお礼と2回目のお誘いを。',
    q_vip_count: '上位{pct}%のお客様（VIP）の人数',
    m_vip_count: '売上の多い上位のお客様。特別なご案内で大切に。',
    d_vip_count: '1回以上来店したお客様を売上の多い順に並べた上位{pct}%（端数切り上げ）の人数。',
    q_vip_share: 'VIPの売上比率',
    d_vip_share:
      'VIPの売上 ÷ 1回以上来店したお客様全員の売上（全期間。返品・サンプルを含む顧客別の売上）。80:20の法則の確認に。合計が0以下なら「—」。',
    m_vip_share: '上位のお客様が売上のどれだけを支えているか。高いほど、この方々が大切です。',
    q_vip_interval: 'VIPの来店間隔（中央値・日）',
    m_vip_interval: 'VIPがふだん来店する間隔。これより空いたら声をかける目安に。',
    d_vip_interval:
      'VIPの、来店から次の来店までの日数すべての中央値（個数が偶数なら真ん中2つの平均）。2回以上来店したVIPがいなければ「—」。',
    q_new_90d: '直近90日の新規客',
    m_new_90d: '最近の新しいお客様の人数。',
    d_new_90d: '初回来店日が直近90日（{newFrom}〜基準日）のお客様の人数。',
    q_new_90d_returned: '直近90日の新規客のうち再来店',
    m_new_90d_returned: 'そのうち2回目に来てくださった方。少なければ2回目のお誘いを。',
    d_new_90d_returned: '直近90日の新規客のうち、2回以上来店したお客様の人数。',
    q_anonymous: 'お客様が特定できない売上',
    m_anonymous: 'お名前のわからない売上（対象月）。会員登録をおすすめすると、分析に入ります。',
    d_anonymous:
      '顧客名・メールアドレス・会員番号のない売上（飛び込みのお客様など）。来店は対象月に{anonMonth}回、直近12か月で{anon12m}回。どのお客様の数字にも入りません。',
    b_stages: '顧客ステージ別の人数と売上',
    n_stages:
      '人数は基準日時点のステージ別。売上は各お客様の全期間の売上（返品・サンプルを含む）をステージごとに合計。',
    b_statuses: '状態別の人数',
    b_segments: 'CPM分析（顧客ポートフォリオ）',
    b_f2: 'F2転換（初回来店月別）',
    n_f2: '初回来店月ごとの初回客数と、初回から30・60・90日以内（ちょうどを含む）に2回目の来店があった人数。最近の月はまだ日数がたっていないため、今後増えることがあります。',
    b_products: 'VIPの人気商品',
    n_products: 'VIPの支払いのある行を商品ごとに合計した売上の上位5つ（全期間）。',
    b_contacts: '連絡すべきお客様（基準日時点）',
    b_contacts_types: '連絡の種類ごとの人数（今日の時点）',
    b_contacts_now: '今連絡するお客様',
    n_contacts_now:
      '今日の時点でフォローの連絡どきのお客様。大事な順（離脱したお客様、要フォロー、2回目のお誘い…）。全員は「顧客ステージ」タブの上から順に並んでいます。',
    h_name: 'お客様',
    h_suggested: 'おすすめの連絡',
    more_on_segments: 'ほか{more}人は「顧客ステージ」タブの上から順に',
    n_contacts_follow_up: 'フォローの種類ごとの人数。',
    n_contacts_stage_status:
      'フォローの下書きができるまでは、基準日時点のステージと状態の組み合わせごとの人数を表示します。',
    h_stage: 'ステージ',
    h_status: '状態',
    h_segment: 'セグメント',
    h_customers: '人数',
    h_meaning: '意味・打ち手',
    h_revenue: '売上（全期間）',
    h_first_month: '初回来店月',
    h_first_buyers: '初回客数',
    h_within: '{days}日以内に2回目',
    h_product: '商品',
    h_product_revenue: '売上',
    h_contact: '対象',
    t_corner: '前月末 → 対象月末',
    t_none: 'まだお客様でない',
    t_note:
      '行：前月末（{cutoff}）時点のステージ、列：対象月末（{asOf}）時点のステージ。前月末のステージは、その日までの来店と紹介だけを使って同じルールで判定。前月末までに記録（来店・¥0のサンプル・返品）のないお客様は「まだお客様でない」。',
  },
  en: {
    na: 'n/a',
    no_data: '(none)',
    total: 'Total',
    pair: '{a} / {b}',
    no_visit: 'no visit',
    title: 'Analysis of {month} (as of {date})',
    col_question: 'Question',
    col_month: '{month}',
    col_previous: 'Previous month ({month})',
    col_change: 'Change',
    col_meaning: 'What it means / what to do',
    n_previous:
      'The value at the end of the previous month (its row on the History tab). Blank for the longer-period numbers History does not hold (last 12 months, 90 days, VIPs). Changes of a share are in points (pt).',
    col_definition: 'Definition',
    b_definitions: 'Definitions',
    q_revenue: 'Revenue',
    d_revenue:
      "Revenue of the report month's visits (the sum of paid rows, amount > 0). Refunds and ¥0 samples are not in it.",
    m_revenue: "The month's revenue. In a month it falls, start with the customers at risk.",
    q_visitors: 'Customers with a visit',
    d_visitors: 'Customers with at least one visit (a paid purchase) in the report month.',
    m_visitors: 'How many customers came in the month.',
    q_first_buyers: 'First-time customers',
    d_first_buyers: 'Customers whose first visit lies in the report month.',
    m_first_buyers: 'New customers: bringing them back a second time is the next step.',
    m_repeat_share: 'The share of revenue from 2nd and later visits: the higher, the more regulars carry the shop.',
    l_repeat_share_12m: 'Repeat revenue share (last 12 months)',
    m_repeat_share_12m: "The regulars' share over a whole year, without the month-to-month swings.",
    q_repeat_share: 'Repeat revenue share',
    d_repeat_share:
      "Revenue of visits that were a customer's 2nd or later ÷ revenue of all visits in the period. A visit's revenue is the sum of its paid rows (amount > 0). The month = the report month, from its 1st to its last day (to the as-of date for this month so far); last 12 months = the 365 days ending on that day. n/a when the period has no visit revenue.",
    q_new_share: 'New revenue share',
    m_new_share: "The share of revenue from customers' first visits (with the repeat share, 100%).",
    d_new_share:
      "Revenue of customers' 1st visits ÷ revenue of all visits in the period (adds up to 100% with the repeat share). n/a when the period has no visit revenue.",
    q_at_risk: 'Customers at risk',
    d_at_risk: 'Customers whose last visit was at least {atRisk} and fewer than {lapsed} days before the as-of date.',
    m_at_risk: 'Customers slipping away: now is a good time to get in touch. See "Who to contact now" above.',
    q_lapsed: 'Lapsed customers',
    d_lapsed: 'Customers whose last visit was {lapsed} or more days before the as-of date.',
    m_lapsed: 'Customers who have not come for a long time. If there are more, send a win-back offer.',
    q_active_rate: 'Active rate in the month',
    d_active_rate:
      'Customers with a visit in the report month ÷ customers with at least one visit up to its end. n/a when no customer has a visit.',
    m_active_rate: 'Of all your customers so far, the share who came in the month.',
    q_f2: 'F2 rate (90 days)',
    d_f2: 'Of customers whose first visit was between {from} and {to} (the 365 days ending 90 days before the as-of date), the share whose 2nd visit came at most 90 days after the first (exactly 90 counts; a 2nd order on the same day counts). n/a when there is no such customer.',
    m_f2: 'The share of first-time customers who came back within 90 days. If it is low, thank them after the first visit and invite them back.',
    q_vip_count: 'VIPs (top {pct}%)',
    m_vip_count: 'Your best customers by revenue: look after them with special offers.',
    d_vip_count: 'The top {pct}% (rounded up) of customers with at least one visit, by revenue.',
    q_vip_share: 'VIP revenue share',
    d_vip_share:
      "VIPs' revenue ÷ revenue of all customers with a visit (all time; customer revenue including refunds and samples). The 80:20 check. n/a when that total is not positive.",
    m_vip_share: 'How much of the revenue your best customers bring: the higher, the more they matter.',
    q_vip_interval: 'VIP median days between visits',
    m_vip_interval: 'How often VIPs usually come: a longer gap is a sign to get in touch.',
    d_vip_interval:
      "Median of all the days between a VIP's consecutive visits (the mean of the middle two for an even count). n/a when no VIP has two visits.",
    q_new_90d: 'New customers (last 90 days)',
    m_new_90d: 'How many new customers came recently.',
    d_new_90d: 'Customers whose first visit lies in the last 90 days ({newFrom} to the as-of date).',
    q_new_90d_returned: 'New customers (last 90 days) who came back',
    m_new_90d_returned: 'Those of them who came a second time. If few, invite the others back.',
    d_new_90d_returned: 'New customers of the last 90 days with 2 or more visits.',
    q_anonymous: 'Sales without a known customer',
    m_anonymous:
      "Sales with no customer's name (in the month). Inviting customers to sign up brings them into the analysis.",
    d_anonymous:
      "Sales with no customer name, email or member code (walk-ins and the like): {anonMonth} visits in the report month, {anon12m} in the last 12 months. They are in no customer's figures.",
    b_stages: 'Customers and revenue by stage',
    n_stages:
      "Customers by stage at the as-of date. Revenue is each customer's all-time revenue (refunds and samples included), summed per stage.",
    b_statuses: 'Customers by status',
    b_segments: 'CPM segments (customer portfolio)',
    b_f2: 'F2 conversion by first-visit month',
    n_f2: 'First buyers per first-visit month and how many had a 2nd visit within 30, 60 and 90 days of the first (inclusive). Recent months are still counting.',
    b_products: "VIPs' top products",
    n_products: "Top 5 products by revenue of VIPs' paid rows (all time).",
    b_contacts: 'Who to contact (as of the as-of date)',
    b_contacts_types: 'Customers per kind of contact (as of today)',
    b_contacts_now: 'Who to contact now',
    n_contacts_now:
      'Customers whose follow-up is due today, most important first (lapsed, at risk, second visit …). All of them head the Segments tab, in this order.',
    h_name: 'Customer',
    h_suggested: 'Suggested contact',
    more_on_segments: '{more} more at the top of the Segments tab',
    n_contacts_follow_up: 'Customers per follow-up type.',
    n_contacts_stage_status: 'Until follow-up drafts exist: customers per stage and status at the as-of date.',
    h_stage: 'Stage',
    h_status: 'Status',
    h_segment: 'Segment',
    h_customers: 'Customers',
    h_meaning: 'What it means, what to do',
    h_revenue: 'Revenue (all time)',
    h_first_month: 'First-visit month',
    h_first_buyers: 'First buyers',
    h_within: '2nd visit within {days} days',
    h_product: 'Product',
    h_product_revenue: 'Revenue',
    h_contact: 'Who',
    t_corner: 'End of the month before → end of the month',
    t_none: 'Not yet a customer',
    t_note:
      'Rows: stage at the end of last month ({cutoff}); columns: stage at the as-of date ({asOf}). The earlier stage applies the same rules to the visits and referrals up to that day. Customers with no row by then (a visit, a ¥0 sample or a refund) are "Not yet a customer".',
  },
});

type TextKey = Parameters<typeof TEXT>[1];

/** 2026年11月30日 in Japanese; YYYY-MM-DD in English, as the Segments tab's dates read. */
function dateText(day: Day, lang: Lang): string {
  return lang === 'ja' ? dayLabel(day, lang) : formatDay(day);
}

/** Accumulates rows, notes and formats; `build` pads the rows to one width. */
class TableBuilder {
  readonly rows: Cell[][] = [];
  readonly notes: Table['notes'] = [];
  readonly formats: Table['formats'] = [];
  readonly boldRows: number[] = [];

  add(row: Cell[]): number {
    this.rows.push(row);
    return this.rows.length - 1;
  }

  note(row: number, col: number, text: string): void {
    this.notes.push({ row, col, text });
  }

  format(kind: FormatKind, row: number, col: number, numRows = 1, numCols = 1): void {
    if (numRows > 0 && numCols > 0) this.formats.push({ kind, row, col, numRows, numCols });
  }

  /** A heading row: bold, so an owner scanning the tab finds where each block starts. */
  bold(row: number): number {
    this.boldRows.push(row);
    return row;
  }

  build(): Table {
    const width = this.rows.reduce((w, r) => Math.max(w, r.length), 1);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a full row padded with nothing is an equal row
    const rows = this.rows.map((r) => (r.length < width ? [...r, ...new Array<Cell>(width - r.length).fill('')] : r));
    return { rows, notes: this.notes, formats: this.formats, boldRows: this.boldRows };
  }
}

// ---------------------------------------------------------------------------------------------
// Summary

/** Value columns of the answers (the card's headlines); '' marks a column that does not apply. */
const VALUE_COLUMNS = ['month', 'last12m', 'asOf'] as const;
type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** One headline number of the Summary: its question and definition in words, its values by column. */
export interface SummaryAnswer {
  key: AnswerKey;
  question: string;
  definition: string;
  values: Partial<Record<ValueColumn, number | null>>;
  percent: boolean;
}

/** The window dates and thresholds the questions and definitions name. */
function answerParams(s: Summary, lang: Lang) {
  const t = s.thresholds;
  return {
    atRisk: t.atRiskDays,
    lapsed: t.lapsedDays,
    pct: Math.round(t.vipShare * 1000) / 10,
    from: dateText(s.f2.from, lang),
    to: dateText(s.f2.to, lang),
    newFrom: dateText(s.newCustomers.from, lang),
    anonMonth: s.anonymous.visits.month,
    anon12m: s.anonymous.visits.last12m,
  };
}

/** The headline numbers (the card's list, summary.json's questions), each with its values by period. */
export function summaryAnswers(s: Summary, lang: Lang): SummaryAnswer[] {
  const params = answerParams(s, lang);
  const answer = (key: AnswerKey, values: SummaryAnswer['values'], percent = false): SummaryAnswer => ({
    key,
    question: TEXT(lang, `q_${key}`, params),
    definition: TEXT(lang, `d_${key}`, params),
    values,
    percent,
  });
  return [
    answer('repeat_share', s.repeatRevenueShare, true),
    answer('new_share', s.newRevenueShare, true),
    answer('at_risk', { asOf: s.atRisk }),
    answer('lapsed', { asOf: s.lapsed }),
    answer('active_rate', { month: s.activeRate }, true),
    // The F2 cohort is a 12-month one (first visits in the 365 days ending 90 days ago).
    answer('f2', { last12m: s.f2.rate }, true),
    answer('vip_count', { asOf: s.vip.count }),
    answer('vip_share', { asOf: s.vip.revenueShare }, true),
    answer('vip_interval', { asOf: s.vip.medianIntervalDays }),
    answer('new_90d', { asOf: s.newCustomers.count }),
    answer('new_90d_returned', { asOf: s.newCustomers.returned }),
    // Only for a shop that has such sales (a café's walk-ins), not a row of zeros for every shop.
    ...(s.anonymous.rows > 0 ? [answer('anonymous', { ...s.anonymous.revenue })] : []),
  ];
}

/** 'repeat_share' for the pair q_repeat_share / d_repeat_share. */
type AnswerKey<K = TextKey> = K extends `q_${infer A}` ? A : never;

/**
 * The headline numbers as label and text for the sidebar's card: each answer's first value that
 * applies (this month, else the last 12 months, else as of), a share as a percent with one decimal,
 * and what it means in a line.
 */
export function summaryHeadlines(s: Summary, lang: Lang): { label: string; value: string; hint: string }[] {
  const headlines: { label: string; value: string; hint: string }[] = [];
  const params = answerParams(s, lang);
  for (const a of summaryAnswers(s, lang)) {
    const col = VALUE_COLUMNS.find((c) => a.values[c] !== undefined);
    if (col === undefined) continue;
    const value = a.values[col] as number | null;
    const text = value === null ? TEXT(lang, 'na') : a.percent ? `${(value * 100).toFixed(1)}%` : String(value);
    // What the number means, in a line: the card shows it on hover or tap (F2, VIP … are jargon).
    headlines.push({ label: a.question, value: text, hint: TEXT(lang, `m_${a.key}`, params) });
  }
  return headlines;
}

export interface SummaryTableOptions {
  /** Label of a follow-up type key (from the drafts module); the key itself when absent. */
  contactLabel?: (key: string, lang: Lang) => string;
  /** Who to contact now, first in the follow-ups' priority order (the first few), and how many in all. */
  contactsNow?: { people: { name: string; contact: string }[]; total: number };
  /**
   * The History row of the month before the report month (as of its last day), from the backfill:
   * the previous month's values. A row of another month is ignored (the column stays blank).
   */
  previous?: HistoryRow;
}

/** People listed by name near the top of the Summary; the rest are on the Segments tab, in order. */
export const CONTACTS_SHOWN = 10;

/** The month's figures, in the order of the Summary's first rows; History holds each of them. */
const MONTH_FIGURES: readonly MonthFigureKey[] = [
  'revenue',
  'repeat_share',
  'visitors',
  'first_buyers',
  'active_rate',
  'at_risk',
  'lapsed',
];

/** The report month's figure, from the Summary (the same definition as figureValue's of a History row). */
function monthFigure(key: MonthFigureKey, s: Summary): FigureValue {
  const share = (n: number | null): FigureValue => (n === null ? null : { n, kind: 'share' });
  const count = (n: number): FigureValue => ({ n, kind: 'count' });
  switch (key) {
    case 'revenue':
      return { n: s.visitRevenue.month, kind: 'money' };
    case 'repeat_share':
      return share(s.repeatRevenueShare.month);
    case 'visitors':
      return count(s.activeThisMonth);
    case 'first_buyers':
      return count(s.f2Cohorts.find((c) => c.month === s.month)?.firstBuyers ?? 0);
    case 'active_rate':
      return share(s.activeRate);
    case 'at_risk':
      return count(s.atRisk);
    case 'lapsed':
      return count(s.lapsed);
  }
}

/** One row of the figures: its words, the month's value and (month figures only) the month before's. */
interface FigureRow {
  label: string;
  definition: string;
  meaning: string;
  now: FigureValue;
  /** undefined: History does not hold the figure, the cells stay blank. */
  before?: FigureValue;
}

/** The figures over longer windows, History holds none of them: the Summary's answers, relabelled where needed. */
function longerFigures(s: Summary, lang: Lang): FigureRow[] {
  const byKey = new Map(summaryAnswers(s, lang).map((a) => [a.key, a]));
  const params = answerParams(s, lang);
  type Key =
    'repeat_share' | 'f2' | 'vip_count' | 'vip_share' | 'vip_interval' | 'new_90d' | 'new_90d_returned' | 'anonymous';
  const row = (key: Key, value: number | null, kind: 'money' | 'count' | 'share', label?: TextKey): FigureRow[] => {
    const a = byKey.get(key);
    if (!a) return [];
    return [
      {
        label: label ? TEXT(lang, label) : a.question,
        definition: a.definition,
        meaning: TEXT(lang, `m_${key === 'repeat_share' ? 'repeat_share_12m' : key}`, params),
        now: value === null ? null : { n: value, kind },
      },
    ];
  };
  return [
    ...row('repeat_share', s.repeatRevenueShare.last12m, 'share', 'l_repeat_share_12m'),
    ...row('f2', s.f2.rate, 'share'),
    ...row('vip_count', s.vip.count, 'count'),
    ...row('vip_share', s.vip.revenueShare, 'share'),
    ...row('vip_interval', s.vip.medianIntervalDays, 'count'),
    ...row('new_90d', s.newCustomers.count, 'count'),
    ...row('new_90d_returned', s.newCustomers.returned, 'count'),
    ...row('anonymous', s.anonymous.revenue.month, 'money'),
  ];
}

/** Every figure of the Summary's top, the month's first (with the month before), then the longer windows. */
function figureRows(s: Summary, lang: Lang, previous: HistoryRow | undefined): FigureRow[] {
  const params = answerParams(s, lang);
  const month: FigureRow[] = MONTH_FIGURES.map((key) => ({
    label: TEXT(lang, `q_${key}`, params),
    definition: TEXT(lang, `d_${key}`, params),
    meaning: TEXT(lang, `m_${key}`, params),
    now: monthFigure(key, s),
    before: figureValue(key, previous) ?? (previous ? null : undefined),
  }));
  return [...month, ...longerFigures(s, lang)];
}

/** A figure's cell: the number, '—' / 'n/a' for none. */
function figureCell(v: FigureValue, lang: Lang): Cell {
  return v === null ? TEXT(lang, 'na') : v.n;
}

/** The cell's number format, if its figure has one (a share as %, money as the sheet's currency). */
function formatFigure(b: TableBuilder, v: FigureValue, row: number, col: number): void {
  if (v?.kind === 'share') b.format('percent', row, col);
  else if (v?.kind === 'money') b.format('money', row, col);
}

/** The month before the report month, 'YYYY-MM'. */
function previousMonth(s: Summary): string {
  return monthKey(addMonths(monthStart(s.asOf), -1));
}

/**
 * The figures block: [question, the report month, the month before, change, what it means]; each
 * question noted with its definition. Returns the rows in the order written.
 */
function addFigures(b: TableBuilder, s: Summary, lang: Lang, opts: SummaryTableOptions): FigureRow[] {
  const prevMonth = previousMonth(s);
  const header = b.bold(
    b.add([
      TEXT(lang, 'col_question'),
      TEXT(lang, 'col_month', { month: monthLabel(s.month, lang) }),
      TEXT(lang, 'col_previous', { month: monthLabel(prevMonth, lang) }),
      TEXT(lang, 'col_change'),
      TEXT(lang, 'col_meaning'),
    ]),
  );
  b.note(header, 2, TEXT(lang, 'n_previous'));
  const previous = opts.previous?.month === prevMonth ? opts.previous : undefined;
  const rows = figureRows(s, lang, previous);
  for (const f of rows) {
    const change = f.before === undefined ? null : changeOf(f.now, f.before, lang);
    const r = b.add([
      f.label,
      figureCell(f.now, lang),
      f.before === undefined ? '' : figureCell(f.before, lang),
      change?.change ?? '',
      f.meaning,
    ]);
    b.note(r, 0, f.definition);
    formatFigure(b, f.now, r, 1);
    if (f.before !== undefined) formatFigure(b, f.before, r, 2);
  }
  return rows;
}

/**
 * Layout (0-based rows):
 *   row 0        the title: the report month and the day its figures are as of
 *   rows 1–13    empty: the charts (CHART_BAND_ROWS), side by side
 *   row 14       [question, the report month, the month before, change, what it means]
 *   then         one row per figure (the month's, then the longer windows'), each question noted with
 *                its definition; a share's change is in points
 *   then blocks, each [title (noted)], [header], data rows, [blank]: who to contact now (names),
 *   customers per kind of contact, stages, statuses, CPM segments (what each means in the last
 *   column), F2 cohorts (12 months: chartData.cohorts), VIP top products, follow-up results; last,
 *   the definitions (question, and its definition in the last column, which the meanings widen anyway).
 * null values (zero denominators) are shown as '—' (ja) / 'n/a' (en).
 */
export function summaryTable(s: Summary, lang: Lang, opts: SummaryTableOptions = {}): SummaryTable {
  const b = new TableBuilder();
  b.add([TEXT(lang, 'title', { month: monthLabel(s.month, lang), date: dateText(s.asOf, lang) })]);
  for (let i = 0; i < CHART_BAND_ROWS; i++) b.add([]);
  const figures = addFigures(b, s, lang, opts);
  b.add([]);
  if (opts.contactsNow) addContactsNow(b, lang, opts.contactsNow);
  addContactCounts(b, s, lang, opts);
  addClassifications(b, s, lang);

  const cohortFirst = addBlock(b, lang, {
    title: 'b_f2',
    note: 'n_f2',
    // The windows of F2Cohort.within30 / within60 / within90.
    header: [
      TEXT(lang, 'h_first_month'),
      TEXT(lang, 'h_first_buyers'),
      ...[30, 60, 90].map((days) => TEXT(lang, 'h_within', { days })),
    ],
    body: s.f2Cohorts.map((k) => [k.month, k.firstBuyers, k.within30, k.within60, k.within90]),
  });
  b.format('text', cohortFirst, 0, s.f2Cohorts.length);

  const products = s.vip.topProducts;
  const productFirst = addBlock(b, lang, {
    title: 'b_products',
    note: 'n_products',
    header: labels(lang, ['h_product', 'h_product_revenue']),
    body: products.length > 0 ? products.map((p) => [p.product, p.revenue]) : [[TEXT(lang, 'no_data'), '']],
  });
  b.format('money', productFirst, 1, products.length);
  addFollowUpResults(b, s, lang, opts);

  addBlock(b, lang, {
    title: 'b_definitions',
    header: [TEXT(lang, 'col_question'), '', '', '', TEXT(lang, 'col_definition')],
    body: figures.map((f) => [f.label, '', '', '', f.definition]),
  });

  return {
    ...b.build(),
    ...SUMMARY_COLUMNS,
    // Header included: first-visit month, first buyers and the three windows.
    chartData: { cohorts: { row: cohortFirst - 1, col: 0, numRows: s.f2Cohorts.length + 1, numCols: 5 } },
    chartBand: { row: 1, rows: CHART_BAND_ROWS },
  };
}

/**
 * The Summary's columns at fixed widths: labels, this month, the month before, the change, and the
 * meaning or definition, which wraps. Fitted to their content, the sentences of the last column
 * would make it wider than a laptop's screen. Block titles run on over the empty cells beside them.
 */
const SUMMARY_COLUMNS = { columnWidths: [260, 140, 150, 110, 440], wrapColumns: [4] };

/** Stages (with revenue), statuses and CPM segments: counts, and what each means in the last column. */
function addClassifications(b: TableBuilder, s: Summary, lang: Lang): void {
  const stageFirst = addBlock(b, lang, {
    title: 'b_stages',
    note: 'n_stages',
    header: labels(lang, ['h_stage', 'h_customers', 'h_revenue']).concat(['', TEXT(lang, 'h_meaning')]),
    body: STAGES.map((k) => [
      classificationLabel(lang, k),
      s.stageCounts[k],
      s.revenueByStage[k],
      '',
      termHint(lang, k),
    ]),
  });
  b.format('money', stageFirst, 2, STAGES.length);
  addBlock(b, lang, {
    title: 'b_statuses',
    header: [TEXT(lang, 'h_status'), TEXT(lang, 'h_customers'), '', '', TEXT(lang, 'h_meaning')],
    body: STATUSES.map((k) => [classificationLabel(lang, k), s.statusCounts[k], '', '', termHint(lang, k)]),
  });
  addBlock(b, lang, {
    title: 'b_segments',
    // Yazuya's action for each segment beside its count (初回客: a second visit; 優良離脱客: win back first).
    header: [TEXT(lang, 'h_segment'), TEXT(lang, 'h_customers'), '', '', TEXT(lang, 'h_meaning')],
    body: SEGMENTS.map((k) => [classificationLabel(lang, k), s.segmentCounts[k], '', '', termHint(lang, k)]),
  });
}

/** Customers per follow-up type due today (stage × status when the caller gave no follow-up counts). */
function addContactCounts(b: TableBuilder, s: Summary, lang: Lang, opts: SummaryTableOptions): void {
  const byType = s.contacts.source === 'follow_up';
  const counts = s.contacts.counts;
  // Follow-up types due now, in the follow-ups' priority order (the card's action lines' order).
  const contactKeys = byType
    ? [
        ...FOLLOW_UP_PRIORITY.filter((k) => (counts[k] ?? 0) > 0),
        ...Object.keys(counts).filter((k) => counts[k] > 0 && !(FOLLOW_UP_PRIORITY as readonly string[]).includes(k)),
      ]
    : Object.keys(counts);
  addBlock(b, lang, {
    title: byType ? 'b_contacts_types' : 'b_contacts',
    note: byType ? 'n_contacts_follow_up' : 'n_contacts_stage_status',
    header: labels(lang, ['h_contact', 'h_customers']),
    body:
      contactKeys.length > 0
        ? contactKeys.map((k) => [contactLabel(s.contacts.source, k, lang, opts), counts[k]])
        : [[TEXT(lang, 'no_data'), '']],
  });
}

/** Who to contact now, by name, with the follow-up suggested for each: near the top. */
function addContactsNow(b: TableBuilder, lang: Lang, now: NonNullable<SummaryTableOptions['contactsNow']>): void {
  const shown = now.people.slice(0, CONTACTS_SHOWN);
  addBlock(b, lang, {
    title: 'b_contacts_now',
    note: 'n_contacts_now',
    header: labels(lang, ['h_name', 'h_suggested']),
    body: shown.length > 0 ? shown.map((p) => [p.name, p.contact]) : [[TEXT(lang, 'no_data'), '']],
  });
  if (now.total > shown.length) {
    b.rows.splice(b.rows.length - 1, 0, [TEXT(lang, 'more_on_segments', { more: now.total - shown.length })]);
  }
}

function labels(lang: Lang, keys: TextKey[]): string[] {
  return keys.map((k) => TEXT(lang, k));
}

interface Block {
  title: TextKey;
  /** Noted on the title cell. */
  note?: TextKey;
  header: Cell[];
  body: Cell[][];
}

/** Adds [title], [header], the body and a blank row; returns the index of the first body row. */
function addBlock(b: TableBuilder, lang: Lang, block: Block): number {
  const titleRow = b.bold(b.add([TEXT(lang, block.title)]));
  if (block.note) b.note(titleRow, 0, TEXT(lang, block.note));
  b.bold(b.add(block.header));
  const first = b.rows.length;
  for (const row of block.body) b.add(row);
  b.add([]);
  return first;
}

/** The Follow-up results block (followup-results.ts): its rows, the note on its title, the rates as percents. */
function addFollowUpResults(b: TableBuilder, s: Summary, lang: Lang, opts: SummaryTableOptions): void {
  if (!s.followUpResults) return;
  const block = followUpResultsRows(s.followUpResults, lang, (t) => contactLabel('follow_up', t, lang, opts));
  const title = b.rows.length;
  for (const row of block.rows) b.add(row);
  b.note(title, 0, block.note);
  for (const col of block.rateColumns) b.format('percent', title + 2, col, block.rows.length - 2);
  b.add([]);
}

/** 'stage.status' → 'Repeat / At risk'; follow-up types through the caller's labels. */
function contactLabel(
  source: Summary['contacts']['source'],
  key: string,
  lang: Lang,
  opts: SummaryTableOptions,
): string {
  if (source === 'follow_up') return opts.contactLabel ? opts.contactLabel(key, lang) : key;
  const [stage, status] = key.split('.') as [Stage, Status | 'none'];
  return TEXT(lang, 'pair', {
    a: classificationLabel(lang, stage),
    b: status === 'none' ? TEXT(lang, 'no_visit') : classificationLabel(lang, status),
  });
}

// ---------------------------------------------------------------------------------------------
// History

/** Header (historyHeader) and one row per month; a count missing from an old tab stays blank. */
export function historyTable(rows: HistoryRow[], lang: Lang): Table {
  const b = new TableBuilder();
  b.add(historyHeader(lang));
  for (const r of rows) b.add([r.month, ...HISTORY_KEYS.map((k) => r.counts[k] ?? '')]);
  // Month text must stay text to be matched on the next merge.
  b.format('text', 1, 0, rows.length);
  return b.build();
}

// ---------------------------------------------------------------------------------------------
// Transitions

function originLabel(lang: Lang, o: Origin): string {
  return o === 'none' ? TEXT(lang, 't_none') : classificationLabel(lang, o);
}

/**
 * Row 0: [corner (noted with the definition), to-stages…, total]; then one row per origin
 * (matrix.from order) with its row total; last row: column totals and the grand total.
 */
export function transitionsTable(m: TransitionMatrix, lang: Lang): Table {
  const b = new TableBuilder();
  b.add([TEXT(lang, 't_corner'), ...m.to.map((s) => classificationLabel(lang, s)), TEXT(lang, 'total')]);
  b.note(0, 0, TEXT(lang, 't_note', { cutoff: dateText(m.cutoff, lang), asOf: dateText(m.asOf, lang) }));
  const colTotals = m.to.map(() => 0);
  m.from.forEach((o, i) => {
    const row = m.counts[i];
    row.forEach((n, j) => (colTotals[j] += n));
    b.add([originLabel(lang, o), ...row, sum(row)]);
  });
  b.add([TEXT(lang, 'total'), ...colTotals, sum(colTotals)]);
  return b.build();
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
