// Property: on any small sales table and any valid settings, the generated DuckDB query gives the
// TypeScript engine's Segments rows and Summary. The tables are made to hit the rules' corners:
// spellings of one customer, refunds and ¥0 samples, shared order ids, blank customers (an
// order's later line, or an anonymous sale), self-referrals, equal revenues (VIP ties), several
// emails per customer and rows after as-of.
import fc from 'fast-check';
import { DuckDBConnection } from '@duckdb/node-api';
import { parseIsoDay } from '../../src/core/days';
import { DEFAULT_THRESHOLDS, Thresholds } from '../../src/core/settings';
import { openDuckDb } from '../../src/local/duckdb-engine';
import { expectSameRows, segmentsBothWays, summaryBothWays } from './both-engines';

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb({ threads: 1 });
});
afterAll(() => con.closeSync());

const DAYS = [
  '2025-01-01',
  '2025-01-01',
  '2025-01-03',
  '2025-01-20',
  '2025-02-14',
  '2025-04-01',
  '2025-07-30',
  '2025-09-01',
];
const NAMES = ['Ann', 'Ann様', 'ａｎｎ', 'Bo', 'Ｂｏ さん', 'Cy', 'Di', ''];
const EMAILS = ['', '', 'ann@example.jp', 'ANN@example.jp', 'bo@example.jp', 'other@example.jp'];
const AMOUNTS = [-500, 0, 100, 100, 250, 1000, 1000, 1234.5];
const ORDERS = ['', '', 'A1', 'A2', 'B7'];
const PRODUCTS = ['', 'Beans', 'Cup', 'Beans'];

const row = fc.tuple(
  fc.constantFrom(...DAYS),
  fc.constantFrom(...NAMES),
  fc.constantFrom(...AMOUNTS),
  fc.constantFrom(...ORDERS),
  fc.constantFrom(...PRODUCTS),
  fc.constantFrom(...EMAILS),
  fc.constantFrom(...NAMES),
);

const thresholds: fc.Arbitrary<Thresholds> = fc
  .record({
    repeatVisits: fc.integer({ min: 2, max: 4 }),
    fanExtra: fc.integer({ min: 1, max: 3 }),
    fanReferrals: fc.integer({ min: 1, max: 2 }),
    atRiskDays: fc.integer({ min: 1, max: 120 }),
    lapsedExtra: fc.integer({ min: 1, max: 150 }),
    cpmTenureDays: fc.integer({ min: 1, max: 60 }),
    loyalExtra: fc.integer({ min: 1, max: 90 }),
    cpmSpendLine: fc.option(fc.constantFrom(100, 1000, 2000.5), { nil: null }),
    cpmSpendMultiple: fc.constantFrom(0.5, 1, 2, 7),
    vipShare: fc.constantFrom(0.01, 0.2, 0.34, 0.5, 1),
  })
  .map((r) => ({
    repeatVisits: r.repeatVisits,
    fanVisits: r.repeatVisits + r.fanExtra,
    fanReferrals: r.fanReferrals,
    atRiskDays: r.atRiskDays,
    lapsedDays: r.atRiskDays + r.lapsedExtra,
    cpmTenureDays: r.cpmTenureDays,
    cpmLoyalTenureDays: r.cpmTenureDays + r.loyalExtra,
    cpmSpendLine: r.cpmSpendLine,
    cpmSpendMultiple: r.cpmSpendMultiple,
    vipShare: r.vipShare,
  }));

const HEADER = ['日付', '顧客', '金額', '注文番号', '商品', 'メール', '紹介者'];

test('any table, any settings: the same Segments and Summary', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(row, { minLength: 1, maxLength: 25 }),
      thresholds,
      fc.constantFrom('2025-04-01', '2025-08-15', '2026-06-30'),
      async (rows, t, asOf) => {
        const both = await segmentsBothWays(con, [HEADER, ...rows], parseIsoDay(asOf) as number, t);
        expectSameRows(both.sql, both.engine);
        const summary = await summaryBothWays(con, both.analysis);
        expect(JSON.parse(JSON.stringify(summary.sql))).toStrictEqual(JSON.parse(JSON.stringify(summary.engine)));
      },
    ),
    { numRuns: 25 },
  );
}, 600_000);

test('VIP ties go by first appearance; the email is the latest row’s', async () => {
  const own = await openDuckDb({ threads: 1 });
  const both = await segmentsBothWays(
    own,
    [
      ['日付', '顧客', '金額', 'メール'],
      ['2025-01-02', 'Cy', 500, 'cy@old.jp'],
      ['2025-01-01', 'Ann', 500, ''],
      ['2025-01-03', 'Bo', 500, ''],
      ['2025-01-01', 'Cy', 0, 'cy@new.jp'],
      ['2025-01-02', 'Cy', 0, 'cy@later-row.jp'],
    ],
    parseIsoDay('2025-03-31') as number,
    { ...DEFAULT_THRESHOLDS, vipShare: 0.5 },
  );
  expectSameRows(both.sql, both.engine);
  // Three customers of ¥500: ceil(3 × 0.5) = 2 VIPs, the first two to appear (Cy, Ann).
  expect(both.sql.map((r) => [r.customer.key, r.customer.vip, r.customer.email])).toStrictEqual([
    ['Cy', true, 'cy@later-row.jp'],
    ['Ann', true, ''],
    ['Bo', false, ''],
  ]);
  own.closeSync();
});
