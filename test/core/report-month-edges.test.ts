// The report month's edges: a choice with spaces around it, a month named by its key that is
// as-of's own, the months a History backfill walks, and the last day of each month.
import { formatDay, parseIsoDay } from '../../src/core/days';
import { monthEnd, monthsBetween, reportMonthOf } from '../../src/core/report-month';

const day = (iso: string) => parseIsoDay(iso) as number;
/** A whole month, ended by as-of. */
const ended = (month: string, last: string) => ({
  month,
  start: day(`${month}-01`),
  end: day(last),
  soFar: false,
});

test('a choice typed with spaces around it is read as the month', () => {
  expect(reportMonthOf(day('2026-12-02'), ' 2025-02 ')).toStrictEqual(ended('2025-02', '2025-02-28'));
});

test('text before a month key is refused, not read as the month', () => {
  expect(reportMonthOf(day('2026-12-02'), 'x2026-11')).toBeNull();
  expect(reportMonthOf(day('2026-12-02'), '12026-11')).toBeNull();
});

test("as-of's own month by its key, on its last day: the whole month, not so far", () => {
  // start (2026-11-01) equals as-of's month start: allowed; the month ended on as-of.
  expect(reportMonthOf(day('2026-11-30'), '2026-11')).toStrictEqual(ended('2026-11', '2026-11-30'));
});

test('monthEnd: the last day of 30-, 31-day months, February in and out of leap years', () => {
  expect(['2026-11-15', '2026-12-01', '2024-02-10', '2025-02-28'].map((d) => formatDay(monthEnd(day(d))))).toEqual([
    '2026-11-30',
    '2026-12-31',
    '2024-02-29',
    '2025-02-28',
  ]);
});

test('monthsBetween: every month from the first day’s to the last day’s, both included', () => {
  // The last day is the 1st of a month: that month is included (its start is not after it).
  expect(monthsBetween(day('2025-11-20'), day('2026-02-01')).map(formatDay)).toEqual([
    '2025-11-01',
    '2025-12-01',
    '2026-01-01',
    '2026-02-01',
  ]);
  // Both in one month: that month once.
  expect(monthsBetween(day('2026-03-05'), day('2026-03-09')).map(formatDay)).toEqual(['2026-03-01']);
});
