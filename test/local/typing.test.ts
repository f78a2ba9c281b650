// How the in-memory spreadsheet stores what is written: Sheets' typing of strings, dimension
// checks, copies on read, display values and the spreadsheet's time zone.

import { asMemorySheet, createServices, Formula } from '../../src/local/memory';

function sheetOf(options: { timeZone?: string } = {}) {
  const memory = createServices(options);
  return memory.spreadsheet.getSheets()[0];
}

/** Writes each string into its own cell of row 1 and reads the stored values back. */
function typed(inputs: unknown[], options: { timeZone?: string } = {}) {
  const sheet = sheetOf(options);
  const range = sheet.getRange(1, 1, 1, inputs.length);
  range.setValues([inputs]);
  return { values: range.getValues()[0], formulas: range.getFormulas()[0], display: range.getDisplayValues()[0] };
}

describe('setValues types strings as a user typing them would', () => {
  test('a leading apostrophe keeps the rest as text', () => {
    expect(typed(["'00001", "''x", "'=1+1"]).values).toEqual(['00001', "'x", '=1+1']);
  });

  test('= starts a formula; its value is not computed here, so reading it fails instead of giving the text', () => {
    const range = sheetOf().getRange('A1:B1');
    range.setValues([['=SUM(A2:A3)', 'plain']]);
    expect(range.getFormulas()).toEqual([['=SUM(A2:A3)', '']]);
    expect(() => range.getValues()).toThrow(
      'not implemented in the in-memory spreadsheet: the value of the formula =SUM(A2:A3) at A1',
    );
    expect(() => range.getDisplayValues()).toThrow('the value of the formula =SUM(A2:A3) at A1');
    expect(range.offset(0, 1, 1, 1).getValues()).toEqual([['plain']]);
  });

  test('+ or - followed by something that is no number is a formula, as Sheets reads it', () => {
    const range = sheetOf().getRange('A1:D1');
    range.setValues([['+81 90-1234', '-abc', '-', '+']]);
    expect(range.getFormulas()).toEqual([['+81 90-1234', '-abc', '', '']]);
    expect(range.offset(0, 2, 1, 2).getValues()).toEqual([['-', '+']]);
  });

  test('a formula loaded with its value (a fixture, an xlsx file): getValues gives the value, getFormulas the formula', () => {
    const sheet = asMemorySheet(sheetOf());
    sheet.loadRawValues([
      ['金額', '倍'],
      [1080, new Formula('=A2*2', 2160)],
      [500, new Formula('=IF(A3>1000,"大口","")', '')],
    ]);
    const range = sheet.getRange('A1:B3');
    expect(range.getValues()).toEqual([
      ['金額', '倍'],
      [1080, 2160],
      [500, ''],
    ]);
    expect(range.getFormulas()).toEqual([
      ['', ''],
      ['', '=A2*2'],
      ['', '=IF(A3>1000,"大口","")'],
    ]);
    expect(range.getDisplayValues()[1]).toEqual(['1080', '2160']);
    sheet.getRange('B2').setValue(7);
    expect(sheet.getRange('B2').getFormula()).toBe('');
  });

  test('numeric text becomes a number', () => {
    expect(typed(['00123', '1,080', '-5', '3.5', '1e3', '50%', '+5', '1.1%', '.5', '1,234,567.25']).values).toEqual([
      123, 1080, -5, 3.5, 1000, 0.5, 5, 0.011, 0.5, 1234567.25,
    ]);
  });

  test('text that only looks partly numeric stays text', () => {
    expect(typed(['090-1234-5678', '12,34', '1.2.3', 'e5', '¥1,080', ' 5']).values).toEqual([
      '090-1234-5678',
      '12,34',
      '1.2.3',
      'e5',
      '¥1,080',
      ' 5',
    ]);
  });

  test('TRUE and FALSE in any case become booleans', () => {
    expect(typed(['TRUE', 'false', 'True', 'fAlSe', 'truth', 'tru', 'falsey', 'Fan']).values).toEqual([
      true,
      false,
      true,
      false,
      'truth',
      'tru',
      'falsey',
      'Fan',
    ]);
  });

  test('date text becomes the instant of that wall-clock time in Tokyo', () => {
    const { values } = typed([
      '2025/1/5',
      '2025-01-05',
      '2025-01-05 10:30',
      '2025/1/5 23:59:59',
      '2025/2/30',
      '2025/1-5',
    ]);
    // Tokyo is UTC+9 all year: midnight there is 15:00 UTC of the day before.
    expect((values[0] as Date).toISOString()).toBe('2025-01-04T15:00:00.000Z');
    expect((values[1] as Date).toISOString()).toBe('2025-01-04T15:00:00.000Z');
    expect((values[2] as Date).toISOString()).toBe('2025-01-05T01:30:00.000Z');
    expect((values[3] as Date).toISOString()).toBe('2025-01-05T14:59:59.000Z');
    expect(values.slice(4)).toEqual(['2025/2/30', '2025/1-5']);
  });

  test('a typed date in a New York spreadsheet is midnight New York time (UTC-5 in January)', () => {
    const { values, display } = typed(['2025/1/5', '2025-07-04 09:00'], { timeZone: 'America/New_York' });
    expect((values[0] as Date).toISOString()).toBe('2025-01-05T05:00:00.000Z');
    // July is daylight time, UTC-4.
    expect((values[1] as Date).toISOString()).toBe('2025-07-04T13:00:00.000Z');
    expect(display).toEqual(['2025-01-05', '2025-07-04 09:00:00']);
  });

  test('other values are stored as given; null and undefined empty the cell', () => {
    const date = new Date('2025-03-01T00:00:00Z');
    const { values } = typed([7.25, false, date, null, undefined, '']);
    expect(values).toEqual([7.25, false, new Date('2025-03-01T00:00:00Z'), '', '', '']);
    date.setTime(0);
    expect(values[2]).toEqual(new Date('2025-03-01T00:00:00Z'));
  });

  test('one Date in many cells, or equal date text, reads back as a fresh Date per cell', () => {
    const sheet = sheetOf();
    const date = new Date('2025-03-01T00:00:00Z');
    const range = sheet.getRange('A1:C2');
    range.setValues([
      [date, date, '2025/3/1'],
      [date, new Date(date.getTime()), '2025/3/1'],
    ]);
    date.setTime(0);
    const values = range.getValues() as Date[][];
    const cells = values.flat();
    expect(new Set(cells).size).toBe(6);
    expect(
      cells
        .slice(0, 2)
        .concat(values[1].slice(0, 2))
        .map((d) => d.toISOString()),
    ).toEqual(Array(4).fill('2025-03-01T00:00:00.000Z'));
    expect([values[0][2], values[1][2]].map((d) => d.toISOString())).toEqual([
      '2025-02-28T15:00:00.000Z',
      '2025-02-28T15:00:00.000Z',
    ]);
    values[0][0].setTime(1);
    expect(sheet.getRange('B1').getValue()).toEqual(new Date('2025-03-01T00:00:00Z'));
    expect(sheet.getRange('A1').getValue()).toEqual(new Date('2025-03-01T00:00:00Z'));
  });

  test('cells formatted as plain text keep strings untyped, as in Sheets', () => {
    const sheet = sheetOf();
    const range = sheet.getRange('A1:B1');
    range.setNumberFormat('@');
    range.setValues([['00001', '=1+1']]);
    expect(range.getValues()).toEqual([['00001', '=1+1']]);
    expect(range.getFormulas()).toEqual([['', '']]);
  });

  test('setValue types its value and writes it into every cell of the range', () => {
    const range = sheetOf().getRange('A1:B2');
    range.setValue('1,000');
    expect(range.getValues()).toEqual([
      [1000, 1000],
      [1000, 1000],
    ]);
  });

  test('overwriting a formula with a value forgets the formula', () => {
    const range = sheetOf().getRange('A1');
    range.setValue('=A2');
    range.setValue('=A2*2');
    expect(range.getFormula()).toBe('=A2*2');
    range.setValue(3);
    expect(range.getFormula()).toBe('');
    expect(range.getValue()).toBe(3);
  });
});

