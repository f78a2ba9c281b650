// Each customer's rhythm (docs/RULES.md §3a), every expectation worked out by hand.
import fc from 'fast-check';
import { DayOfDate, dayOfDateIn, formatDay, parseIsoDay } from '../../src/core/days';
import {
  firstRepeatGapOf,
  medianDays,
  medianGapOf,
  ownIntervalOf,
  rhythmFrom,
  rhythmOf,
  roundHalfUp,
  usualDueAfter,
  visitDaysOf,
} from '../../src/core/rhythm';
import { SalesAnalysis, analyzeSales } from '../../src/core/sales';

let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});
const day = (iso: string) => parseIsoDay(iso) as number;

/** Rows: date, customer, amount, order id (optional). */
function analyse(rows: unknown[][], asOf: string, withOrders = false): SalesAnalysis {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: withOrders ? { date: 0, customer: 1, amount: 2, orderId: 3 } : { date: 0, customer: 1, amount: 2 },
    asOf: day(asOf),
    dayOf,
  });
}

/** name → [usual interval, expected next visit, days overdue] as the Segments tab shows them. */
function rhythmTable(a: SalesAnalysis): Record<string, [number | null, string | null, number | null]> {
  const r = rhythmOf(a);
  return Object.fromEntries(
    a.customers.map((c, i) => {
      const x = r.of(i);
      return [c.name, [x.usualInterval, x.expectedNext === null ? null : formatDay(x.expectedNext), x.daysOverdue]];
    }),
  );
}

describe('the median of gaps, rounded half up', () => {
  test('odd count: the middle one', () => {
    expect(medianDays([30, 10, 20])).toBe(20);
  });
  test('even count: the mean of the middle two, .5 rounded up', () => {
    expect(medianDays([10, 3, 4, 1])).toBe(4); // sorted 1 3 4 10 → (3 + 4) / 2 = 3.5 → 4
    expect(medianDays([2, 4])).toBe(3);
  });
  test('rounding is half up, not to even', () => {
    expect([roundHalfUp(2.5), roundHalfUp(3.5), roundHalfUp(2.4), roundHalfUp(7)]).toEqual([3, 4, 2, 7]);
  });
  test('nothing to take the median of', () => {
    expect(medianDays([])).toBeNull();
    expect(ownIntervalOf([day('2025-01-01')])).toBeNull();
  });
  test('distinct visit days: two orders on one day are one visit day', () => {
    expect(visitDaysOf([5, 5, 9, 12, 12])).toEqual([5, 9, 12]);
  });
  test("one customer's slice of the visits: gaps between distinct days only", () => {
    const days = [1, 5, 5, 9, 12, 12, 40, 100];
    // Days 5, 9, 12, 40 (indices 1–6): gaps 4, 3, 28 → sorted 3 4 28 → 4.
    expect(medianGapOf(days, 1, 7)).toBe(4);
    // Days 5, 9, 12: gaps 4, 3 → 3.5 → 4.
    expect(medianGapOf(days, 1, 6)).toBe(4);
    // Days 9, 12, 40, 100: gaps 3, 28, 60 → 28.
    expect(medianGapOf(days, 3, 8)).toBe(28);
    // One gap, then one distinct day only, then no visit.
    expect(medianGapOf(days, 0, 2)).toBe(4);
    expect(medianGapOf(days, 1, 3)).toBeNull();
    expect(medianGapOf(days, 4, 4)).toBeNull();
  });
  test('more gaps than the reused buffer first holds, short and long in turn: every gap counts, sorted', () => {
    // 100 distinct days whose gaps are 1, 99, 2, 98, …, 49, 51, 50: every length from 1 to 99 once.
    const gaps: number[] = [];
    for (let k = 0; k < 50; k++) gaps.push(k + 1, 99 - k);
    gaps.pop();
    const days = [0];
    for (const gap of gaps) days.push(days[days.length - 1] + gap);
    expect(days).toHaveLength(100);
    // Sorted 1 … 99: the median is 50.
    expect(medianGapOf(days, 0, 100)).toBe(50);
    // From the second day (the gap of 1 gone): 2 … 99, 98 gaps, median (50 + 51) / 2 = 50.5 → 51.
    expect(medianGapOf(days, 1, 100)).toBe(51);
  });
  test('the same median as the distinct days and their gaps, for any sorted days (more gaps than the scratch holds too)', () => {
    const sortedDays = fc
      .array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 })
      .map((d) => d.sort((x, y) => x - y));
    fc.assert(
      fc.property(sortedDays, fc.nat(), fc.nat(), (days, i, j) => {
        const from = days.length === 0 ? 0 : i % days.length;
        const to = from + (days.length === 0 ? 0 : j % (days.length - from + 1));
        expect(medianGapOf(days, from, to)).toBe(ownIntervalOf(visitDaysOf(days, from, to)));
      }),
    );
  });
});

