// Time zones without a date library. A zone's offset is looked up through Intl once per hour of
// time and cached, so converting a million cells costs Map look-ups rather than Intl calls. "Wall"
// times are milliseconds whose UTC fields are the clock time in the zone.

const HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const zones = new Map<string, Zone>();

export class Zone {
  private readonly offsets = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  static of(timeZone: string): Zone {
    let zone = zones.get(timeZone);
    if (!zone) {
      zone = new Zone(timeZone);
      zones.set(timeZone, zone);
    }
    return zone;
  }

  private constructor(readonly id: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: id,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      throw new Error(`Invalid time zone: ${id}`);
    }
  }

  /** Wall time minus UTC, in ms, at the instant `ms`. */
  offsetAt(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const p: Record<string, number> = {};
      for (const part of this.format.formatToParts(new Date(hour * HOUR))) {
        if (part.type !== 'literal') p[part.type] = Number(part.value);
      }
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - hour * HOUR;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  wall(ms: number): number {
    return ms + this.offsetAt(ms);
  }

  /** The instant whose wall time is `wall` (in a DST gap, the instant just after it). */
  instant(wall: number): number {
    const guess = wall - this.offsetAt(wall);
    return wall - this.offsetAt(guess);
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function offsetText(offset: number, colon: boolean): string {
  const minutes = Math.abs(offset) / 60_000;
  const text = pad(Math.floor(minutes / 60), 2) + (colon ? ':' : '') + pad(minutes % 60, 2);
  return (offset < 0 ? '-' : '+') + text;
}

/** Utilities.formatDate: Java SimpleDateFormat letters (y M d E H h m s S a Z X, 'quoted'). */
export function formatJavaDate(ms: number, zone: Zone, pattern: string): string {
  const offset = zone.offsetAt(ms);
  const w = new Date(ms + offset);
  return pattern.replace(/'([^']*)'|([A-Za-z])\2*/g, (token: string, quoted: string | undefined, letter: string) => {
    if (quoted !== undefined) return quoted === '' ? "'" : quoted;
    const n = token.length;
    const hour = w.getUTCHours();
    switch (letter) {
      case 'y':
        return n === 2 ? pad(w.getUTCFullYear() % 100, 2) : pad(w.getUTCFullYear(), n);
      case 'M':
        return n >= 4
          ? MONTHS[w.getUTCMonth()]
          : n === 3
            ? MONTHS[w.getUTCMonth()].slice(0, 3)
            : pad(w.getUTCMonth() + 1, n);
      case 'd':
        return pad(w.getUTCDate(), n);
      case 'E':
        return n >= 4 ? WEEKDAYS[w.getUTCDay()] : WEEKDAYS[w.getUTCDay()].slice(0, 3);
      case 'u':
        return String(w.getUTCDay() || 7);
      case 'H':
        return pad(hour, n);
      case 'h':
        return pad(hour % 12 || 12, n);
      case 'a':
        return hour < 12 ? 'AM' : 'PM';
      case 'm':
        return pad(w.getUTCMinutes(), n);
      case 's':
        return pad(w.getUTCSeconds(), n);
      case 'S':
        return pad(w.getUTCMilliseconds(), 3).slice(0, Math.max(n, 3));
      case 'Z':
        return offsetText(offset, false);
      case 'X':
        return offset === 0 ? 'Z' : n === 1 ? offsetText(offset, false).slice(0, 3) : offsetText(offset, n >= 3);
      case 'z':
        return 'GMT' + offsetText(offset, true);
      default:
        throw new Error(`Illegal pattern character '${letter}'`);
    }
  });
}

/** Default display of a date cell: the date alone at midnight, else date and time. */
export function defaultDateText(wall: number): string {
  const d = new Date(wall);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (wall % MS_PER_DAY === 0) return date;
  return `${date} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

type DateToken = { kind: 'text'; text: string } | { kind: 'field'; field: string };

const sheetsPatterns = new Map<string, DateToken[]>();

function tokenizeSheetsDate(pattern: string): DateToken[] {
  let tokens = sheetsPatterns.get(pattern);
  if (tokens) return tokens;
  tokens = [];
  const re = /"([^"]*)"|\\(.)|(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm)|([\s\S])/gi;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m[3]) tokens.push({ kind: 'field', field: m[3].toLowerCase() });
    else tokens.push({ kind: 'text', text: m[1] ?? m[2] ?? m[4] });
  }
  // "m" means minutes right after an hour or right before seconds, as in Sheets.
  const fields = tokens.filter((t): t is { kind: 'field'; field: string } => t.kind === 'field');
  fields.forEach((t, i) => {
    if (
      (t.field === 'm' || t.field === 'mm') &&
      (fields[i - 1]?.field.startsWith('h') || fields[i + 1]?.field.startsWith('s'))
    ) {
      t.field = t.field === 'm' ? 'min' : 'mmin';
    }
  });
  sheetsPatterns.set(pattern, tokens);
  return tokens;
}

/** A date shown through a Sheets number format such as 'yyyy-mm-dd' or 'yyyy"年"m"月"d"日" hh:mm'. */
export function formatSheetsDate(wall: number, pattern: string): string {
  const d = new Date(wall);
  const twelve = /am\/pm/i.test(pattern);
  let out = '';
  for (const t of tokenizeSheetsDate(pattern)) {
    if (t.kind === 'text') {
      out += t.text;
      continue;
    }
    const hour = twelve ? d.getUTCHours() % 12 || 12 : d.getUTCHours();
    switch (t.field) {
      case 'yyyy':
        out += pad(d.getUTCFullYear(), 4);
        break;
      case 'yy':
        out += pad(d.getUTCFullYear() % 100, 2);
        break;
      case 'mmmm':
        out += MONTHS[d.getUTCMonth()];
        break;
      case 'mmm':
        out += MONTHS[d.getUTCMonth()].slice(0, 3);
        break;
      case 'mm':
        out += pad(d.getUTCMonth() + 1, 2);
        break;
      case 'm':
        out += String(d.getUTCMonth() + 1);
        break;
      case 'dddd':
        out += WEEKDAYS[d.getUTCDay()];
        break;
      case 'ddd':
        out += WEEKDAYS[d.getUTCDay()].slice(0, 3);
        break;
      case 'dd':
        out += pad(d.getUTCDate(), 2);
        break;
      case 'd':
        out += String(d.getUTCDate());
        break;
      case 'hh':
        out += pad(hour, 2);
        break;
      case 'h':
        out += String(hour);
        break;
      case 'mmin':
        out += pad(d.getUTCMinutes(), 2);
        break;
      case 'min':
        out += String(d.getUTCMinutes());
        break;
      case 'ss':
        out += pad(d.getUTCSeconds(), 2);
        break;
      case 's':
        out += String(d.getUTCSeconds());
        break;
      case 'am/pm':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
    }
  }
  return out;
}
