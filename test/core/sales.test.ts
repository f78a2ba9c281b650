import { dayOfDateIn, parseIsoDay, DayOfDate } from '../../src/core/days';
import { SalesInput, analyzeSales, Customer, startSales } from '../../src/core/sales';
import { DEFAULT_THRESHOLDS, resolveThresholds } from '../../src/core/settings';
import { segmentOf, stageOf, statusOf } from '../../src/core/stages';

const day = (iso: string) => parseIsoDay(iso)!;
// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

// Columns: date, customer, amount, product, email, referrer
const MAPPING = { date: 0, customer: 1, amount: 2, product: 3, email: 4, referrer: 5 };

function run(rows: unknown[][], asOf: string, extra: Partial<SalesInput> = {}) {
  return analyzeSales({ rows, firstRowNumber: 2, mapping: MAPPING, asOf: day(asOf), dayOf: tokyo, ...extra });
}

function byName(customers: Customer[], name: string): Customer {
  const found = customers.find((c) => c.name === name);
  if (!found) throw new Error(`no customer ${name}`);
  return found;
}

describe('visits', () => {
  test('one customer’s rows on the same calendar day are one visit; refunds and samples are not visits', () => {
    const a = run(
      [
        ['2025/1/5', '山田 太郎', '¥1,000', 'コーヒー豆', '', ''],
        ['2025-01-05 18:00', '山田太郎様', '500円', 'クッキー', '', ''], // same day, same customer → same visit
        ['2025/1/20', '山田 太郎', '(300)', 'クッキー', '', ''], // refund: revenue −300, no visit
        ['2025/2/1', '佐藤 花子', '0', '試飲', '', ''], // sample: a prospect
      ],
      '2025-03-01',
    );
    const yamada = byName(a.customers, '山田 太郎');
    expect(yamada.visits).toBe(1);
    expect(yamada.revenue).toBe(1200); // 1000 + 500 − 300
    expect(yamada.paidTotal).toBe(1500);
    expect(yamada.averageOrder).toBe(1500); // paid visit total / visits
    expect(yamada.stage).toBe('new');
    const sato = byName(a.customers, '佐藤 花子');
    expect(sato.visits).toBe(0);
    expect(sato.stage).toBe('prospect');
    expect(sato.status).toBeNull();
    expect(sato.segment).toBeNull();
    expect(a.counts).toEqual({ rows: 4, used: 4, rejected: 0, future: 0, blank: 0 });
  });

  test('with an order column each distinct order is a visit, even on the same day', () => {
    const rows = [
      ['2025/1/5', 'A', 100, 'x', '', '', 'O-1'],
      ['2025/1/5', 'A', 200, 'y', '', '', 'O-1'],
      ['2025/1/5', 'A', 300, 'y', '', '', 'O-2'],
    ];
    const a = run(rows, '2025-01-31', { mapping: { ...MAPPING, orderId: 6 } });
    expect(a.customers[0].visits).toBe(2);
    expect(a.customers[0].averageOrder).toBe(300); // (100 + 200 + 300) / 2
    expect(Array.from(a.visits.revenue)).toEqual([300, 300]);
  });

  test('continuation lines of an order take its date and customer (Shopify line items)', () => {
    const rows = [
      ['2025/1/5', 'A', 1000, 'x', 'a@example.com', '', '#1001'],
      ['', '', '', 'y', 'a@example.com', '', '#1001'], // Shopify repeats only the email
    ];
    const a = run(rows, '2025-01-31', { mapping: { ...MAPPING, orderId: 6 } });
    expect(a.counts.used).toBe(2);
    expect(a.customers).toHaveLength(1);
    expect(a.customers[0].visits).toBe(1);
    expect(a.customers[0].revenue).toBe(1000);
  });
});

describe('row accounting', () => {
  test('every row is used, rejected with its sheet row number and reason, future or blank', () => {
    const a = run(
      [
        ['2025/1/5', 'A', 100, '', '', ''], // row 2: used
        ['', '', '', '', '', ''], // row 3: blank
        ['いつか', 'B', 100, '', '', ''], // row 4: date unreadable
        ['', 'C', 100, '', '', ''], // row 5: date missing
        ['2025/1/6', 'D', 'たくさん', '', '', ''], // row 6: amount unreadable
        ['2025/1/6', 'E', '', '', '', ''], // row 7: amount missing
        ['2025/1/6', '様', 100, '', '', ''], // row 8: a name that names nobody, no email
        ['2025/3/2', 'F', 100, '', '', ''], // row 9: after as-of
        ['2025/1/7', '', 100, '', 'Solo@Example.com', ''], // row 10: email is the key
        ['2025/1/7', '', 80, '', '', ''], // row 11: no customer, no email: an anonymous sale
      ],
      '2025-03-01',
    );
    expect(a.counts).toEqual({ rows: 10, used: 3, rejected: 5, future: 1, blank: 1 });
    expect(a.anonymous).toMatchObject({ rows: 1, visits: 1, revenue: 80 });
    expect(a.rejected.map((r) => [r.rowNumber, r.reason])).toEqual([
      [4, 'date_unreadable'],
      [5, 'date_missing'],
      [6, 'amount_unreadable'],
      [7, 'amount_missing'],
      [8, 'customer_missing'],
    ]);
    expect(a.rejected[0].values).toEqual(['いつか', 'B', 100, '', '', '']);
    expect(a.customers.map((c) => c.key)).toEqual(['A', 'solo@example.com']);
  });
});

