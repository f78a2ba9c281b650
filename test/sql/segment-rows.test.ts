// customerOfSqlRow, dayOfSqlValue and salesLineRows on rows written by hand (no database), in the forms drivers
// return: BigQuery's REST API gives every value as text, DuckDB numbers, Dates and booleans.
import { parseIsoDay } from '../../src/core/days';
import type { SalesAnalysis } from '../../src/core/sales';
import { customerOfSqlRow, dayOfSqlValue, salesLineRows } from '../../src/core/sql';

const day = (s: string) => parseIsoDay(s) as number;

/** A row in SEGMENTS_SQL_COLUMNS order from named values; the rest NULL. */
function rowOf(values: Record<string, unknown>): unknown[] {
  const columns = ['customer_key', 'customer', 'email', 'stage', 'status', 'segment', 'visits', 'first_purchase'];
  columns.push('last_purchase', 'days_since_last', 'usual_interval', 'expected_next', 'days_overdue');
  columns.push('tenure_days', 'revenue', 'average_order', 'top_product', 'referrals', 'vip', 'paid_total');
  columns.push('first_seen');
  return columns.map((c) => (c in values ? values[c] : null));
}

test('a row as BigQuery returns it (all text) reads as the engine’s customer and rhythm', () => {
  const row = rowOf({
    customer_key: 'aoi@x.jp',
    customer: 'Aoi',
    email: 'aoi@x.jp',
    stage: 'repeat',
    status: 'at_risk',
    segment: 'steady',
    visits: '3',
    first_purchase: '2025-01-10',
    last_purchase: '2025-03-05',
    days_since_last: '26',
    usual_interval: '27.5',
    expected_next: '2025-04-01',
    days_overdue: '0',
    tenure_days: '54',
    revenue: '5000.5',
    average_order: '1666.83',
    top_product: 'Tea',
    referrals: '2',
    vip: 'true',
    paid_total: '5100',
    first_seen: '2025-01-09',
  });
  expect(customerOfSqlRow(row)).toStrictEqual({
    customer: {
      key: 'aoi@x.jp',
      name: 'Aoi',
      email: 'aoi@x.jp',
      visits: 3,
      firstSeenDay: day('2025-01-09'),
      firstDay: day('2025-01-10'),
      lastDay: day('2025-03-05'),
      daysSinceLast: 26,
      tenureDays: 54,
      revenue: 5000.5,
      paidTotal: 5100,
      averageOrder: 1666.83,
      topProduct: 'Tea',
      referrals: 2,
      vip: true,
      stage: 'repeat',
      status: 'at_risk',
      segment: 'steady',
    },
    rhythm: { usualInterval: 27.5, expectedNext: day('2025-04-01'), daysOverdue: 0 },
  });
});

test('a prospect with NULLs: the key as name, zeros and nulls, not a VIP', () => {
  const row = rowOf({ customer_key: 'ken', stage: 'prospect', visits: 0, revenue: 0, referrals: 0, vip: false });
  const { customer, rhythm } = customerOfSqlRow(row);
  const nulls = Object.entries(customer).filter(([, v]) => v === null);
  expect(nulls.map(([k]) => k).sort()).toStrictEqual([
    'averageOrder',
    'daysSinceLast',
    'firstDay',
    'firstSeenDay',
    'lastDay',
    'segment',
    'status',
    'tenureDays',
  ]);
  expect(Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== null))).toStrictEqual({
    key: 'ken',
    name: 'ken',
    email: '',
    visits: 0,
    revenue: 0,
    paidTotal: 0,
    topProduct: '',
    referrals: 0,
    vip: false,
    stage: 'prospect',
  });
  expect(rhythm).toStrictEqual({ usualInterval: null, expectedNext: null, daysOverdue: null });
});

test("empty text is NULL: no visits, revenue or referrals read as 0, no stage as 'prospect'", () => {
  const row = rowOf({ customer_key: 'k', visits: '', revenue: '', referrals: '', paid_total: '', stage: '' });
  row.fill('', 1);
  const { customer, rhythm } = customerOfSqlRow(row);
  expect(customer).toMatchObject({ name: '', visits: 0, revenue: 0, paidTotal: 0, referrals: 0, stage: 'prospect' });
  expect([customer.status, customer.segment, customer.firstDay, customer.averageOrder, customer.vip]).toStrictEqual([
    null,
    null,
    null,
    null,
    false,
  ]);
  expect(rhythm).toStrictEqual({ usualInterval: null, expectedNext: null, daysOverdue: null });
});

