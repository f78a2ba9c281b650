// Dates written with a time and an offset, as shop systems and Google Forms export them. A time
// with an offset is an instant: its day is the shop's day, the one the instant falls on in the
// spreadsheet's time zone (docs/RULES.md §2). Every expected day below is worked out by hand in
// the comment beside it.
import { parseDateCell, parseDateText } from '../../src/core/cells';
import { dayOfDateIn, formatDay, parseClockTail } from '../../src/core/days';

const zones = {
  tokyo: dayOfDateIn('Asia/Tokyo'),
  utc: dayOfDateIn('UTC'),
  newYork: dayOfDateIn('America/New_York'),
  honolulu: dayOfDateIn('Pacific/Honolulu'),
};
type Zone = keyof typeof zones;

const read = (text: string, zone: Zone): string | null => {
  const day = parseDateCell(text, zones[zone]);
  return day === null ? null : formatDay(day);
};

describe('timestamps: the shop day', () => {
  it.each<[string, Zone, string]>([
    // Google Forms (Japanese): 午後7:41:40 at GMT+9 = 19:41:40 in Tokyo.
    ['2024/01/07 7:41:40 午後 GMT+9', 'tokyo', '2024-01-07'],
    // 午前7:41:40 +09:00 = 2024-01-06 22:41:40Z: still the 6th in a London-time (UTC) shop.
    ['2024/01/07 7:41:40 午前 GMT+9', 'utc', '2024-01-06'],
    ['2024/01/07 7:41:40 午前 GMT+9', 'tokyo', '2024-01-07'],
    // 午前12:10 is 00:10 (+09:00) = 01-06 15:10Z; read as 12:10 it would be 01-07 03:10Z.
    ['2024/01/07 12:10:00 午前 GMT+9', 'utc', '2024-01-06'],
    // 午後12:10 is 12:10 (+09:00) = 01-07 03:10Z (as 00:10 it would be 01-06 15:10Z) …
    ['2024/01/07 12:10:00 午後 GMT+9', 'utc', '2024-01-07'],
    // … = 01-06 22:10 in New York (as 24:10 it would be 01-07 15:10Z = 10:10 on the 7th).
    ['2024/01/07 12:10:00 午後 GMT+9', 'newYork', '2024-01-06'],
    // 午後0時 is noon as Japanese write it: 12:00 +09:00 = 03:00Z.
    ['2024/01/07 午後0時 GMT+9', 'utc', '2024-01-07'],
    // English Forms: PM as 午後.
    ['2024/01/07 7:41:40 PM GMT+9', 'utc', '2024-01-07'],
    ['2024/01/07 12:30:00 AM GMT+9', 'utc', '2024-01-06'],
    // No offset: the shop's own clock, whatever the zone.
    ['2024/01/07 19:41:40', 'honolulu', '2024-01-07'],
    ['2024/01/07 0:05:00', 'tokyo', '2024-01-07'],
    ['2026/1/7 19:41', 'utc', '2026-01-07'],
    ['2026/1/7 19:41', 'tokyo', '2026-01-07'],
    // ISO with an offset: 08:00 +09:00 = 01-06 23:00Z.
    ['2026-01-07T08:00:00+09:00', 'utc', '2026-01-06'],
    ['2026-01-07T19:41:40+09:00', 'tokyo', '2026-01-07'],
    ['2026-01-07T19:41:40+0900', 'newYork', '2026-01-07'], // 10:41Z = 05:41 in New York
    // Z: 20:00Z = 05:00 on the 8th in Tokyo.
    ['2026-01-07T20:00:00Z', 'tokyo', '2026-01-08'],
    ['2026-01-07T20:00:00.250Z', 'utc', '2026-01-07'],
    // 02:00 −05:00 = 07:00Z = 21:00 on the 6th in Honolulu (−10:00).
    ['2026-01-07T02:00:00-05:00', 'honolulu', '2026-01-06'],
    // Half-hour offset: 23:30 +05:30 = 18:00Z = 03:00 on the 8th in Tokyo.
    ['2026-01-07T23:30:00+05:30', 'tokyo', '2026-01-08'],
    // JST: 08:00 JST = 01-06 23:00Z.
    ['2026-01-07 08:00 JST', 'utc', '2026-01-06'],
    // Summer time in the shop's zone: 01:30Z on 1 July = 21:30 EDT (−04:00) on 30 June.
    ['2025-07-01T01:30:00Z', 'newYork', '2025-06-30'],
    // In winter (EST, −05:00) 04:30Z is 23:30 on the 6th, in summer it would be 00:30 on the 7th.
    ['2026-01-07T04:30:00Z', 'newYork', '2026-01-06'],
    // Japanese calendar and kanji time with an offset: 令和8年 = 2026; 午前1時5分 +09:00 = 01-06 16:05Z.
    ['令和8年1月7日 午前1時5分 GMT+9', 'utc', '2026-01-06'],
    ['R8.1.7 08:00 JST', 'utc', '2026-01-06'],
    // Full width, as pasted from a Japanese document: NFKC first.
    ['２０２４／０１／０７　７：４１：４０　午後　ＧＭＴ＋９', 'utc', '2024-01-07'],
  ])('%s in %s → %s', (text, zone, expected) => {
    expect(read(text, zone)).toBe(expected);
  });

  it('without a time zone (a birthday, say) the written day stands', () => {
    expect(formatDay(parseDateText('2026-01-07T20:00:00Z') as number)).toBe('2026-01-07');
  });
});

