// The sales analysis both metrics test files read. Call it inside a test (or beforeEach), so that
// a mutation tool sees which test ran the code.
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { analyzeSales } from '../../src/core/sales';

export const day = (iso: string) => parseIsoDay(iso) as number;

/** Columns: date, customer, amount, product, referrer. As-of is 2025-03-20 unless told. */
export function analyze(rows: unknown[][], asOf = '2025-03-20', dayOf: DayOfDate = dayOfDateIn('Asia/Tokyo')) {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, product: 3, referrer: 4 },
    asOf: day(asOf),
    dayOf,
  });
}
