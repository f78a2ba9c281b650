// A real purchase log (CDNOW, 23,570 customers, 1997–98) through the local runner and the built
// bundle, checked against an independent count written here in plain code, and a few customers
// checked by hand.
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { parse } from 'csv-parse/sync';
import { runLocal } from '../../src/local/runner';

// The log ships with the tests (test/fixtures/cdnow, gzip); the runner reads it as a user's CSV.
const GZ = path.resolve(__dirname, '../fixtures/cdnow/cdnow_sales.csv.gz');
const CSV = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdnow-data-')), 'cdnow_sales.csv');
fs.writeFileSync(CSV, zlib.gunzipSync(fs.readFileSync(GZ)));
const AS_OF = '1998-06-30';

/** The rules, restated naively: visits = distinct paid days per customer. */
function independentCount() {
  const rows: string[][] = parse(fs.readFileSync(CSV), { from_line: 2 });
  const days = new Map<string, Set<string>>();
  const revenue = new Map<string, number>();
  for (const [id, date, , amount] of rows) {
    if (!days.has(id)) days.set(id, new Set());
    if (Number(amount) > 0) days.get(id)!.add(date);
    revenue.set(id, (revenue.get(id) ?? 0) + Number(amount));
  }
  const asOf = Date.parse(AS_OF);
  const stages = { prospect: 0, new: 0, repeat: 0, fan: 0 };
  const statuses = { active: 0, at_risk: 0, lapsed: 0 };
  for (const set of days.values()) {
    const n = set.size;
    stages[n === 0 ? 'prospect' : n === 1 ? 'new' : n < 5 ? 'repeat' : 'fan']++;
    if (n === 0) continue;
    const last = Math.max(...[...set].map((d) => Date.parse(d)));
    const since = (asOf - last) / 86_400_000;
    statuses[since >= 240 ? 'lapsed' : since >= 90 ? 'at_risk' : 'active']++;
  }
  // The shop's first-repeat gap: the median of first → second visit day, rounded half up.
  const firstGaps = [...days.values()]
    .filter((set) => set.size >= 2)
    .map((set) => [...set].map((d) => Date.parse(d)).sort((x, y) => x - y))
    .map(([first, second]) => (second - first) / 86_400_000)
    .sort((x, y) => x - y);
  const mid = firstGaps.length / 2;
  const median = firstGaps.length % 2 ? firstGaps[Math.floor(mid)] : (firstGaps[mid - 1] + firstGaps[mid]) / 2;
  return { customers: days.size, rows: rows.length, stages, statuses, firstRepeatGap: Math.floor(median + 0.5) };
}

