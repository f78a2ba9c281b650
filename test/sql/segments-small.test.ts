// The generated DuckDB query against the TypeScript rules on small tables computed by hand.
import { DuckDBConnection } from '@duckdb/node-api';
import { parseIsoDay } from '../../src/core/days';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { openDuckDb } from '../../src/local/duckdb-engine';
import { segmentsBothWays } from './both-engines';

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb();
});
afterAll(() => con.closeSync());

const day = (s: string) => parseIsoDay(s) as number;

test('a hand-made table: visits, refunds, samples, referrals', async () => {
  const values = [
    ['日付', '顧客', '金額', '商品', '紹介者'],
    ['2025-01-05', 'Ann', 1000, 'Beans', ''],
    ['2025-01-05', 'Ann', 500, 'Cup', ''],
    ['2025-02-10', 'Ann', 1500, 'Beans', ''],
    ['2025-03-01', 'Bo', 0, 'Sample', 'Ann'],
    ['2025-03-02', 'Cy', 2000, 'Beans', 'Ann'],
    ['2025-03-10', 'Cy', -500, '', ''],
    ['2025-12-01', 'Di', 100, '', ''],
  ];
  const { engine, sql } = await segmentsBothWays(con, values, day('2025-06-30'), DEFAULT_THRESHOLDS);
  expect(sql).toStrictEqual(engine);
  const ann = sql[0].customer;
  expect([ann.visits, ann.revenue, ann.referrals, ann.stage, ann.topProduct]).toStrictEqual([
    2,
    3000,
    2,
    'fan',
    'Beans',
  ]);
  expect(sql.map((r) => r.customer.key)).toStrictEqual(['Ann', 'Bo', 'Cy']);
});
