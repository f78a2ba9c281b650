import {
  cellText,
  customerKeyOf,
  emailOf,
  isBlankCell,
  parseAmountCell,
  parseDateCell,
  parseDateText,
} from '../../src/core/cells';
import {
  Day,
  addMonths,
  dayFromSerial,
  dayFromYmd,
  dayOfDateIn,
  formatDay,
  midnightIn,
  monthKey,
  monthStart,
  parseIsoDay,
  DayOfDate,
} from '../../src/core/days';

// Days are compared as YYYY-MM-DD text so that a failure reads as a date.
const iso = (day: Day | null): string | null => (day === null ? null : formatDay(day));
const day = (text: string): Day => {
  const d = parseIsoDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
};

describe('day numbers', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    // 55 years of 365 days plus the 14 leap days 1972…2024, plus 4.
    expect(dayFromYmd(2025, 1, 5)).toBe(55 * 365 + 14 + 4);
    expect(dayFromYmd(1969, 12, 31)).toBe(-1);
  });

  it.each([
    [2025, 2, 29],
    [2025, 2, 30],
    [2025, 13, 1],
    [2025, 0, 10],
    [2025, 4, 31],
    [2025, 1, 0],
  ])('rejects %i-%i-%i', (y, m, d) => {
    expect(dayFromYmd(y, m, d)).toBeNull();
  });

  it('accepts a leap day', () => {
    expect(iso(dayFromYmd(2024, 2, 29))).toBe('2024-02-29');
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -13, '2023-12-15'],
  ])('addMonths(%s, %i) = %s', (from, months, expected) => {
    expect(iso(addMonths(day(from), months))).toBe(expected);
  });

  it('gives the month of a day', () => {
    expect(monthKey(day('2025-01-05'))).toBe('2025-01');
    expect(iso(monthStart(day('2025-02-28')))).toBe('2025-02-01');
  });

  it('parses only YYYY-MM-DD as an ISO day', () => {
    expect(iso(parseIsoDay('2025-1-5'))).toBe('2025-01-05');
    expect(parseIsoDay('2025/01/05')).toBeNull();
    expect(parseIsoDay('2025-02-30')).toBeNull();
  });
});