test('only true or "true" is a VIP', () => {
  for (const [vip, expected] of [
    [true, true],
    ['true', true],
    ['false', false],
    [1, false],
    [null, false],
  ] as const)
    expect(customerOfSqlRow(rowOf({ customer_key: 'k', vip })).customer.vip).toBe(expected);
});

test('a value no driver gives is refused with what it was', () => {
  expect(() => customerOfSqlRow(rowOf({ customer_key: 'k', visits: 'three' }))).toThrow('not a number: three');
  expect(() => customerOfSqlRow(rowOf({ customer_key: 'k', revenue: 'Infinity' }))).toThrow('not a number: Infinity');
  expect(() => customerOfSqlRow(rowOf({ customer_key: 'k', stage: 'gold' }))).toThrow('unknown code: gold');
  expect(() => customerOfSqlRow(rowOf({ customer_key: 'k', status: 'asleep' }))).toThrow('unknown code: asleep');
  expect(() => customerOfSqlRow(rowOf({ customer_key: 'k', last_purchase: '2025-13-01' }))).toThrow(
    'not a date: 2025-13-01',
  );
});

describe('dayOfSqlValue', () => {
  test('text, a timestamp’s date part, a Day number, a Date at any hour of its UTC day', () => {
    expect(dayOfSqlValue('2025-03-05')).toBe(day('2025-03-05'));
    expect(dayOfSqlValue('2025-03-05T23:59:59Z')).toBe(day('2025-03-05'));
    expect(dayOfSqlValue(day('2024-02-29'))).toBe(day('2024-02-29'));
    expect(dayOfSqlValue(0)).toBe(0);
    expect(dayOfSqlValue(new Date(Date.UTC(2025, 2, 5)))).toBe(day('2025-03-05'));
    expect(dayOfSqlValue(new Date(Date.UTC(2025, 2, 5, 23, 59)))).toBe(day('2025-03-05'));
  });

  test('NULL, undefined and empty text are no day; anything else not a date is refused', () => {
    expect([dayOfSqlValue(null), dayOfSqlValue(undefined), dayOfSqlValue('')]).toStrictEqual([null, null, null]);
    expect(() => dayOfSqlValue('yesterday')).toThrow('not a date: yesterday');
  });
});

test('a row shorter than the columns (undefined values) reads as NULLs', () => {
  const { customer, rhythm } = customerOfSqlRow(['k']);
  expect([customer.visits, customer.revenue, customer.stage, customer.status, customer.segment]).toStrictEqual([
    0,
    0,
    'prospect',
    null,
    null,
  ]);
  expect(rhythm).toStrictEqual({ usualInterval: null, expectedNext: null, daysOverdue: null });
});

test('salesLineRows: empty text as NULL, the customer by index (none for an anonymous line), referrers through the merges', () => {
  const line = { rowNumber: 2, day: day('2025-03-05'), customer: 0, amount: 1000, lineAmount: 1000 };
  const text = { orderId: '', product: '', email: '', referrer: '' };
  const analysis = { customers: [{ key: 'aoi', name: 'Aoi' }] } as unknown as SalesAnalysis;
  const aliases = new Map([['ken2', 'ken']]);
  expect(
    salesLineRows(
      [
        { ...line, ...text },
        { ...line, rowNumber: 3, orderId: 'A1', product: 'Tea', email: 'a@x.jp', referrer: 'ken2' },
        { ...line, ...text, rowNumber: 4, customer: -3, referrer: 'rin' },
      ],
      analysis,
      aliases,
    ),
  ).toStrictEqual([
    [2, '2025-03-05', 'aoi', 'Aoi', 1000, null, null, 1000, null, null],
    [3, '2025-03-05', 'aoi', 'Aoi', 1000, 'A1', 'Tea', 1000, 'a@x.jp', 'ken'],
    [4, '2025-03-05', null, null, 1000, null, null, 1000, null, 'rin'],
  ]);
});
