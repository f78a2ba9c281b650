// Reading one cell of a sales sheet: dates, amounts, customer names and emails, in the many ways
// small shops type them. Each function is pure and total: it returns null instead of throwing, and
// the caller turns null into a rejected-row reason.

import { Day, DayOfDate, dayFromSerial, dayFromYmd, parseClockTail, shopDay } from './days';

/** NFKC turns full-width digits, letters, ￥ and the ideographic space into their plain forms. */
export function nfkc(text: string): string {
  return text.normalize('NFKC');
}

/** Date.prototype of the last other realm a Date came from (see isDate). */
let foreignDatePrototype: object | null = null;

/**
 * True for a Date of any realm. Apps Script hands the script Dates of its own realm, but a Date
 * made in another (a vm context, an iframe) is not `instanceof Date` here, so the internal tag
 * is checked too.
 */
export function isDate(value: unknown): value is Date {
  if (typeof value !== 'object' || value === null) return false;
  // Stryker disable next-line ConditionalExpression: a shortcut; the tag check below says the same of this realm's Dates
  if (value instanceof Date) return true;
  // A column of Dates from one other realm shares one prototype: the tag is read once for it.
  const prototype = Object.getPrototypeOf(value);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; the tag check below says the same
  if (prototype === Object.prototype || prototype === Array.prototype) return false;
  // Stryker disable next-line ConditionalExpression: a shortcut for a column of foreign Dates; the tag check below says the same
  if (prototype !== null && prototype === foreignDatePrototype) return true;
  if (Object.prototype.toString.call(value) !== '[object Date]') return false;
  foreignDatePrototype = prototype;
  return true;
}

export function isBlankCell(value: unknown): boolean {
  if (typeof value === 'string') {
    // Text starting with a printable ASCII character is not blank: no trim (and no copy) needed.
    const first = value.charCodeAt(0);
    // Stryker disable next-line ConditionalExpression: a shortcut; trim() of printable ASCII text is never empty either
    return !(first > 32 && first < 127) && value.trim() === '';
  }
  return value === null || value === undefined;
}

// Japanese eras: first day of each era and its first Gregorian year.
const ERAS: Record<string, number> = {
  令和: 2019,
  R: 2019,
  平成: 1989,
  H: 1989,
  昭和: 1926,
  S: 1926,
  大正: 1912,
  T: 1912,
  明治: 1868,
  M: 1868,
};

// A weekday like (月) may follow the date, then a time and an offset (read by parseClockTail).
const WEEKDAY = String.raw`(?:\s*[(（][^)）]*[)）])?`;
const GREGORIAN = new RegExp(
  String.raw`^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)${WEEKDAY}(.*)$`,
);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const WAREKI = new RegExp(
  String.raw`^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2}))${WEEKDAY}(.*)$`,
  'i',
);

/** The day of a written date and what follows it; null when either cannot be read. */
function dayWithClock(day: Day | null, tail: string, dayOf: DayOfDate | undefined): Day | null {
  if (day === null) return null;
  const clock = parseClockTail(tail);
  if (clock === null) return null;
  return dayOf ? shopDay(day, clock, dayOf) : day;
}

/**
 * Parses date text typed by a person or exported by a shop system; null when it is not a date.
 * A time written with an offset (Z, +09:00, GMT+9) gives the day in the spreadsheet's time zone
 * when `dayOf` is given (see shopDay); otherwise the written day.
 */
export function parseDateText(raw: string, dayOf?: DayOfDate): Day | null {
  const text = nfkc(raw).trim();
  let m = GREGORIAN.exec(text);
  if (m) return dayWithClock(dayFromYmd(+m[1], +(m[2] ?? m[4]), +(m[3] ?? m[5])), m[6], dayOf);
  m = COMPACT.exec(text);
  if (m) return dayFromYmd(+m[1], +m[2], +m[3]);
  m = WAREKI.exec(text);
  if (m) {
    const base = ERAS[m[1].length === 1 ? m[1].toUpperCase() : m[1]];
    const eraYear = m[2] === '元' ? 1 : +m[2];
    if (eraYear < 1) return null;
    return dayWithClock(dayFromYmd(base + eraYear - 1, +(m[3] ?? m[5]), +(m[4] ?? m[6])), m[7], dayOf);
  }
  return null;
}

/**
 * A date cell as Sheets hands it over: a Date (taken in the spreadsheet's time zone), a serial
 * number (as custom functions may receive it), or text.
 */
export function parseDateCell(value: unknown, dayOf: DayOfDate): Day | null {
  if (typeof value === 'string') return parseDateText(value, dayOf);
  if (typeof value === 'number') {
    // Stryker disable next-line ConditionalExpression: a shortcut; NaN and ±Infinity fail both range checks below too
    if (!Number.isFinite(value)) return null;
    // Serial numbers between 1900 and 2200.
    if (value >= 1 && value < 110_000) return dayFromSerial(value);
    // 20250105 typed or imported from a CSV: Sheets turns it into a number.
    if (Number.isInteger(value) && value >= 1900_01_01 && value <= 2199_12_31) return parseDateText(String(value));
    return null;
  }
  if (isDate(value)) return Number.isNaN(value.getTime()) ? null : dayOf(value);
  return null;
}

