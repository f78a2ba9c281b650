// Runs the same sales through both editions: the default one reads them from a sheet (dist/), the
// BigQuery one from a table in the stand-in (dist-bigquery/), made by the add-on's own parsing as
// the README tells an owner to load it. `npm test` builds both first.
import fs from 'fs';
import zlib from 'zlib';
import { Clock, createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { MemoryBigQuery } from '../../src/local/memory/bigquery';
import { bigQueryOfSales } from '../../src/local/memory/bigquery-sales';
import { parseIsoDay } from '../../src/core/days';

export const START = Date.UTC(2026, 10, 20, 3); // 2026-11-20 in Tokyo
export const AS_OF = '2026-11-20';
export const TABLE = 'shop-project.sales.lines';

export function manifest(dir: string) {
  return JSON.parse(fs.readFileSync(`${dir}/appsscript.json`, 'utf8'));
}

/** The first `rows` sales of the CDNOW log shipped with the tests (header included). */
export function cdnow(rows: number): string[][] {
  const text = zlib.gunzipSync(fs.readFileSync('test/fixtures/cdnow/cdnow_sales.csv.gz')).toString('utf8');
  return text
    .trim()
    .split('\n')
    .slice(0, rows + 1)
    .map((line) => line.split(','));
}

/** A spreadsheet whose fake clock starts at `start` (today in Tokyo is the analysis date). */
export function spreadsheet(values?: string[][], start = START): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', firstSheetName: '売上' });
  ss.env.clock = new Clock('fake', start);
  if (values) ss.inspect(() => ss.sheet('売上').loadRawValues(values));
  return ss;
}

/** One execution of an entry point of an edition, on the document's fake clock. */
export function execute<T>(
  ss: MemorySpreadsheet,
  distDir: string,
  name: string,
  args: unknown[],
  bigquery?: MemoryBigQuery,
  costs: Record<string, number> = {},
): T {
  const services = ss.env.clock.fake
    ? createServices({ spreadsheet: ss })
    : createServices({ spreadsheet: ss, clock: 'fake', start: START });
  bigquery?.install(services);
  for (const [call, ms] of Object.entries(costs)) services.clock.setCallCost(ms, call);
  try {
    return fromVm(loadBundle({ distDir, services }).call(name, ...args)) as T;
  } finally {
    for (const call of Object.keys(costs)) services.clock.setCallCost(0, call);
  }
}

/** The sales lines the add-on's parsing reads from `values`, loaded into the stand-in as TABLE. */
export function standIn(
  values: string[][],
  asOfIso = AS_OF,
  options: { pendingPolls?: number; maxResponseBytes?: number } = {},
) {
  const asOf = parseIsoDay(asOfIso) as number;
  return bigQueryOfSales(values, {
    table: TABLE,
    asOf,
    manifest: manifest('dist-bigquery'),
    projects: ['shop-project'],
    ...options,
  });
}

export interface Reply {
  step: string;
  next: string | null;
  runId?: string;
  card: { customers: number; progress?: { rowsWritten: number; rows: number }; waiting?: boolean };
}

/** Every step of a run, each its own execution, following `next` (and calling a step again while it has more to do). */
export function runSteps(
  ss: MemorySpreadsheet,
  distDir: string,
  fn: string,
  first: string,
  bigquery?: MemoryBigQuery,
  costs?: Record<string, number>,
  runIdGiven?: string,
): Reply[] {
  const replies: Reply[] = [];
  let step: string | null = first;
  let runId: string | undefined = runIdGiven;
  while (step !== null && replies.length < 50) {
    const reply: Reply = execute<Reply>(ss, distDir, fn, [step, runId ? { runId } : {}], bigquery, costs);
    replies.push(reply);
    runId = reply.runId;
    step = reply.next;
  }
  return replies;
}

export function tab(ss: MemorySpreadsheet, name: string): unknown[][] {
  return ss.sheet(name).peekValues();
}

/** Saves the edition's settings for TABLE in `shop-project`, as the sidebar's save button does. */
export function saveSettings(ss: MemorySpreadsheet, bigquery: MemoryBigQuery, columns: Record<string, string>): void {
  execute(ss, 'dist-bigquery', 'saveBigQuerySettings', [{ project: 'shop-project', table: TABLE, columns }], bigquery);
}

/** The first step of a BigQuery run, alone, each listed call costing its milliseconds. */
export function firstStep(ss: MemorySpreadsheet, bigquery: MemoryBigQuery, costs: Record<string, number>): Reply {
  return execute<Reply>(ss, 'dist-bigquery', 'bigQueryStep', ['segments', {}], bigquery, costs);
}
