// How rows become visits (buildVisits and its sorts in sales.ts), on customers whose rows are out
// of order: a few rows (sorted one by one), many rows (sorted as numbers), many rows with and
// without an order (sorted with a comparator), and visits by order whose days are out of order.
// Each expectation is worked out by hand in the comment beside it.
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { SalesInput, analyzeSales } from '../../src/core/sales';

const day = (iso: string) => parseIsoDay(iso) as number;
/** 2025-01-01 + offset days, as the sheet types it. */
const jan = (offset: number) => {
  const d = new Date(Date.UTC(2025, 0, 1 + offset));
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
};

let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

// Columns: date, customer, amount, order id.
function run(rows: unknown[][], extra: Partial<SalesInput> = {}) {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, orderId: 3 },
    asOf: day('2025-12-31'),
    dayOf: tokyo,
    ...extra,
  });
}

/** The visits of customer c: [day offset from 2025-01-01, revenue] in the order the analysis keeps them. */
function visitsOf(a: ReturnType<typeof run>, c: number): [number, number][] {
  const out: [number, number][] = [];
  for (let v = a.visits.start[c]; v < a.visits.start[c + 1]; v++)
    out.push([a.visits.day[v] - day('2025-01-01'), a.visits.revenue[v]]);
  return out;
}

describe('a few rows out of order', () => {
  test('are grouped by day whatever their place, for the first customer and for a later one', () => {
    const a = run([
      [jan(9), 'B', 1, ''],
      [jan(4), 'A', 1, ''],
      [jan(2), 'A', 2, ''],
      [jan(3), 'A', 4, ''],
      [jan(2), 'A', 8, ''],
      [jan(9), 'B', 2, ''],
      [jan(1), 'B', 4, ''],
    ]);
    expect(a.customers.map((c) => c.name)).toEqual(['B', 'A']);
    // B: day 1 → 4; day 9 → 1 + 2.
    expect(visitsOf(a, 0)).toEqual([
      [1, 4],
      [9, 3],
    ]);
    // A: day 2 → 2 + 8; day 3 → 4; day 4 → 1.
    expect(visitsOf(a, 1)).toEqual([
      [2, 10],
      [3, 4],
      [4, 1],
    ]);
    expect(a.customers[1].firstDay).toBe(day('2025-01-03'));
    expect(a.customers[1].lastDay).toBe(day('2025-01-05'));
  });

  test('a customer’s rows out of order just before an earlier-dated customer’s are still sorted', () => {
    // A: days 3, 5, 3 (worth 1, 2, 4): day 3 → 1 + 4, day 5 → 2. B, after A: day 1 → 8.
    const a = run([
      [jan(3), 'A', 1, ''],
      [jan(5), 'A', 2, ''],
      [jan(3), 'A', 4, ''],
      [jan(1), 'B', 8, ''],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [3, 5],
      [5, 2],
    ]);
    expect(visitsOf(a, 1)).toEqual([[1, 8]]);
  });

  test('the first order’s two lines around a row without an order, all on one day', () => {
    // Order #1 (rows 0 and 2, worth 1 + 4) comes before the row without an order (row 1, worth 2):
    // the same day, and its first row is the earlier one.
    const a = run([
      [jan(5), 'A', 1, '#1'],
      [jan(5), 'A', 2, ''],
      [jan(5), 'A', 4, '#1'],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [5, 5],
      [5, 2],
    ]);
  });

  test('a customer’s first row on the day the previous customer’s rows end starts a visit of its own', () => {
    const a = run([
      [jan(5), 'A', 1, ''],
      [jan(5), 'B', 2, ''],
      [jan(6), 'B', 4, ''],
    ]);
    expect(visitsOf(a, 0)).toEqual([[5, 1]]);
    expect(visitsOf(a, 1)).toEqual([
      [5, 2],
      [6, 4],
    ]);
  });
});

describe('day numbers that are also row numbers', () => {
  test('in the first days of 1970 a customer’s first row still starts a visit of its own', () => {
    // Day numbers count from 1970-01-01 (day 0), so A's visit on day 1 is a number that is also a
    // row index; B's first row (row 1, day 1) is a visit of its own, then row 2 (day 2).
    const a = run(
      [
        ['1970/1/2', 'A', 1, ''],
        ['1970/1/2', 'B', 2, ''],
        ['1970/1/3', 'B', 4, ''],
      ],
      { asOf: day('1970-01-31') },
    );
    expect(Array.from(a.visits.day)).toEqual([1, 1, 2]);
    expect(Array.from(a.visits.revenue)).toEqual([1, 2, 4]);
    expect(a.customers.map((c) => c.visits)).toEqual([1, 2]);
  });
});

