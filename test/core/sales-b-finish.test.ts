// The end of the sales pass (sales.ts: referralsOf, finishSales, tally, startSales): what the
// analysis carries besides the customers, each figure worked out by hand from a dozen rows.
import { dayOfDateIn } from '../../src/core/days';
import { SalesInput, startSales } from '../../src/core/sales';
import { analyzeRows, day } from './sales-b-run';

const MAPPING = { date: 0, customer: 1, amount: 2, product: 3, referrer: 4 };

const run = (rows: unknown[][], asOf = '2025-04-06', extra: Partial<SalesInput> = {}) =>
  analyzeRows(rows, MAPPING, extra, asOf);

// Customers in order of appearance: A 0, B 1, C 2, D 3, E 4.
const ROWS = () => [
  ['2025/1/1', 'A', 100.1, 'x', ''],
  ['2025/1/9', 'B', 100, 'y', 'A'],
  ['2025/1/4', 'B', 100.2, 'y', 'A様'], // the same referral, named earlier in time: dated Jan 4
  ['2025/1/10', 'B', 50, 'y', 'A'], // and later: still Jan 4
  ['2025/1/6', 'C', 100, '', 'B'],
  ['2025/1/7', 'A', 100, 'x', 'A'], // naming oneself is no referral
  ['2025/1/8', 'C', 0, 'z', 'Z'], // nobody called Z; a ¥0 line sells no product
  ['2025/1/8', '', 0.1, '', ''], // anonymous
  ['2025/1/9', '', 0.2, '', ''], // anonymous
  ['2025/1/2', 'D', 0, '', ''], // a prospect
  ['2025/1/3', 'E', 0.1, '', ''],
  ['2025/1/5', 'E', 0.2, '', ''],
];

describe('the analysis beside its customers', () => {
  test('referral edges: one per referrer and referred, dated by the earliest row naming them', () => {
    const a = run(ROWS());
    expect(a.referrals).toStrictEqual([
      { referrer: 0, referred: 1, day: day('2025-01-04') },
      { referrer: 1, referred: 2, day: day('2025-01-06') },
    ]);
    expect(a.customers.map((c) => c.referrals)).toEqual([1, 1, 0, 0, 0]);
  });

  test('without a single referral edge every customer has 0 referrals', () => {
    const a = run([
      ['2025/1/1', 'A', 100, '', 'A'],
      ['2025/1/2', 'B', 100, '', 'Nobody'],
    ]);
    expect(a.referrals).toEqual([]);
    expect(a.customers.map((c) => [c.referrals, c.stage])).toEqual([
      [0, 'new'],
      [0, 'new'],
    ]);
  });

  test('money is rounded to the cent: a customer’s revenue and the anonymous sales (0.1 + 0.2)', () => {
    const a = run(ROWS());
    expect(a.customers[4].revenue).toBe(0.3);
    expect(a.anonymous.revenue).toBe(0.3);
    expect(a.anonymous.rows).toBe(2);
    expect(a.anonymous.visits).toBe(2);
  });

  test('the shop’s average order is all paid rows of customers over their visits; 0 without a visit', () => {
    // Paid: A 100.1 + 100, B 100 + 100.2 + 50, C 100, E 0.1 + 0.2 = 550.6 over 8 visits.
    const a = run(ROWS());
    expect(a.visits.count).toBe(8);
    expect(a.shopAverageOrder).toBeCloseTo(550.6 / 8, 9);
    expect(a.spendLine).toBeCloseTo((7 * 550.6) / 8, 9);
    const none = run([['2025/1/2', 'D', 0, '', '']]);
    expect(none.shopAverageOrder).toBe(0);
    expect(none.spendLine).toBe(0);
  });

  test('label counts: every customer once by stage, those with a visit by status and segment', () => {
    // As of 2025-04-06: A last came 89 days before (Jan 7), B 86, C 90, E 91: at risk from 90.
    // A and B referred someone: fans; C came once (new, First); E twice over 2 days (repeat).
    const a = run(ROWS());
    expect(a.customers.map((c) => [c.stage, c.status, c.segment])).toEqual([
      ['fan', 'active', 'toddler'],
      ['fan', 'active', 'toddler'],
      ['new', 'at_risk', 'first'],
      ['prospect', null, null],
      ['repeat', 'at_risk', 'toddler'],
    ]);
    expect(a.labelCounts).toStrictEqual({
      stage: { prospect: 1, new: 1, repeat: 1, fan: 2 },
      status: { active: 2, at_risk: 2, lapsed: 0 },
      segment: {
        first: 1,
        toddler: 3,
        steady: 0,
        trendy: 0,
        loyal: 0,
        first_lapsed: 0,
        toddler_lapsed: 0,
        steady_lapsed: 0,
        trendy_lapsed: 0,
        loyal_lapsed: 0,
      },
    });
  });

  test('product sales: one entry per customer and product sold for money, no spare room', () => {
    const a = run(ROWS());
    expect(a.productNames).toEqual(['x', 'y']);
    expect(Array.from(a.productSales.customer)).toEqual([0, 1]);
    expect(Array.from(a.productSales.product)).toEqual([0, 1]);
    expect(Array.from(a.productSales.rows)).toEqual([2, 3]);
    expect(Array.from(a.productSales.revenue)).toEqual([100.1 + 100, 100 + 100.2 + 50]);
    expect(a.customers.map((c) => c.topProduct)).toEqual(['x', 'y', '', '', '']);
  });

  test('the export’s profile is carried, generic when none is named', () => {
    expect(run(ROWS()).profile).toBe('generic');
    expect(run(ROWS(), '2025-04-06', { profile: 'shopify' }).profile).toBe('shopify');
  });

  test('a pass fed from a row offset reads from there, and a pass sized for more rows reads the same', () => {
    const rows = ROWS();
    const pass = startSales({
      mapping: MAPPING,
      asOf: day('2025-04-06'),
      dayOf: dayOfDateIn('Asia/Tokyo'),
      expectedRows: 3,
    });
    pass.add([['header'], ...rows.slice(0, 5)], 1, 1);
    pass.add(rows.slice(5), 7);
    const a = pass.finish();
    const whole = run(rows);
    expect(a.counts).toEqual(whole.counts);
    expect(JSON.parse(JSON.stringify(a.customers))).toEqual(JSON.parse(JSON.stringify(whole.customers)));
    expect(a.referrals).toEqual(whole.referrals);
  });
});

describe('each customer’s top product, whichever line came first', () => {
  test('more rows beat a product sold earlier; more revenue and then the name break a tie of rows', () => {
    const a = run([
      ['2025/1/1', 'A', 100, '', ''], // the first customer sells no product
      ['2025/1/1', 'P', 500, 'x', ''],
      ['2025/1/2', 'P', 100, 'y', ''],
      ['2025/1/3', 'P', 100, 'y', ''], // y: 2 rows against x's 1, though x sold for more
      ['2025/1/1', 'Q', 300, 'x', ''],
      ['2025/1/2', 'Q', 100, 'y', ''], // 1 row each: x sold for more and stays
      ['2025/1/1', 'R', 100, 'a', ''],
      ['2025/1/2', 'R', 100, 'b', ''], // 1 row and ¥100 each: a comes first by name and stays
    ]);
    expect(a.customers.map((c) => [c.name, c.topProduct])).toEqual([
      ['A', ''],
      ['P', 'y'],
      ['Q', 'x'],
      ['R', 'a'],
    ]);
  });
});