describe('timestamps that are not read', () => {
  it.each([
    '2024/01/07 1:41:40 午後13時',
    '2024/01/07 13:00 午後', // no 13 o'clock on a 12-hour clock
    '2024/01/07 午後7:41 PM', // two meridiems
    '2024/01/07 25:00',
    '2024/01/07 10:60',
    '2024/01/07 10:30:60',
    '2026-01-07T19:41:40+15:00', // beyond the furthest zone (+14:00)
    '2026-01-07T19:41:40+09:75',
    '2024/01/07 GMT+9 7:41', // the offset after the time, not before
    '2024/01/07 7:41:40 午後 GMT+9 extra',
    '2024/01/0719:41', // the day runs into the time
    // English Forms in the US: month first, the day and month could be swapped: not guessed.
    '1/7/2024 19:41:40',
    '1/13/2024 19:41:40',
  ])('%p is not a date', (text) => {
    expect(parseDateCell(text, zones.tokyo)).toBeNull();
  });
});

describe('parseClockTail', () => {
  it.each<[string, number, number | null]>([
    ['', 0, null],
    // 19:41:40 = 19 × 3600 + 41 × 60 + 40 = 70900 s.
    [' 7:41:40 午後 GMT+9', 70900, 540],
    [' 午後7:41:40', 70900, null],
    ['T19:41:40Z', 70900, 0],
    [' 19:41:40 +09:00', 70900, 540],
    [' 午前12:00', 0, null],
    [' 午後12:00', 43200, null],
    [' 12:00 am', 0, null],
    [' 12:00 p.m.', 43200, null],
    ['10時30分', 37800, null],
    [' 7時', 25200, null],
    [' GMT-3:30', 0, -210],
    [' UTC', 0, 0],
    [' +0530', 0, 330],
  ])('%p → %d s, offset %p min', (tail, seconds, offsetMinutes) => {
    expect(parseClockTail(tail)).toStrictEqual({ seconds, offsetMinutes });
  });

  // The last valid value of each field is read; one past it is refused.
  it.each<[string, number, number | null]>([
    // 23:59:59 = 23 × 3600 + 59 × 60 + 59 = 86399 s.
    [' 23:59:59', 86399, null],
    // The furthest zone ahead, +14:00 = 840 min, and a 59-minute offset: 5 × 60 + 59 = 359.
    [' 10:00 +14:00', 36000, 840],
    [' 10:00 +05:59', 36000, 359],
    [' GMT+14', 0, 840],
  ])('the last valid value: %p → %d s, offset %p min', (tail, seconds, offsetMinutes) => {
    expect(parseClockTail(tail)).toStrictEqual({ seconds, offsetMinutes });
  });
  it.each([' 24:00', ' 23:60', ' 23:59:60', ' 10:00 +14:01', ' 10:00 +05:60', ' GMT+15'])(
    'one past the last valid value: %p is no time',
    (tail) => {
      expect(parseClockTail(tail)).toBeNull();
    },
  );
});
