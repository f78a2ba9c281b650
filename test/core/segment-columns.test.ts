// Segments leaves out a column that would be empty for the whole shop: a sheet near Google's ten
// million cells has no room for empty ones.
import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { segmentsSource, segmentsTable } from '../../src/core/customer-tables';
import { analyzeSales } from '../../src/core/sales';

const analysisOf = (rows: unknown[][], mapping: Record<string, number>) =>
  analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, ...mapping },
    asOf: parseIsoDay('2025-03-20') as number,
    dayOf: dayOfDateIn('Asia/Tokyo'),
  });

const OPTIONAL = ['Email', 'Top product', 'Referrals', 'Merged spellings'];

test('a shop with only date, customer and amount: no email, product, referral or merged-spellings column', () => {
  const a = analysisOf(
    [
      ['2025/3/1', 'Aoi', 1000],
      ['2025/3/7', 'Ren', 500],
    ],
    {},
  );
  const header = segmentsTable(a, 'en').rows[0];
  expect(OPTIONAL.filter((name) => header.includes(name))).toEqual([]);
  // 20 columns in all, 4 of them left out; every row as wide as the header.
  expect(header).toHaveLength(16);
  const source = segmentsSource(a, 'en');
  expect(source.width).toBe(16);
  // Each shown column keeps its own format (the writer formats dates, counts and money by it).
  expect(header.map((name, i) => `${name}: ${source.formats?.[i]}`)).toEqual([
    'Customer: text',
    'Stage: text',
    'Status: text',
    'Segment: text',
    'Suggested contact: text',
    'Visits: integer',
    'First purchase: date',
    'Last purchase: date',
    'Days since last: integer',
    'Usual interval (days): integer',
    'Expected next visit: date',
    'Days overdue: integer',
    'Tenure (days): integer',
    'Revenue: money',
    'Average order: money',
    'VIP: text',
  ]);
  expect(source.rows(1, 3).map((r) => r.length)).toEqual([16, 16]);
  expect(header.slice(0, 4)).toEqual(['Customer', 'Stage', 'Status', 'Segment']);
});

test('one email, one product and one referral are enough to show their columns', () => {
  const a = analysisOf(
    [
      ['2025/3/1', 'Aoi', 1000, 'aoi@example.jp', 'Beans', ''],
      ['2025/3/7', 'Ren', 500, '', '', 'Aoi'],
    ],
    { email: 3, product: 4, referrer: 5 },
  );
  const header = segmentsTable(a, 'en').rows[0];
  expect(OPTIONAL.filter((name) => header.includes(name))).toEqual(['Email', 'Top product', 'Referrals']);
  const aoi = segmentsTable(a, 'en').rows.find((r) => r[0] === 'Aoi') as unknown[];
  expect([aoi[header.indexOf('Email')], aoi[header.indexOf('Top product')], aoi[header.indexOf('Referrals')]]).toEqual([
    'aoi@example.jp',
    'Beans',
    1,
  ]);
});

test('merged spellings get their column only when some customer is merged', () => {
  const a = analysisOf([['2025/3/1', 'Aoi', 1000]], {});
  const spellings = new Map([[a.customers[0].key, new Set(['Aoi', 'AOI'])]]);
  const header = segmentsSource(a, 'en', [], [], spellings).rows(0, 1)[0];
  expect(header[header.length - 1]).toBe('Merged spellings');
  expect(segmentsSource(a, 'en', [], [], spellings).rows(1, 2)[0][header.length - 1]).toBe('AOI');
});