describe('many rows out of order (more than a small sort takes)', () => {
  test('40 rows over 20 days, latest first, twice over', () => {
    // Row i (0…39) is on day 19 − (i mod 20), worth i + 1: day d has rows 19 − d and 39 − d,
    // worth (20 − d) + (40 − d) = 60 − 2d.
    const rows = Array.from({ length: 40 }, (_, i) => [jan(19 - (i % 20)), 'A', i + 1, '']);
    const expected = Array.from({ length: 20 }, (_, d) => [d, 60 - 2 * d]);
    expect(visitsOf(run(rows), 0)).toEqual(expected);
  });

  test('two such customers, the second with more rows than the first left room for', () => {
    // A: 40 rows on days 39…0 (one each), worth 1. B: 300 rows on days 299…0, row i worth i + 1,
    // so day d is worth 300 − d.
    const a40 = Array.from({ length: 40 }, (_, i) => [jan(39 - i), 'A', 1, '']);
    const b300 = Array.from({ length: 300 }, (_, i) => [jan(299 - i), 'B', i + 1, '']);
    const a = run([...a40, ...b300]);
    expect(visitsOf(a, 0)).toEqual(Array.from({ length: 40 }, (_, d) => [d, 1]));
    expect(visitsOf(a, 1)).toEqual(Array.from({ length: 300 }, (_, d) => [d, 300 - d]));
    expect(a.customers[1].visits).toBe(300);
  });

  test('a customer with many rows between two others keeps only its own rows', () => {
    // A: one row on day 0. B: 34 rows on days 33…0, row i worth i + 1, so day d is worth 34 − d.
    // C: two rows dated before B's (2024-12-27 and 12-28), worth 100 and 200.
    const b34 = Array.from({ length: 34 }, (_, i) => [jan(33 - i), 'B', i + 1, '']);
    const a = run([[jan(0), 'A', 7, ''], ...b34, [jan(-5), 'C', 100, ''], [jan(-4), 'C', 200, '']]);
    expect(visitsOf(a, 0)).toEqual([[0, 7]]);
    expect(visitsOf(a, 1)).toEqual(Array.from({ length: 34 }, (_, d) => [d, 34 - d]));
    expect(visitsOf(a, 2)).toEqual([
      [-5, 100],
      [-4, 200],
    ]);
  });

  test('34 lines of 17 orders, each order’s two lines 17 rows apart', () => {
    // Line i (0…33) is of order #(i mod 17), on day i mod 17, worth i + 1: order k is worth
    // (k + 1) + (k + 18) = 2k + 19.
    const rows = Array.from({ length: 34 }, (_, i) => [jan(i % 17), 'A', i + 1, `#${i % 17}`]);
    expect(visitsOf(run(rows), 0)).toEqual(Array.from({ length: 17 }, (_, k) => [k, 2 * k + 19]));
  });

  test('35 rows: two without an order on one day, 34 rows apart, around 33 orders', () => {
    // Rows 0 and 34 have no order, on day 3 (worth 1 and 35): one visit of 36. Rows 1…33 are
    // orders of their own on day 10, worth 2…34, in sheet order.
    const rows = Array.from({ length: 35 }, (_, i) =>
      i === 0 || i === 34 ? [jan(3), 'A', i + 1, ''] : [jan(10), 'A', i + 1, `#${i}`],
    );
    const orders = Array.from({ length: 33 }, (_, k) => [10, k + 2]);
    expect(visitsOf(run(rows), 0)).toEqual([[3, 36], ...orders]);
  });

  test('34 rows, with and without an order, out of order', () => {
    // Even rows i have no order and are on day 20 − i/2 (days 20…4), worth i + 1; odd rows are
    // each an order of their own on day 31, worth i + 1. Visits: days 4…20 worth 33, 31, …, 1,
    // then the 17 orders of day 31 in sheet order, worth 2, 4, …, 34.
    const rows = Array.from({ length: 34 }, (_, i) =>
      i % 2 === 0 ? [jan(20 - i / 2), 'A', i + 1, ''] : [jan(31), 'A', i + 1, `#${i}`],
    );
    const byDay = Array.from({ length: 17 }, (_, k) => [4 + k, 33 - 2 * k]);
    const orders = Array.from({ length: 17 }, (_, k) => [31, 2 * k + 2]);
    expect(visitsOf(run(rows), 0)).toEqual([...byDay, ...orders]);
  });
});

