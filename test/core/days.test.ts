// Edges of days.ts that cells.test.ts passes by: strict ISO days, the day a time zone's clocks
// fall back or jump over midnight, and month arithmetic at the ends of months and years.
import { addMonths, dayFromYmd, dayOfDateIn, formatDay, midnightIn, parseIsoDay, ymdOf } from '../../src/core/days';

const day = (text: string): number => {
  const d = parseIsoDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
};

describe('parseIsoDay', () => {
  it.each([
    '2025-01-05x',
    'x2025-01-05',
    '2025-01-05T00:00',
    '2025-01-05 10:00',
    '2025/01/05',
    '20250105',
    '2025-001-05',
    '02025-01-05',
  ])('refuses %p', (text) => {
    expect(parseIsoDay(text)).toBeNull();
  });

  it('accepts one-digit month and day and surrounding spaces', () => {
    // 2025-01-05: 55 × 365 + 14 leap days + 4 = 20093.
    expect(parseIsoDay(' 2025-1-5 ')).toBe(20093);
    expect(parseIsoDay('2025-01-05')).toBe(20093);
  });
});

describe('dayFromYmd', () => {
  it.each([
    [2025, 0, 1],
    [2025, 13, 1],
    [2025, 1, 0],
    [2025, 1, 32],
    [2025, 4, 31],
    [2025, 1.5, 1],
    [2025.5, 1, 1],
    [2025, 1, 1.5],
  ])('refuses %p-%p-%p', (y, m, d) => {
    expect(dayFromYmd(y, m, d)).toBeNull();
  });

  it('accepts the last day of each kind of month', () => {
    expect(formatDay(dayFromYmd(2025, 1, 31) as number)).toBe('2025-01-31');
    expect(formatDay(dayFromYmd(2025, 4, 30) as number)).toBe('2025-04-30');
    expect(formatDay(dayFromYmd(2024, 2, 29) as number)).toBe('2024-02-29');
    expect(formatDay(dayFromYmd(2025, 12, 31) as number)).toBe('2025-12-31');
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-01-15', -12, '2024-01-15'],
    ['2025-01-15', -13, '2023-12-15'],
    ['2025-05-31', 1, '2025-06-30'],
    ['2025-03-20', 0, '2025-03-20'],
  ])('%s %+d months = %s', (from, months, expected) => {
    expect(formatDay(addMonths(day(from), months))).toBe(expected);
  });
});

describe('ymdOf', () => {
  it('gives the calendar parts of a day, before 1970 too', () => {
    expect(ymdOf(-1)).toStrictEqual({ year: 1969, month: 12, day: 31 });
    expect(ymdOf(day('2024-02-29'))).toStrictEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('midnightIn when clocks change', () => {
  it('takes the earlier midnight when clocks fall back at 01:00 to 00:00 (America/Havana, 2025-11-02)', () => {
    // 00:00 comes twice: first at UTC−4 (04:00Z), then again at UTC−5 (05:00Z).
    expect(midnightIn(day('2025-11-02'), 'America/Havana').toISOString()).toBe('2025-11-02T04:00:00.000Z');
    // The days around it have one midnight each.
    expect(midnightIn(day('2025-11-01'), 'America/Havana').toISOString()).toBe('2025-11-01T04:00:00.000Z');
    expect(midnightIn(day('2025-11-03'), 'America/Havana').toISOString()).toBe('2025-11-03T05:00:00.000Z');
  });

  it('starts the day at the jump when clocks skip midnight (America/Havana, 2025-03-09)', () => {
    // 00:00 at UTC−5 becomes 01:00 at UTC−4: the first instant of the day is 05:00Z.
    expect(midnightIn(day('2025-03-09'), 'America/Havana').toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(midnightIn(day('2025-03-08'), 'America/Havana').toISOString()).toBe('2025-03-08T05:00:00.000Z');
  });

  it('reads each instant around the change as its own day', () => {
    const havana = dayOfDateIn('America/Havana');
    expect(formatDay(havana(new Date('2025-11-02T03:59:59Z')))).toBe('2025-11-01');
    expect(formatDay(havana(new Date('2025-11-02T04:00:00Z')))).toBe('2025-11-02');
    expect(formatDay(havana(new Date('2025-11-02T05:30:00Z')))).toBe('2025-11-02');
    expect(formatDay(havana(new Date('2025-11-03T04:59:59Z')))).toBe('2025-11-02');
    expect(formatDay(havana(new Date('2025-11-03T05:00:00Z')))).toBe('2025-11-03');
  });
});

describe('dayOfDateIn, read in any order', () => {
  it('gives the same days whether the instants come sorted, repeated or jumping back and forth', () => {
    // Tokyo is UTC+9 all year: 15:00Z is the next day's midnight.
    const instants = [
      '2025-01-04T14:59:59Z', // 2025-01-04
      '2025-01-04T15:00:00Z', // 2025-01-05
      '2024-07-01T00:00:00Z', // 2024-07-01
      '2025-01-04T14:00:00Z', // 2025-01-04, back to a known hour
      '2025-01-04T15:30:00Z', // 2025-01-05
      '2030-12-31T15:00:00Z', // 2031-01-01
    ];
    const expected = ['2025-01-04', '2025-01-05', '2024-07-01', '2025-01-04', '2025-01-05', '2031-01-01'];
    const tokyo = dayOfDateIn('Asia/Tokyo');
    expect(instants.map((t) => formatDay(tokyo(new Date(t))))).toStrictEqual(expected);
    // Twice over with the same function: what it remembered gives the same answers.
    expect(instants.map((t) => formatDay(tokyo(new Date(t))))).toStrictEqual(expected);
    // Offsets of half and quarter hours: 18:29Z and 18:15Z are midnight in Kolkata (+5:30) and Kathmandu (+5:45).
    expect(formatDay(dayOfDateIn('Asia/Kolkata')(new Date('2025-01-04T18:29:59Z')))).toBe('2025-01-04');
    expect(formatDay(dayOfDateIn('Asia/Kolkata')(new Date('2025-01-04T18:30:00Z')))).toBe('2025-01-05');
    expect(formatDay(dayOfDateIn('Asia/Kathmandu')(new Date('2025-01-04T18:14:59Z')))).toBe('2025-01-04');
    expect(formatDay(dayOfDateIn('Asia/Kathmandu')(new Date('2025-01-04T18:15:00Z')))).toBe('2025-01-05');
  });
});
