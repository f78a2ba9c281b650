// Which month the monthly analysis reports on. An owner opening it on 2 December wants November,
// complete, not the first two days of December: by default the report month is the last month
// that has ended on or before as-of. The Summary, the History row and Transitions describe it as
// of its last day; the Segments tab and the follow-ups stay as of as-of (they are for acting now).

import { Day, addMonths, dayFromYmd, monthKey, monthStart, ymdOf } from './days';
import { Lang } from './labels';

/** The sidebar's and the runner's choice: 'YYYY-MM', or 'current' for as-of's month so far. */
export const CURRENT_MONTH = 'current';

export interface ReportMonth {
  /** 'YYYY-MM' */
  month: string;
  /** The first day of the month. */
  start: Day;
  /** The day its figures are computed as of: the month's last day, or as-of for the month so far. */
  end: Day;
  /** True when the month has not ended by as-of (end = as-of, before the month's last day). */
  soFar: boolean;
}

/** The last day of the calendar month containing `day`. */
export function monthEnd(day: Day): Day {
  return addMonths(monthStart(day), 1) - 1;
}

function reportMonthAt(start: Day, asOf: Day): ReportMonth {
  const last = monthEnd(start);
  const end = Math.min(last, asOf);
  return { month: monthKey(start), start, end, soFar: end < last };
}

/**
 * The report month for `choice` (absent or '': the default rule), or null when the choice is not
 * a month or lies after as-of's month. The default is as-of's month when as-of is its last day,
 * else the month before.
 */
export function reportMonthOf(asOf: Day, choice?: string | null): ReportMonth | null {
  const asOfMonth = monthStart(asOf);
  if (!choice) return reportMonthAt(asOf === monthEnd(asOf) ? asOfMonth : addMonths(asOfMonth, -1), asOf);
  if (choice === CURRENT_MONTH) return reportMonthAt(asOfMonth, asOf);
  const m = /^(\d{4})-(\d{2})$/.exec(choice.trim());
  const start = m ? dayFromYmd(+m[1], +m[2], 1) : null;
  return start === null || start > asOfMonth ? null : reportMonthAt(start, asOf);
}

/** 「2026年11月」 / "November 2026". */
export function monthLabel(month: string, lang: Lang): string {
  const [year, mm] = month.split('-').map(Number);
  if (lang === 'ja') return `${year}年${mm}月`;
  return `${enMonth(mm)} ${year}`;
}

/** 'November' for 11. */
function enMonth(month: number): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
}

/** The months from the month of `first` to the month of `last`, oldest first. */
export function monthsBetween(first: Day, last: Day): Day[] {
  const out: Day[] = [];
  for (let m = monthStart(first); m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** 2026年11月30日 / 2026-11-30: a date in an owner's words. */
export function dayLabel(day: Day, lang: Lang): string {
  const { year, month, day: dd } = ymdOf(day);
  if (lang === 'ja') return `${year}年${month}月${dd}日`;
  return `${dd} ${enMonth(month)} ${year}`;
}