describe('each customer', () => {
  test('odd and even gap counts, same-day orders, single visits, prospects', () => {
    // As-of 2025-06-30.
    const a = analyse(
      [
        // Odd (3 gaps: 10, 20, 40 → 20); last 2025-03-12 + 20 = 2025-04-01, 90 days overdue.
        ['2025-01-01', 'Odd', 1000, 'o1'],
        ['2025-01-11', 'Odd', 1000, 'o2'],
        ['2025-01-31', 'Odd', 1000, 'o3'],
        ['2025-03-12', 'Odd', 1000, 'o4'],
        // Even (2 gaps: 7, 8 → 7.5 → 8), with a second order on its last day that is no gap of 0:
        // last 2025-06-20 + 8 = 2025-06-28, 2 days overdue.
        ['2025-06-05', 'Even', 500, 'e1'],
        ['2025-06-12', 'Even', 500, 'e2'],
        ['2025-06-20', 'Even', 500, 'e3'],
        ['2025-06-20', 'Even', 700, 'e4'],
        // Two orders on one day only: one visit day, so the shop's gap; 2025-06-01 + 9 = 06-10.
        ['2025-06-01', 'SameDay', 800, 's1'],
        ['2025-06-01', 'SameDay', 800, 's2'],
        // One visit, not yet due: 2025-06-25 + 9 = 2025-07-04, 0 overdue.
        ['2025-06-25', 'Once', 300, 'n1'],
        // A ¥0 sample and a refund are not visits: a prospect, all blank.
        ['2025-05-01', 'Sample', 0, 'p1'],
        ['2025-05-02', 'Sample', -100, 'p2'],
        // A refund day is no visit day: gap 2025-02-01 → 2025-02-11 = 10, the refund between is ignored.
        ['2025-02-01', 'Refund', 1000, 'r1'],
        ['2025-02-05', 'Refund', -1000, 'r2'],
        ['2025-02-11', 'Refund', 1000, 'r3'],
      ],
      '2025-06-30',
      true,
    );
    // First-repeat gaps: Odd 10, Even 7, Refund 10 → sorted 7 10 10 → 10.
    expect(rhythmOf(a).firstRepeatGap).toBe(10);
    expect(rhythmTable(a)).toEqual({
      Odd: [20, '2025-04-01', 90],
      Even: [8, '2025-06-28', 2],
      SameDay: [10, '2025-06-11', 19],
      Once: [10, '2025-07-05', 0],
      Sample: [null, null, null],
      Refund: [10, '2025-02-21', 129],
    });
  });

  test("the shop's first-repeat gap: even count rounded half up", () => {
    const a = analyse(
      [
        ['2025-01-01', 'A', 100],
        ['2025-01-04', 'A', 100], // first-repeat gap 3
        ['2025-01-01', 'B', 100],
        ['2025-01-05', 'B', 100], // 4
        ['2025-01-20', 'B', 100],
        ['2025-03-01', 'C', 100], // single visit: (3 + 4) / 2 = 3.5 → 4
      ],
      '2025-03-31',
    );
    expect(firstRepeatGapOf(a)).toBe(4);
    expect(rhythmTable(a).C).toEqual([4, '2025-03-05', 26]);
    // B's own gaps 4 and 15: 9.5 → 10; last 2025-01-20 + 10 = 01-30, 60 days before as-of.
    expect(rhythmTable(a).B).toEqual([10, '2025-01-30', 60]);
  });

  test('no customer came back: single-visit customers stay blank', () => {
    const a = analyse(
      [
        ['2025-01-01', 'A', 100],
        ['2025-02-01', 'B', 100],
        ['2025-02-01', 'B', 300], // same day without an order column: still one visit
      ],
      '2025-03-31',
    );
    expect(firstRepeatGapOf(a)).toBeNull();
    expect(rhythmTable(a)).toEqual({ A: [null, null, null], B: [null, null, null] });
  });

  test('overdue is 0 on and before the expected day, 1 the day after', () => {
    expect(rhythmFrom(day('2025-01-01'), 10, day('2025-01-11')).daysOverdue).toBe(0);
    expect(rhythmFrom(day('2025-01-01'), 10, day('2025-01-05')).daysOverdue).toBe(0);
    expect(rhythmFrom(day('2025-01-01'), 10, day('2025-01-12')).daysOverdue).toBe(1);
    expect(rhythmFrom(null, 10, day('2025-01-12')).expectedNext).toBeNull();
  });

  test('Time for your usual waits max(7, half the interval) days, half rounded up', () => {
    expect([usualDueAfter(7), usualDueAfter(14), usualDueAfter(15), usualDueAfter(16), usualDueAfter(60)]).toEqual([
      7, 7, 8, 8, 30,
    ]);
  });
});

test('worked out once per analysis: every caller gets the same rhythm', () => {
  const a = analyse(
    [
      ['2025-01-01', 'A', 100],
      ['2025-01-11', 'A', 100],
    ],
    '2025-03-31',
  );
  const b = analyse([['2025-01-01', 'A', 100]], '2025-03-31');
  expect(rhythmOf(a)).toBe(rhythmOf(a));
  // Another analysis has its own: A came back after 10 days in one, never in the other.
  expect(rhythmOf(b)).not.toBe(rhythmOf(a));
  expect([rhythmOf(a).firstRepeatGap, rhythmOf(b).firstRepeatGap]).toEqual([10, null]);
});

test('two orders on the first day: the first repeat is the next day with a visit, not the second order', () => {
  const a = analyse(
    [
      ['2025-01-01', 'A', 100, 'a1'],
      ['2025-01-01', 'A', 200, 'a2'],
      ['2025-01-21', 'A', 100, 'a3'],
    ],
    '2025-03-31',
    true,
  );
  // 2025-01-01 → 2025-01-21: 20 days.
  expect(firstRepeatGapOf(a)).toBe(20);
});
