// The Segments rows of customers counted elsewhere (the SQL engines), a row each, and the Segments
// cells an analysis leaves blank: no status or segment for a prospect, the merged spellings.
import { customerRowsTable, rejectedTable, segmentsSource } from '../../src/core/customer-tables';
import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { NO_RHYTHM } from '../../src/core/rhythm';
import { Customer, analyzeSales } from '../../src/core/sales';

const day = (iso: string) => parseIsoDay(iso) as number;

/** Sales of date, customer and amount as of 2025-03-20 in Tokyo. */
const analysisOf = (rows: unknown[][]) =>
  analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2 },
    asOf: day('2025-03-20'),
    dayOf: dayOfDateIn('Asia/Tokyo'),
  });

function customer(over: Partial<Customer>): Customer {
  return {
    key: 'k',
    name: 'Aoi',
    email: '',
    visits: 2,
    firstSeenDay: day('2025-01-01'),
    firstDay: day('2025-01-01'),
    lastDay: day('2025-02-01'),
    daysSinceLast: 10,
    tenureDays: 31,
    revenue: 3000,
    paidTotal: 3000,
    averageOrder: 1500,
    topProduct: '',
    referrals: 0,
    vip: false,
    stage: 'repeat',
    status: 'active',
    segment: 'toddler',
    ...over,
  };
}

describe('customerRowsTable', () => {
  test('only date, customer and amount: the optional columns are left out', () => {
    const t = customerRowsTable([{ customer: customer({}), rhythm: NO_RHYTHM }], 'en');
    expect(t.rows[0]).toStrictEqual([
      'Customer',
      'Stage',
      'Status',
      'Segment',
      'Suggested contact',
      'Visits',
      'First purchase',
      'Last purchase',
      'Days since last',
      'Usual interval (days)',
      'Expected next visit',
      'Days overdue',
      'Tenure (days)',
      'Revenue',
      'Average order',
      'VIP',
    ]);
    expect(t.rows[1]).toStrictEqual([
      'Aoi',
      'Repeat',
      'Active',
      'Toddler',
      '',
      2,
      { day: day('2025-01-01') },
      { day: day('2025-02-01') },
      10,
      null,
      null,
      null,
      31,
      3000,
      1500,
      '',
    ]);
    expect(t.formats?.join(' ')).toBe(
      'text text text text text integer date date integer integer date integer integer money money text',
    );
  });

  test('one email, one product, one referral each bring their column; a prospect has no status or segment', () => {
    const rhythm = { usualInterval: 30, expectedNext: day('2025-03-03'), daysOverdue: 5 };
    const rows = [
      { customer: customer({ email: 'aoi@example.jp', vip: true }), rhythm },
      { customer: customer({ name: 'Ren', topProduct: 'Beans' }), rhythm: NO_RHYTHM },
      {
        customer: customer({ name: 'Mio', referrals: 2, stage: 'prospect', status: null, segment: null, visits: 0 }),
        rhythm: NO_RHYTHM,
      },
    ];
    const t = customerRowsTable(rows, 'ja');
    expect(t.rows[0].slice(0, 2)).toStrictEqual(['顧客', 'メール']);
    expect(t.rows[0].slice(-4)).toStrictEqual(['平均購入額', 'よく買う商品', '紹介人数', 'VIP']);
    expect(t.rows[1].slice(0, 2)).toStrictEqual(['Aoi', 'aoi@example.jp']);
    expect(t.rows[1].slice(10, 13)).toStrictEqual([30, { day: day('2025-03-03') }, 5]);
    expect(t.rows[1].slice(-4)).toStrictEqual([1500, '', 0, 'VIP']);
    expect(t.rows[2].slice(-3)).toStrictEqual(['Beans', 0, '']);
    expect(t.rows[3].slice(2, 5)).toStrictEqual(['見込み客', '', '']);
    expect(t.rows[3].slice(-2)).toStrictEqual([2, '']);
    expect(t.formats?.slice(-4)).toStrictEqual(['money', 'text', 'integer', 'text']);
  });
});

test('merged spellings: the names other than the one shown, joined with 、 in Japanese', () => {
  const a = analysisOf([
    ['2025/3/1', 'Aoi', 1000],
    ['2025/3/7', 'Ren', 500],
  ]);
  const spellings = new Map([[a.customers[0].key, new Set(['Aoi', 'AOI', 'あおい'])]]);
  const source = segmentsSource(a, 'ja', [], [], spellings);
  const [header, aoi, ren] = source.rows(0, 3);
  expect(header[header.length - 1]).toBe('名寄せした表記');
  expect(aoi[aoi.length - 1]).toBe('AOI、あおい');
  expect(ren[ren.length - 1]).toBe('');
  expect(segmentsSource(a, 'en', [], [], spellings).rows(1, 2)[0].slice(-1)).toStrictEqual(['AOI, あおい']);
});

describe('the Segments tab’s rhythm columns and the Rejected rows tab’s cells', () => {
  test('a customer’s own rhythm; a customer from the list alone has none; an empty spellings map adds no column', () => {
    const a = analysisOf([
      ['2025/3/1', 'Aoi', 1000],
      ['2025/3/11', 'Aoi', 500],
    ]);
    const listed = customer({ key: 'ren', name: 'Ren', stage: 'prospect', status: null, segment: null, visits: 0 });
    const source = segmentsSource(a, 'en', [listed], [], new Map());
    const [header, aoi, ren] = source.rows(0, 3);
    const at = (name: string) => header.indexOf(name);
    expect(header).not.toContain('Merged spellings');
    // Aoi: 10 days between visits, next expected 3/21, not overdue on 3/20.
    expect([aoi[at('Usual interval (days)')], aoi[at('Expected next visit')], aoi[at('Days overdue')]]).toStrictEqual([
      10,
      { day: day('2025-03-21') },
      0,
    ]);
    expect([ren[at('Usual interval (days)')], ren[at('Expected next visit')], ren[at('Days overdue')]]).toStrictEqual([
      null,
      null,
      null,
    ]);
  });

  test('rejected values kept in kind: blank as empty, text, numbers, booleans and dates as they are, anything else as text', () => {
    const when = new Date(Date.UTC(2025, 0, 5));
    const t = rejectedTable(
      [{ rowNumber: 7, reason: 'date_unreadable', values: [null, undefined, 'x', 5, true, when, { a: 1 }] }],
      'ja',
      ['日付'],
    );
    expect(t.rows[0]).toStrictEqual([
      '行番号',
      '理由',
      '日付',
      '行の内容 2',
      '行の内容 3',
      '行の内容 4',
      '行の内容 5',
      '行の内容 6',
      '行の内容 7',
    ]);
    expect(t.rows[1]).toStrictEqual([7, '日付を読み取れません', '', '', 'x', 5, true, when, '[object Object]']);
    expect(t.formats).toStrictEqual(['integer', 'text']);
  });
});
