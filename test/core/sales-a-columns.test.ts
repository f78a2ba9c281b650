// Where the pass finds each field (columnsOf in sales.ts) and how its tables grow past the room
// made for them (PaidRows, CustomerSums, ProductSlots). Expectations are worked out by hand.
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { SalesInput, analyzeSales, joinNameParts, startSales } from '../../src/core/sales';

const day = (iso: string) => parseIsoDay(iso) as number;

let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

/** The analysis of rows (sheet rows 2…) with this mapping, as of 2025-01-31 unless told. */
function runWith(rows: unknown[][], mapping: Record<string, number>, extra: Partial<SalesInput> = {}) {
  return analyzeSales({ rows, firstRowNumber: 2, mapping, asOf: day('2025-01-31'), dayOf: tokyo, ...extra });
}

describe('every field in a column other than the first', () => {
  test('date, customer, amount, order, product, email, referrer and name parts are each read where mapped', () => {
    // Columns: note, given, family, referrer, email, product, order, amount, customer, date.
    const a = analyzeSales({
      rows: [
        ['x', '', '', '', 'a@example.com', 'Tea', '#1', 1000, 'Aoki', '2025/1/5'],
        ['', '花子', '山田', 'Aoki', '', 'Cake', '#2', 500, '', '2025/1/6'],
        ['', '', '', '', '', 'Milk', '#1', 200, '', '2025/1/5'], // a further line of #1: Aoki's
      ],
      firstRowNumber: 2,
      mapping: {
        givenName: 1,
        familyName: 2,
        referrer: 3,
        email: 4,
        product: 5,
        orderId: 6,
        amount: 7,
        customer: 8,
        date: 9,
      },
      asOf: day('2025-01-31'),
      dayOf: tokyo,
    });
    expect(a.counts).toEqual({ rows: 3, used: 3, rejected: 0, future: 0, blank: 0 });
    expect(
      a.customers.map((c) => [c.name, c.email, c.visits, c.revenue, c.firstDay, c.topProduct, c.referrals]),
    ).toEqual([
      ['Aoki', 'a@example.com', 1, 1200, day('2025-01-05'), 'Tea', 1],
      ['山田 花子', '', 1, 500, day('2025-01-06'), 'Cake', 0],
    ]);
  });
});

describe('a field the sheet lacks is read from no column', () => {
  // Column 1 is a note the mapping does not name: its text must not become a product, a
  // referrer, a name part, an email, a customer, a date or an amount.
  test('no product, referrer or name parts: the note names none of them', () => {
    const a = runWith(
      [
        ['2025/1/5', 'B', 100, 'A'],
        ['2025/1/6', 'B', 200, 'B'],
        ['2025/1/7', 'C', 300, ''], // no customer: an anonymous sale, not "C"
      ],
      { date: 0, amount: 2, customer: 3 },
    );
    expect(a.customers.map((c) => [c.name, c.topProduct, c.referrals])).toEqual([
      ['A', '', 0],
      ['B', '', 0],
    ]);
    expect(a.referrals).toEqual([]);
    expect(a.anonymous).toMatchObject({ rows: 1, visits: 1, revenue: 300 });
  });

  test('no email column: an address in the note is not the customer’s email', () => {
    const a = runWith([['2025/1/5', 'a@example.com', 100, 'A']], { date: 0, amount: 2, customer: 3 });
    expect(a.customers.map((c) => [c.name, c.email])).toEqual([['A', '']]);
  });

  test('a family name without a given-name column is the whole name', () => {
    const a = runWith([['2025/1/5', 'note', 100, '山田']], { date: 0, amount: 2, familyName: 3 });
    expect(a.customers.map((c) => c.name)).toEqual(['山田']);
  });

  test('no customer column: customers are their emails, not the note', () => {
    const a = runWith([['2025/1/5', 'X', 100, 'a@example.com']], { date: 0, amount: 2, email: 3 });
    expect(a.customers.map((c) => [c.key, c.email])).toEqual([['a@example.com', 'a@example.com']]);
  });

  test('no date or no amount column: every row is rejected as missing it, not as unreadable', () => {
    const rows = [['x', '2025/1/5', 'A', 100]];
    const noDate = runWith(rows, { customer: 2, amount: 3 });
    expect(noDate.rejected.map((r) => r.reason)).toEqual(['date_missing']);
    const noAmount = runWith(rows, { date: 1, customer: 2 });
    expect(noAmount.rejected.map((r) => r.reason)).toEqual(['amount_missing']);
  });
});

describe('tables past the room made for them', () => {
  test('25 paid rows of 20 customers, from room for 16 rows, keep every order, email, name and product', () => {
    // Rows 0…19: customer Ci, order #i, product Pi, email ci@example.com, worth i + 1, on 1/5.
    // Then C0 orders #20…#23 (¥100 each) on 1/5, and X19 (counted under C19) order #24 (¥50) on 1/6
    // with email x19@example.com: C19 then shows the later spelling and email.
    const rows: unknown[][] = Array.from({ length: 20 }, (_, i) => [
      '2025/1/5',
      `C${i}`,
      i + 1,
      `#${i}`,
      `P${i}`,
      `c${i}@example.com`,
    ]);
    for (let i = 20; i < 24; i++) rows.push(['2025/1/5', 'C0', 100, `#${i}`, 'P0', '']);
    rows.push(['2025/1/6', 'X19', 50, '#24', 'P19', 'x19@example.com']);
    const pass = startSales({
      mapping: { date: 0, customer: 1, amount: 2, orderId: 3, product: 4, email: 5 },
      asOf: day('2025-01-31'),
      dayOf: tokyo,
      expectedRows: 0,
      aliases: new Map([['X19', 'C19']]),
    });
    pass.add(rows, 2);
    const a = pass.finish();
    const expected = Array.from({ length: 20 }, (_, i) => [`C${i}`, `c${i}@example.com`, 1, i + 1, `P${i}`]);
    expected[0] = ['C0', 'c0@example.com', 5, 401, 'P0'];
    expected[19] = ['X19', 'x19@example.com', 2, 70, 'P19'];
    expect(a.customers.map((c) => [c.name, c.email, c.visits, c.revenue, c.topProduct])).toEqual(expected);
    expect(a.customers.map((c) => c.firstSeenDay)).toEqual(Array(20).fill(day('2025-01-05')));
    expect(a.visits.count).toBe(25);
  });
});

describe('rows dated before 1970 (day numbers below 0)', () => {
  test('still give the customer an email and, merged, the latest spelling', () => {
    // X is counted under Y: Y's rows are on 1969-12-01 and 1969-12-05, the later one spelled X.
    const rows = [
      ['1969/12/01', 'Y', 100, 'y@example.com'],
      ['1969/12/05', 'X', 200, ''],
    ];
    const aliases = new Map([['X', 'Y']]);
    const a = runWith(rows, { date: 0, customer: 1, amount: 2, email: 3 }, { asOf: day('1969-12-31'), aliases });
    expect(a.customers.map((c) => [c.key, c.name, c.email, c.visits, c.lastDay])).toEqual([
      ['Y', 'X', 'y@example.com', 2, day('1969-12-05')],
    ]);
    expect(day('1969-12-05')).toBeLessThan(0);
  });
});

describe('joinNameParts', () => {
  test.each([
    ['Smith', '花子', 'Smith 花子'], // Japanese in the given name only: family first
    ['Smith', '', 'Smith'],
    ['', '', ''],
  ])('%p + %p read %p', (family, given, name) => {
    expect(joinNameParts(family, given)).toBe(name);
  });
});