describe('CDNOW as of 1998-06-30', () => {
  let result: Awaited<ReturnType<typeof runLocal>>;
  let segments: string[][];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnow-'));

  beforeAll(async () => {
    result = await runLocal({ file: CSV, asOf: AS_OF, out });
    segments = parse(fs.readFileSync(path.join(out, 'Segments.csv')), { bom: true });
  }, 120_000);

  test('every row is used and the stage and status counts match an independent count', () => {
    const expected = independentCount();
    expect(expected.customers).toBe(23_570);
    expect(result.card.rows).toEqual({ rows: expected.rows, used: expected.rows, rejected: 0, future: 0, blank: 0 });
    expect(result.card.customers).toBe(expected.customers);
    expect(result.card.stageCounts).toEqual(expected.stages);
    expect(result.card.statusCounts).toEqual(expected.statuses);
    expect(result.summary.stage_counts).toEqual(expected.stages);
    expect(result.card.lang).toBe('en'); // English headers
  });

  function customer(id: string): Record<string, string> {
    const header = segments[0];
    const row = segments.find((r) => r[0] === id);
    if (!row) throw new Error(`no customer ${id}`);
    return Object.fromEntries(header.map((h, i) => [h, row[i]]));
  }

  test('00001: one purchase on 1997-01-01, 545 days before as-of', () => {
    expect(customer('00001')).toMatchObject({
      Stage: 'New',
      Status: 'Lapsed',
      Segment: 'First (lapsed)',
      Visits: '1',
      'First purchase': '1997-01-01',
      'Days since last': '545', // 365 (to 1998-01-01) + 180 (to 06-30)
      'Tenure (days)': '0',
      Revenue: '11.77',
    });
  });

  test("00001, one visit day, takes the shop's first-repeat gap as its usual interval", () => {
    const gap = independentCount().firstRepeatGap;
    const expected = new Date(Date.UTC(1997, 0, 1 + gap)).toISOString().slice(0, 10);
    const overdue = (Date.parse(AS_OF) - Date.parse(expected)) / 86_400_000;
    expect(customer('00001')).toMatchObject({
      'Usual interval (days)': String(gap),
      'Expected next visit': expected,
      'Days overdue': String(Math.max(0, overdue)),
    });
  });

  test('00002: two lines on the same day are one visit', () => {
    // 12.00 + 77.00; 1997-01-12 → 1998-06-30 = 365 + 169 = 534 days.
    expect(customer('00002')).toMatchObject({ Stage: 'New', Visits: '1', Revenue: '89', 'Days since last': '534' });
  });

  test('00003: six purchase days make a Fan, active 33 days after the last', () => {
    // 20.76 + 20.76 + 19.54 + 57.45 + 20.96 + 16.99 = 156.46; 1997-01-02 → 1998-05-28 = 511 days.
    expect(customer('00003')).toMatchObject({
      Stage: 'Fan',
      Status: 'Active',
      Visits: '6',
      'Last purchase': '1998-05-28',
      'Days since last': '33',
      'Tenure (days)': '511',
      Revenue: '156.46',
      'Average order': '26.08', // 156.46 / 6 = 26.0766…
      // Gaps 87, 3, 227, 10, 184 → median 87; 1998-05-28 + 87 = 1998-08-23, not yet due.
      'Usual interval (days)': '87',
      'Expected next visit': '1998-08-23',
      'Days overdue': '0',
    });
  });

  test('00004: four visits, last on 1997-12-12: Repeat, at risk', () => {
    // 29.33 + 29.73 + 14.96 + 26.48 = 100.50; 200 days since 1997-12-12; tenure 345.
    expect(customer('00004')).toMatchObject({
      Stage: 'Repeat',
      Status: 'At risk',
      Visits: '4',
      Revenue: '100.5',
      'Days since last': '200',
      'Tenure (days)': '345',
      // Gaps 17, 194, 132 → 132; 1997-12-12 + 132 = 1998-04-23, 68 days before as-of.
      'Usual interval (days)': '132',
      'Expected next visit': '1998-04-23',
      'Days overdue': '68',
    });
  });

  test('23570: two visits a day apart, long ago: a lapsed Toddler', () => {
    expect(customer('23570')).toMatchObject({
      Stage: 'Repeat',
      Status: 'Lapsed',
      Segment: 'Toddler (lapsed)',
      Visits: '2',
      'Tenure (days)': '1',
    });
  });

  test('customer ids keep their leading zeros in every output', () => {
    expect(segments[1][0]).toBe('00001');
  });

  test('a rerun on its own output workbook keeps one History row (English tabs)', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnow-again-'));
    const second = await runLocal({ file: path.join(out, 'workbook.xlsx'), asOf: AS_OF, out: again });
    expect(second.card.salesSheet).toBe('cdnow_sales');
    const history: string[][] = parse(fs.readFileSync(path.join(again, 'History.csv')), { bom: true });
    // From the log's first month (January 1997) to June 1998, one row each, the rerun adding none.
    expect(history.map((r) => r[0])).toEqual([
      'Month',
      ...Array.from({ length: 18 }, (_, m) => `${1997 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`),
    ]);
    expect(second.card.stageCounts).toEqual(result.card.stageCounts);
  }, 120_000);
});

test('the shipped copy is the whole log: 69,659 rows and a header', () => {
  expect(fs.readFileSync(CSV, 'utf8').split('\n').filter(Boolean).length).toBe(69_660);
});
