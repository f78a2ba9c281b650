// The customer list's own edges: a list with only a name or only an email column, duplicates
// folded into the first row (its details win, blanks filled from later rows), a month-day with
// spaces, and how list entries reach sales customers (by key first, by email to the first customer too).
import { CustomerListEntry, mergeCustomerList, parseBirthday, parseCustomerList } from '../../src/core/customer-list';
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { analyzeSales } from '../../src/core/sales';

let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});

function analyze(rows: unknown[][]) {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, email: 3 },
    asOf: parseIsoDay('2026-05-20') as number,
    dayOf,
  });
}

function entry(over: Partial<CustomerListEntry> & { key: string }): CustomerListEntry {
  return { name: over.key, email: '', birthday: null, optOut: false, note: '', rowNumber: 2, ...over };
}

describe('parseCustomerList', () => {
  it('reads a list with a name column only, and one with an email column only', () => {
    expect(
      parseCustomerList(
        [
          ['お名前', '誕生日'],
          ['山田', '5/12'],
        ],
        1,
        dayOf,
      ).entries.map((e) => e.key),
    ).toStrictEqual(['山田']);
    expect(parseCustomerList([['email'], ['A@example.jp']], 1, dayOf).entries.map((e) => e.key)).toStrictEqual([
      'a@example.jp',
    ]);
  });

  it('reports a tab without a header whose rows are partly blank', () => {
    expect(parseCustomerList([['hello', '']], 5, dayOf).problems).toStrictEqual([
      { rowNumber: 5, reason: 'no_header' },
    ]);
  });

  it("keeps the first row's details for a customer listed twice, fills its blanks from the second", () => {
    const list = parseCustomerList(
      [
        ['顧客', 'メール', '誕生日', '備考', '配信停止'],
        ['山田', 'first@example.jp', '5/12', '紅茶', ''],
        ['山田', 'second@example.jp', '6/1', 'コーヒー', ''],
        ['佐藤', '', '', '', ''],
        ['佐藤', 'sato@example.jp', '7/7', '花', ''],
      ],
      1,
      dayOf,
    );
    expect(list.entries.map((e) => [e.key, e.email, e.birthday, e.note, e.optOut])).toStrictEqual([
      ['山田', 'first@example.jp', { month: 5, day: 12 }, '紅茶', false],
      ['佐藤', 'sato@example.jp', { month: 7, day: 7 }, '花', false],
    ]);
    expect(list.problems).toStrictEqual([
      { rowNumber: 3, reason: 'duplicate' },
      { rowNumber: 5, reason: 'duplicate' },
    ]);
  });
});

describe('parseBirthday', () => {
  it('reads a month and day with spaces around them', () => {
    expect(parseBirthday(' 5/12 ', dayOf)).toStrictEqual({ month: 5, day: 12 });
    expect(parseBirthday('　５月１２日　', dayOf)).toStrictEqual({ month: 5, day: 12 });
  });
});

describe('mergeCustomerList', () => {
  it('matches by key before email, and by email to the first sales customer too', () => {
    const analysis = analyze([
      ['2026-01-10', '', 1000, 'first@example.jp'], // index 0, keyed by its email
      ['2026-01-11', '山田', 1000, 'yamada@example.jp'],
    ]);
    const merged = mergeCustomerList(analysis, {
      entries: [
        // Keyed 山田, but with the first customer's email: 山田 by key it is.
        entry({ key: '山田', email: 'first@example.jp', rowNumber: 2 }),
        // No name: its email is its name, and the sales name stays.
        entry({ key: 'first@example.jp', name: 'first@example.jp', email: 'first@example.jp', rowNumber: 3 }),
      ],
    });
    expect(merged.all.map((c) => [c.key, c.name, c.salesIndex, c.listRow, c.note])).toStrictEqual([
      ['first@example.jp', 'first@example.jp', 0, 3, ''],
      ['山田', '山田', 1, 2, ''],
    ]);
  });

  it('matches a named list entry to the first sales customer by email', () => {
    const analysis = analyze([['2026-01-10', '', 1000, 'first@example.jp']]);
    const merged = mergeCustomerList(analysis, { entries: [entry({ key: '田中', email: 'first@example.jp' })] });
    expect(merged.all.map((c) => [c.key, c.name, c.salesIndex])).toStrictEqual([['first@example.jp', '田中', 0]]);
  });

  it('keeps the sales name when the list row has only an email', () => {
    const analysis = analyze([['2026-01-10', '佐藤', 1000, 'sato@example.jp']]);
    const nameless = entry({ key: 'sato@example.jp', name: 'sato@example.jp', email: 'sato@example.jp' });
    expect(mergeCustomerList(analysis, { entries: [nameless] }).all.map((c) => [c.name, c.listRow])).toStrictEqual([
      ['佐藤', 2],
    ]);
  });

  it('makes list-only prospects that are not VIPs, and leaves an unlisted customer without a note', () => {
    const analysis = analyze([['2026-01-10', '佐藤', 1000, '']]);
    const merged = mergeCustomerList(analysis, { entries: [entry({ key: '鈴木' })] });
    expect(merged.listOnlyProspects[0].vip).toBe(false);
    expect(merged.all[0].note).toBe('');
  });
});
