// How the sales pass reads one row (sales.ts: RowIntake), the cases the sales-b-* files leave out:
// each column that names a customer, a product or a referrer standing first (column 0), a name
// part without its pair, the reason of an unreadable date after another rejection, an export's
// refund column first, and a merged customer's further line without a name.
import { ColumnMapping } from '../../src/core/columns';
import { OrderRules } from '../../src/core/order-rules';
import { SaleLine, SalesAnalysis, SalesInput } from '../../src/core/sales';
import { analyzeRows, day } from './sales-b-run';

const run = (rows: unknown[][], mapping: ColumnMapping, extra: Partial<SalesInput> = {}) =>
  analyzeRows(rows, mapping, extra);

const reasons = (a: SalesAnalysis) => a.rejected.map((r) => [r.rowNumber, r.reason]);
const keysAndNames = (a: SalesAnalysis) => a.customers.map((c) => [c.key, c.name]);

// An export with none of its optional columns; each test names the ones it uses.
const RULES: OrderRules = {
  orderTotal: true,
  statuses: [],
  refund: -1,
  memberId: -1,
  linePrice: -1,
  quantity: -1,
  lineAmount: -1,
};
const exported = (rows: unknown[][], mapping: ColumnMapping, rules: Partial<OrderRules> = {}) =>
  run(rows, mapping, { orders: { ...RULES, ...rules } });

describe('columns in the first place', () => {
  test('the lines told to onLine carry a product or a referrer read in column 0', () => {
    const products: SaleLine[] = [];
    run(
      [['x', '2025/1/5', 'A', 100]],
      { product: 0, date: 1, customer: 2, amount: 3 },
      { onLine: (l) => products.push(l) },
    );
    expect(products.map((l) => [l.customer, l.product])).toStrictEqual([[0, 'x']]);
    const referrers: SaleLine[] = [];
    run(
      [
        ['', '2025/1/5', 'A', 100],
        ['A様', '2025/1/6', 'B', 100],
      ],
      { referrer: 0, date: 1, customer: 2, amount: 3 },
      { onLine: (l) => referrers.push(l) },
    );
    // The referrer is told by its key: 'A様' is A.
    expect(referrers.map((l) => [l.customer, l.referrer])).toStrictEqual([
      [0, ''],
      [1, 'A'],
    ]);
  });

  test('a sheet kept by hand with its customer column first', () => {
    const a = run(
      [
        ['A', '2025/1/5', 100],
        ['B', '2025/1/6', 200],
        ['A', '2025/1/7', 300],
      ],
      { customer: 0, date: 1, amount: 2 },
    );
    expect(a.customers.map((c) => [c.key, c.visits, c.revenue])).toStrictEqual([
      ['A', 2, 400],
      ['B', 1, 200],
    ]);
    expect(a.rejected).toStrictEqual([]);
  });

  test('a sheet kept by hand with its family name first', () => {
    const a = run([['山田', '花子', '2025/1/5', 100]], { familyName: 0, givenName: 1, date: 2, amount: 3 });
    expect(keysAndNames(a)).toStrictEqual([['山田花子', '山田 花子']]);
  });

  test('an export with its name column first, or its family name first', () => {
    const named = exported([['山田 花子', '2025/1/5', 100, '#1']], { customer: 0, date: 1, amount: 2, orderId: 3 });
    expect(keysAndNames(named)).toStrictEqual([['山田花子', '山田 花子']]);
    const parts = exported([['山田', '花子', '2025/1/5', 100, '#1']], {
      familyName: 0,
      givenName: 1,
      date: 2,
      amount: 3,
      orderId: 4,
    });
    expect(keysAndNames(parts)).toStrictEqual([['山田花子', '山田 花子']]);
  });

  test('an export’s refund column first: a part taken off, the whole refunded', () => {
    const a = exported(
      [
        [300, '2025/1/5', 'A', 1000, '#1'],
        ['1,000', '2025/1/6', 'A', 1000, '#2'],
      ],
      { date: 1, customer: 2, amount: 3, orderId: 4 },
      { refund: 0 },
    );
    expect(a.customers.map((c) => [c.key, c.visits, c.revenue])).toStrictEqual([['A', 1, 700]]);
    expect(reasons(a)).toStrictEqual([[3, 'order_refunded']]);
  });
});

describe('name parts come as a pair', () => {
  test('by hand, a given name without a family-name column names nobody (the row is no anonymous sale either)', () => {
    const a = run(
      [
        ['2025/1/5', 100, '', '花子'],
        ['2025/1/6', 100, 'a@example.com', '花子'],
      ],
      { date: 0, amount: 1, email: 2, givenName: 3 },
    );
    expect(reasons(a)).toStrictEqual([[2, 'customer_missing']]);
    expect(keysAndNames(a)).toStrictEqual([['a@example.com', 'a@example.com']]);
    expect(a.anonymous.rows).toBe(0);
  });

  test('in an export, a given name alone neither names the customer nor is shown', () => {
    const a = exported(
      [
        ['2025/1/5', 100, '#1', '花子', 'M1'],
        ['2025/1/6', 100, '#2', '健', ''],
      ],
      { date: 0, amount: 1, orderId: 2, givenName: 3 },
      { memberId: 4 },
    );
    expect(keysAndNames(a)).toStrictEqual([['M1', 'M1']]);
    expect(reasons(a)).toStrictEqual([[3, 'customer_missing']]);
  });
});

describe('reasons and spellings', () => {
  test('an unreadable date is said so, also right after a row rejected for something else, and on the first row', () => {
    const mapping = { date: 0, customer: 1, amount: 2 };
    const a = run(
      [
        ['2025/1/5', 'A', ''],
        ['いつか', 'B', 100],
      ],
      mapping,
    );
    expect(reasons(a)).toStrictEqual([
      [2, 'amount_missing'],
      [3, 'date_unreadable'],
    ]);
    expect(reasons(run([['いつか', 'A', 100]], mapping))).toStrictEqual([[2, 'date_unreadable']]);
  });

  test('a merged customer keeps their spelling when a further line of their order leaves the name blank', () => {
    const a = run(
      [
        ['2025/1/5', 'B', 100, '#1'],
        ['2025/1/5', '', 50, '#1'],
      ],
      { date: 0, customer: 1, amount: 2, orderId: 3 },
      { aliases: new Map([['B', 'A']]) },
    );
    expect(a.customers.map((c) => [c.key, c.name, c.visits, c.revenue, c.firstSeenDay])).toStrictEqual([
      ['A', 'B', 1, 150, day('2025-01-05')],
    ]);
  });
});
