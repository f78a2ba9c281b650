import {
  CustomerListEntry,
  countingListProspects,
  mergeCustomerList,
  optOutOf,
  parseBirthday,
  parseCustomerList,
} from '../../src/core/customer-list';
import { flagOf } from '../../src/core/owner-tabs';
import { segmentsTable } from '../../src/core/customer-tables';
import { dayOfDateIn, parseIsoDay, DayOfDate } from '../../src/core/days';
import { analyzeSales } from '../../src/core/sales';

// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});
const day = (iso: string) => parseIsoDay(iso) as number;

/** Columns: date, customer, amount, email. */
function analyze(rows: unknown[][], asOf = '2026-05-20') {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, email: 3 },
    asOf: day(asOf),
    dayOf,
  });
}

function entry(over: Partial<CustomerListEntry> & { key: string }): CustomerListEntry {
  return { name: over.key, email: '', birthday: null, optOut: false, note: '', rowNumber: 2, ...over };
}

describe('parseCustomerList', () => {
  it('finds a Japanese header below a title row and reads every column', () => {
    const list = parseCustomerList(
      [
        ['顧客名簿 2026年版', '', '', '', ''],
        ['お客様', 'メールアドレス', '生年月日', '配信停止', '備考'],
        ['山田 花子 様', 'Hanako@Example.jp', '1990-05-12', '', '紅茶が好き'],
        ['佐藤一郎', 'ichiro@example.jp', '5月3日', '済', ''],
      ],
      1,
      dayOf,
    );
    expect(list.problems).toEqual([]);
    expect(list.entries).toEqual([
      // Key: spaces and the honorific removed, as in the sales analysis; email lower-cased.
      {
        key: '山田花子',
        name: '山田 花子 様',
        email: 'hanako@example.jp',
        birthday: { month: 5, day: 12 },
        optOut: false,
        note: '紅茶が好き',
        rowNumber: 3,
      },
      {
        key: '佐藤一郎',
        name: '佐藤一郎',
        email: 'ichiro@example.jp',
        birthday: { month: 5, day: 3 },
        optOut: true,
        note: '',
        rowNumber: 4,
      },
    ]);
  });

  it('reads English headers in any order, and keys a nameless row by its email', () => {
    const list = parseCustomerList(
      [
        ['Notes', 'Do not contact', 'Email', 'Date of birth', 'Customer'],
        ['', '', 'solo@example.com', '12/24', ''],
      ],
      1,
      dayOf,
    );
    expect(list.entries).toEqual([
      {
        key: 'solo@example.com',
        name: 'solo@example.com',
        email: 'solo@example.com',
        birthday: { month: 12, day: 24 },
        optOut: false,
        note: '',
        rowNumber: 2,
      },
    ]);
  });

  it('reports a row with neither customer nor email, and skips blank rows silently', () => {
    const list = parseCustomerList(
      [
        ['氏名', 'メール', '誕生日', '備考'],
        ['', '', '', ''],
        ['', '', '4/1', '名前を聞き忘れた'],
        ['田中', '', '', ''],
      ],
      1,
      dayOf,
    );
    expect(list.problems).toEqual([{ rowNumber: 3, reason: 'no_customer' }]);
    expect(list.entries.map((e) => [e.key, e.rowNumber])).toEqual([['田中', 4]]);
  });

  it('keeps a row whose email or birthday cannot be read, without them, and says so', () => {
    const list = parseCustomerList(
      [
        ['名前', 'email', 'birthday'],
        ['Aoki', 'aoki at example', '2/30'],
      ],
      5,
      dayOf,
    );
    expect(list.entries).toEqual([entry({ key: 'Aoki', rowNumber: 6 })]);
    expect(list.problems).toEqual([
      { rowNumber: 6, reason: 'email_unreadable' },
      { rowNumber: 6, reason: 'birthday_unreadable' }, // February has no 30th
    ]);
  });

  it('folds a second listing of the same customer into the first: opted out if either says so', () => {
    const list = parseCustomerList(
      [
        ['顧客', 'メール', '誕生日', '配信停止'],
        ['山田様', '', '', ''],
        ['山田', 'yamada@example.jp', '7/7', 'はい'],
      ],
      1,
      dayOf,
    );
    expect(list.entries).toEqual([
      entry({
        key: '山田',
        name: '山田様',
        email: 'yamada@example.jp',
        birthday: { month: 7, day: 7 },
        optOut: true,
        rowNumber: 2,
      }),
    ]);
    expect(list.problems).toEqual([{ rowNumber: 3, reason: 'duplicate' }]);
  });

  it('reports a tab without a header, but not an empty tab', () => {
    expect(
      parseCustomerList(
        [
          ['foo', 'bar'],
          ['1', '2'],
        ],
        1,
        dayOf,
      ),
    ).toEqual({ entries: [], problems: [{ rowNumber: 1, reason: 'no_header' }] });
    expect(parseCustomerList([], 1, dayOf)).toEqual({ entries: [], problems: [] });
    expect(parseCustomerList([['', '']], 1, dayOf)).toEqual({ entries: [], problems: [] });
  });
});

