// The report month: the last month ended by as-of unless the owner picks one.
import { parseIsoDay } from '../../src/core/days';
import { dayLabel, monthLabel, reportMonthOf } from '../../src/core/report-month';

const day = (iso: string) => parseIsoDay(iso) as number;
const month = (m: string, start: string, end: string, soFar = false) => ({
  month: m,
  start: day(start),
  end: day(end),
  soFar,
});

describe('reportMonthOf, the default', () => {
  it('run on 2 December reports November, complete, as of 30 November', () => {
    expect(reportMonthOf(day('2026-12-02'))).toStrictEqual(month('2026-11', '2026-11-01', '2026-11-30'));
  });
  it('as-of on a month’s last day reports that month', () => {
    expect(reportMonthOf(day('2026-11-30'))).toStrictEqual(month('2026-11', '2026-11-01', '2026-11-30'));
  });
  it('the 1st of a month reports the month before; February of a leap year ends on the 29th', () => {
    expect(reportMonthOf(day('2024-03-01'))).toStrictEqual(month('2024-02', '2024-02-01', '2024-02-29'));
  });
  it('January reports December of the year before', () => {
    expect(reportMonthOf(day('2027-01-15'))).toStrictEqual(month('2026-12', '2026-12-01', '2026-12-31'));
  });
});

describe('reportMonthOf, the owner’s choice', () => {
  it('"current" is as-of’s month so far', () => {
    expect(reportMonthOf(day('2026-12-02'), 'current')).toStrictEqual(
      month('2026-12', '2026-12-01', '2026-12-02', true),
    );
    expect(reportMonthOf(day('2026-12-02'), '2026-12')).toStrictEqual(
      month('2026-12', '2026-12-01', '2026-12-02', true),
    );
  });
  it('"current" on the last day is the whole month', () => {
    expect(reportMonthOf(day('2026-11-30'), 'current')).toStrictEqual(month('2026-11', '2026-11-01', '2026-11-30'));
  });
  it('any earlier month, as of its last day', () => {
    expect(reportMonthOf(day('2026-12-02'), '2025-02')).toStrictEqual(month('2025-02', '2025-02-01', '2025-02-28'));
  });
  it.each(['2027-01', '2026-13', '2026-00', '2026-1', 'november', '2026-11-01'])('refuses %s', (choice) => {
    expect(reportMonthOf(day('2026-12-02'), choice)).toBeNull();
  });
});

test('names: 2026年11月 / November 2026; 2026年11月30日 / 30 November 2026', () => {
  expect(monthLabel('2026-11', 'ja')).toBe('2026年11月');
  expect(monthLabel('2026-01', 'en')).toBe('January 2026');
  expect(dayLabel(day('2026-11-30'), 'ja')).toBe('2026年11月30日');
  expect(dayLabel(day('2026-03-05'), 'en')).toBe('5 March 2026');
});
