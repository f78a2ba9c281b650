// Edges of cells.ts that cells.test.ts passes by: grouped thousands outside the property tests,
// an honorific that is part of a name, 8-digit numbers as dates and the numbers around them.
import {
  cellText,
  customerKeyOf,
  emailOf,
  isBlankCell,
  isDate,
  parseAmountCell,
  parseDateCell,
  parseDateText,
  parsePlainDecimal,
} from '../../src/core/cells';
import { dayOfDateIn, formatDay, DayOfDate } from '../../src/core/days';

describe('parseAmountCell: thousands and signs', () => {
  it.each<[string, number]>([
    ['12,345', 12345],
    ['1,234,567', 1234567],
    ['1,234.5', 1234.5],
    ['-1,234', -1234],
    ['(1,234)', -1234],
    ['▲1,234', -1234],
    ['△12', -12],
    ['−5', -5],
    ['¥-1,000', -1000],
    ['-¥1,000', -1000],
    ['(-1,000)', 1000], // a minus inside parentheses: two negatives
    ['JPY 100', 100],
    ['USD100', 100],
    ['\\100', 100],
    ['$100', 100],
    ['100JPY', 100],
    ['1,080円(税込)', 1080],
    ['1,080円税込', 1080],
    ['.5', 0.5],
    ['１２，３４５円', 12345],
    ['100jpy', 100], // units in any case
    ['usd100', 100],
    ['0', 0],
    ['-0.5', -0.5],
  ])('%p → %p', (text, expected) => {
    expect(parseAmountCell(text)).toBe(expected);
  });

  it.each([
    '(100)x',
    '1¥00',
    '100円5',
    '1.',
    '1.5x',
    '-',
    '-.',
    '(¥-1,000)',
    '1e3',
    '0x10',
    '+5',
    '12,34',
    '1,2345',
    ',123',
    '123,',
    '1..2',
    '--5',
    '¥',
    '()',
    '▲',
    '1 2 3a',
  ])('%p is not an amount', (text) => {
    expect(parseAmountCell(text)).toBeNull();
  });
});

describe('parseDateCell: numbers', () => {
  let utc: DayOfDate;
  beforeEach(() => {
    utc = dayOfDateIn('UTC');
  });
  const read = (value: number) => {
    const d = parseDateCell(value, utc);
    return d === null ? null : formatDay(d);
  };

  it.each<[number, string]>([
    [1, '1899-12-31'], // the first serial
    [45658, '2025-01-01'],
    [45658.99, '2025-01-01'], // a time of day is dropped
    [109_999, '2201-03-01'], // the last serial read as one
    [19000101, '1900-01-01'], // 8 digits typed as yyyymmdd
    [20250105, '2025-01-05'],
    [21991231, '2199-12-31'],
  ])('%p is %s', (value, expected) => {
    expect(read(value)).toBe(expected);
  });

  it.each([0, 0.99, 110_000, 18991231, 22000101, 20250230, 20250105.5, 123456789, 99999999, -20250105])(
    '%p is not a date',
    (value) => {
      expect(read(value)).toBeNull();
    },
  );
});

describe('customerKeyOf', () => {
  it.each([
    ['殿村様', '殿村'], // 殿 at the start is part of the name; only the trailing honorific goes
    ['殿村', '殿村'],
    ['様田さん', '様田'],
    ['山田さま殿', '山田さま'], // one honorific only
    ['田中 様', '田中'],
    ['ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ', 'taro@example.jp'], // a full-width email, compared lower-case
    ['Taro@Example.jp', 'taro@example.jp'],
    ['様@example.jp', '様@example.jp'], // an email keeps what looks like an honorific
    ['TARO', 'TARO'],
    ['Ｔａｒｏ', 'Taro'],
  ])('%p → %p', (name, key) => {
    expect(customerKeyOf(name)).toBe(key);
  });
});

describe('cellText', () => {
  it.each<[unknown, string]>([
    [true, 'true'],
    [false, 'false'],
    [1.5, '1.5'],
    [1e20, '100000000000000000000'], // no exponent
    [-0, '0'],
    [new Date(Number.NaN), ''],
    [new Date('2025-01-05T00:00:00Z'), '2025-01-05T00:00:00.000Z'],
    [' x ', 'x'],
    [{ toString: () => ' obj ' }, 'obj'],
  ])('%p → %p', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe('isBlankCell', () => {
  it.each<[unknown, boolean]>([
    ['', true],
    [' ', true],
    ['\u3000', true], // the ideographic space
    ['\t\n', true],
    ['!', false], // the first printable ASCII character
    ['~', false], // the last
    ['\u007f', false], // DEL is not white space
    [' a', false],
    ['\u3000あ', false],
    [0, false],
    [false, false],
    [null, true],
    [undefined, true],
  ])('%p → %p', (value, blank) => {
    expect(isBlankCell(value)).toBe(blank);
  });
});

describe('emailOf', () => {
  it.each<[unknown, string]>([
    ['ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ', 'taro@example.jp'],
    ['MAILTO:Taro@Example.jp', 'taro@example.jp'],
    ['山田 <yamada@example.jp>', 'yamada@example.jp'],
    ['<yamada@example.jp> 山田', ''],
    ['a@b.c', 'a@b.c'],
    ['a@b', ''],
    ['a@b.', ''],
    ['a@@b.jp', ''],
    ['a@b.jp; c@d.jp', ''],
    ['taro @ example.jp', 'taro@example.jp'], // spaces inside are dropped
    ['amailto:x@example.jp', ''], // mailto: only at the start
    [12345, ''],
  ])('%p → %p', (value, email) => {
    expect(emailOf(value)).toBe(email);
  });
});

describe('parseDateText: eras', () => {
  it.each<[string, string | null]>([
    ['r7.4.1', '2025-04-01'], // the era letter in lower case
    ['h31.4.30', '2019-04-30'],
    ['s64.1.7', '1989-01-07'],
    ['t15.12.25', '1926-12-25'],
    ['m45.7.29', '1912-07-29'],
    ['令和0年1月1日', null], // there is no year 0
    ['R0.1.1', null],
    ['令和元年5月1日', '2019-05-01'],
  ])('%p → %p', (text, expected) => {
    const d = parseDateText(text);
    expect(d === null ? null : formatDay(d)).toBe(expected);
  });
});

describe('isDate', () => {
  it.each<[unknown, boolean]>([
    [new Date(0), true],
    [new Date(Number.NaN), true], // an invalid Date is still a Date (read as no date elsewhere)
    [Object.create(null), false],
    [new Map(), false],
    [{ getTime: () => 0 }, false],
    [[], false],
    ['2025-01-05', false],
    [0, false],
    [null, false],
  ])('%p → %p', (value, expected) => {
    expect(isDate(value)).toBe(expected);
  });
});

describe('parsePlainDecimal (the fast path for plain CSV numbers)', () => {
  it.each<[string, number | null]>([
    ['0', 0],
    ['9', 9],
    ['12', 12],
    ['09', 9],
    ['-12', -12],
    ['1.5', 1.5],
    ['1.0', 1],
    ['1.9', 1.9],
    ['-0.5', -0.5],
    // Everything else is left to parseAmountCell's full reading.
    ['', null],
    ['-', null],
    ['1.', null],
    ['.5', null],
    ['1.5x', null],
    ['1.5.5', null],
    ['1,080', null],
    ['１２', null],
    [' 12', null],
    ['12 ', null],
    ['a', null],
    ['1-2', null],
    ['+5', null],
  ])('%p → %p', (text, expected) => {
    expect(parsePlainDecimal(text)).toBe(expected);
  });
});