describe('opt-out cells', () => {
  it.each([true, 'TRUE', '1', 'yes', 'Yes', 'はい', '済', '○', '停止', 'x', '×', '✓', '2026/3 電話で依頼'])(
    '%p opts out',
    (v) => {
      expect(optOutOf(v)).toBe(true);
    },
  );
  it.each([false, 'FALSE', '', null, undefined, '0', 'no', 'いいえ', 'なし', '-'])('%p does not', (v) => {
    expect(optOutOf(v)).toBe(false);
  });
  it('tells an explicit word from an unknown one (the templates tab needs the difference)', () => {
    expect(flagOf('ＹＥＳ')).toBe('yes'); // full-width
    expect(flagOf('いいえ')).toBe('no');
    expect(flagOf('  ')).toBe('blank');
    expect(flagOf('たぶん')).toBe('other');
  });
});

describe('parseBirthday', () => {
  it.each([
    ['5/12', { month: 5, day: 12 }],
    ['5月12日', { month: 5, day: 12 }],
    ['０５／１２', { month: 5, day: 12 }], // full-width
    ['05-12', { month: 5, day: 12 }],
    ['1990-05-12', { month: 5, day: 12 }],
    ['1990/5/12', { month: 5, day: 12 }],
    ['平成2年5月12日', { month: 5, day: 12 }],
    ['2/29', { month: 2, day: 29 }], // a leap-day birthday is a real one
  ])('%s', (text, expected) => {
    expect(parseBirthday(text, dayOf)).toEqual(expected);
  });

  it('reads a date cell in the spreadsheet time zone (Sheets turns a typed 5/12 into a date)', () => {
    // 2026-05-11T15:00Z is 2026-05-12 00:00 in Tokyo.
    expect(parseBirthday(new Date('2026-05-11T15:00:00Z'), dayOf)).toEqual({ month: 5, day: 12 });
  });

  it.each(['2/30', '13/1', 'spring', '5/'])('refuses %s', (text) => {
    expect(parseBirthday(text, dayOf)).toBeNull();
  });
});

