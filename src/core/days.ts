// Calendar days as integers (days since 1970-01-01), so that date arithmetic is exact and
// independent of the machine's time zone. A Date object is turned into a day in the
// spreadsheet's time zone, because that is the day the shop owner sees in the cell.

export type Day = number;

/** Sheets' serial number of 1970-01-01 (serial 0 is 1899-12-30). */
export const SHEETS_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

export function dayFromYmd(year: number, month: number, day: number): Day | null {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; Date.UTC drops a fraction, which the round trip refuses
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; a month or day out of range rolls over, refused below
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Rejects 2025-02-30 instead of rolling it over to March.
  // With month and day in range (above), a rolled-over date (04-31 → 05-01) changes both its month
  // and its day, so either of the last two checks alone refuses it.
  if (
    check.getUTCFullYear() !== year ||
    // Stryker disable next-line ConditionalExpression: equivalent; the day check refuses every date this one does
    check.getUTCMonth() !== month - 1 ||
    // Stryker disable next-line ConditionalExpression: equivalent; the month check refuses every date this one does
    check.getUTCDate() !== day
  )
    return null;
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

// One formatter per zone: making an Intl.DateTimeFormat costs more than using it, and midnightIn
// is asked for each distinct day a tab writes (thousands on the Segments tab).
const OFFSET_FINDERS = new Map<string, (ms: number) => number>();

/** Offset of `timeZone` from UTC at an instant, in ms (wall clock − UTC), read through Intl. */
function offsetFinder(timeZone: string): (ms: number) => number {
  let finder = OFFSET_FINDERS.get(timeZone);
  if (finder === undefined) {
    finder = newOffsetFinder(timeZone);
    OFFSET_FINDERS.set(timeZone, finder);
  }
  return finder;
}

function newOffsetFinder(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    // Minutes too: India (+5:30), Nepal (+5:45) and Newfoundland (−3:30) are off the whole hour.
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  return (ms: number): number => {
    const parts: Record<string, number> = {};
    // Stryker disable next-line ConditionalExpression: the separators, if kept, land under a key 'literal' that nothing reads
    for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
    return wall - Math.floor(ms / 1000) * 1000;
  };
}

/** Hours remembered by dayOfDateIn in a direct-mapped table (a sales column holds a few thousand days). */
const HOUR_SLOTS = 4096;

/**
 * Returns a function giving the calendar day of an instant in `timeZone`. Offsets are looked up
 * through Intl once per distinct hour, since a sales column repeats the same few instants. The
 * last hour and a direct-mapped table of recent hours answer without a Map lookup, which would
 * otherwise be paid by every Date cell of a sheet that is not sorted by date.
 */
export function dayOfDateIn(timeZone: string): DayOfDate {
  const offsetAt = offsetFinder(timeZone);
  const offsetByHour = new Map<number, number>();
  const slotHour = new Float64Array(HOUR_SLOTS).fill(NaN);
  const slotOffset = new Float64Array(HOUR_SLOTS);
  let lastHour = NaN;
  let lastOffset = 0;
  return (date: Date): Day => {
    const ms = date.getTime();
    const hour = Math.floor(ms / MS_PER_HOUR);
    // Stryker disable next-line ConditionalExpression: a shortcut; the hour's slot or the map gives the same offset
    if (hour !== lastHour) {
      // Fibonacci hashing: days 24 hours apart spread over the slots.
      const slot = Math.imul(hour | 0, 0x9e3779b1) >>> 20;
      // Stryker disable next-line ConditionalExpression: a shortcut; the map gives the same offset
      if (slotHour[slot] === hour) {
        lastOffset = slotOffset[slot];
      } else {
        let offset = offsetByHour.get(hour);
        // Stryker disable next-line ConditionalExpression: a shortcut; Intl gives the same offset again
        if (offset === undefined) {
          offset = offsetAt(hour * MS_PER_HOUR);
          offsetByHour.set(hour, offset);
        }
        slotHour[slot] = hour;
        slotOffset[slot] = offset;
        lastOffset = offset;
      }
      lastHour = hour;
    }
    return Math.floor((ms + lastOffset) / MS_PER_DAY);
  };
}

/**
 * The first instant of `day` in `timeZone` (for writing computed dates to Sheets): its midnight,
 * the earlier one when clocks fall back over midnight, and the moment clocks jump forward when
 * a DST change skips midnight (Asia/Beirut, America/Santiago, Asia/Tehran until 2022).
 */
export function midnightIn(day: Day, timeZone: string): Date {
  const offsetAt = offsetFinder(timeZone);
  const wall = day * MS_PER_DAY;
  // Offsets lie within ±14 h, and no zone changes its offset twice within that span.
  const before = offsetAt(wall - 14 * MS_PER_HOUR);
  const after = offsetAt(wall + 14 * MS_PER_HOUR);
  // A larger offset gives an earlier instant: try it first.
  // Without the two tries, the search below finds the same instant.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: order matters only if both give a midnight
  for (const offset of before >= after ? [before, after] : [after, before]) {
    if (offsetAt(wall - offset) === offset) return new Date(wall - offset);
  }
  // Midnight skipped: the day starts at the jump, the first minute whose wall clock is past midnight.
  // Every zone in the time-zone data that skips midnight jumps at midnight exactly, which is the
  // search's upper end: the search cannot be told from returning `hi` by any real zone, so its
  // steps are marked equivalent one by one; it stays for a zone that jumps at another minute.
  // Stryker disable next-line ArithmeticOperator: equivalent for real zones (above); the answer is the upper end
  let lo = Math.floor((wall - after) / MS_PER_MINUTE);
  let hi = Math.ceil((wall - before) / MS_PER_MINUTE);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for real zones (above); the answer is the upper end
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    // Stryker disable next-line ArithmeticOperator: equivalent for real zones (above); the answer is the upper end
    const ms = mid * MS_PER_MINUTE;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for real zones (above); the answer is the upper end
    if (ms + offsetAt(ms) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi * MS_PER_MINUTE);
}

/** A time of day written after a date, and the offset from UTC written with it. */
export interface ClockTime {
  /** Seconds since the written day's midnight. */
  seconds: number;
  /** Minutes ahead of UTC (+540 for `GMT+9`, 0 for `Z`); null when no offset is written. */
  offsetMinutes: number | null;
}

const MERIDIEM = String.raw`午前|午後|[ap]\.?m\.?`;
// Before the time a space or ISO's T; a Japanese 午後7時 or 10時30分 may follow the date directly.
const CLOCK = new RegExp(
  String.raw`^(?:(?:[\sT]+|(?=午|\d{1,2}時))(?:(${MERIDIEM})\s*)?(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?|時(?:(\d{1,2})分(?:(\d{1,2})秒)?)?)(?:\s*(${MERIDIEM}))?)?` +
    String.raw`\s*(z|jst|(?:gmt|utc)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|([+-])(\d{2}):?(\d{2}))?$`,
  'i',
);

/** 12-hour clock: 午前12時 and 12 AM are midnight, 午後12時 and 12 PM noon; 午前0時 and 午後0時 as Japanese write them. */
function hour24(hour: number, meridiem: string | undefined): number | null {
  if (meridiem === undefined) return hour < 24 ? hour : null;
  if (hour > 12) return null;
  const pm = meridiem === '午後' || meridiem[0].toLowerCase() === 'p';
  return (hour % 12) + (pm ? 12 : 0);
}

function offsetOf(m: RegExpExecArray): number | null {
  const zone = m[8]?.toLowerCase();
  if (zone === undefined) return null;
  if (zone === 'jst') return 540;
  const sign = m[9] ?? m[12];
  if (sign === undefined) return 0; // Z, GMT, UTC
  const hours = +(m[10] ?? m[13]);
  const minutes = +(m[11] ?? m[14] ?? 0);
  // The furthest zones are 12 hours behind and 14 ahead of UTC.
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Reads what may follow a date: a time (19:41, 7:41:40 午後, 午後7時30分, 10:30 PM, T19:41:40.5)
 * and an offset (Z, +09:00, +0900, GMT+9, UTC-5, JST). '' is midnight without offset; text that is
 * no time, or a time that does not exist (25:00, 午後13時, 10:75), is null.
 */
export function parseClockTail(text: string): ClockTime | null {
  const m = CLOCK.exec(text);
  if (!m || (m[1] !== undefined && m[7] !== undefined)) return null;
  let seconds = 0;
  if (m[2] !== undefined) {
    const hour = hour24(+m[2], m[1] ?? m[7]);
    const minute = +(m[3] ?? m[5] ?? 0);
    const second = +(m[4] ?? m[6] ?? 0);
    if (hour === null || minute > 59 || second > 59) return null;
    seconds = hour * 3600 + minute * 60 + second;
  }
  const offsetMinutes = offsetOf(m);
  if (m[8] !== undefined && offsetMinutes === null) return null;
  return { seconds, offsetMinutes };
}

/**
 * The shop's day of a date and time: the written day when no offset is written (the shop's own
 * clock), else the day the instant falls on in the spreadsheet's time zone (`dayOf`), so a
 * 2026-01-07T20:00:00Z sale is a 8 January sale in Tokyo.
 */
export function shopDay(day: Day, clock: ClockTime, dayOf: DayOfDate): Day {
  if (clock.offsetMinutes === null) return day;
  return dayOf(new Date(day * MS_PER_DAY + clock.seconds * 1000 - clock.offsetMinutes * MS_PER_MINUTE));
}
