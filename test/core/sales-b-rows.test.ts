// How the sales pass reads one row (sales.ts: RowIntake): dates as text, Date objects and serial
// numbers; amounts at the edges of their range; an export's refunds and line amounts; who the
// customer of a row is (numbers as names, name parts, email, the order's customer).
import { OrderRules } from '../../src/core/order-rules';
import { SaleLine, SalesAnalysis, SalesInput } from '../../src/core/sales';
import { analyzeRows, day } from './sales-b-run';

// Columns: date, customer, amount, email, order id
const MAPPING = { date: 0, customer: 1, amount: 2, email: 3 };

const run = (rows: unknown[][], extra: Partial<SalesInput> = {}) => analyzeRows(rows, MAPPING, extra);

const reasons = (a: SalesAnalysis) => a.rejected.map((r) => [r.rowNumber, r.reason]);
const visitDays = (a: SalesAnalysis) => Array.from(a.visits.day);

describe('dates', () => {
  test('Date objects: the same instant twice is one day, an invalid Date is unreadable', () => {
    const a = run([
      [new Date('2025-01-05T10:00:00+09:00'), 'A', 100],
      [new Date('2025-01-05T10:00:00+09:00'), 'B', 100],
      [new Date(Number.NaN), 'A', 100],
      [new Date('2025-01-06T23:30:00+09:00'), 'A', 100],
      [new Date(Number.NaN), 'B', 100],
    ]);
    expect(reasons(a)).toStrictEqual([
      [4, 'date_unreadable'],
      [6, 'date_unreadable'],
    ]);
    expect(a.customers.map((c) => [c.name, c.firstDay, c.lastDay])).toStrictEqual([
      ['A', day('2025-01-05'), day('2025-01-06')],
      ['B', day('2025-01-05'), day('2025-01-05')],
    ]);
  });

  test('a date typed twice reads the same both times, an unreadable one too; spaces are no date', () => {
    const a = run([
      ['2025/1/5', 'A', 100],
      ['いつか', 'B', 100],
      ['2025/1/5', 'C', 100],
      ['いつか', 'D', 100],
      ['   ', 'E', 100],
    ]);
    expect(reasons(a)).toStrictEqual([
      [3, 'date_unreadable'],
      [5, 'date_unreadable'],
      [6, 'date_missing'],
    ]);
    expect(visitDays(a)).toStrictEqual([day('2025-01-05'), day('2025-01-05')]);
  });

  test('a serial number is a date; true is not', () => {
    // 45658 is 2025-01-01 in Sheets' serials.
    const a = run([
      [45658, 'A', 100],
      [true, 'B', 100],
    ]);
    expect(visitDays(a)).toStrictEqual([day('2025-01-01')]);
    expect(reasons(a)).toStrictEqual([[3, 'date_unreadable']]);
  });
});

describe('amounts', () => {
  test('¥1,000,000,000,000 either way is in range, one and a half times that is not, NaN is unreadable', () => {
    const a = run([
      ['2025/1/5', 'A', 1e12],
      ['2025/1/6', 'A', -1e12],
      ['2025/1/7', 'B', 1.5e12],
      ['2025/1/7', 'B', -1.5e12],
      ['2025/1/7', 'B', Infinity],
      ['2025/1/7', 'B', Number.NaN],
      ['2025/1/7', 'B', true],
    ]);
    expect(reasons(a)).toStrictEqual([
      [4, 'amount_out_of_range'],
      [5, 'amount_out_of_range'],
      [6, 'amount_out_of_range'],
      [7, 'amount_unreadable'],
      [8, 'amount_unreadable'],
    ]);
    expect(a.customers.map((c) => [c.name, c.revenue, c.paidTotal])).toStrictEqual([['A', 0, 1e12]]);
  });

  test('an amount typed twice reads the same both times, an unreadable one too', () => {
    const a = run([
      ['2025/1/5', 'A', '¥1,000'],
      ['2025/1/6', 'A', 'たくさん'],
      ['2025/1/7', 'A', '¥1,000'],
      ['2025/1/8', 'A', 'たくさん'],
    ]);
    expect(reasons(a)).toStrictEqual([
      [3, 'amount_unreadable'],
      [5, 'amount_unreadable'],
    ]);
    expect(a.customers[0].revenue).toBe(2000);
  });

  test('in a sheet with an order column, a further line may leave the amount blank; a first line may not', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 1000, '', '#1'],
        ['', '', '', '', '#1'],
        ['2025/1/6', 'B', '', '', '#2'],
      ],
      { mapping: { ...MAPPING, orderId: 4 } },
    );
    expect(reasons(a)).toStrictEqual([[4, 'amount_missing']]);
    expect(a.counts.used).toBe(2);
    expect(a.customers.map((c) => [c.name, c.visits, c.revenue])).toStrictEqual([['A', 1, 1000]]);
  });
});

