import {
  CustomFunctionContext,
  asCellResult,
  customerSegment,
  customerStage,
  nextVisit,
  repeatRate,
} from '../../src/core/custom-functions';
import { parseIsoDay } from '../../src/core/days';
import { DEFAULT_THRESHOLDS, resolveThresholds, SettingsError } from '../../src/core/settings';

const ctx = (lang: 'ja' | 'en' = 'ja'): CustomFunctionContext => ({
  timeZone: 'Asia/Tokyo',
  lang,
  today: parseIsoDay('2025-06-30')!,
  thresholds: DEFAULT_THRESHOLDS,
});

const TABLE = [
  ['日付', '顧客名', '金額'],
  ['2025/1/5', '山田 太郎', '¥1,000'],
  ['2025/2/5', '山田 太郎', '¥1,000'],
  ['2025/1/10', '佐藤 花子', '¥500'],
  ['2025/3/1', '鈴木 一郎', '¥0'],
  ['2025/3/10', '高橋 二郎', '¥800'],
  ['2025/6/1', '高橋 二郎', '¥800'],
];

describe('CUSTOMER_STAGE', () => {
  test('one cell gives one label; honorifics and spaces are ignored', () => {
    expect(customerStage('山田太郎様', TABLE, undefined, ctx())).toBe('リピート客');
    expect(customerStage('佐藤 花子', TABLE, undefined, ctx('en'))).toBe('New');
    expect(customerStage('鈴木 一郎', TABLE, undefined, ctx('en'))).toBe('Prospect');
  });

  test('a column of customers gives a column of labels; unknown and blank give ""', () => {
    expect(customerStage([['山田 太郎'], ['誰か'], [''], ['高橋 二郎']], TABLE, undefined, ctx('en'))).toEqual([
      ['Repeat'],
      [''],
      [''],
      ['Repeat'],
    ]);
  });

  test('in a recognised export (keyed by member code) the name finds the customer too', () => {
    const smaregi = [
      ['取引ID', '取引日時', '取引区分', '取消区分', '合計', '会員名', '会員コード'],
      ['1', '2025/1/5', '1', '0', '1000', '山田 太郎', 'M1'],
      ['2', '2025/2/5', '1', '0', '1000', '山田 太郎', 'M1'],
    ];
    expect(customerStage('山田 太郎', smaregi, undefined, ctx('en'))).toBe('Repeat');
    expect(customerStage('M1', smaregi, undefined, ctx('en'))).toBe('Repeat');
  });

  test('as_of limits the rows: before the second visit 山田 was New', () => {
    expect(customerStage('山田 太郎', TABLE, '2025-01-31', ctx('en'))).toBe('New');
    expect(customerStage('山田 太郎', TABLE, new Date('2025-02-04T15:00:00Z'), ctx('en'))).toBe('Repeat'); // = Feb 5 in Tokyo
  });

  test('bad arguments give a # message, not a stack trace', () => {
    expect(customerStage('山田', 'not a range', undefined, ctx('en'))).toMatch(/^#sales_table/);
    expect(
      customerStage(
        '山田',
        [
          ['a', 'b'],
          [1, 2],
        ],
        undefined,
        ctx('en'),
      ),
    ).toMatch(/^#sales_table: no header/);
    expect(customerStage('山田', TABLE, 'someday', ctx('en'))).toBe('#as_of: not a date');
    expect(customerStage('山田', TABLE, 'someday', ctx('ja'))).toMatch(/^#基準日/);
  });
});

describe('CUSTOMER_SEGMENT', () => {
  test('CPM labels; a prospect has no segment', () => {
    // As of 2025-06-30: 佐藤 one visit 171 days ago → First; 山田 2 visits, tenure 31 → Toddler.
    expect(customerSegment([['佐藤 花子'], ['山田 太郎'], ['鈴木 一郎']], TABLE, undefined, ctx())).toEqual([
      ['初回客'],
      ['よちよち客'],
      [''],
    ]);
    // As of 2026-01-01 佐藤's last visit is 356 days old: lapsed.
    expect(customerSegment('佐藤 花子', TABLE, '2026-01-01', ctx('en'))).toBe('First (lapsed)');
  });
});

describe('REPEAT_RATE', () => {
  // First visits: 山田 1/5 (2nd 2/5, 31 days), 佐藤 1/10 (none), 高橋 3/10 (2nd 6/1, 83 days). 鈴木 has no visit.
  test('all customers with a first visit', () => {
    expect(repeatRate(TABLE, '', '', '', '', ctx())).toBeCloseTo(2 / 3, 10);
  });
  test('first visits in a period', () => {
    expect(repeatRate(TABLE, '2025-01-01', '2025-01-31', '', '', ctx())).toBe(0.5);
    expect(repeatRate(TABLE, '2025-03-01', '2025-03-31', '', '', ctx())).toBe(1);
  });
  test('second visit within N days of the first', () => {
    expect(repeatRate(TABLE, '', '', 31, '', ctx())).toBeCloseTo(1 / 3, 10);
    expect(repeatRate(TABLE, '', '', 30, '', ctx())).toBe(0);
    expect(repeatRate(TABLE, '', '', 83, '', ctx())).toBeCloseTo(2 / 3, 10);
  });
  test('as_of: a second visit after as-of does not count', () => {
    expect(repeatRate(TABLE, '', '', '', '2025-05-31', ctx())).toBeCloseTo(1 / 3, 10);
  });
  test('bad arguments', () => {
    expect(repeatRate(TABLE, '', '', -1, '', ctx('en'))).toBe('#within_days: give a whole number of days, 0 or more');
    expect(repeatRate(TABLE, '2025-02-01', '2025-01-01', '', '', ctx('en'))).toBe('#first_from is after first_to');
    expect(repeatRate(TABLE, '2024-01-01', '2024-01-31', '', '', ctx('en'))).toMatch(/^#N\/A/);
  });
});

describe('thresholds', () => {
  test('defaults', () => {
    expect(resolveThresholds({})).toEqual(DEFAULT_THRESHOLDS);
  });
  test('text numbers are accepted, full-width too', () => {
    expect(resolveThresholds({ atRiskDays: '６０', lapsedDays: '180' })).toMatchObject({
      atRiskDays: 60,
      lapsedDays: 180,
    });
  });
  test.each([
    [{ atRiskDays: -5 }, 'atRiskDays: too_small'],
    [{ atRiskDays: 'abc' }, 'atRiskDays: not_number'],
    [{ fanVisits: 2.5 }, 'fanVisits: not_whole'],
    [{ atRiskDays: 300 }, 'lapsedDays: order (atRiskDays)'],
    [{ vipShare: 150 }, 'vipShare: too_large'],
    [{ cpmSpendLine: 0 }, 'cpmSpendLine: too_small'],
  ])('%o is refused', (input, message) => {
    expect(() => resolveThresholds(input)).toThrow(SettingsError);
    expect(() => resolveThresholds(input)).toThrow(message);
  });
});

// NEXT_VISIT, dates and customers as the sheet hands them over, and every '#' message.
describe('NEXT_VISIT', () => {
  test('last visit + usual interval, at midnight in Tokyo; the shop’s first-repeat gap for one visit; none for a prospect', () => {
    // 山田: 2/5 + 31 = 3/8. 高橋: 6/1 + 83 = 8/23. 佐藤 (one visit, 1/10): the shop's first repeat
    // gaps are 31 and 83, median 57, so 1/10 + 57 = 3/8. 鈴木 only had a ¥0 sample; 誰か is unknown.
    const at = (iso: string) => new Date(`${iso}T00:00:00+09:00`);
    expect(
      nextVisit([['山田 太郎'], ['高橋 二郎'], ['佐藤 花子'], ['鈴木 一郎'], ['誰か']], TABLE, '', ctx('en')),
    ).toStrictEqual([[at('2025-03-08')], [at('2025-08-23')], [at('2025-03-08')], [''], ['']]);
  });
});

describe('dates and customers as the sheet hands them over', () => {
  test('as_of as a one-cell range; a blank one is today', () => {
    expect(customerStage('山田 太郎', TABLE, [['2025-01-31']], ctx('en'))).toBe('New');
    expect(customerStage('山田 太郎', TABLE, [['']], ctx('en'))).toBe('Repeat');
  });

  test('a merged customer is found by the other spelling', () => {
    // 佐藤 花子 counted under 山田 太郎: three visits together.
    const merged = { ...ctx('en'), aliases: new Map([['佐藤花子', '山田太郎']]) };
    expect(customerStage('佐藤 花子', TABLE, '', merged)).toBe('Repeat');
    expect(customerStage('佐藤 花子', TABLE, '', ctx('en'))).toBe('New');
  });

  test('within_days as text counts as the number', () => {
    expect(repeatRate(TABLE, '', '', '31', '', ctx('en'))).toBeCloseTo(1 / 3, 10);
  });
});

describe('every bad argument gives its message', () => {
  test('dates that cannot be read name their argument', () => {
    expect(repeatRate(TABLE, 'someday', '', '', '', ctx('en'))).toBe('#first_from: not a date');
    expect(repeatRate(TABLE, '', 'someday', '', '', ctx('ja'))).toBe('#first_to: 日付を読み取れません');
    expect(repeatRate(TABLE, '', '', '', 'someday', ctx('en'))).toBe('#as_of: not a date');
  });

  test('a fraction of a day; a range without rows; a header without an amount', () => {
    expect(repeatRate(TABLE, '', '', 2.5, '', ctx('ja'))).toBe('#日数: 0以上の整数を指定してください');
    const range = '#sales_table: give the range including its header row (date, customer, amount)';
    expect(customerStage('山田', [], '', ctx('en'))).toBe(range);
    expect(customerStage('山田', ['日付', '顧客名', '金額'], '', ctx('en'))).toBe(range);
    expect(
      customerStage(
        '山田',
        [
          ['日付', '顧客'],
          ['2025/1/1', '山田'],
        ],
        '',
        ctx('en'),
      ),
    ).toBe('#sales_table: no header row with date, customer and amount');
  });

  test('bad thresholds read as a settings message; any other error is thrown on', () => {
    expect(asCellResult('en', () => resolveThresholds({ atRiskDays: -5 }))).toBe(
      '#settings: invalid thresholds ("Days since last visit: at risk" must be at least 1)',
    );
    expect(() =>
      asCellResult('en', () => {
        throw new RangeError('a bug');
      }),
    ).toThrow('a bug');
  });
});

describe('finding the customer a cell names', () => {
  const EMAILS = [
    ['日付', '顧客名', 'メール', '金額'],
    ['2025/1/5', '山田', 'y@x.jp', 100],
    ['2025/2/5', '山田', 'y@x.jp', 100],
    ['2025/1/6', '山田 花子', 'y@x.jp', 100], // another customer with the same email
  ];

  test('by email in any case; two customers with one email: the first', () => {
    expect(customerStage([['Y@X.JP'], ['山田 花子']], EMAILS, '', ctx('en'))).toStrictEqual([['Repeat'], ['New']]);
  });

  test('two members with one name: the first; a blank cell is no member without a name', () => {
    const members = [
      ['取引ID', '取引日時', '取引区分', '取消区分', '合計', '会員名', '会員コード'],
      ['1', '2025/1/5', '1', '0', '1000', '山田 太郎', 'M1'],
      ['2', '2025/2/5', '1', '0', '1000', '山田 太郎', 'M1'],
      ['3', '2025/3/5', '1', '0', '1000', '山田 太郎', 'M2'],
      ['4', '2025/3/6', '1', '0', '1000', '', 'M3'],
    ];
    expect(customerStage([['山田 太郎'], ['M2'], [''], ['M3']], members, '', ctx('en'))).toStrictEqual([
      ['Repeat'],
      ['New'],
      [''],
      ['New'],
    ]);
  });

  test('an empty range as as_of is today', () => {
    expect(customerStage('山田 太郎', TABLE, [], ctx('en'))).toBe('Repeat');
  });
});

describe('REPEAT_RATE’s edges', () => {
  test('a period of one day holds the first visits on it; 0 days means the same day', () => {
    // 山田's first visit is 1/5, back 2/5.
    expect(repeatRate(TABLE, '2025-01-05', '2025-01-05', '', '', ctx('en'))).toBe(1);
    expect(repeatRate(TABLE, '', '', 0, '', ctx('en'))).toBe(0);
  });
});