describe('orders out of date order', () => {
  test('a few orders are sorted by day, then by their first row', () => {
    // #1 day 3, #2 day 1, #3 day 3, #4 day 1 → day 1: #2, #4; day 3: #1, #3.
    const a = run([
      [jan(3), 'A', 1, '#1'],
      [jan(1), 'A', 2, '#2'],
      [jan(3), 'A', 4, '#3'],
      [jan(1), 'A', 8, '#4'],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [1, 2],
      [1, 8],
      [3, 1],
      [3, 4],
    ]);
  });

  test('two orders out of date order after a customer with more visits, all earlier', () => {
    // A: three visits in December 2024 (days −31, −30, −29). B: order #1 on day 5, then #2 on day 3.
    const a = run([
      ['2024/12/1', 'A', 1, ''],
      ['2024/12/2', 'A', 2, ''],
      ['2024/12/3', 'A', 4, ''],
      [jan(5), 'B', 8, '#1'],
      [jan(3), 'B', 16, '#2'],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [-31, 1],
      [-30, 2],
      [-29, 4],
    ]);
    expect(visitsOf(a, 1)).toEqual([
      [3, 16],
      [5, 8],
    ]);
  });

  test('three orders, two on one day, after a customer with four visits', () => {
    // A: four visits on days 0…3. B: #1 on day 5, #2 and #3 on day 3 → day 3: #2, #3; day 5: #1.
    const a = run([
      [jan(0), 'A', 1, ''],
      [jan(1), 'A', 1, ''],
      [jan(2), 'A', 1, ''],
      [jan(3), 'A', 1, ''],
      [jan(5), 'B', 2, '#1'],
      [jan(3), 'B', 4, '#2'],
      [jan(3), 'B', 8, '#3'],
    ]);
    expect(visitsOf(a, 1)).toEqual([
      [3, 4],
      [3, 8],
      [5, 2],
    ]);
  });

  test('an order, then a row without one on its day, after a customer with three visits', () => {
    // A: three visits on days 0…2. B: #1 (row 5, worth 1) and a row without an order (row 6,
    // worth 2), both on day 5: the order's first row is the earlier, so it leads.
    const a = run([
      [jan(0), 'A', 1, ''],
      [jan(1), 'A', 1, ''],
      [jan(2), 'A', 1, ''],
      [jan(5), 'B', 1, '#1'],
      [jan(5), 'B', 2, ''],
    ]);
    expect(visitsOf(a, 1)).toEqual([
      [5, 1],
      [5, 2],
    ]);
  });

  test('many orders are sorted by day, then by their first row', () => {
    // Order i (0…39) is on day 19 − (i mod 20), worth i + 1: day d has orders 19 − d (worth
    // 20 − d) then 39 − d (worth 40 − d).
    const rows = Array.from({ length: 40 }, (_, i) => [jan(19 - (i % 20)), 'A', i + 1, `#${i}`]);
    const expected = Array.from({ length: 20 }, (_, d) => [
      [d, 20 - d],
      [d, 40 - d],
    ]).flat();
    expect(visitsOf(run(rows), 0)).toEqual(expected);
  });

  test('an order and a day without an order on the same day: the one whose first row comes first leads', () => {
    // The order's row (row 0) comes before the row without an order (row 1), both on day 5.
    const a = run([
      [jan(5), 'A', 1, '#1'],
      [jan(5), 'A', 2, ''],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [5, 1],
      [5, 2],
    ]);
  });

  test('17 days each with an order and then a row without one: by day, the order first', () => {
    // Row 2k is order #k on day k worth 2k + 1; row 2k + 1 has no order, on day k, worth 2k + 2.
    const rows = Array.from({ length: 34 }, (_, i) => [jan(i >> 1), 'A', i + 1, i % 2 === 0 ? `#${i >> 1}` : '']);
    const expected = Array.from({ length: 34 }, (_, i) => [i >> 1, i + 1]);
    expect(visitsOf(run(rows), 0)).toEqual(expected);
  });

  test('three orders on days 1, 5 and 3', () => {
    const a = run([
      [jan(1), 'A', 1, '#1'],
      [jan(5), 'A', 2, '#2'],
      [jan(3), 'A', 4, '#3'],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [1, 1],
      [3, 4],
      [5, 2],
    ]);
  });

  test('an order’s later line dated later keeps the order on its first line’s day', () => {
    const a = run([
      [jan(2), 'A', 1, '#1'],
      [jan(5), 'A', 2, '#1'],
    ]);
    expect(visitsOf(a, 0)).toEqual([[2, 3]]);
  });

  test('the first order’s lines on two days are one visit, dated by its earliest line', () => {
    // #1 (the first order, number 0) has lines on days 5 and 2; #2 is on day 3.
    const a = run([
      [jan(5), 'A', 1, '#1'],
      [jan(3), 'A', 2, '#2'],
      [jan(2), 'A', 4, '#1'],
    ]);
    expect(visitsOf(a, 0)).toEqual([
      [2, 5],
      [3, 2],
    ]);
  });
});