// An export: date, name, email, total, order id, product, quantity, price, line amount, refund, member
const EXPORT = { date: 0, customer: 1, email: 2, amount: 3, orderId: 4, product: 5 };
// Price × quantity by default; each test names the columns it changes.
const RULES: OrderRules = {
  orderTotal: true,
  statuses: [],
  refund: 9,
  memberId: 10,
  linePrice: 7,
  quantity: 6,
  lineAmount: -1,
};
const exported = (rows: unknown[][], rules: Partial<OrderRules> = {}, mapping: object = EXPORT) =>
  run(rows, { mapping, orders: { ...RULES, ...rules } });
const productRevenue = (a: SalesAnalysis) =>
  Array.from(a.productSales.product, (p, i) => [a.productNames[p], a.productSales.revenue[i]]);

describe('an export’s refunds and line amounts', () => {
  test('a ¥0 order with a refund figure is used as ¥0, not a refund in full; a refund of 0 takes nothing off', () => {
    const a = exported([
      ['2025/1/5', 'A', '', 0, '#1', 'x', 1, 0, '', 500, ''],
      ['2025/1/6', 'A', '', 800, '#2', 'x', 1, 800, '', '0', ''],
    ]);
    expect(a.rejected).toStrictEqual([]);
    expect(a.customers.map((c) => [c.visits, c.revenue])).toStrictEqual([[1, 800]]);
  });

  test('a line’s own amount column; a blank one sells for 0', () => {
    const a = exported(
      [
        ['2025/1/5', 'A', '', 1000, '#1', 'x', '', '', 700, '', ''],
        ['2025/1/5', '', '', '', '#1', 'y', '', '', '', '', ''],
      ],
      { lineAmount: 8 },
    );
    expect(productRevenue(a)).toStrictEqual([['x', 700]]);
    expect(a.customers[0].revenue).toBe(1000);
    const lines: SaleLine[] = [];
    run(
      [
        ['2025/1/5', 'A', '', 1000, '#1', 'x', '', '', 700, '', ''],
        ['2025/1/5', '', '', '', '#1', 'y', '', '', '', '', ''],
      ],
      { mapping: EXPORT, orders: { ...RULES, lineAmount: 8 }, onLine: (l) => lines.push(l) },
    );
    expect(lines.map((l) => [l.product, l.amount, l.lineAmount])).toStrictEqual([
      ['x', 1000, 700],
      ['y', 0, 0],
    ]);
  });

  test('a line amount, a price or a quantity in the first column is read like any other', () => {
    // Columns: quantity or price first, then date, name, total, order id, product, the other one.
    const rows = [[2, '2025/1/5', 'A', 1000, '#1', 'x', 300]];
    const mapping = { date: 1, customer: 2, amount: 3, orderId: 4, product: 5 };
    const quantityFirst = exported(rows, { quantity: 0, linePrice: 6, refund: -1, memberId: -1 }, mapping);
    const priceFirst = exported(rows, { linePrice: 0, quantity: 6, refund: -1, memberId: -1 }, mapping);
    expect(productRevenue(quantityFirst)).toStrictEqual([['x', 600]]);
    expect(productRevenue(priceFirst)).toStrictEqual([['x', 600]]);
    const lineFirst = exported(
      [[700, '2025/1/5', 'A', 1000, '#1', 'x']],
      { lineAmount: 0, refund: -1, memberId: -1 },
      mapping,
    );
    expect(productRevenue(lineFirst)).toStrictEqual([['x', 700]]);
  });

  test('price × quantity, a blank quantity is 1; without a quantity column the price; without a price the amount', () => {
    const rows = [
      ['2025/1/5', 'A', '', 1000, '#1', 'x', 3, 200, '', '', ''],
      ['2025/1/5', '', '', '', '#1', 'y', '', 400, '', '', ''],
    ];
    expect(productRevenue(exported(rows))).toStrictEqual([
      ['x', 600],
      ['y', 400],
    ]);
    expect(productRevenue(exported(rows, { quantity: -1 }))).toStrictEqual([
      ['x', 200],
      ['y', 400],
    ]);
    // Without a price column a line counts for the row's amount: the total on the first line,
    // 0 on the further line (the total is not counted again).
    expect(productRevenue(exported(rows, { linePrice: -1 }))).toStrictEqual([['x', 1000]]);
    // A blank price sells for 0.
    const noPrice = exported([['2025/1/5', 'A', '', 1000, '#1', 'x', 2, '', '', '', '']]);
    expect(productRevenue(noPrice)).toStrictEqual([]);
  });
});