describe('customer identity', () => {
  test('spaces, full-width letters and honorifics do not split a customer; the first spelling is shown', () => {
    const a = run(
      [
        ['2025/1/5', '山田　太郎 様', 100, '', '', ''],
        ['2025/2/5', 'ＡＢＣ商店', 100, '', '', ''],
        ['2025/2/6', '山田太郎さん', 100, '', '', ''],
        ['2025/2/7', 'ABC 商店', 100, '', '', ''],
      ],
      '2025-03-01',
    );
    expect(a.customers.map((c) => [c.key, c.name, c.visits])).toEqual([
      ['山田太郎', '山田　太郎 様', 2],
      ['ABC商店', 'ＡＢＣ商店', 2],
    ]);
  });

  test('the email shown is the one of the most recent row that has one', () => {
    const a = run(
      [
        ['2025/2/5', 'A', 100, '', 'new@example.com', ''],
        ['2025/1/5', 'A', 100, '', 'old@example.com', ''],
        ['2025/2/6', 'A', 100, '', '', ''],
      ],
      '2025-03-01',
    );
    expect(a.customers[0].email).toBe('new@example.com');
  });
});

describe('aggregates', () => {
  test('first, last, days since last and tenure', () => {
    const a = run(
      [
        ['2025/1/10', 'A', 100, '', '', ''],
        ['2025/3/1', 'A', 100, '', '', ''],
        ['2025/2/1', 'A', 100, '', '', ''],
      ],
      '2025-03-31',
    );
    const c = a.customers[0];
    expect(c.firstDay).toBe(day('2025-01-10'));
    expect(c.lastDay).toBe(day('2025-03-01'));
    expect(c.daysSinceLast).toBe(30); // Mar 1 → Mar 31
    expect(c.tenureDays).toBe(50); // Jan 10 → Mar 1: 21 + 28 + 1
    // Visits in day order, whatever the rows' order.
    expect(Array.from(a.visits.day)).toEqual([day('2025-01-10'), day('2025-02-01'), day('2025-03-01')]);
    expect(Array.from(a.visits.start)).toEqual([0, 3]);
  });

  test('top product: most paid rows, then most revenue, then name', () => {
    const a = run(
      [
        ['2025/1/1', 'A', 100, 'b', '', ''],
        ['2025/1/2', 'A', 100, 'b', '', ''],
        ['2025/1/3', 'A', 500, 'a', '', ''],
        ['2025/1/4', 'A', -900, 'b', '', ''], // refunds are not paid rows
        ['2025/1/1', 'B', 100, 'x', '', ''],
        ['2025/1/2', 'B', 300, 'y', '', ''], // 1 row each: more revenue wins → y
        ['2025/1/1', 'C', 100, 'q', '', ''],
        ['2025/1/2', 'C', 100, 'p', '', ''], // full tie: name order → p
        ['2025/1/2', 'D', 0, 'sample', '', ''], // only a ¥0 row: no top product
      ],
      '2025-03-31',
    );
    expect(a.customers.map((c) => c.topProduct)).toEqual(['b', 'y', 'p', '']);
  });

  test('referrals: distinct other customers naming the customer, self-references ignored', () => {
    const a = run(
      [
        ['2025/1/1', '山田 太郎', 100, '', '', ''],
        ['2025/1/2', 'B', 100, '', '', '山田太郎様'],
        ['2025/1/3', 'B', 100, '', '', '山田 太郎'], // same referred customer again: still 1
        ['2025/1/4', 'C', 0, '', '', '山田 太郎'], // a prospect counts too
        ['2025/1/5', '山田 太郎', 100, '', '', '山田 太郎'], // self
        ['2025/1/5', 'D', 100, '', '', 'Nobody'], // unknown referrer
      ],
      '2025-03-31',
    );
    expect(a.customers.map((c) => c.referrals)).toEqual([2, 0, 0, 0]);
    expect(a.customers[0].stage).toBe('fan'); // 2 visits but a referral
  });

  test('VIPs are the top 20% of customers with a visit by revenue, rounded up', () => {
    // Six paying customers → ceil(1.2) = 2 VIPs; the prospect is not counted.
    const rows = [100, 600, 300, 500, 200, 400].map((amount, i) => ['2025/1/1', `C${i}`, amount, '', '', '']);
    rows.push(['2025/1/1', 'P', 0, '', '', '']);
    const a = run(rows, '2025-03-31');
    expect(a.customers.filter((c) => c.vip).map((c) => c.name)).toEqual(['C1', 'C3']);
  });
});

