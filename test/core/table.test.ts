// Out-tables: day cells, number formats and a whole table as a source of parts.
import { dayCell, isDayCell, numberFormatOf, tableSource } from '../../src/core/table';

describe('dayCell and isDayCell', () => {
  it('shares one frozen cell per day, and none for no day', () => {
    const a = dayCell(20093);
    expect(a).toStrictEqual({ day: 20093 });
    expect(dayCell(20093)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(dayCell(null)).toBeNull();
    expect(dayCell(0)).toStrictEqual({ day: 0 });
  });

  it.each<[unknown, boolean]>([
    [{ day: 20093 }, true],
    [{ day: 0 }, true],
    [{ day: '20093' }, false],
    [{}, false],
    [null, false],
    [20093, false],
    ['2025-01-05', false],
    [Object.assign(new Date(0), { day: 1 }), false], // a Date is written as a Date
  ])('%p is a day cell: %p', (value, expected) => {
    expect(isDayCell(value)).toBe(expected);
  });
});

describe('numberFormatOf', () => {
  it.each<[Parameters<typeof numberFormatOf>[0], string, string]>([
    ['integer', '#,##0', '#,##0'],
    ['money', '#,##0', '#,##0.00'], // yen has no decimals
    ['decimal', '#,##0.0', '#,##0.0'],
    ['percent', '0.0%', '0.0%'],
    ['date', 'yyyy-mm-dd', 'yyyy-mm-dd'],
    ['text', 'General', 'General'],
    ['general', 'General', 'General'],
  ])('%s: ja %p, en %p', (format, ja, en) => {
    expect(numberFormatOf(format, 'ja')).toBe(ja);
    expect(numberFormatOf(format, 'en')).toBe(en);
  });
});

describe('tableSource', () => {
  it('counts the rows, takes the widest row as the width and hands out parts', () => {
    const source = tableSource({ rows: [['a', 'b'], ['c'], ['d', 'e', 'f']], formats: ['text'] });
    expect(source.count).toBe(3);
    expect(source.width).toBe(3);
    expect(source.formats).toStrictEqual(['text']);
    expect(source.rows(1, 3)).toStrictEqual([['c'], ['d', 'e', 'f']]);
    expect(tableSource({ rows: [] }).width).toBe(0);
  });
});