describe('parseDateText', () => {
  it.each([
    ['2025-01-05', '2025-01-05'],
    ['2025/1/5', '2025-01-05'],
    ['2025.1.5', '2025-01-05'],
    ['2025年1月5日', '2025-01-05'],
    [' 2025-01-05 ', '2025-01-05'],
    // With a time
    ['2025/1/5 10:30', '2025-01-05'],
    ['2025-01-05T10:30:00', '2025-01-05'],
    ['2025-01-05 10:30:00 +0900', '2025-01-05'],
    ['2025-01-05T10:30:00+09:00', '2025-01-05'],
    ['2025/01/05 10:30:00.123', '2025-01-05'],
    ['2025年1月5日 10時30分', '2025-01-05'],
    // With a weekday, half- or full-width brackets
    ['2025年1月5日(日)', '2025-01-05'],
    ['2025年1月5日（日） 10:30', '2025-01-05'],
    // Full-width digits and separators
    ['２０２５／１／５', '2025-01-05'],
    ['２０２５年１月５日', '2025-01-05'],
    // Eight digits
    ['20250105', '2025-01-05'],
    // Japanese calendar
    ['令和7年4月1日', '2025-04-01'],
    ['令和７年４月１日', '2025-04-01'],
    ['R7.4.1', '2025-04-01'],
    ['r7/4/1', '2025-04-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['H31.4.30', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成元年1月8日', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
  ])('%s → %s', (text, expected) => {
    expect(iso(parseDateText(text))).toBe(expected);
  });

  it.each([
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-02-29',
    '20251301',
    '令和0年1月1日',
    'abc',
    '',
    '   ',
    '2025/1/5 and more',
    // Month-first is ambiguous with day-first: not guessed.
    '1/5/2025',
  ])('%p is not a date', (text) => {
    expect(parseDateText(text)).toBeNull();
  });
});

describe('parseDateCell', () => {
  let tokyo: DayOfDate;
  beforeEach(() => {
    tokyo = dayOfDateIn('Asia/Tokyo');
  });
  let utc: DayOfDate;
  beforeEach(() => {
    utc = dayOfDateIn('UTC');
  });

  it('takes a Date in the spreadsheet time zone', () => {
    const instant = new Date('2025-01-04T16:00:00Z');
    expect(iso(parseDateCell(instant, tokyo))).toBe('2025-01-05');
    expect(iso(parseDateCell(instant, utc))).toBe('2025-01-04');
  });

  it('rejects an invalid Date', () => {
    expect(parseDateCell(new Date('nonsense'), tokyo)).toBeNull();
  });

  it.each([
    [45662, '2025-01-05'],
    [45662.75, '2025-01-05'],
    [25569, '1970-01-01'],
    [1, '1899-12-31'],
    // 20250105 typed in a cell, which Sheets keeps as a number.
    [20250105, '2025-01-05'],
  ])('serial or number %p → %s', (value, expected) => {
    expect(iso(parseDateCell(value, tokyo))).toBe(expected);
  });

  it.each([0, -5, 0.5, 200_000, 20251301, NaN, Infinity])('number %p is not a date', (value) => {
    expect(parseDateCell(value, tokyo)).toBeNull();
  });

  it('parses text and refuses other types', () => {
    expect(iso(parseDateCell('令和7年4月1日', tokyo))).toBe('2025-04-01');
    expect(parseDateCell(true, tokyo)).toBeNull();
    expect(parseDateCell(null, tokyo)).toBeNull();
  });
});

describe('dayOfDateIn', () => {
  // America/New_York: EST (−5) until 2025-03-09 07:00Z, EDT (−4) until 2025-11-02 06:00Z.
  // Asia/Kolkata is +5:30 and Asia/Kathmandu +5:45.
  it.each([
    ['America/New_York', '2025-03-09T04:59:59Z', '2025-03-08'],
    ['America/New_York', '2025-03-09T05:00:00Z', '2025-03-09'],
    ['America/New_York', '2025-03-10T03:59:59Z', '2025-03-09'],
    ['America/New_York', '2025-03-10T04:00:00Z', '2025-03-10'],
    ['America/New_York', '2025-11-02T03:59:59Z', '2025-11-01'],
    ['America/New_York', '2025-11-03T04:59:59Z', '2025-11-02'],
    ['America/New_York', '2025-11-03T05:00:00Z', '2025-11-03'],
    ['Asia/Tokyo', '2025-01-04T14:59:59Z', '2025-01-04'],
    ['Asia/Tokyo', '2025-01-04T15:00:00Z', '2025-01-05'],
    ['Asia/Kolkata', '2025-01-04T18:29:59Z', '2025-01-04'],
    ['Asia/Kolkata', '2025-01-04T18:30:00Z', '2025-01-05'],
    ['Asia/Kathmandu', '2025-01-04T18:14:59Z', '2025-01-04'],
    ['Asia/Kathmandu', '2025-01-04T18:15:00Z', '2025-01-05'],
  ])('%s: %s is %s', (zone, instant, expected) => {
    expect(iso(dayOfDateIn(zone)(new Date(instant)))).toBe(expected);
  });
});

describe('midnightIn', () => {
  it.each([
    ['Asia/Tokyo', '2025-01-05', '2025-01-04T15:00:00.000Z'],
    ['America/New_York', '2025-01-05', '2025-01-05T05:00:00.000Z'],
    ['America/New_York', '2025-07-01', '2025-07-01T04:00:00.000Z'],
    // DST days: midnight is before the 02:00 change, so still in the old offset.
    ['America/New_York', '2025-03-09', '2025-03-09T05:00:00.000Z'],
    ['America/New_York', '2025-03-10', '2025-03-10T04:00:00.000Z'],
    ['America/New_York', '2025-11-02', '2025-11-02T04:00:00.000Z'],
    ['America/New_York', '2025-11-03', '2025-11-03T05:00:00.000Z'],
    ['Asia/Kolkata', '2025-01-05', '2025-01-04T18:30:00.000Z'],
    // Clocks jump from 00:00 (+2) to 01:00 (+3): the day starts at the jump.
    ['Asia/Beirut', '2025-03-30', '2025-03-29T22:00:00.000Z'],
    // Clocks jump from 00:00 (−4) to 01:00 (−3).
    ['America/Santiago', '2024-09-08', '2024-09-08T04:00:00.000Z'],
  ])('%s %s starts at %s', (zone, date, expected) => {
    expect(midnightIn(day(date), zone).toISOString()).toBe(expected);
  });

  it.each([
    ['Asia/Tokyo', '2025-01-05'],
    ['America/New_York', '2025-03-09'],
    ['America/New_York', '2025-11-02'],
    ['Asia/Beirut', '2025-03-30'],
    ['Asia/Kathmandu', '2025-06-15'],
  ])('%s %s is the first instant of that day', (zone, date) => {
    const dayOf = dayOfDateIn(zone);
    const start = midnightIn(day(date), zone);
    expect(iso(dayOf(start))).toBe(date);
    expect(dayOf(new Date(start.getTime() - 1))).toBe(day(date) - 1);
  });

  it('agrees with the serial of the same day', () => {
    expect(dayFromSerial(45662)).toBe(day('2025-01-05'));
  });
});

describe('parseAmountCell', () => {
  it.each<[unknown, number]>([
    [1080, 1080],
    [-500, -500],
    ['1080', 1080],
    ['¥1,080', 1080],
    ['￥1,080', 1080],
    ['¥ 1,080', 1080],
    ['1,080円', 1080],
    ['1,080円(税込)', 1080],
    ['１０８０', 1080],
    ['１，０８０円', 1080],
    ['(1,080)', -1080],
    ['（１，０８０）', -1080],
    ['▲1,080', -1080],
    ['△1,080', -1080],
    ['-1,080', -1080],
    ['−1,080', -1080],
    ['-¥1,080', -1080],
    ['¥-1,080', -1080],
    ['-$12.00', -12],
    ['1,080.50', 1080.5],
    ['.5', 0.5],
  ])('%p → %p', (value, expected) => {
    expect(parseAmountCell(value)).toBe(expected);
  });

  it.each<unknown>(['', '   ', 'abc', '1,08,0', '1,0800', '1.2.3', '12a', '¥', NaN, null, undefined, true])(
    '%p is not an amount',
    (value) => {
      expect(parseAmountCell(value)).toBeNull();
    },
  );
});

describe('customerKeyOf', () => {
  it.each([
    ['山田 太郎 様', '山田太郎'],
    ['山田　太郎さん', '山田太郎'],
    [' 佐藤花子さま ', '佐藤花子'],
    ['鈴木殿', '鈴木'],
    ['ＡＢＣ商店', 'ABC商店'],
    ['ｻﾄｳ ﾊﾅｺ', 'サトウハナコ'],
    ['Taro@Example.COM', 'taro@example.com'],
    ['様', ''],
  ])('%p → %p', (name, expected) => {
    expect(customerKeyOf(name)).toBe(expected);
  });

  it('keeps Latin names as typed apart from width', () => {
    expect(customerKeyOf('Taro Yamada')).toBe('TaroYamada');
  });
});

describe('emailOf', () => {
  it.each<[unknown, string]>([
    ['Taro@Example.COM', 'taro@example.com'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'taro@example.com'],
    [' hanako@example.co.jp ', 'hanako@example.co.jp'],
    ['mailto:hanako@example.jp', 'hanako@example.jp'],
    ['山田太郎 <Taro@Example.com>', 'taro@example.com'],
    ['山田太郎', ''],
    ['taro@example', ''],
    ['a@b.jp, c@d.jp', ''],
    ['<taro@example.com', ''],
    ['', ''],
    [null, ''],
    [12345, ''],
  ])('%p → %p', (value, expected) => {
    expect(emailOf(value)).toBe(expected);
  });
});

describe('cellText and isBlankCell', () => {
  it.each<[unknown, string]>([
    [1080, '1080'],
    [1.5, '1.5'],
    [null, ''],
    [undefined, ''],
    ['  山田 ', '山田'],
    [new Date('2025-01-05T00:00:00Z'), '2025-01-05T00:00:00.000Z'],
  ])('cellText(%p) = %p', (value, expected) => {
    expect(cellText(value)).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    [null, true],
    [undefined, true],
    ['', true],
    ['　', true],
    [0, false],
    ['0', false],
  ])('isBlankCell(%p) = %p', (value, expected) => {
    expect(isBlankCell(value)).toBe(expected);
  });
});