describe('stages, statuses and CPM segments', () => {
  const t = DEFAULT_THRESHOLDS;
  test.each([
    [0, 0, 'prospect'],
    [0, 3, 'prospect'], // referrals need a visit
    [1, 0, 'new'],
    [2, 0, 'repeat'],
    [4, 0, 'repeat'],
    [5, 0, 'fan'],
    [1, 1, 'fan'],
  ])('%i visits, %i referrals → %s', (visits, referrals, stage) => {
    expect(stageOf(visits, referrals, t)).toBe(stage);
  });

  test.each([
    [89, 'active'],
    [90, 'at_risk'],
    [239, 'at_risk'],
    [240, 'lapsed'],
  ])('%i days since last → %s', (days, status) => {
    expect(statusOf(days, t)).toBe(status);
  });

  test.each([
    // visits, tenure, revenue, days since last, expected (spend line 7000)
    [1, 0, 99999, 0, 'first'],
    [2, 89, 99999, 0, 'toddler'],
    [2, 90, 6999, 0, 'steady'],
    [2, 90, 7000, 0, 'trendy'],
    [3, 209, 7000, 0, 'trendy'],
    [3, 210, 7000, 0, 'loyal'],
    [3, 210, 7000, 240, 'loyal_lapsed'],
    [1, 0, 0, 240, 'first_lapsed'],
  ])('CPM: %i visits, tenure %i, revenue %i, %i days since → %s', (visits, tenure, revenue, since, segment) => {
    expect(segmentOf(visits, tenure, revenue, since, 7000, t)).toBe(segment);
  });

  test('the CPM line is 7 × the shop’s average order unless set as an amount', () => {
    const rows = [
      ['2025/1/1', 'A', 1000, '', '', ''],
      ['2025/4/15', 'A', 1000, '', '', ''], // A: tenure 104, revenue 2000
      ['2025/1/1', 'B', 500, '', '', ''],
      ['2025/1/1', 'B', 300, '', '', ''], // B: one visit of 800
    ];
    // Shop average order = (1000 + 1000 + 500 + 300) / 3 visits = 933.33…; line = 6533.33 → A is Steady.
    const a = run(rows, '2025-05-01');
    expect(a.shopAverageOrder).toBeCloseTo(2800 / 3, 6);
    expect(a.customers[0].segment).toBe('steady');
    // With the line set to ¥2,000, A (tenure 104 < 210) is Trendy.
    const b = run(rows, '2025-05-01', { thresholds: resolveThresholds({ cpmSpendLine: 2000 }) });
    expect(b.customers[0].segment).toBe('trendy');
  });
});

describe('the pass fed in parts', () => {
  const options = { mapping: MAPPING, asOf: day('2025-03-31'), dayOf: tokyo };
  const rows = [
    ['2025/1/5', '山田 太郎', '1000', '', '', ''],
    ['', '', '', '', '', ''],
    ['2025/1/5', '山田太郎様', '500', '', '', ''],
    ['not a date', '佐藤', '100', '', '', ''],
    ['2025/2/1', '山田 太郎', '700', '', '', ''],
  ];

  test('row numbers follow each part’s first row; counts and visits add up across parts', () => {
    const pass = startSales(options);
    pass.add(rows.slice(0, 2), 2);
    pass.add(rows.slice(2), 4);
    const a = pass.finish();
    expect(a.counts).toEqual({ rows: 5, used: 3, rejected: 1, future: 0, blank: 1 });
    expect(a.rejected.map((r) => [r.rowNumber, r.reason])).toEqual([[5, 'date_unreadable']]);
    // Rows 2 and 4 are one visit (same customer, same day) across the two parts.
    expect(a.customers.map((c) => [c.name, c.visits, c.revenue])).toEqual([['山田 太郎', 2, 2200]]);
    const whole = run(rows, '2025-03-31');
    const fields = (customers: Customer[]) => JSON.parse(JSON.stringify(customers));
    expect(fields(a.customers)).toEqual(fields(whole.customers));
    const { customers: _parts, ...restOfParts } = a;
    const { customers: _whole, ...restOfWhole } = whole;
    expect(restOfParts).toEqual(restOfWhole);
  });

  test('a customer serialises as its fields, not as the columns of every customer', () => {
    const [c] = run(rows, '2025-03-31').customers;
    expect(JSON.parse(JSON.stringify(c))).toEqual({
      key: '山田太郎',
      name: '山田 太郎',
      email: '',
      visits: 2,
      firstSeenDay: day('2025-01-05'),
      firstDay: day('2025-01-05'),
      lastDay: day('2025-02-01'),
      daysSinceLast: day('2025-03-31') - day('2025-02-01'),
      tenureDays: 27,
      revenue: 2200,
      paidTotal: 2200,
      averageOrder: 1100,
      topProduct: '',
      referrals: 0,
      vip: true,
      stage: 'repeat',
      status: 'active',
      segment: 'toddler',
    });
  });

  test('rows after finish, or a second finish, are refused', () => {
    const pass = startSales(options);
    pass.add(rows, 2);
    pass.finish();
    expect(() => pass.add(rows, 7)).toThrow('rows added after finish()');
    expect(() => pass.finish()).toThrow('finish() called twice');
  });
});