describe('setValues checks dimensions like Sheets', () => {
  test('row count', () => {
    const range = sheetOf().getRange(1, 1, 2, 2);
    expect(() => range.setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  test('column count, checked on every row', () => {
    const range = sheetOf().getRange(1, 1, 2, 2);
    expect(() => range.setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  test('a grid whose outer value or any row is not an array', () => {
    const range = sheetOf().getRange(1, 1, 2, 2);
    const message = "The parameters (String) don't match the method signature: a two-dimensional array is expected.";
    expect(() => range.setValues('a' as unknown as unknown[][])).toThrow(message);
    expect(() => range.setValues([[1, 2], 'ab' as unknown as unknown[]])).toThrow(message);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => range.setValues([[1, 2], ,] as unknown as unknown[][])).toThrow(message);
  });

  test('a failed write changes nothing', () => {
    const sheet = sheetOf();
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2], [3]])).toThrow();
    expect(sheet.getLastRow()).toBe(0);
  });
});

describe('reads', () => {
  test('getValues returns copies: changing them leaves the sheet alone', () => {
    const sheet = sheetOf();
    sheet.getRange('A1:B1').setValues([['a', new Date('2025-01-01T00:00:00Z')]]);
    const first = sheet.getRange('A1:B1').getValues();
    first[0][0] = 'changed';
    (first[0][1] as Date).setTime(0);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['a', new Date('2025-01-01T00:00:00Z')]]);
  });

  test('empty and never-written cells read as empty strings, padded to the range', () => {
    const sheet = sheetOf();
    sheet.getRange('B2').setValue('x');
    expect(sheet.getRange('A1:C3').getValues()).toEqual([
      ['', '', ''],
      ['', 'x', ''],
      ['', '', ''],
    ]);
  });

  test('display values follow number formats, dates show in the sheet zone', () => {
    const sheet = sheetOf();
    sheet.getRange('A1:H1').setValues([[1234.5, 0.256, 3, 1080, '2025/1/5', '2025/1/5 10:30', true, 'text']]);
    sheet.getRange('A1').setNumberFormat('#,##0');
    sheet.getRange('B1').setNumberFormat('0.0%');
    sheet.getRange('C1').setNumberFormat('0.00');
    sheet.getRange('D1').setNumberFormat('"¥"#,##0');
    expect(sheet.getRange('A1:H1').getDisplayValues()).toEqual([
      ['1,235', '25.6%', '3.00', '¥1,080', '2025-01-05', '2025-01-05 10:30:00', 'TRUE', 'text'],
    ]);
    sheet.getRange('E1:F1').setNumberFormats([['yyyy"年"m"月"d"日"', 'hh:mm']]);
    expect(sheet.getRange('E1:F1').getDisplayValues()).toEqual([['2025年1月5日', '10:30']]);
    expect(sheet.getRange('E1:F1').getNumberFormats()).toEqual([['yyyy"年"m"月"d"日"', 'hh:mm']]);
    expect(sheet.getRange('G1').getNumberFormat()).toBe('0.###############');
  });

  test('unformatted numbers display as JavaScript prints them', () => {
    const sheet = sheetOf();
    sheet.getRange('A1:C1').setValues([[-5, 0.5, 1e21]]);
    expect(sheet.getRange('A1:C1').getDisplayValues()).toEqual([['-5', '0.5', '1e+21']]);
  });
});
