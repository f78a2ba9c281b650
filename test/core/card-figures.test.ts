// The card's top: the follow-ups due in their priority order, and the month beside the month before.
import { cardActions, cardFigures, revenueTrend } from '../../src/core/card-figures';
import { HistoryRow } from '../../src/core/metrics';

const row = (month: string, counts: HistoryRow['counts']): HistoryRow => ({ month, counts });

test('at most three actions, in the priority order (win-back, at-risk, second visit …), none for a zero count', () => {
  const actions = cardActions({ new_thanks: 4, new_second_offer: 5, winback: 0, at_risk: 3, fan_vip: 2 }, 'ja');
  expect(actions.map((a) => [a.type, a.count])).toStrictEqual([
    ['at_risk', 3],
    ['new_second_offer', 5],
    ['new_thanks', 4],
  ]);
  expect(actions[1].label).toBe('2回目のお誘い');
});

describe('cardFigures', () => {
  const november = row('2026-11', {
    revenue_new: 30_000,
    revenue_repeat: 90_000,
    visitors: 40,
    first_buyers: 12,
    at_risk: 7,
    lapsed: 20,
  });
  const october = row('2026-10', {
    revenue_new: 40_000,
    revenue_repeat: 60_000,
    visitors: 40,
    first_buyers: 15,
    at_risk: 5,
    lapsed: 21,
  });
  const days = { atRisk: 90, lapsed: 240 };

  it('values, the change with ▲/▼ and whether it is good news (ja)', () => {
    const f = Object.fromEntries(cardFigures(november, october, 'ja', days).map((x) => [x.key, x]));
    // 120,000 against 100,000.
    expect([f.revenue.value, f.revenue.change, f.revenue.good]).toStrictEqual(['120,000円', '▲20,000円', true]);
    // 75.0% against 60.0%: 15 points up.
    expect([f.repeat_share.value, f.repeat_share.change, f.repeat_share.previous]).toStrictEqual([
      '75.0%',
      '▲15.0pt',
      '60.0%',
    ]);
    expect([f.visitors.change, f.visitors.good]).toStrictEqual(['±0', null]);
    expect([f.first_buyers.change, f.first_buyers.good]).toStrictEqual(['▼3', false]);
    // More customers at risk is bad news, fewer lapsed good news.
    expect([f.at_risk.change, f.at_risk.good]).toStrictEqual(['▲2', false]);
    expect([f.lapsed.change, f.lapsed.good]).toStrictEqual(['▼1', true]);
    expect(f.at_risk.hint).toContain('90日以上');
  });

  it('without a month before, or a column an old History lacks: no change, n/a', () => {
    const f = Object.fromEntries(
      cardFigures(row('2026-11', { at_risk: 2 }), undefined, 'en', days).map((x) => [x.key, x]),
    );
    expect([f.at_risk.value, f.at_risk.change, f.at_risk.previous]).toStrictEqual(['2', null, null]);
    expect(f.revenue.value).toBe('n/a');
  });
});

test('the trend is the last twelve months, oldest first', () => {
  const rows = Array.from({ length: 14 }, (_, i) =>
    row(`2025-${String((i % 12) + 1).padStart(2, '0')}`, { revenue_new: i, revenue_repeat: 2 * i }),
  );
  const trend = revenueTrend(rows);
  expect(trend).toHaveLength(12);
  expect(trend[0]).toStrictEqual({ month: '2025-03', newRevenue: 2, repeatRevenue: 4 });
  expect(trend[11]).toStrictEqual({ month: '2025-02', newRevenue: 13, repeatRevenue: 26 });
});
