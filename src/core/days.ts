// Calendar days as integers (days since 1970-01-01), so that date arithmetic is exact and
// independent of the machine's time zone. A Date object is turned into a day in the
// spreadsheet's time zone, because that is the day the shop owner sees in the cell.

export type Day = number;

/** Sheets' serial number of 1970-01-01 (serial 0 is 1899-12-30). */
export const SHEETS_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

export function dayFromYmd(year: number, month: number, day: number): Day | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Rejects 2025-02-30 instead of rolling it over to March.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return Math.round(ms / MS_PER_DAY);
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function ymdOf(day: Day): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatDay(day: Day): string {
  const { year, month, day: dd } = ymdOf(day);
  return `${year}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Parses strictly `YYYY-MM-DD` (the form used on the command line and in settings). */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  return m ? dayFromYmd(+m[1], +m[2], +m[3]) : null;
}

export function dayFromSerial(serial: number): Day {
  return Math.floor(serial) - SHEETS_EPOCH_SERIAL;
}

/** First day of the calendar month containing `day`. */
export function monthStart(day: Day): Day {
  const { year, month } = ymdOf(day);
  return dayFromYmd(year, month, 1) as Day;
}

/** `YYYY-MM` of a day: the key of an analysis month. */
export function monthKey(day: Day): string {
  return formatDay(day).slice(0, 7);
}

export function addMonths(day: Day, months: number): Day {
  const { year, month, day: dd } = ymdOf(day);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return dayFromYmd(y, m, Math.min(dd, last)) as Day;
}

export type DayOfDate = (date: Date) => Day;

/**
 * Returns a function giving the calendar day of an instant in `timeZone`. Offsets are looked up
 * through Intl once per distinct hour, since a sales column repeats the same few instants.
 */
export function dayOfDateIn(timeZone: string): DayOfDate {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    hourCycle: 'h23',
  });
  const offsetByHour = new Map<number, number>();
  return (date: Date): Day => {
    const ms = date.getTime();
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsetByHour.get(hour);
    if (offset === undefined) {
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(new Date(hour * 3_600_000))) {
        if (p.type !== 'literal') parts[p.type] = Number(p.value);
      }
      const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24);
      offset = wall - hour * 3_600_000;
      offsetByHour.set(hour, offset);
    }
    return Math.floor((ms + offset) / MS_PER_DAY);
  };
}

/** The instant of midnight starting `day` in `timeZone` (for writing computed dates to Sheets). */
export function midnightIn(day: Day, timeZone: string): Date {
  const dayOf = dayOfDateIn(timeZone);
  // Offsets lie within ±14 h: start from UTC midnight and correct once, then check.
  let guess = day * MS_PER_DAY;
  const probe = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  for (let i = 0; i < 3; i++) {
    const parts: Record<string, number> = {};
    for (const p of probe.formatToParts(new Date(guess))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const drift = (dayOf(new Date(guess)) - day) * MS_PER_DAY + (parts.hour * 60 + parts.minute) * 60_000;
    if (drift === 0) break;
    guess -= drift;
  }
  return new Date(guess);
}
