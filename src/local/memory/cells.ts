// Cell values as Sheets stores them, how text typed by a user (or written with setValues) becomes
// a value, and how values are displayed through number formats.

import { dayFromYmd } from '../../core/days';
import { isDate } from './env';
import { defaultDateText, formatSheetsDate, MS_PER_DAY, Zone } from './zone';

/** A stored cell: '' when empty. Dates are stored as Dates and copied on every read. */
export type Cell = string | number | boolean | Date;

/**
 * A formula cell: its text, and the value Sheets computed for it when known (a fixture or a file
 * gives both). The stand-in computes no formula, so one typed or written by a script has no value,
 * and reading its value fails instead of handing back the formula text as Sheets never would.
 */
export class Formula {
  constructor(
    readonly text: string,
    readonly value?: Cell,
  ) {}
}

/** What Apps Script returns from getNumberFormat() for a cell nobody formatted. */
export const DEFAULT_NUMBER_FORMAT = '0.###############';
const SHEETS_EPOCH_SERIAL = 25569;

const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const BOOLEAN = /^(?:true|false)$/i;

/** Number of typed text, e.g. "1,080" → 1080 and "50%" → 0.5; null when it is not a number. */
function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const plain = text.replace(/,/g, '');
  if (!plain.endsWith('%')) return Number(plain);
  // Shifting the exponent instead of dividing keeps "1.1%" exactly 0.011.
  const [mantissa, exponent = '0'] = plain.slice(0, -1).split(/e/i);
  return Number(`${mantissa}e${Number(exponent) - 2}`);
}

// Date text repeats (a sales column holds few distinct days), so parses are cached per zone.
const dateCaches = new Map<string, Map<string, number | null>>();
const DATE_CACHE_LIMIT = 100_000;

/** Instant of typed date text at its wall-clock time in `zone`; null when it is not a date. */
function parseDate(text: string, zone: Zone): number | null {
  let cache = dateCaches.get(zone.id);
  if (!cache) dateCaches.set(zone.id, (cache = new Map()));
  const known = cache.get(text);
  if (known !== undefined) return known;
  let result: number | null = null;
  const m = DATE.exec(text);
  if (m) {
    const day = dayFromYmd(+m[1], +m[3], +m[4]);
    const [h, min, s] = [+(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0)];
    if (day !== null && h < 24 && min < 60 && s < 60)
      result = zone.instant(day * MS_PER_DAY + ((h * 60 + min) * 60 + s) * 1000);
  }
  if (cache.size >= DATE_CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}

/**
 * A string as Sheets takes it when a user types it: "'x" is the text x, "=…" a formula, text
 * starting with + or - that is no number a formula too (Sheets reads "+81 90-1234" as one),
 * numbers, percentages, dates and TRUE/FALSE become values, anything else stays text.
 */
export function typeText(text: string, zone: Zone): Cell | Formula {
  if (text === '') return '';
  const first = text.charCodeAt(0);
  // Fast exit for text starting with a letter (names, addresses, products).
  if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first > 127) {
    // Only "true" and "false" (4 or 5 letters) can be booleans: other text skips the regex.
    return (text.length === 4 || text.length === 5) && BOOLEAN.test(text) ? text.toLowerCase() === 'true' : text;
  }
  if (first === 39) return text.slice(1); // '
  if (first === 61) return new Formula(text); // =
  const number = parseNumber(text);
  if (number !== null) return number;
  const date = parseDate(text, zone);
  if (date !== null) return new Date(date);
  if ((first === 43 || first === 45) && text.length > 1) return new Formula(text); // + or -
  return text;
}

/** Any value written with setValue(s): strings are typed, other values kept as they are. */
export function typeInput(value: unknown, zone: Zone): Cell | Formula {
  switch (typeof value) {
    case 'string':
      return typeText(value, zone);
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (isDate(value)) return new Date(value.getTime());
      return String(value);
  }
}

/** A value from a file, kept with its type: nothing becomes a formula or a number. */
export function rawInput(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (isDate(value)) return new Date(value.getTime());
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Whether a Sheets number format shows a date or time ('yyyy-mm-dd', 'hh:mm') rather than a number. */
export function isDateFormat(format: string): boolean {
  const bare = format.replace(/"[^"]*"|\\./g, '');
  return /[ydhs]|am\/pm/i.test(bare) && !/[0#]/.test(bare);
}

/** A number through a simple Sheets number format: '#,##0', '0.00', '0.0%', '"¥"#,##0'. */
function formatNumber(n: number, format: string): string {
  const section = format.split(';')[0].replace(/\[\$([^\]-]*)[^\]]*\]/g, '$1');
  const m = /^((?:"[^"]*"|[^#0.,%])*)([#0,]*)(?:\.([#0]*))?(%?)(.*)$/.exec(section);
  if (!m || !/[#0]/.test(m[2] + (m[3] ?? ''))) return String(n);
  const literal = (s: string) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  const value = m[4] ? n * 100 : n;
  const decimals = m[3] ?? '';
  const minDecimals = (decimals.match(/0/g) ?? []).length;
  let [int, frac = ''] = Math.abs(value).toFixed(decimals.length).split('.');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  const minInt = (m[2].match(/0/g) ?? []).length;
  if (int === '0' && minInt === 0) int = '';
  int = int.padStart(minInt, '0');
  if (m[2].includes(',')) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(int + frac) !== 0 ? '-' : '';
  return `${sign}${literal(m[1])}${int}${frac ? '.' + frac : ''}${m[4]}${literal(m[5])}`;
}

/** What getDisplayValues shows for a stored value under a number format (undefined: unformatted). */
export function displayCell(value: Cell, format: string | undefined, zone: Zone): string {
  const custom = format !== undefined && format !== DEFAULT_NUMBER_FORMAT && format !== 'General' && format !== '@';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!custom) return String(value);
    if (isDateFormat(format)) return formatSheetsDate(Math.round((value - SHEETS_EPOCH_SERIAL) * MS_PER_DAY), format);
    return formatNumber(value, format);
  }
  const wall = zone.wall(value.getTime());
  if (!custom) return defaultDateText(wall);
  if (isDateFormat(format)) return formatSheetsDate(wall, format);
  return formatNumber(wall / MS_PER_DAY + SHEETS_EPOCH_SERIAL, format);
}
