// The row intake's bookkeeping (sales.ts: RowIntake's constructor and take): which columns make a
// row blank or a customer, columns in the first place, orders, anonymous visits, refunds, merges.
import { OrderRules, statusKey } from '../../src/core/order-rules';
import { SalesAnalysis, SalesInput } from '../../src/core/sales';
import { analyzeRows, day } from './sales-b-run';

const MAPPING = { date: 0, customer: 1, amount: 2 };

const run = (rows: unknown[][], extra: Partial<SalesInput> = {}) => analyzeRows(rows, MAPPING, extra);

const reasons = (a: SalesAnalysis) => a.rejected.map((r) => [r.rowNumber, r.reason]);

// An export: date, name, total, order id, product, status, member code
const EXPORT = { date: 0, customer: 1, amount: 2, orderId: 3, product: 4 };
const RULES: OrderRules = {
  memberId: 6,
  orderTotal: true,
  lineAmount: -1,
  linePrice: -1,
  quantity: -1,
  statuses: [{ column: 5, meaning: new Map([[statusKey('voided'), 'voided']]) }],
  refund: -1,
};

describe('blank rows and anonymous sales', () => {
  test('a row with only the date (first column), or only an export’s status or member code, is not blank', () => {
    const byHand = run([['2025/1/5', '', '']]);
    expect(byHand.counts.blank).toBe(0);
    expect(reasons(byHand)).toStrictEqual([[2, 'amount_missing']]);
    const a = run(
      [
        ['', '', '', '', '', 'paid', ''],
        ['', '', '', '', '', '', 'M1'],
        ['', '', '', '', '', '', ''],
      ],
      { mapping: EXPORT, orders: RULES },
    );
    expect(a.counts).toStrictEqual({ rows: 3, used: 0, rejected: 2, future: 0, blank: 1 });
  });

  test('only the columns that could name someone decide an anonymous sale; an email first that is no address names nobody', () => {
    // The product stands in column 1 here: a row with a product and no customer is anonymous.
    const a = run([['2025/1/5', 'x', 100, '']], { mapping: { date: 0, product: 1, amount: 2, customer: 3 } });
    expect(a.anonymous.rows).toBe(1);
    const b = run([['n/a', '2025/1/5', 100, '']], { mapping: { email: 0, date: 1, amount: 2, customer: 3 } });
    expect(reasons(b)).toStrictEqual([[2, 'customer_missing']]);
    expect(b.anonymous.rows).toBe(0);
  });

  test('anonymous visits: a paid row without an order, or an order’s first line; not ¥0 rows nor further lines', () => {
    const a = run(
      [
        ['2025/1/5', '', 300, '#1'],
        ['2025/1/5', '', 200, '#1'], // a further line of #1
        ['2025/1/6', '', 0, ''], // ¥0
        ['2025/1/7', '', 100, ''],
      ],
      { mapping: { ...MAPPING, orderId: 3 } },
    );
    expect(a.anonymous).toMatchObject({ rows: 4, visits: 2, revenue: 600 });
    expect([...a.anonymous.byDay]).toStrictEqual([
      [day('2025-01-05'), { visits: 1, revenue: 500 }],
      [day('2025-01-06'), { visits: 0, revenue: 0 }],
      [day('2025-01-07'), { visits: 1, revenue: 100 }],
    ]);
  });
});

describe('columns in the first place', () => {
  test('email, phone, order id, product and referrer each read in column 0', () => {
    const email = run([['a@example.com', '2025/1/5', 'A', 100]], {
      mapping: { email: 0, date: 1, customer: 2, amount: 3 },
    });
    expect(email.customers[0].email).toBe('a@example.com');
    const phone = run([['03-1234-5678', '2025/1/5', 'A', 100]], {
      mapping: { date: 1, customer: 2, amount: 3 },
      phoneColumns: [0],
    });
    expect([...(phone.phones ?? new Map())]).toStrictEqual([[0, ['03-1234-5678']]]);
    const orders = run(
      [
        ['#1', '2025/1/5', 'A', 100],
        ['#2', '2025/1/5', 'A', 100],
      ],
      { mapping: { orderId: 0, date: 1, customer: 2, amount: 3 } },
    );
    expect(orders.customers[0].visits).toBe(2);
    const product = run([['x', '2025/1/5', 'A', 100]], { mapping: { product: 0, date: 1, customer: 2, amount: 3 } });
    expect(product.customers[0].topProduct).toBe('x');
    const referrer = run(
      [
        ['', '2025/1/5', 'A', 100],
        ['A', '2025/1/6', 'B', 100],
      ],
      { mapping: { referrer: 0, date: 1, customer: 2, amount: 3 } },
    );
    expect(referrer.customers.map((c) => c.referrals)).toStrictEqual([1, 0]);
  });

  test('without a product column no product is sold', () => {
    const a = run([['2025/1/5', 'A', 100]]);
    expect(a.productNames).toStrictEqual([]);
    expect(a.customers[0].topProduct).toBe('');
  });
});

describe('orders, refunds and merges', () => {
  test('in a sheet with an order column, rows without an order id are visits by day', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 100, '#1'],
        ['2025/1/6', 'A', 100, ''],
        ['2025/1/7', 'A', 100, ''],
      ],
      { mapping: { ...MAPPING, orderId: 3 } },
    );
    expect(a.customers[0].visits).toBe(3);
  });

  test('an export’s status is read on an order’s first line only', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 1000, '#1', 'x', '', ''],
        ['', '', '', '#1', 'y', 'voided', ''],
      ],
      { mapping: EXPORT, orders: RULES },
    );
    expect(a.rejected).toStrictEqual([]);
    expect(a.counts.used).toBe(2);
  });

  test('refunds: the rows below 0, with their customer and day', () => {
    const a = run([
      ['2025/1/5', 'A', 100],
      ['2025/1/6', 'B', 0],
      ['2025/1/7', 'A', -40],
    ]);
    expect(a.refunds).toStrictEqual([{ customer: 0, day: day('2025-01-07'), amount: -40 }]);
  });

  test('with merges, only merged customers take their latest spelling; the others keep their first', () => {
    const a = run(
      [
        ['2025/1/5', 'B', 100],
        ['2025/1/6', 'C 商店', 100],
        ['2025/1/7', 'C商店', 100],
        ['2025/1/8', 'A', 100],
      ],
      { aliases: new Map([['B', 'A']]) },
    );
    expect(a.customers.map((c) => [c.key, c.name])).toStrictEqual([
      ['A', 'A'],
      ['C商店', 'C 商店'],
    ]);
  });

  test('a rejected row’s values are a copy: the caller may reuse its row', () => {
    const rows = [['いつか', 'A', 100]];
    const a = run(rows);
    rows[0][1] = 'Z';
    expect(a.rejected[0].values).toStrictEqual(['いつか', 'A', 100]);
  });
});