/**
 * Plain decimal text as a CSV holds amounts ("1080", "-12.5"): its number, else null for the
 * full reading of parseAmountCell. Gives the same number parseAmountCell would, without NFKC
 * or regular expressions.
 */
export function parsePlainDecimal(text: string): number | null {
  const n = text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard only; charCodeAt(0) of '' is NaN, never 45
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0; // -
  const digits = i;
  let ch = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard only; charCodeAt(n) is NaN, which is no digit
  while (i < n && (ch = text.charCodeAt(i)) >= 48 && ch <= 57) i++;
  if (i === digits) return null;
  if (i < n) {
    if (ch !== 46) return null; // .
    const fraction = ++i;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard only; charCodeAt(n) is NaN, which is no digit
    while (i < n && (ch = text.charCodeAt(i)) >= 48 && ch <= 57) i++;
    if (i === fraction || i < n) return null;
  }
  return Number(text);
}

/**
 * The largest amount one row may hold, either sign: ¥1 trillion (10^12). Beyond it is a typo or an
 * overflow (a 400-digit amount reads as Infinity); such a row is rejected, and sums of rows within
 * it stay finite (and exact to the cent up to ~9,000 such rows).
 */
export const MAX_AMOUNT = 1e12;

/**
 * Amounts: numbers, or text such as ¥1,080 / ￥1,080 / 1,080円 / １０８０ / (1,080) / ▲1,080 / -1,080.
 * Parentheses and the accounting marks ▲ △ mean negative. Digits too many for a number give
 * ±Infinity (the caller compares with MAX_AMOUNT); null is text that is no amount.
 */
export function parseAmountCell(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value !== 'string') return null;
  const plain = parsePlainDecimal(value);
  // Stryker disable next-line ConditionalExpression: a shortcut; the full reading below gives the same number for plain decimals
  if (plain !== null) return plain;
  // Stryker disable next-line Regex: removing each space one by one or a run at once leaves the same text
  let text = nfkc(value).replace(/\s+/g, '');
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; '' fails the amount pattern below too
  if (text === '') return null;
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1];
  }
  if (/^[-−▲△]/.test(text)) {
    negative = !negative;
    text = text.slice(1);
  }
  // Suffixes may stack: 1,080円(税込).
  text = text.replace(/^(?:¥|\\|\$|JPY|USD)/i, '').replace(/(?:円|JPY|USD|税込|\(税込\))+$/i, '');
  // Stryker disable next-line Regex: a minus further in fails the amount pattern below whether or not one character is cut
  if (/^[-−]/.test(text) && !negative) {
    negative = true;
    text = text.slice(1);
  }
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$/.test(text)) return null;
  const amount = Number(text.replace(/,/g, ''));
  return negative ? -amount : amount;
}

const PLAIN_ASCII = /^[!-~]*$/;

/** One trailing honorific: 様, さま, さん, 殿. */
export const HONORIFIC = /(?:様|さま|さん|殿)$/;

/** Text of a cell as a person reads it: numbers without exponent, everything trimmed. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string') return value.trim();
  if (isDate(value)) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value).trim();
}

/**
 * Spaces (the ideographic one too) and invisible format characters (Unicode Cf: zero-width
 * space and joiners, soft hyphen, BOM, direction marks), which a copy and paste leaves in a name
 * where nobody can see them.
 */
const SPACE_OR_INVISIBLE = /[\s\p{Cf}]+/gu;

/**
 * The key that identifies a customer: NFKC, then all spaces and invisible format characters
 * removed, then one trailing honorific (様, さま, さん, 殿) removed; an email-looking key is
 * compared lower-case.
 */
export function customerKeyOf(name: string): string {
  // Printable ASCII without spaces is its own NFKC form and has no honorific.
  // Stryker disable next-line ConditionalExpression: a shortcut; the full path below gives the same key for such names
  if (PLAIN_ASCII.test(name)) return name.includes('@') ? name.toLowerCase() : name;
  let key = nfkc(name).replace(SPACE_OR_INVISIBLE, '');
  if (key.includes('@')) return key.toLowerCase();
  key = key.replace(HONORIFIC, '');
  return key;
}

/**
 * Emails are compared lower-case. 'Name <address>' (pasted from a mail client) yields the address;
 * anything else that is not one address (no @, two addresses, stray brackets) yields ''.
 */
export function emailOf(value: unknown): string {
  let text = nfkc(cellText(value))
    .replace(SPACE_OR_INVISIBLE, '')
    .toLowerCase()
    .replace(/^mailto:/, '');
  const angled = /<([^<>]*)>$/.exec(text);
  if (angled) text = angled[1];
  return /^[^@<>()[\],;:"]+@[^@<>()[\],;:"]+\.[^@<>()[\],;:".]+$/.test(text) ? text : '';
}
