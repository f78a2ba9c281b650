// What the sidebar's card shows an owner first: what to do (the follow-ups due, in their priority
// order), the report month's numbers beside the month before (▲/▼), each with a one-line
// explanation, and the last twelve months of new vs repeat revenue. Plain data, formatted here so
// that the card (the client) only lays it out.

import { Lang, defineText } from './labels';
import { HistoryKey, HistoryRow } from './metrics';
import { FOLLOW_UP_PRIORITY } from './followup-priority';
import { FollowUpType, followUpTypeLabel } from './templates';

export interface CardAction {
  type: FollowUpType;
  label: string;
  count: number;
}

export interface CardFigure {
  key: FigureKey;
  label: string;
  /** One line: what the number means, for hover or tap. */
  hint: string;
  value: string;
  /** The month before, formatted; null when History has no such month. */
  previous: string | null;
  /** '▲3', '▼1.2pt', '±0'; null without a previous month. */
  change: string | null;
  /** Whether the change is good news for the shop (an increase of lapsed customers is not). */
  good: boolean | null;
}

export interface TrendPoint {
  month: string;
  newRevenue: number;
  repeatRevenue: number;
}

const FIGURE_KEYS = ['revenue', 'repeat_share', 'visitors', 'first_buyers', 'at_risk', 'lapsed'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
/** The card's figures and the Summary's month figures (the card leaves out the active rate). */
export type MonthFigureKey = FigureKey | 'active_rate';

const TEXT = defineText({
  ja: {
    revenue: '売上',
    revenue_hint: 'この月の来店（支払いのある購入）の売上の合計。',
    repeat_share: 'リピート売上比率',
    repeat_share_hint: '売上のうち、2回目以降の来店の売上の割合。高いほど常連に支えられています。',
    visitors: '来店したお客様',
    visitors_hint: 'この月に1回以上購入したお客様の人数。',
    first_buyers: '初めてのお客様',
    first_buyers_hint: 'この月に初めて購入したお客様の人数。',
    at_risk: '要フォロー',
    at_risk_hint: '最後の来店から{atRisk}日以上たち、離れかけているお客様（月末時点）。',
    lapsed: '離脱',
    lapsed_hint: '最後の来店から{lapsed}日以上たったお客様（月末時点）。',
    yen: '{n}円',
    pt: '{n}pt',
  },
  en: {
    revenue: 'Revenue',
    revenue_hint: "The month's revenue from visits (paid purchases).",
    repeat_share: 'Repeat revenue share',
    repeat_share_hint: 'The share of revenue from 2nd and later visits: the higher, the more regulars carry the shop.',
    visitors: 'Customers with a visit',
    visitors_hint: 'Customers who bought at least once in the month.',
    first_buyers: 'First-time customers',
    first_buyers_hint: 'Customers whose first purchase was in the month.',
    at_risk: 'At risk',
    at_risk_hint: 'Customers whose last visit was {atRisk} or more days ago: slipping away (at the month’s end).',
    lapsed: 'Lapsed',
    lapsed_hint: 'Customers whose last visit was {lapsed} or more days ago (at the month’s end).',
    yen: '{n}',
    pt: '{n} pt',
  },
});

/** Up to three follow-up types due now, in the follow-ups' priority order, with how many people each. */
export function cardActions(counts: Partial<Record<FollowUpType, number>>, lang: Lang): CardAction[] {
  return FOLLOW_UP_PRIORITY.filter((type) => (counts[type] ?? 0) > 0)
    .slice(0, 3)
    .map((type) => ({ type, label: followUpTypeLabel(lang, type), count: counts[type] as number }));
}

/** A month's figure as a number and what kind of number it is; null when it cannot be worked out. */
export type FigureValue = { n: number; kind: 'money' | 'count' | 'share' } | null;

/**
 * A figure of a History row (the month as of its last day): the card and the Summary take the
 * month and the month before from the same rows, so both columns follow one definition.
 */
export function figureValue(key: MonthFigureKey, row: HistoryRow | undefined): FigureValue {
  if (!row) return null;
  const c = (k: HistoryKey) => row.counts[k];
  if (key === 'active_rate') {
    // Customers with a visit up to the month's end are those with a status.
    const visitors = c('visitors');
    const known = [c('active'), c('at_risk'), c('lapsed')];
    // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression: a missing count makes the sum NaN; NaN > 0 is false
    if (visitors === undefined || known.some((n) => n === undefined)) return null;
    const withVisit = (known as number[]).reduce((a, b) => a + b, 0);
    return withVisit > 0 ? { n: visitors / withVisit, kind: 'share' } : null;
  }
  const newRevenue = c('revenue_new');
  const repeatRevenue = c('revenue_repeat');
  if (key === 'revenue' || key === 'repeat_share') {
    if (newRevenue === undefined || repeatRevenue === undefined) return null;
    const total = newRevenue + repeatRevenue;
    if (key === 'revenue') return { n: total, kind: 'money' };
    return total > 0 ? { n: repeatRevenue / total, kind: 'share' } : null;
  }
  const n = c(key);
  return n === undefined ? null : { n, kind: 'count' };
}

// Stryker disable next-line ConditionalExpression,EqualityOperator: ja-JP and en-US write numbers alike (1,234.5)
const plain = (n: number, lang: Lang) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');

function format(v: FigureValue, lang: Lang): string {
  if (v === null) return lang === 'ja' ? '—' : 'n/a';
  if (v.kind === 'share') return `${(v.n * 100).toFixed(1)}%`;
  if (v.kind === 'money') return TEXT(lang, 'yen', { n: plain(Math.round(v.n), lang) });
  return plain(v.n, lang);
}

/** '▲3', '▼1.2pt' (points for a share), '±0'; null when either month lacks the figure. */
export function changeOf(now: FigureValue, before: FigureValue, lang: Lang): { change: string; delta: number } | null {
  if (now === null || before === null) return null;
  const delta = now.kind === 'share' ? Math.round((now.n - before.n) * 1000) / 10 : Math.round(now.n - before.n);
  const size = Math.abs(delta);
  const text = now.kind === 'share' ? TEXT(lang, 'pt', { n: size.toFixed(1) }) : format({ ...now, n: size }, lang);
  // Stryker disable next-line EqualityOperator: delta === 0 is answered first, so > 0 and >= 0 agree
  return { change: delta === 0 ? `±${text}` : `${delta > 0 ? '▲' : '▼'}${text}`, delta };
}

/** The report month's figures beside the month before's (both History rows, the latter optional). */
export function cardFigures(
  month: HistoryRow,
  previous: HistoryRow | undefined,
  lang: Lang,
  days: { atRisk: number; lapsed: number },
): CardFigure[] {
  return FIGURE_KEYS.map((key) => {
    const now = figureValue(key, month);
    const before = figureValue(key, previous);
    const change = changeOf(now, before, lang);
    // More customers slipping away or lapsed is bad news; more of anything else is good.
    const worse = key === 'at_risk' || key === 'lapsed';
    return {
      key,
      label: TEXT(lang, key),
      hint: TEXT(lang, `${key}_hint`, days),
      value: format(now, lang),
      previous: previous ? format(before, lang) : null,
      change: change?.change ?? null,
      // Stryker disable next-line EqualityOperator: a zero change is answered first (null), so > 0 and >= 0 agree
      good: change === null || change.delta === 0 ? null : change.delta > 0 !== worse,
    };
  });
}

/** The last `months` History rows' new and repeat revenue, oldest first (for the card's chart). */
export function revenueTrend(rows: readonly HistoryRow[], months = 12): TrendPoint[] {
  return rows.slice(-months).map((r) => ({
    month: r.month,
    newRevenue: r.counts.revenue_new ?? 0,
    repeatRevenue: r.counts.revenue_repeat ?? 0,
  }));
}
