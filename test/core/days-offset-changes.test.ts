// The day of an instant and the first instant of a day, where a zone's offset changes: what
// days.ts remembers per hour must be the offset of that hour, and a day that starts after clocks
// fall back before midnight starts at the later offset's midnight.
import { dayFromYmd, dayOfDateIn, formatDay, midnightIn, parseIsoDay } from '../../src/core/days';

const day = (iso: string) => parseIsoDay(iso) as number;

describe('dayOfDateIn remembers each hour with its own offset', () => {
  it('reads a winter hour again correctly after a summer hour (America/New_York)', () => {
    const newYork = dayOfDateIn('America/New_York');
    const winter = new Date('2025-01-05T04:30:00Z'); // 23:30 EST (−5) on 2025-01-04
    const summer = new Date('2025-07-05T03:30:00Z'); // 23:30 EDT (−4) on 2025-07-04
    expect([winter, summer, winter, summer].map((d) => formatDay(newYork(d)))).toStrictEqual([
      '2025-01-04',
      '2025-07-04',
      '2025-01-04',
      '2025-07-04',
    ]);
  });
});

describe('midnightIn when clocks fall back just before midnight (America/Santiago, 2025-04-06)', () => {
  it('starts the day at 00:00 of the new offset, not at the instant the old midnight would have been', () => {
    // At 2025-04-06T03:00Z (24:00 at −3) clocks went back to 23:00 of April 5 at −4; the 6th
    // begins an hour later, at 00:00 −4 = 04:00Z. 03:00Z is still the 5th on the wall clock.
    expect(midnightIn(day('2025-04-06'), 'America/Santiago').toISOString()).toBe('2025-04-06T04:00:00.000Z');
    expect(formatDay(dayOfDateIn('America/Santiago')(new Date('2025-04-06T03:00:00Z')))).toBe('2025-04-05');
    // The day before had one midnight, at −3.
    expect(midnightIn(day('2025-04-05'), 'America/Santiago').toISOString()).toBe('2025-04-05T03:00:00.000Z');
  });
});

describe('dayFromYmd takes years as written', () => {
  it.each([
    [25, 1, 1],
    [99, 12, 31],
    [0, 6, 15],
  ])('refuses year %p (Date.UTC would read it as 19xx)', (y, m, d) => {
    expect(dayFromYmd(y, m, d)).toBeNull();
  });

  it('refuses the year 0099 typed in full', () => {
    expect(parseIsoDay('0099-01-01')).toBeNull();
  });
});
