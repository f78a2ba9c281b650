// A recognised export's orders (order-rules.ts, read by the sales pass): an order is one visit, its
// total counted once, its lines keep their products; statuses, refunds, identity and name parts.
import fc from 'fast-check';
import { dayOfDateIn, parseIsoDay, DayOfDate } from '../../src/core/days';
import { OrderRules, statusKey } from '../../src/core/order-rules';
import { SalesAnalysis, analyzeSales, joinNameParts } from '../../src/core/sales';

const day = (iso: string) => parseIsoDay(iso)!;
let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

// Columns: date, name, email, total, order id, product, quantity, price, status, refund, member code
const MAPPING = { date: 0, customer: 1, email: 2, amount: 3, orderId: 4, product: 5, quantity: 6 };
const RULES: OrderRules = {
  memberId: 10,
  orderTotal: true,
  lineAmount: -1,
  linePrice: 7,
  quantity: 6,
  statuses: [
    {
      column: 8,
      meaning: new Map([
        [statusKey('voided'), 'voided'],
        [statusKey('キャンセル'), 'cancelled'],
      ]),
    },
  ],
  refund: 9,
};

function run(rows: unknown[][], rules: OrderRules | undefined = RULES, mapping: object = MAPPING): SalesAnalysis {
  return analyzeSales({ rows, firstRowNumber: 2, mapping, asOf: day('2025-03-31'), dayOf: tokyo, orders: rules });
}

const summary = (a: SalesAnalysis) =>
  a.customers.map((c) => ({ name: c.name, visits: c.visits, revenue: c.revenue, top: c.topProduct }));

describe('an export’s orders', () => {
  test('a refund as large as the order, without a status saying so, is a refund in full: no visit, listed', () => {
    const a = run([
      ['2025/1/5', 'A', 'a@example.jp', 1000, '#1', 'x', 1, 1000, 'paid', 1000, ''],
      ['2025/1/6', 'A', 'a@example.jp', 1000, '#2', 'x', 1, 1000, 'paid', '-400', ''],
    ]);
    expect(a.rejected.map((r) => [r.rowNumber, r.reason])).toEqual([[2, 'order_refunded']]);
    // A refund printed negative is taken off as well.
    expect(summary(a)).toEqual([{ name: 'A', visits: 1, revenue: 600, top: 'x' }]);
  });

  test('every line of a cancelled order is listed, its status written on the first line only', () => {
    const a = run([
      ['2025/1/5', 'A', 'a@example.jp', 1000, '#1', 'x', 1, 600, 'キャンセル', '', ''],
      ['2025/1/5', '', 'a@example.jp', '', '#1', 'y', 1, 400, '', '', ''],
      ['2025/1/7', 'A', 'a@example.jp', 500, '#2', 'y', 1, 500, 'Ｖｏｉｄｅｄ', '', ''],
    ]);
    expect(a.rejected.map((r) => r.reason)).toEqual(['order_cancelled', 'order_cancelled', 'order_voided']);
    expect(a.customers).toEqual([]);
  });

  test('member code before email before name; the name shown is the latest spelling', () => {
    const a = run([
      ['2025/1/5', '山田 花子', 'h@example.jp', 1000, '#1', 'x', 1, 1000, '', '', 'M1'],
      ['2025/2/5', 'Hanako Yamada', 'other@example.jp', 1000, '#2', 'x', 1, 1000, '', '', 'M1'],
      ['2025/2/6', '山田 花子', 'h@example.jp', 1000, '#3', 'x', 1, 1000, '', '', ''],
      ['2025/1/9', '', '', 700, '#4', 'x', 1, 700, '', '', ''],
    ]);
    expect(a.customers.map((c) => [c.key, c.name, c.visits])).toEqual([
      ['M1', 'Hanako Yamada', 2],
      ['h@example.jp', '山田 花子', 1],
    ]);
    expect(a.anonymous).toMatchObject({ rows: 1, visits: 1, revenue: 700 });
  });

  test.each([
    ['山田', '花子', '山田 花子'],
    ['Smith', 'Jane', 'Jane Smith'],
    ['ヤマダ', 'Hanako', 'ヤマダ Hanako'],
    ['', '花子', '花子'],
  ])('name parts %p + %p read %p', (family, given, name) => {
    expect(joinNameParts(family, given)).toBe(name);
  });
});

// The same orders as a line-item export (order fields on the first line only, or on every line)
// and as one row per order give the same customers.
interface Order {
  customer: number;
  day: number;
  lines: { product: string; price: number; quantity: number }[];
}

const PEOPLE = [
  ['山田 花子', 'hanako@example.jp'],
  ['佐藤 健', 'ken@example.com'],
  ['Jane Smith', 'jane@example.com'],
];

const orderArb: fc.Arbitrary<Order> = fc.record({
  customer: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  day: fc.integer({ min: 1, max: 80 }),
  lines: fc.array(
    fc.record({
      product: fc.constantFrom('煎茶', 'ほうじ茶', '急須'),
      price: fc.integer({ min: 1, max: 5000 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** Day d (1…80) as a date of 2025: 28 days a month are enough for distinct days. */
const isoOf = (d: number) => `2025/${1 + Math.floor(d / 28)}/${1 + (d % 28)}`;

function lineItemRows(orders: Order[], repeated: boolean): unknown[][] {
  return orders.flatMap((o, i) => {
    const [name, email] = PEOPLE[o.customer];
    const total = o.lines.reduce((s, l) => s + l.price * l.quantity, 0);
    return o.lines.map((l, k) => {
      const first = k === 0 || repeated;
      return [
        isoOf(o.day),
        first ? name : '',
        email,
        first ? total : '',
        `#${i}`,
        l.product,
        l.quantity,
        l.price,
        '',
        '',
        '',
      ];
    });
  });
}

function orderRows(orders: Order[]): unknown[][] {
  return orders.map((o, i) => {
    const [name, email] = PEOPLE[o.customer];
    return [isoOf(o.day), name, email, o.lines.reduce((s, l) => s + l.price * l.quantity, 0), `#${i}`];
  });
}

test('a line-item export and the same orders one row per order give the same customers', () => {
  fc.assert(
    fc.property(fc.array(orderArb, { minLength: 1, maxLength: 12 }), fc.boolean(), (orders, repeated) => {
      const perOrder = run(
        orderRows(orders),
        { ...RULES, linePrice: -1, quantity: -1 },
        { ...MAPPING, product: undefined, quantity: undefined },
      );
      const perLine = run(lineItemRows(orders, repeated));
      const customers = (a: SalesAnalysis) =>
        a.customers.map((c) => [c.key, c.name, c.visits, c.revenue, c.firstDay, c.lastDay]);
      expect(customers(perLine)).toEqual(customers(perOrder));
      expect(perLine.rejected).toEqual([]);
      // Each line keeps its product and its own amount: product revenue adds up to the orders' totals.
      const productRevenue = Array.from(perLine.productSales.revenue).reduce((s, x) => s + x, 0);
      expect(productRevenue).toBe(perOrder.customers.reduce((s, c) => s + c.revenue, 0));
    }),
  );
});

test('statusKey: the comparable form of a status cell is NFKC, trimmed, lower case', () => {
  // Full-width letters and the ideographic space (U+3000) become ASCII under NFKC, then go.
  expect(statusKey('\u3000ｐａｉｄ ')).toBe('paid');
  expect(statusKey(' Cancelled\t')).toBe('cancelled');
  expect(statusKey('ｷｬﾝｾﾙ')).toBe('キャンセル');
});
