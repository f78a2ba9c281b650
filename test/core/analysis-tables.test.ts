// One analysis of a sales table (analysis.ts): the header's errors, a sheet read in parts, the
// report month's second pass, an export's order columns found by name, phone columns, the language.
import {
  TableError,
  analyzeTable,
  analyzeTableChunks,
  findHeader,
  langOfTable,
  mappingSummary,
  phoneColumnsOf,
} from '../../src/core/analysis';
import { parseIsoDay } from '../../src/core/days';
import { SaleLine } from '../../src/core/sales';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';

const day = (iso: string) => parseIsoDay(iso) as number;
const base = { asOf: day('2025-03-31'), timeZone: 'Asia/Tokyo', thresholds: DEFAULT_THRESHOLDS };
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof TableError ? [e.code, e.missing, e.message] : e;
  }
  return 'no error';
};

describe('the table’s errors', () => {
  test('a TableError names its code and the missing fields', () => {
    const e = new TableError('missing_columns', ['customer', 'amount']);
    expect([e.name, e.message]).toStrictEqual(['TableError', 'missing_columns: customer, amount']);
    expect(new TableError('empty').message).toBe('empty');
  });

  test('blank rows: no header when detecting, an empty sheet when columns are named', () => {
    expect(codeOf(() => findHeader([['', null], []]))).toStrictEqual(['no_header', [], 'no_header']);
    expect(codeOf(() => findHeader([['', null], []], { customer: 'お客様' }))).toStrictEqual(['empty', [], 'empty']);
    expect(codeOf(() => findHeader([['日付', 'ご注文者さま', 'お支払い']], { amount: 'お支払い' }))).toStrictEqual([
      'missing_columns',
      ['customer'],
      'missing_columns: customer',
    ]);
  });

  test('a sheet with no part at all: no header, or empty when columns are named', () => {
    expect(codeOf(() => analyzeTableChunks({ ...base, chunks: [] }))).toStrictEqual(['no_header', [], 'no_header']);
    expect(codeOf(() => analyzeTableChunks({ ...base, chunks: [], mappingOverride: { customer: 'x' } }))).toStrictEqual(
      ['empty', [], 'empty'],
    );
  });
});

describe('a sheet read in parts', () => {
  // A title row above the header: the header is sheet row 2, the data from row 3.
  const values = [
    ['売上一覧', '', ''],
    ['日付', '顧客', '金額'],
    ['2025-01-10', '山田', 1000],
    ['2025-02-10', '山田', 'たくさん'], // row 4: no amount to read
    ['2025-03-10', '山田', 1000],
    ['いつか', '佐藤', 800], // row 6: no date
  ];

  test('row numbers run on across the parts; the header is passed over in the first', () => {
    const whole = analyzeTable({ ...base, values });
    const parts = analyzeTableChunks({ ...base, chunks: [values.slice(0, 4), values.slice(4)] });
    for (const a of [whole, parts]) {
      expect(a.sales.rejected.map((r) => [r.rowNumber, r.reason])).toStrictEqual([
        [4, 'amount_unreadable'],
        [6, 'date_unreadable'],
      ]);
      expect(a.sales.customers.map((c) => [c.key, c.visits])).toStrictEqual([['山田', 2]]);
      expect(a.header.headerRow).toBe(1);
      expect(a.report).toBe(a.sales);
    }
    // Read from sheet row 11 on: every number moves by ten.
    const later = analyzeTableChunks({ ...base, firstRowNumber: 11, chunks: [values.slice(0, 3), values.slice(3)] });
    expect(later.sales.rejected.map((r) => r.rowNumber)).toStrictEqual([14, 16]);
  });

  test('a report day before as-of: a second pass as of it; the as-of pass alone tells its lines', () => {
    const lines: SaleLine[] = [];
    const a = analyzeTable({ ...base, values, reportAsOf: day('2025-02-28'), onLine: (l) => lines.push(l) });
    expect(a.report).not.toBe(a.sales);
    expect([a.sales.asOf, a.report.asOf]).toStrictEqual([day('2025-03-31'), day('2025-02-28')]);
    // As of February 28 山田 had one visit; the March one lies after it.
    expect(a.report.customers.map((c) => c.visits)).toStrictEqual([1]);
    expect(a.sales.customers.map((c) => c.visits)).toStrictEqual([2]);
    expect(lines.map((l) => l.rowNumber)).toStrictEqual([3, 5]);
    // A report day on or after as-of is as-of itself: one pass.
    const same = analyzeTable({ ...base, values, reportAsOf: day('2025-03-31') });
    expect(same.report).toBe(same.sales);
  });
});

describe('an export’s own columns, found by their names', () => {
  test('スマレジ: the cancel column even as the first column, the member code under its second name', () => {
    const values = [
      ['取消区分', '取引ID', '取引日時', '取引区分', '合計', '会員名', '会員 ID'],
      ['0', 'T1', '2025/1/5', '1', '1000', '山田 太郎', 'M1'],
      ['1', 'T2', '2025/1/6', '1', '2000', '山田 太郎', 'M1'], // cancelled
      ['0', 'T3', '2025/2/5', '1', '1500', '山田 太郎', 'M1'],
    ];
    const a = analyzeTable({ ...base, values });
    expect(a.header.profile).toBe('smaregi');
    expect(a.sales.rejected.map((r) => [r.rowNumber, r.reason])).toStrictEqual([[3, 'order_cancelled']]);
    expect(a.sales.customers.map((c) => [c.key, c.visits, c.revenue])).toStrictEqual([['M1', 2, 2500]]);
  });
});

test('スマレジ without a member column: the customers are keyed by their names', () => {
  const values = [
    ['取引ID', '取引日時', '取引区分', '取消区分', '合計', '会員名'],
    ['T1', '2025/1/5', '1', '0', '1000', '山田 太郎'],
  ];
  expect(analyzeTable({ ...base, values }).sales.customers.map((c) => c.key)).toStrictEqual(['山田太郎']);
});

describe('the table’s other columns and its language', () => {
  test('phone columns by their header, in either language', () => {
    expect(phoneColumnsOf(['日付', '電話番号', '金額', 'Mobile', 'TEL', 'hotel', '携帯'])).toStrictEqual([1, 3, 4, 6]);
    expect(phoneColumnsOf(['日付', '金額'])).toStrictEqual([]);
  });

  test('the language: the owner’s choice, else the headers’', () => {
    const ja = findHeader([['日付', '顧客', '金額']]);
    const en = findHeader([['Date', 'Customer', 'Amount']]);
    expect([langOfTable(ja), langOfTable(en), langOfTable(ja, 'en'), langOfTable(en, null)]).toStrictEqual([
      'ja',
      'en',
      'en',
      'en',
    ]);
  });

  test('the mapping summary names each field’s header; a column past the headers is blank', () => {
    expect(mappingSummary({ date: 0, customer: 2, amount: 5 }, ['日付', 'x', '顧客'])).toStrictEqual({
      date: '日付',
      customer: '顧客',
      amount: '',
    });
  });
});
