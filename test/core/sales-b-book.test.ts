// The customer book and the row intake of the sales pass (sales.ts: CustomerBook, OrderLines,
// RowIntake): merges, the most recent email and name, phones, the lines told to the SQL engines.
import { OrderRules } from '../../src/core/order-rules';
import { SaleLine, SalesInput } from '../../src/core/sales';
import { analyzeRows, day } from './sales-b-run';

// Columns: date, customer, amount, product, email, referrer, phone, mobile
const MAPPING = { date: 0, customer: 1, amount: 2, product: 3, email: 4, referrer: 5 };

const run = (rows: unknown[][], extra: Partial<SalesInput> = {}) => analyzeRows(rows, MAPPING, extra);

describe('merged customers (aliases)', () => {
  test('the merged-away spelling coming first still counts under the key it was merged into', () => {
    const a = run(
      [
        ['2025/1/5', '佐藤 花子', 100, '', '', ''],
        ['2025/1/9', '山田 花子', 200, '', '', ''],
      ],
      { aliases: new Map([['佐藤花子', '山田花子']]) },
    );
    expect(a.customers.map((c) => [c.key, c.visits, c.revenue])).toStrictEqual([['山田花子', 2, 300]]);
    // The name shown is the most recent spelling among the merged rows.
    expect(a.customers[0].name).toBe('山田 花子');
  });

  test('a referrer named by the merged-away spelling refers the merged customer', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 100, '', '', ''],
        ['2025/1/6', 'B', 100, '', '', ''],
        ['2025/1/7', 'C', 100, '', '', 'B'],
      ],
      { aliases: new Map([['B', 'A']]) },
    );
    expect(a.customers.map((c) => [c.key, c.referrals])).toStrictEqual([
      ['A', 1],
      ['C', 0],
    ]);
    expect(a.referrals).toStrictEqual([{ referrer: 0, referred: 1, day: day('2025-01-07') }]);
  });

  test('an empty map of merges is no merge', () => {
    const a = run([['2025/1/5', 'A', 100, '', '', '']], { aliases: new Map() });
    expect(a.customers.map((c) => [c.key, c.name])).toStrictEqual([['A', 'A']]);
  });
});

describe('the most recent email and name', () => {
  test('of two rows on the same day, the lower one’s email is kept', () => {
    const a = run([
      ['2025/2/5', 'A', 100, '', 'first@example.com', ''],
      ['2025/2/5', 'A', 100, '', 'second@example.com', ''],
      ['2025/2/1', 'A', 100, '', 'older@example.com', ''],
    ]);
    expect(a.customers[0].email).toBe('second@example.com');
  });

  test('in an export, of two rows on the same day, the lower one’s spelling is shown', () => {
    const rules: OrderRules = {
      memberId: 5,
      orderTotal: true,
      lineAmount: -1,
      linePrice: -1,
      quantity: -1,
      statuses: [],
      refund: -1,
    };
    const a = run(
      [
        ['2025/2/5', '山田 花子', 100, '', '', 'M1'],
        ['2025/2/5', 'Hanako Yamada', 100, '', '', 'M1'],
        ['2025/1/5', 'ヤマダ ハナコ', 100, '', '', 'M1'],
      ],
      { orders: rules, mapping: { date: 0, customer: 1, amount: 2 } },
    );
    expect(a.customers.map((c) => [c.key, c.name, c.visits])).toStrictEqual([['M1', 'Hanako Yamada', 2]]);
  });

  test('the first day seen is the earliest used row, wherever it stands', () => {
    const a = run([
      ['2025/2/5', 'A', 100, '', '', ''],
      ['2025/1/5', 'A', 0, '', '', ''],
      ['2025/3/5', 'A', -50, '', '', ''],
    ]);
    expect(a.customers[0].firstSeenDay).toBe(day('2025-01-05'));
    expect([a.customers[0].revenue, a.customers[0].paidTotal]).toStrictEqual([50, 100]);
  });
});

describe('phone numbers', () => {
  test('each customer’s numbers as typed, once each, from every phone column; blanks skipped', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 100, '', '', '', '03-1234-5678', ''],
        ['2025/1/6', 'B', 100, '', '', '', '', '090-1111-2222'],
        ['2025/1/7', 'A', 100, '', '', '', '03-1234-5678', '080-3333-4444'],
        ['2025/1/8', 'C', 100, '', '', '', '', ''],
      ],
      { phoneColumns: [6, 7, -1] },
    );
    expect([...(a.phones ?? new Map())]).toStrictEqual([
      [0, ['03-1234-5678', '080-3333-4444']],
      [1, ['090-1111-2222']],
    ]);
  });
});

describe('the lines told to onLine', () => {
  test('every used row as the rules read it, anonymous sales as customer −1', () => {
    const lines: SaleLine[] = [];
    run(
      [
        ['2025/1/5', 'A', 100, 'x', 'a@example.com', 'B様'],
        ['', '', '', '', '', ''],
        ['2025/1/6', '', 300, 'y', '', ''],
        ['2025/1/7', 'B', 0, '', '', ''],
      ],
      { onLine: (line) => lines.push(line) },
    );
    expect(lines).toStrictEqual([
      {
        rowNumber: 2,
        day: day('2025-01-05'),
        customer: 0,
        amount: 100,
        orderId: '',
        product: 'x',
        lineAmount: 100,
        email: 'a@example.com',
        referrer: 'B',
      },
      {
        rowNumber: 4,
        day: day('2025-01-06'),
        customer: -1,
        amount: 300,
        orderId: '',
        product: 'y',
        lineAmount: 300,
        email: '',
        referrer: '',
      },
      {
        rowNumber: 5,
        day: day('2025-01-07'),
        customer: 1,
        amount: 0,
        orderId: '',
        product: '',
        lineAmount: 0,
        email: '',
        referrer: '',
      },
    ]);
  });

  test('without product or referrer columns a line has neither', () => {
    const lines: SaleLine[] = [];
    run([['2025/1/5', 'A', 100]], { mapping: { date: 0, customer: 1, amount: 2 }, onLine: (l) => lines.push(l) });
    expect(lines.map((l) => [l.product, l.referrer, l.email])).toStrictEqual([['', '', '']]);
  });
});
