// Dates made in another realm (a vm context, as the local runner and the tests load the bundle;
// an iframe) are not `instanceof Date` here. The core reads them all the same.
import vm from 'vm';
import { analyzeTable } from '../../src/core/analysis';
import { cellText, isDate, parseDateCell } from '../../src/core/cells';
import { dayOfDateIn, parseIsoDay, DayOfDate } from '../../src/core/days';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { isDayCell } from '../../src/core/table';

// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});
/** 2025-01-05 00:00 in Tokyo, made in a fresh realm. */
const foreignDate = (iso = '2025-01-04T15:00:00Z') => vm.runInNewContext(`new Date(${JSON.stringify(iso)})`) as Date;

test('a Date from another realm is a Date to the core', () => {
  const date = foreignDate();
  expect(date instanceof Date).toBe(false);
  expect(isDate(date)).toBe(true);
  expect(isDate(new Date())).toBe(true);
  expect(isDate({ getTime: () => 0 })).toBe(false);
  expect(parseDateCell(date, tokyo)).toBe(parseIsoDay('2025-01-05'));
  expect(parseDateCell(vm.runInNewContext('new Date(NaN)'), tokyo)).toBeNull();
  expect(cellText(date)).toBe('2025-01-04T15:00:00.000Z');
  expect(isDayCell(date)).toBe(false);
});

test('a sales table whose date cells come from another realm is analysed, not rejected', () => {
  const values = [
    ['日付', '顧客名', '金額'],
    [foreignDate('2025-01-04T15:00:00Z'), '山田 太郎', 1000],
    [foreignDate('2025-02-09T15:00:00Z'), '山田 太郎', 500],
    [new Date('2025-03-01T15:00:00Z'), '佐藤 花子', 800],
  ];
  const { sales } = analyzeTable({
    values,
    asOf: parseIsoDay('2025-03-31')!,
    timeZone: 'Asia/Tokyo',
    thresholds: DEFAULT_THRESHOLDS,
  });
  expect(sales.counts).toEqual({ rows: 3, used: 3, rejected: 0, future: 0, blank: 0 });
  const yamada = sales.customers.find((c) => c.name === '山田 太郎')!;
  expect(yamada.visits).toBe(2);
  expect(yamada.firstDay).toBe(parseIsoDay('2025-01-05'));
  expect(yamada.lastDay).toBe(parseIsoDay('2025-02-10'));
});