describe('mergeCustomerList', () => {
  let analysis: ReturnType<typeof analyze>;
  beforeEach(() => {
    analysis = analyze([
      ['2026-01-10', '山田様', 3000, 'old@example.jp'],
      ['2026-02-10', '佐藤', 2000, ''],
      ['2026-03-01', '', 1500, 'tanaka@example.jp'], // keyed by its email: no name
      ['2026-03-05', '見本', 0, ''], // a ¥0 sample: a sales prospect
    ]);
  });

  it('lays the list over the sales customers, adds list-only people as prospects, and leaves the analysis alone', () => {
    const before = JSON.stringify(analysis.customers);
    const merged = mergeCustomerList(analysis, {
      entries: [
        entry({
          key: '山田',
          name: '山田 花子',
          email: 'new@example.jp',
          birthday: { month: 5, day: 12 },
          rowNumber: 2,
        }),
        entry({ key: '鈴木', name: '鈴木', email: 'suzuki@example.jp', optOut: true, rowNumber: 3 }),
        // Keyed by name in the list, by email in the sales sheet: matched through the email.
        entry({ key: '田中', name: '田中', email: 'tanaka@example.jp', note: '常連さんの紹介', rowNumber: 4 }),
      ],
    });
    expect(JSON.stringify(analysis.customers)).toBe(before);

    expect(merged.all.map((c) => [c.key, c.name, c.email, c.salesIndex, c.listRow, c.optOut])).toEqual([
      ['山田', '山田 花子', 'new@example.jp', 0, 2, false], // the list's email and name win
      ['佐藤', '佐藤', '', 1, null, false],
      ['tanaka@example.jp', '田中', 'tanaka@example.jp', 2, 4, false],
      ['見本', '見本', '', 3, null, false],
      ['鈴木', '鈴木', 'suzuki@example.jp', null, 3, true],
    ]);
    expect(merged.all[0].birthday).toEqual({ month: 5, day: 12 });
    expect(merged.all[2].note).toBe('常連さんの紹介');
    expect(merged.all[0].customer).toBe(analysis.customers[0]);
    expect(merged.all[0].firstSeenDay).toBe(day('2026-01-10'));

    expect(merged.listOnlyProspects).toHaveLength(1);
    expect(merged.listOnlyProspects[0]).toMatchObject({
      key: '鈴木',
      visits: 0,
      stage: 'prospect',
      status: null,
      segment: null,
      revenue: 0,
    });
    expect(merged.all[4].customer).toBe(merged.listOnlyProspects[0]);
    expect(merged.all[4].firstSeenDay).toBeNull();
  });

  it('keeps the sales email when the list has none, and works without a list', () => {
    const merged = mergeCustomerList(analysis, { entries: [entry({ key: '山田', name: '山田', rowNumber: 2 })] });
    expect(merged.all[0].email).toBe('old@example.jp');
    // toStrictEqual: toEqual would let a fifth, undefined email through.
    const withoutList = mergeCustomerList(analysis, null);
    expect(withoutList.all.map((c) => c.email)).toStrictEqual(['old@example.jp', '', 'tanaka@example.jp', '']);
    expect(withoutList.listOnlyProspects).toStrictEqual([]);
    expect(mergeCustomerList(analysis, { entries: [] }).listOnlyProspects).toStrictEqual([]);
  });

  it('folds two entries reaching the same customer (by key and by email): opted out if either is', () => {
    const merged = mergeCustomerList(analysis, {
      entries: [
        entry({ key: 'tanaka@example.jp', email: 'tanaka@example.jp', rowNumber: 2 }),
        entry({ key: '田中', email: 'tanaka@example.jp', optOut: true, birthday: { month: 1, day: 2 }, rowNumber: 3 }),
      ],
    });
    expect(merged.all).toHaveLength(4);
    expect(merged.all[2]).toMatchObject({ optOut: true, birthday: { month: 1, day: 2 }, listRow: 2 });
  });

  it('does not match by an email that several sales customers share', () => {
    const shared = analyze([
      ['2026-01-10', '父', 1000, 'family@example.jp'],
      ['2026-01-11', '母', 1000, 'family@example.jp'],
    ]);
    const merged = mergeCustomerList(shared, { entries: [entry({ key: '子', email: 'family@example.jp' })] });
    expect(merged.all.map((c) => [c.key, c.salesIndex])).toEqual([
      ['父', 0],
      ['母', 1],
      ['子', null],
    ]);
  });

  it('gives the Segments tab the list-only prospects as extra rows', () => {
    const merged = mergeCustomerList(analysis, { entries: [entry({ key: '鈴木', email: 'suzuki@example.jp' })] });
    const table = segmentsTable(analysis, 'ja', merged.listOnlyProspects);
    // Header + 4 sales customers + 鈴木.
    expect(table.rows).toHaveLength(6);
    expect(table.rows[5].slice(0, 3)).toEqual(['鈴木', 'suzuki@example.jp', '見込み客']);
  });
});

describe('countingListProspects', () => {
  it('counts the list-only prospects among the prospects and changes nothing else', () => {
    // 山田, 佐藤 and the email-only customer each paid once (new); the ¥0 sample is a prospect.
    const analysis = analyze([
      ['2026-01-10', '山田様', 3000, 'old@example.jp'],
      ['2026-02-10', '佐藤', 2000, ''],
      ['2026-03-01', '', 1500, 'tanaka@example.jp'],
      ['2026-03-05', '見本', 0, ''],
    ]);
    const counted = countingListProspects(analysis, 2);
    expect(counted.labelCounts.stage).toStrictEqual({ prospect: 3, new: 3, repeat: 0, fan: 0 });
    expect(analysis.labelCounts.stage).toStrictEqual({ prospect: 1, new: 3, repeat: 0, fan: 0 });
    expect(counted.labelCounts.status).toBe(analysis.labelCounts.status);
    expect(counted.labelCounts.segment).toBe(analysis.labelCounts.segment);
    expect(counted.customers).toBe(analysis.customers);
    expect(counted.asOf).toBe(analysis.asOf);
    expect(countingListProspects(analysis, 0)).toBe(analysis);
  });
});
