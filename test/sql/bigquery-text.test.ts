// The BigQuery text: parsed by a GoogleSQL grammar (node-sql-parser, database 'bigquery'),
// compared with the snapshots committed beside this test for review, and checked for what it
// may read and what it must not contain.
import fs from 'fs';
import path from 'path';
import { Parser } from 'node-sql-parser';
import { parseIsoDay } from '../../src/core/days';
import { resolveThresholds } from '../../src/core/settings';
import { SalesTableSpec, SqlSpecError, segmentsQuery, summaryQuery } from '../../src/core/sql';

const SPEC: SalesTableSpec = {
  table: 'my-shop-project.shop_sales.sales_lines',
  columns: {
    date: 'sale_date',
    customer: 'customer_key',
    amount: 'amount',
    order: 'order_id',
    product: 'product',
    email: 'email',
    referrer: 'referrer',
    name: 'customer_name',
    lineAmount: 'line_amount',
    row: 'row_no',
  },
};
// Values found nowhere in the generated text: each must arrive as a bound parameter.
const T = resolveThresholds({
  repeatVisits: 3,
  fanVisits: 7,
  atRiskDays: 97,
  lapsedDays: 263,
  cpmTenureDays: 83,
  cpmLoyalTenureDays: 217,
  vipShare: 0.17,
  cpmSpendMultiple: 6.5,
});
const AS_OF = parseIsoDay('2026-11-30') as number;
const parser = new Parser();

// Made inside each test, not while the file loads, so that each test's coverage is its own (README,
// "Mutation testing").
const QUERIES = {
  'bigquery-segments.sql': () => segmentsQuery('bigquery', SPEC, T, AS_OF),
  'bigquery-summary.sql': () => summaryQuery('bigquery', SPEC, T, AS_OF),
};

/**
 * The text a snapshot holds: the Summary's shares its WITH list up to `customers` with the
 * Segments query, so its snapshot starts where they part (one copy to review, not two).
 */
function snapshotText(sql: string): string {
  const segments = QUERIES['bigquery-segments.sql']().sql;
  if (sql === segments) return sql;
  const shared = segments.slice(0, segments.indexOf('\n  )\nSELECT') + '\n  )'.length);
  expect(sql.startsWith(shared)).toBe(true);
  return `-- bigquery-segments.sql's WITH list, to \`customers\` included, then:\n${sql.slice(shared.length)}`;
}

describe.each(Object.entries(QUERIES))('%s', (file, query) => {
  let q: ReturnType<typeof query>;
  beforeEach(() => {
    q = query();
  });

  // The quick checks first: a mutation run stops a file at its first failing test
  // (scripts/mutate/bail-environment.cjs), and the grammar's parse takes half a second.
  test('the committed snapshot is the generated text (UPDATE_SQL_SNAPSHOTS=1 rewrites it)', () => {
    const snapshot = path.join(__dirname, file);
    const text = snapshotText(q.sql);
    if (process.env.UPDATE_SQL_SNAPSHOTS === '1') fs.writeFileSync(snapshot, text);
    expect(text).toBe(fs.readFileSync(snapshot, 'utf8'));
  });

  test('settings are bound parameters, never in the text', () => {
    for (const value of ['97', '263', '83', '217', '0.17', '6.5', '2026-11-30']) expect(q.sql).not.toContain(value);
    expect(q.params).toMatchObject({ as_of: '2026-11-30', at_risk_days: 97, lapsed_days: 263, vip_share: 0.17 });
    expect(q.paramTypes).toMatchObject({ as_of: 'DATE', at_risk_days: 'INT64', vip_share: 'FLOAT64' });
    for (const name of Object.keys(q.params)) expect(q.sql).toContain(`@${name}`);
    expect(q.sql).not.toMatch(/\$[a-z]/);
  });

  test('GoogleSQL grammar parses it, and it reads the one table', () => {
    // tableList gives 'select::null::name' for every table read, the query's own CTEs included.
    const ctes = new Set([...q.sql.matchAll(/^ {2}(\w+) AS \(/gm)].map((m) => m[1]));
    expect(ctes.size).toBeGreaterThan(10);
    const read = parser.tableList(q.sql, { database: 'bigquery' }).map((t) => t.split('::')[2]);
    expect(new Set(read.filter((name) => !ctes.has(name)))).toStrictEqual(
      new Set(['my-shop-project.shop_sales.sales_lines']),
    );
  });
});

test('the DuckDB text uses $ parameters, which the GoogleSQL grammar refuses', () => {
  const q = segmentsQuery('duckdb', { ...SPEC, table: 'sales' }, T, AS_OF);
  expect(q.sql).toContain('$lapsed_days');
  expect(() => parser.astify(q.sql, { database: 'bigquery' })).toThrow();
});

test.each([
  ['sales', 'bad_table'],
  ['my-shop-project.shop_sales', 'bad_table'],
  ['my-shop-project.shop_sales.t`; DROP TABLE x; --', 'bad_table'],
  ['My-Project.shop.sales', 'bad_table'],
])('BigQuery refuses the table name %s', (table, code) => {
  expect(() => segmentsQuery('bigquery', { ...SPEC, table }, T, AS_OF)).toThrow(
    expect.objectContaining({ name: 'SqlSpecError', code }) as SqlSpecError,
  );
});

test.each([['amount"; DROP TABLE x; --'], ['1st'], ['total amount'], ['']])(
  'a column named %j is refused',
  (amount) => {
    for (const dialect of ['bigquery', 'duckdb'] as const) {
      const table = dialect === 'bigquery' ? SPEC.table : 'sales';
      expect(() => segmentsQuery(dialect, { table, columns: { ...SPEC.columns, amount } }, T, AS_OF)).toThrow(
        SqlSpecError,
      );
    }
  },
);

test('DuckDB takes a plain or schema-qualified table name, nothing else', () => {
  expect(segmentsQuery('duckdb', { ...SPEC, table: 'main.sales' }, T, AS_OF).sql).toContain('FROM "main"."sales"');
  expect(() => segmentsQuery('duckdb', { ...SPEC, table: "read_csv('x.csv')" }, T, AS_OF)).toThrow(SqlSpecError);
  expect(() => segmentsQuery('duckdb', { ...SPEC, table: 'a-b' }, T, AS_OF)).toThrow('bad_table: a-b');
});
