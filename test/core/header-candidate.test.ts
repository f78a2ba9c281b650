// The header row read with the owner's named columns when detection fails (issue 12, never stuck).
import { TableError, findHeader } from '../../src/core/analysis';
import { headerCandidate } from '../../src/core/headers';

const TITLED = [
  ['受付一覧', '', ''],
  ['', '', ''],
  ['日付', 'ご注文者さま', 'お支払い'],
  ['2025/1/5', '山田', '1000'],
];

describe('headerCandidate', () => {
  test('detection first: a recognised header row is taken as detected', () => {
    const values = [['日付', '顧客', '金額']];
    expect(headerCandidate(values, { customer: '金額' })).toMatchObject({
      headerRow: 0,
      mapping: { date: 0, customer: 1, amount: 2 },
    });
  });

  test('the first row holding every named header, under a title, with what its synonyms give', () => {
    // 日付 is a synonym (date, column 0); the other two headers are no synonym.
    expect(headerCandidate(TITLED, { customer: 'ご注文者さま', amount: 'お支払い' })).toMatchObject({
      headerRow: 2,
      headers: ['日付', 'ご注文者さま', 'お支払い'],
      mapping: { date: 0 },
    });
  });

  test('no row holds a named header: the widest row, a title above it passed over', () => {
    expect(headerCandidate(TITLED, { customer: 'お客様' })?.headerRow).toBe(2);
    expect(headerCandidate(TITLED, {})?.headers).toEqual(['日付', 'ご注文者さま', 'お支払い']);
    // Equally wide: the first (the header above its data).
    expect(
      headerCandidate(
        [
          ['a', 'b'],
          ['1', '2'],
        ],
        {},
      )?.headerRow,
    ).toBe(0);
    expect(headerCandidate([['', null], []], { customer: 'x' })).toBeNull();
  });
});

describe('findHeader with the owner mapping', () => {
  test('named columns complete the detected date', () => {
    const header = findHeader(TITLED, { customer: 'ご注文者さま', amount: 'お支払い' });
    expect(header).toMatchObject({ headerRow: 2, mapping: { date: 0, customer: 1, amount: 2 }, japanese: true });
  });

  test('a named header that is nowhere: the override says so, with the headers there are', () => {
    expect(() => findHeader(TITLED, { customer: 'お客様', amount: 'お支払い' })).toThrow(
      'No column "お客様" for customer in the header row; the headers are: 日付, ご注文者さま, お支払い',
    );
  });

  test('too little named: the missing fields', () => {
    expect(() => findHeader(TITLED, { amount: 'お支払い' })).toThrow(
      expect.objectContaining({ code: 'missing_columns', missing: ['customer'] }),
    );
  });

  test('blank top rows with a mapping: empty; without one: no header', () => {
    expect(() => findHeader([[''], ['']], { customer: 'x' })).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => findHeader([[''], ['']])).toThrow(expect.objectContaining({ code: 'no_header' }));
    expect(() => findHeader([['a', 'b']])).toThrow(TableError);
  });
});