describe('who the customer of a row is', () => {
  test('a number in the customer column is a name; the same cell again and again is one customer', () => {
    const a = run([
      ['2025/1/5', 1234, 100],
      ['2025/1/6', 1234, 100],
      ['2025/1/7', 'B', 100],
      ['2025/1/8', 1234, 100],
      ['2025/1/9', '1234', 100],
    ]);
    expect(a.customers.map((c) => [c.key, c.name, c.visits])).toStrictEqual([
      ['1234', '1234', 4],
      ['B', 'B', 1],
    ]);
  });

  test('a cell that is neither text nor a number is read as its text', () => {
    const a = run([
      ['2025/1/5', true, 100],
      ['2025/1/6', 'true', 100],
    ]);
    expect(a.customers.map((c) => [c.key, c.visits])).toStrictEqual([['true', 2]]);
  });

  test('name parts when the name column is blank; then the order’s customer, before the email', () => {
    const a = run(
      [
        ['2025/1/5', '', 100, 'a@example.com', '#1', '山田', '花子'],
        ['2025/1/5', '', 100, 'b@example.com', '#1', '', ''], // a further line of #1: 山田 花子's
        ['2025/1/6', '', 100, 'b@example.com', '#2', '', ''], // only an email: keyed by it
        ['2025/1/7', '', 100, '', '#3', '', ''], // nobody: an anonymous sale
        ['2025/1/8', '様', 100, '', '#4', '', ''], // a name naming nobody
      ],
      { mapping: { ...MAPPING, orderId: 4, familyName: 5, givenName: 6 } },
    );
    expect(a.customers.map((c) => [c.key, c.name, c.visits, c.revenue])).toStrictEqual([
      ['山田花子', '山田 花子', 1, 200],
      ['b@example.com', 'b@example.com', 1, 100],
    ]);
    expect(a.anonymous).toMatchObject({ rows: 1, visits: 1, revenue: 100 });
    expect(reasons(a)).toStrictEqual([[6, 'customer_missing']]);
  });

  test('in an export: member code, else email, else name; name parts; the name shown falls back to email, then code', () => {
    const mapping = { date: 0, email: 2, amount: 3, orderId: 4, familyName: 11, givenName: 12 };
    const a = exported(
      [
        ['2025/1/5', '', '', 100, '#1', '', '', '', '', '', 'M1', '', ''],
        ['2025/1/6', '', 'e@example.com', 100, '#2', '', '', '', '', '', '', '', ''],
        ['2025/1/7', '', '', 100, '#3', '', '', '', '', '', '', '佐藤', '健'],
        ['2025/1/8', '', '', 100, '#4', '', '', '', '', '', '', '', ''],
      ],
      {},
      mapping,
    );
    expect(a.customers.map((c) => [c.key, c.name])).toStrictEqual([
      ['M1', 'M1'],
      ['e@example.com', 'e@example.com'],
      ['佐藤健', '佐藤 健'],
    ]);
    expect(a.anonymous).toMatchObject({ rows: 1, visits: 1, revenue: 100 });
  });

  test('the name column goes before the name parts, in a sheet kept by hand and in an export', () => {
    const mapping = { ...MAPPING, familyName: 4, givenName: 5 };
    const byHand = run([['2025/1/5', '山田 花子', 100, '', '佐藤', '健']], { mapping });
    expect(byHand.customers.map((c) => [c.key, c.name])).toStrictEqual([['山田花子', '山田 花子']]);
    const exportMapping = { date: 1, customer: 2, amount: 3, orderId: 4, familyName: 5, givenName: 6 };
    // The member code in the first column.
    const a = exported(
      [['M7', '2025/1/5', '山田 花子', 100, '#1', '佐藤', '健']],
      { memberId: 0, refund: -1, linePrice: -1 },
      exportMapping,
    );
    expect(a.customers.map((c) => [c.key, c.name])).toStrictEqual([['M7', '山田 花子']]);
  });

  test('in an export, a name naming nobody without code or email is no customer', () => {
    const a = exported([['2025/1/5', '様', '', 100, '#1', '', '', '', '', '', '']]);
    expect(reasons(a)).toStrictEqual([[2, 'customer_missing']]);
    expect(a.anonymous.rows).toBe(0);
  });
});
