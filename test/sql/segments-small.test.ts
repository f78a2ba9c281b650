// The generated DuckDB query against the TypeScript rules on small tables computed by hand.
import { DuckDBConnection } from '@duckdb/node-api';
import { parseIsoDay } from '../../src/core/days';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { customerOfSqlRow, segmentsQuery } from '../../src/core/sql';
import { openDuckDb, runSqlQuery } from '../../src/local/duckdb-engine';
import { segmentsBothWays } from './both-engines';

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb({ threads: 1 });
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

describe('a table loaded by other means (BigQuery: the owner’s own load)', () => {
  const query = (columns: Record<string, string>) =>
    runSqlQuery(
      con,
      segmentsQuery(
        'duckdb',
        { table: 'own', columns: { date: 'd', customer: 'c', amount: 'a', ...columns } },
        DEFAULT_THRESHOLDS,
        day('2025-06-30'),
      ),
    ).then((rows) => rows.map((r) => customerOfSqlRow(r).customer));

  beforeAll(async () => {
    // Rows in sheet order n = 1…5; names differ per row, as a sheet typed by hand spells them.
    await con.run(`CREATE OR REPLACE TABLE own AS SELECT * FROM (VALUES
      (3, DATE '2025-01-01', 'bo', 'Bo', 100.0, 'bo@new.jp'),
      (1, DATE '2025-02-01', 'ann', 'Ann Smith', 100.0, NULL),
      (2, DATE '2025-01-15', 'ann', 'ann smith', 0.0, 'ann@x.jp'),
      (4, DATE '2025-01-01', 'bo', 'BO', 200.0, 'bo@old.jp'),
      (5, DATE '2025-03-01', '', 'walk-in', 900.0, NULL)) AS t(n, d, c, name, a, email)`);
  });

  test('with row numbers: first-appearance order, the first row’s name, the latest row’s email', async () => {
    const customers = await query({ row: 'n', name: 'name', email: 'email' });
    expect(customers.map((c) => [c.key, c.name, c.email, c.visits, c.revenue])).toStrictEqual([
      ['ann', 'Ann Smith', 'ann@x.jp', 1, 100],
      // Both of Bo's rows are on 1 January: the later row (4) gives the email; one visit of 300.
      ['bo', 'Bo', 'bo@old.jp', 1, 300],
    ]);
  });

  test('without row numbers: the first day seen, then the key; the key is the name', async () => {
    const customers = await query({});
    expect(customers.map((c) => [c.key, c.name, c.firstSeenDay])).toStrictEqual([
      ['bo', 'bo', day('2025-01-01')],
      ['ann', 'ann', day('2025-01-15')],
    ]);
  });
});
