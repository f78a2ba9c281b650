// The card's top: the follow-ups due in their priority order, and the month beside the month before.
import { cardActions, cardFigures, changeOf, figureValue, revenueTrend } from '../../src/core/card-figures';
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

describe('a History row’s figures, one at a time', () => {
  test('the active rate: visitors over the customers with a status; none when a column is missing or nobody has visited', () => {
    // 3 of the 4 + 1 + 1 = 6 customers with a visit so far came in the month.
    expect(figureValue('active_rate', row('2026-11', { visitors: 3, active: 4, at_risk: 1, lapsed: 1 }))).toStrictEqual(
      {
        n: 0.5,
        kind: 'share',
      },
    );
    expect(figureValue('active_rate', row('2026-11', { visitors: 3, active: 4, at_risk: 1 }))).toBeNull();
    expect(figureValue('active_rate', row('2026-11', { active: 4, at_risk: 1, lapsed: 1 }))).toBeNull();
    expect(figureValue('active_rate', row('2026-11', { visitors: 0, active: 0, at_risk: 0, lapsed: 0 }))).toBeNull();
    expect(figureValue('active_rate', undefined)).toBeNull();
  });

  test('revenue and the repeat share need both revenue columns; no revenue has no share', () => {
    expect(figureValue('revenue', row('2026-11', { revenue_new: 100 }))).toBeNull();
    expect(figureValue('repeat_share', row('2026-11', { revenue_repeat: 100 }))).toBeNull();
    const none = row('2026-11', { revenue_new: 0, revenue_repeat: 0 });
    expect(figureValue('revenue', none)).toStrictEqual({ n: 0, kind: 'money' });
    expect(figureValue('repeat_share', none)).toBeNull();
    expect(figureValue('visitors', none)).toBeNull();
  });

  test('the change rounds to whole yen and tenths of a point before its sign is chosen', () => {
    const money = (n: number) => ({ n, kind: 'money' as const });
    const share = (n: number) => ({ n, kind: 'share' as const });
    // 0.4 yen more is no change; 0.0004 (0.04 points) neither.
    expect(changeOf(money(1000.4), money(1000), 'en')).toStrictEqual({ change: '±0', delta: 0 });
    expect(changeOf(share(0.5004), share(0.5), 'ja')).toStrictEqual({ change: '±0.0pt', delta: 0 });
    // 1,234.6 yen less: ▼1,235 (ja with 円, en without); 0.1234 down is 12.3 points.
    expect(changeOf(money(0), money(1234.6), 'ja')).toStrictEqual({ change: '▼1,235円', delta: -1235 });
    expect(changeOf(money(0), money(1234.6), 'en')).toStrictEqual({ change: '▼1,235', delta: -1235 });
    expect(changeOf(share(0.5), share(0.6234), 'en')).toStrictEqual({ change: '▼12.3 pt', delta: -12.3 });
    expect(changeOf(null, money(1), 'en')).toBeNull();
    expect(changeOf(money(1), null, 'en')).toBeNull();
  });

  test('a figure missing in Japanese is a dash; money is rounded to the yen', () => {
    const f = Object.fromEntries(
      cardFigures(row('2026-11', { revenue_new: 1234.5, revenue_repeat: 0 }), row('2026-10', {}), 'ja', {
        atRisk: 90,
        lapsed: 240,
      }).map((x) => [x.key, x]),
    );
    expect([f.revenue.value, f.revenue.previous, f.revenue.change, f.revenue.good]).toStrictEqual([
      '1,235円',
      '—',
      null,
      null,
    ]);
    expect(f.lapsed.hint).toBe('最後の来店から240日以上たったお客様（月末時点）。');
  });

  test('the trend counts a missing revenue column as 0 and takes as many months as asked', () => {
    const rows = [row('2026-09', { revenue_new: 5 }), row('2026-10', { revenue_repeat: 7 }), row('2026-11', {})];
    expect(revenueTrend(rows, 2)).toStrictEqual([
      { month: '2026-10', newRevenue: 0, repeatRevenue: 7 },
      { month: '2026-11', newRevenue: 0, repeatRevenue: 0 },
    ]);
  });
});
