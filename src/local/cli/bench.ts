// npm run bench [-- --runs N] [--only engine,runner,csvparse,custom,calls,duckdb,e2e,pandas,drafts,engines] [--out FILE]
//
// The benchmark (not a test: speed is measured only here). Every timed run is its own Node
// process (a fresh heap and cold JIT, like `npm run analyze` or an Apps Script execution): the
// parent spawns `bench.cjs --child CASE`, which builds its input, times the work, and prints one
// JSON line with the phase times and process.resourceUsage().maxRSS. The parent takes medians,
// prints a table and writes bench/results.md. It fails (exit 1) when the Sheets call counts differ
// between sizes or an answer is wrong; a missed time target is reported, not failed.
//
// Cases:
//   engine  analyzeTable (src/core) on 1,000,000 in-memory rows shaped like getValues() output
//   runner  the local runner on a 1,000,000-row CSV built from the CDNOW log: load, analyse
//           (all five steps through the built bundle), then writing the out dir, timed apart
//   csvparse the parser alone on the runner's file (how much of the load is the parser itself)
//   custom  =CUSTOMER_STAGE for a 10,000-customer column over a 100,000-row table, through the
//           built bundle (a fresh vm context per call, as in Sheets)
//   calls   Sheets service calls of one analysis at 100 / 10,000 / 100,000 rows, and the bundle size
//   duckdb  DuckDB's per-customer aggregation of the runner's file, when @duckdb/node-api is found
//           (optional; NODE_PATH may point at it): the runner's load + analyse as a ratio of it
//   e2e     `node build/local/analyze.cjs` on the runner's file into a fresh out dir: one whole process
//   pandas  bench/pandas_customers.py on the same file, when a python3 with pandas is found
//           (BENCH_PYTHON, Debian's /usr/bin/python3, or PATH's): end to end as a ratio of it
//   drafts  follow-up drafts for 200,000 customers through the bundle: time to the first 100
//           drafts (the batch that reads the sales included) and per further 100 (batches drafting
//           from the run's kept list), and one batch that has to read the sales again
//   engines `analyze.cjs` in-memory vs `--engine duckdb` on the 1M file and a 10M one made the same
//           way (bench/data/cdnow-10m.csv): whole processes

import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parseArgs } from 'util';
import { PerformanceObserver } from 'perf_hooks';
import zlib from 'zlib';
import { analyzeTable } from '../../core/analysis';
import { DEFAULT_THRESHOLDS } from '../../core/settings';
import { parseIsoDay } from '../../core/days';
import { fromVm, loadBundle } from '../bundle';
import { createServices, MemorySpreadsheet } from '../memory';
import { runLocal } from '../runner';
import { sizeIndependentCalls } from '../call-counts';
import { parseCsv, readWorkbookFile, saveWorkbook } from '../workbook-io';

const ROOT = process.cwd();
const SOURCE_CSV = path.resolve(ROOT, '../shared/datasets/cdnow/cdnow_sales.csv');
/** The same log as shipped with the tests, used when ../shared is not beside the project. */
const SHIPPED_CSV_GZ = path.join(ROOT, 'test', 'fixtures', 'cdnow', 'cdnow_sales.csv.gz');
const DATA_DIR = path.join(ROOT, 'bench', 'data');
const BIG_CSV = path.join(DATA_DIR, 'cdnow-1m.csv');
const OUT_DIR = path.join(DATA_DIR, 'out');
const RESULTS = path.join(ROOT, 'bench', 'results.md');
const BUNDLE = path.join(ROOT, 'dist', 'Code.js');

const AS_OF = '1998-06-30';
const TIME_ZONE = 'Asia/Tokyo';
const ENGINE_ROWS = 1_000_000;
const CSV_ROWS = 1_000_000;
const CUSTOM_ROWS = 100_000;
const CUSTOM_CUSTOMERS = 10_000;
const CALL_SIZES = [100, 10_000, 100_000];
const DRAFT_CUSTOMERS = 200_000;
const DRAFTS_PER_RUN = 500;

const TARGETS = {
  engineMs: 300,
  runnerMs: 3_000,
  customMs: 1_000,
  bundleBytes: 150 * 1024,
};

// ---------------------------------------------------------------------------------------------
// Inputs

interface SourceRow {
  id: string;
  y: number;
  m: number;
  d: number;
  cds: number;
  amount: number;
  dateText: string;
  amountText: string;
}

/** The CDNOW log (customer_id,date,cds,amount), 69,659 rows. */
function readSource(): SourceRow[] {
  const text = fs.existsSync(SOURCE_CSV)
    ? fs.readFileSync(SOURCE_CSV, 'utf8')
    : zlib.gunzipSync(fs.readFileSync(SHIPPED_CSV_GZ)).toString('utf8');
  const lines = text.split(/\r?\n/);
  const rows: SourceRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const [id, date, cds, amount] = lines[i].split(',');
    const [y, m, d] = date.split('-').map(Number);
    rows.push({ id, y, m, d, cds: Number(cds), amount: Number(amount), dateText: date, amountText: amount });
  }
  return rows;
}

/**
 * `n` rows made from copies of the log: copy k (1, 2, …) suffixes every customer id with `-kk`,
 * so each copy adds 23,570 new customers with the same purchase pattern.
 */
function* copies<T>(source: SourceRow[], n: number, make: (row: SourceRow, copy: string) => T): Generator<T> {
  for (let i = 0; i < n; i++) {
    const copy = String(Math.floor(i / source.length) + 1).padStart(2, '0');
    yield make(source[i % source.length], copy);
  }
}

/** bench/data/cdnow-1m.csv (git-ignored): 1,000,000 rows, customer ids as text ("00001-01"); `rows` others likewise. */
function ensureBigCsv(file = BIG_CSV, rows = CSV_ROWS): { file: string; bytes: number; made: boolean } {
  if (fs.existsSync(file)) return { file, bytes: fs.statSync(file).size, made: false };
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const source = readSource();
  const tmp = `${file}.${process.pid}.tmp`;
  // Written a part at a time: ten million rows are more than one string holds.
  const fd = fs.openSync(tmp, 'w');
  let parts: string[] = ['customer_id,date,cds,amount\n'];
  for (const line of copies(source, rows, (r, copy) => `${r.id}-${copy},${r.dateText},${r.cds},${r.amountText}\n`)) {
    parts.push(line);
    if (parts.length >= 100_000) {
      fs.writeSync(fd, parts.join(''));
      parts = [];
    }
  }
  fs.writeSync(fd, parts.join(''));
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return { file, bytes: fs.statSync(file).size, made: true };
}

/** Midnight of a calendar day in Asia/Tokyo (UTC+9, no DST): what a date cell holds in Sheets. */
function tokyoMidnight(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) - 9 * 3_600_000;
}

/**
 * Rows as getValues() hands them over for a sheet holding the log: a header, then per row the id
 * (text), a new Date object per date cell (Sheets returns a fresh one for every cell), and numbers.
 */
function valuesLikeGetValues(n: number, newDate: (ms: number) => Date = (ms) => new Date(ms)): unknown[][] {
  const source = readSource();
  const instants = source.map((r) => tokyoMidnight(r.y, r.m, r.d));
  const values: unknown[][] = new Array(n + 1);
  values[0] = ['customer_id', 'date', 'cds', 'amount'];
  for (let i = 0; i < n; i++) {
    const k = i % source.length;
    const r = source[k];
    values[i + 1] = [
      `${r.id}-${String(Math.floor(i / source.length) + 1).padStart(2, '0')}`,
      newDate(instants[k]),
      r.cds,
      r.amount,
    ];
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Child cases: each prints one JSON line.

type Phases = Record<string, number>;

interface ChildResult {
  /** Phase times in ms. */
  phases: Phases;
  /** Peak resident set of the whole process, KB (input included). */
  maxRssKb: number;
  /** Peak resident set once the input was built, before the timed work, KB. */
  inputRssKb: number;
  info: Record<string, unknown>;
}

const now = () => performance.now();
/** CPU time of this process so far (user + system, all threads), ms. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const maxRss = () => process.resourceUsage().maxRSS;

/**
 * A full collection before the timed work (children run with --expose-gc), so that collecting
 * the garbage of building the input is not charged to the work; collections the work itself
 * causes, marking the input included, still fall within it.
 */
const settleHeap = () => (globalThis as { gc?: () => void }).gc?.();

/** Garbage-collection pauses of this process (start, duration in ms), to tell GC time per phase. */
function gcPauses(): { within(from: number, to: number): Promise<number> } {
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async within(from, to) {
      // Entries arrive asynchronously: let them in first.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      for (const e of observer.takeRecords()) pauses.push({ start: e.startTime, duration: e.duration });
      let total = 0;
      for (const p of pauses) if (p.start >= from && p.start < to) total += p.duration;
      return total;
    },
  };
}

async function childEngine(): Promise<ChildResult> {
  const values = valuesLikeGetValues(ENGINE_ROWS);
  const asOf = parseIsoDay(AS_OF) as number;
  const inputRssKb = maxRss();
  settleHeap();
  const gc = gcPauses();
  const c0 = cpu();
  const t0 = now();
  const { sales } = analyzeTable({ values, asOf, timeZone: TIME_ZONE, thresholds: DEFAULT_THRESHOLDS });
  const t1 = now();
  const c1 = cpu();
  if (sales.counts.used !== ENGINE_ROWS)
    throw new Error(`engine: ${sales.counts.used} rows used of ${ENGINE_ROWS} (${JSON.stringify(sales.counts)})`);
  return {
    phases: { engine: t1 - t0, engineGc: await gc.within(t0, t1), engineCpu: c1 - c0 },
    maxRssKb: maxRss(),
    inputRssKb,
    info: { rows: sales.counts.rows, customers: sales.customers.length, visits: sales.visits.count },
  };
}

async function childRunner(): Promise<ChildResult> {
  const inputRssKb = maxRss();
  settleHeap();
  const gc = gcPauses();
  const c0 = cpu();
  const t0 = now();
  // What runLocal does with a file, in its phases: load, the analysis steps, then the out dir.
  const { spreadsheet, salesFile } = await readWorkbookFile(BIG_CSV, { timeZone: TIME_ZONE, locale: 'ja_JP' });
  const t1 = now();
  const c1 = cpu();
  const result = await runLocal({ file: BIG_CSV, spreadsheet, asOf: AS_OF, lang: 'en', out: null });
  const t2 = now();
  const c2 = cpu();
  const analyseRssKb = maxRss();
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // BENCH_NO_WRITE=1 leaves the out dir alone, e.g. to profile load + analyse only.
  // As runLocal writes it: the sales tab of a CSV is that CSV, not written again.
  const written = process.env.BENCH_NO_WRITE ? [] : await saveWorkbook(spreadsheet, OUT_DIR, { salesFile });
  fs.writeFileSync(path.join(OUT_DIR, 'summary.json'), JSON.stringify(result.summary, null, 2) + '\n');
  const t3 = now();
  const c3 = cpu();
  const rows = result.card.rows;
  if (rows.used !== CSV_ROWS)
    throw new Error(`runner: ${rows.used} rows used of ${CSV_ROWS} (${JSON.stringify(rows)})`);
  const bytes = written.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  return {
    phases: {
      load: t1 - t0,
      analyse: t2 - t1,
      loadAnalyse: t2 - t0,
      write: t3 - t2,
      total: t3 - t0,
      loadGc: await gc.within(t0, t1),
      analyseGc: await gc.within(t1, t2),
      writeGc: await gc.within(t2, t3),
      loadCpu: c1 - c0,
      analyseCpu: c2 - c1,
      writeCpu: c3 - c2,
    },
    maxRssKb: maxRss(),
    inputRssKb,
    info: {
      customers: result.card.customers,
      files: written.length + 1,
      outBytes: bytes,
      readCalls: result.services.calls.get('Range.getValues'),
      analyseRssKb,
    },
  };
}

async function childCustom(): Promise<ChildResult> {
  const table = valuesLikeGetValues(CUSTOM_ROWS);
  // Every customer of the table, in order: the column asks for the first 10,000 of them.
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < table.length && ids.length < CUSTOM_CUSTOMERS; i++) {
    const id = table[i][0] as string;
    if (seen.has(id)) continue;
    ids.push(id);
    seen.add(id);
  }
  const column = ids.map((id) => [id]);
  const asOf = new Date(tokyoMidnight(1998, 6, 30));
  const services = createServices({ spreadsheet: new MemorySpreadsheet({ timeZone: TIME_ZONE, locale: 'en_US' }) });
  const bundle = loadBundle({ services });
  const inputRssKb = maxRss();
  settleHeap();
  const gc = gcPauses();
  const c0 = cpu();
  const t0 = now();
  const out = bundle.call<unknown>('CUSTOMER_STAGE', column, table, asOf);
  const t1 = now();
  const c1 = cpu();
  const result = fromVm(out) as string[][];
  if (!Array.isArray(result) || result.length !== CUSTOM_CUSTOMERS)
    throw new Error(`custom: expected ${CUSTOM_CUSTOMERS} rows, got ${JSON.stringify(result).slice(0, 200)}`);
  const counts: Record<string, number> = {};
  for (const [label] of result) counts[label] = (counts[label] ?? 0) + 1;
  if (counts[''] !== undefined)
    throw new Error(`custom: ${counts['']} customers were not found (${JSON.stringify(counts)})`);
  return {
    phases: { custom: t1 - t0, customGc: await gc.within(t0, t1), customCpu: c1 - c0 },
    maxRssKb: maxRss(),
    inputRssKb,
    info: { stages: counts },
  };
}

/** A sales sheet of `n` rows and seven columns, the same shape at every size. */
function sevenColumnSheet(n: number): MemorySpreadsheet {
  const source = readSource();
  const rows: unknown[][] = [['order_id', 'date', 'customer_id', 'email', 'product', 'cds', 'amount']];
  let i = 0;
  for (const row of copies(source, n, (r, copy) => {
    i++;
    const id = `${r.id}-${copy}`;
    return [`O${i}`, r.dateText, id, `c${id}@example.com`, `CD ${r.cds}`, String(r.cds), r.amountText];
  }))
    rows.push(row);
  const ss = new MemorySpreadsheet({ timeZone: TIME_ZONE, locale: 'en_US', firstSheetName: 'Sales' });
  ss.inspect(() => ss.sheet('Sales').loadRawValues(rows));
  return ss;
}

async function childCalls(): Promise<ChildResult> {
  const counts: Record<string, Record<string, number>> = {};
  const phases: Phases = {};
  for (const n of CALL_SIZES) {
    const spreadsheet = sevenColumnSheet(n);
    const t0 = now();
    const result = await runLocal({ file: `sales-${n}.csv`, spreadsheet, asOf: AS_OF, out: null });
    phases[`rows${n}`] = now() - t0;
    if (result.card.rows.used !== n) throw new Error(`calls: ${result.card.rows.used} rows used of ${n}`);
    counts[String(n)] = sizeIndependentCalls(result.services.calls.snapshot());
  }
  return { phases, maxRssKb: maxRss(), inputRssKb: 0, info: { counts, bundleBytes: fs.statSync(BUNDLE).size } };
}

/** The parser alone on the runner's file, as the load reads it (d3-dsv: the file has no quote), in a process of its own. */
async function childCsvParse(): Promise<ChildResult> {
  const bytes = fs.readFileSync(BIG_CSV);
  const inputRssKb = maxRss();
  settleHeap();
  const gc = gcPauses();
  const c0 = cpu();
  const t0 = now();
  let records = 0;
  await parseCsv(bytes, ',', () => records++);
  const t1 = now();
  const c1 = cpu();
  if (records !== CSV_ROWS + 1) throw new Error(`csvparse: ${records} records of ${CSV_ROWS + 1}`);
  return {
    phases: { parse: t1 - t0, parseGc: await gc.within(t0, t1), parseCpu: c1 - c0 },
    maxRssKb: maxRss(),
    inputRssKb,
    info: { records },
  };
}

/**
 * DuckDB's per-customer aggregation on the runner's file, when `@duckdb/node-api` can be found
 * (from the project, or NODE_PATH): not a dependency, a yardstick. Without it, no phases.
 */
async function childDuckdb(): Promise<ChildResult> {
  let modulePath: string;
  try {
    modulePath = createRequire(path.join(ROOT, 'package.json')).resolve('@duckdb/node-api', {
      paths: [ROOT, ...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean)],
    });
  } catch {
    return { phases: {}, maxRssKb: maxRss(), inputRssKb: 0, info: { missing: true } };
  }
  const { DuckDBInstance } = (await import(modulePath)) as {
    DuckDBInstance: {
      create(
        path: string,
      ): Promise<{ connect(): Promise<{ runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> }> }>;
    };
  };
  const c0 = cpu();
  const t0 = now();
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  // What the analysis needs per customer: visits (distinct paid days), revenue, first and last day.
  const result = await connection.runAndReadAll(
    `SELECT customer_id, count(DISTINCT CASE WHEN amount > 0 THEN date END) AS visits, sum(amount) AS revenue,
            min(date) AS first_day, max(date) AS last_day
     FROM read_csv('${BIG_CSV.replace(/'/g, "''")}', types = {'customer_id': 'VARCHAR'}) GROUP BY customer_id`,
  );
  const groups = result.getRows().length;
  const t1 = now();
  const c1 = cpu();
  return { phases: { duckdb: t1 - t0, duckdbCpu: c1 - c0 }, maxRssKb: maxRss(), inputRssKb: 0, info: { groups } };
}

/** CPU time of this process's waited-for children, ms (Linux: cutime + cstime of /proc/self/stat, 10 ms ticks). */
function childrenCpu(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // Field 3 (state) is fields[0]: cutime and cstime, fields 16 and 17, are fields[13] and [14].
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Wall and CPU time of a whole process, start-up included (what a person waits for). */
function timeProcess(command: string, args: string[]): { wall: number; cpu: number } {
  const [c0, t0] = [childrenCpu(), now()];
  const run = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const [c1, t1] = [childrenCpu(), now()];
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status})`);
  return { wall: t1 - t0, cpu: c1 - c0 };
}

/** `npm run analyze` on the million-row file into a fresh out dir, as a person runs it: one whole process. */
async function childEndToEnd(): Promise<ChildResult> {
  const out = path.join(DATA_DIR, 'out-e2e');
  fs.rmSync(out, { recursive: true, force: true });
  const analyze = path.join(ROOT, 'build', 'local', 'analyze.cjs');
  const { wall, cpu } = timeProcess(process.execPath, [
    analyze,
    BIG_CSV,
    '--as-of',
    AS_OF,
    '--lang',
    'en',
    '--out',
    out,
  ]);
  return {
    phases: { e2e: wall, e2eCpu: cpu },
    maxRssKb: 0,
    inputRssKb: 0,
    info: { files: fs.readdirSync(out).length },
  };
}

/** The 10,000,000-row file of the engines case, made like the 1,000,000-row one (copies up to -143). */
const BIG10_CSV = path.join(DATA_DIR, 'cdnow-10m.csv');

/**
 * `analyze.cjs FILE` with the in-memory engine and with `--engine duckdb`, on the 1M and the 10M
 * file: whole processes (wall, CPU, peak RSS by /usr/bin/time). The in-memory run of 10M rows is
 * bounded to 8 GB of heap; a refusal or failure is recorded (-1), not thrown.
 */
async function childEngines(): Promise<ChildResult> {
  ensureBigCsv(BIG10_CSV, 10 * CSV_ROWS);
  const phases: Record<string, number> = {};
  const info: Record<string, string> = {};
  for (const [size, file] of [
    ['1m', BIG_CSV],
    ['10m', BIG10_CSV],
  ] as const)
    for (const engine of ['memory', 'duckdb']) {
      const out = path.join(DATA_DIR, `out-${engine}-${size}`);
      fs.rmSync(out, { recursive: true, force: true });
      const args = [
        '-f',
        '%M',
        process.execPath,
        '--max-old-space-size=8192',
        path.join(ROOT, 'build', 'local', 'analyze.cjs'),
        file,
      ];
      const [c0, t0] = [childrenCpu(), now()];
      const run = spawnSync(
        '/usr/bin/time',
        [...args, '--as-of', AS_OF, '--lang', 'en', '--out', out, '--engine', engine],
        {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: ['ignore', 'ignore', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const [c1, t1] = [childrenCpu(), now()];
      const key = `${engine}${size}`;
      const ok = run.status === 0;
      phases[key] = ok ? t1 - t0 : -1;
      phases[`${key}Cpu`] = c1 - c0;
      phases[`${key}RssMb`] = Number(run.stderr.trim().split('\n').pop()) / 1024;
      // The last lines are /usr/bin/time's own (its exit status, then %M): the runner's words come before.
      const words = run.stderr
        .trim()
        .split('\n')
        .filter((l) => !/^Command exited|^\d+$/.test(l.trim()));
      if (!ok) info[key] = words.slice(-2).join(' / ').slice(0, 300);
      fs.rmSync(out, { recursive: true, force: true });
    }
  return { phases, maxRssKb: 0, inputRssKb: 0, info };
}

/** A python3 that has pandas: BENCH_PYTHON, else Debian's, else the one on PATH; null when none has it. */
function pythonWithPandas(): string | null {
  const candidates = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  return candidates.find((py) => spawnSync(py, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0) ?? null;
}

/** bench/pandas_customers.py on the same file, writing its per-customer table: the yardstick of issue 11. */
async function childPandas(): Promise<ChildResult> {
  const python = pythonWithPandas();
  if (!python) return { phases: {}, maxRssKb: 0, inputRssKb: 0, info: { missing: true } };
  const script = path.join(ROOT, 'bench', 'pandas_customers.py');
  const { wall, cpu } = timeProcess(python, [script, BIG_CSV, path.join(DATA_DIR, 'pandas-customers.csv')]);
  return { phases: { pandas: wall, pandasCpu: cpu }, maxRssKb: 0, inputRssKb: 0, info: { python } };
}

/** 200,000 customers, each with one visit in November 2026: every one has a follow-up due on the 30th. */
function draftingSheet(): MemorySpreadsheet {
  const rows: unknown[][] = [['日付', 'お客様名', 'メールアドレス', '金額']];
  for (let i = 0; i < DRAFT_CUSTOMERS; i++)
    rows.push([`2026/11/${1 + (i % 28)}`, `顧客${i}`, `c${i}@example.jp`, '1080']);
  const ss = new MemorySpreadsheet({ timeZone: TIME_ZONE, locale: 'ja_JP', firstSheetName: '売上' });
  ss.inspect(() => ss.sheet('売上').loadRawValues(rows));
  const settings = { shopName: 'ことり珈琲', senderName: '山田', followUps: { maxPerRun: DRAFTS_PER_RUN } };
  ss.env.properties.document.set('settings.v1', JSON.stringify(settings));
  return ss;
}

async function childDrafts(): Promise<ChildResult> {
  const ss = draftingSheet();
  const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
  const inputRssKb = maxRss();
  settleHeap();
  const request = { asOf: '2026-11-30', batchSize: 25 };
  const batch = (runId?: string) =>
    fromVm(bundle.call('createDraftBatch', { ...request, runId })) as { runId: string; created: number; later: number };
  const [c0, t0] = [cpu(), now()];
  let first = batch();
  let created = first.created;
  while (created < 100) created += batch(first.runId).created;
  const [c1, t1] = [cpu(), now()];
  while (created < DRAFTS_PER_RUN) created += batch(first.runId).created;
  const [c2, t2] = [cpu(), now()];
  // What every batch cost when each one read the sales again.
  first = batch();
  const [c3, t3] = [cpu(), now()];
  if (ss.env.drafts.length !== DRAFTS_PER_RUN + first.created)
    throw new Error(`drafts: ${ss.env.drafts.length} drafts, expected ${DRAFTS_PER_RUN + first.created}`);
  return {
    phases: {
      first100: t1 - t0,
      first100Cpu: c1 - c0,
      per100: ((t2 - t1) * 100) / (DRAFTS_PER_RUN - 100),
      per100Cpu: ((c2 - c1) * 100) / (DRAFTS_PER_RUN - 100),
      readingBatch: t3 - t2,
      readingBatchCpu: c3 - c2,
    },
    maxRssKb: maxRss(),
    inputRssKb,
    info: { customers: DRAFT_CUSTOMERS, perRun: DRAFTS_PER_RUN, dueBeyondCap: first.later },
  };
}

const CHILDREN: Record<string, () => ChildResult | Promise<ChildResult>> = {
  engine: childEngine,
  runner: childRunner,
  csvparse: childCsvParse,
  custom: childCustom,
  calls: childCalls,
  duckdb: childDuckdb,
  e2e: childEndToEnd,
  pandas: childPandas,
  drafts: childDrafts,
  engines: childEngines,
};

// ---------------------------------------------------------------------------------------------
// Parent

/** The cases in the order they run: CHILDREN's. */
const CASES = Object.keys(CHILDREN);

function runChild(name: string): ChildResult {
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', name], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench case ${name} failed (exit ${child.status})`);
  const line = child.stdout.trim().split('\n').pop() as string;
  return JSON.parse(line) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const ms = (x: number) =>
  x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

interface CaseSummary {
  name: string;
  runs: ChildResult[];
  median: Phases;
  maxRssKb: number;
  inputRssKb: number;
}

function runCase(name: string, runs: number, log: (s: string) => void): CaseSummary {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runChild(name);
    results.push(r);
    log(
      `  ${name} run ${i + 1}/${runs}: ${Object.entries(r.phases)
        .map(([k, v]) => `${k} ${ms(v)}`)
        .join(', ')}; peak RSS ${mb(r.maxRssKb)}`,
    );
  }
  const phases = Object.keys(results[0].phases);
  return {
    name,
    runs: results,
    median: Object.fromEntries(phases.map((p) => [p, median(results.map((r) => r.phases[p]))])),
    maxRssKb: median(results.map((r) => r.maxRssKb)),
    inputRssKb: median(results.map((r) => r.inputRssKb)),
  };
}

function spin(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + i * 7) | 0;
  return x;
}

/**
 * A fixed amount of integer work (2×10⁸ iterations, as 10 warm calls of 2×10⁷), ms: how fast, and
 * how busy, the machine is at the time.
 */
function calibrate(): number {
  let sink = 0;
  for (let i = 0; i < 50; i++) sink ^= spin(1e6);
  const t0 = now();
  for (let i = 0; i < 10; i++) sink ^= spin(2e7);
  const t = now() - t0;
  if (sink === 42) console.log('');
  return t;
}

interface Report {
  machine: ReturnType<typeof machine>;
  started: string;
  load: { before: number[]; after: number[] };
  calibration: { before: number; after: number };
  runs: number;
  csv: { file: string; bytes: number };
  summaries: Record<string, CaseSummary>;
  callsEqual: boolean | null;
  problems: string[];
}

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

function verdict(value: number, target: number): string {
  return value <= target ? 'met' : `missed (${(value / target).toFixed(1)}×)`;
}

function engineRows(s: Report['summaries']): string[][] {
  if (!s.engine) return [];
  const m = s.engine.median;
  return [
    [
      '1. Engine: `analyzeTable` on 1,000,000 getValues-shaped rows',
      ms(m.engine),
      ms(m.engineGc),
      ms(m.engineCpu),
      `${mb(s.engine.maxRssKb)} (input alone ${mb(s.engine.inputRssKb)})`,
      '≤ 300 ms',
      verdict(m.engine, TARGETS.engineMs),
    ],
  ];
}

function runnerRows(s: Report['summaries']): string[][] {
  if (!s.runner) return [];
  const rows: string[][] = [];
  const row = (cells: string[]) => rows.push(cells);
  const m = s.runner.median;
  const analyseRss = median(s.runner.runs.map((x) => x.info.analyseRssKb as number));
  row([
    '2. Local runner, 1,000,000-row CSV: **load + analyse**',
    ms(m.loadAnalyse),
    ms(m.loadGc + m.analyseGc),
    ms(m.loadCpu + m.analyseCpu),
    mb(analyseRss),
    '≤ 3 s',
    verdict(m.loadAnalyse, TARGETS.runnerMs),
  ]);
  row(['&nbsp;&nbsp;load: CSV → in-memory spreadsheet', ms(m.load), ms(m.loadGc), ms(m.loadCpu), '', '', '']);
  if (s.csvparse) {
    const p = s.csvparse.median;
    row([
      '&nbsp;&nbsp;&nbsp;&nbsp;of which parsing: the same file parsed alone (d3-dsv, as the file has no quote; a process of its own)',
      ms(p.parse),
      ms(p.parseGc),
      ms(p.parseCpu),
      mb(s.csvparse.maxRssKb),
      '',
      '',
    ]);
  }
  row([
    '&nbsp;&nbsp;analyse: the five steps through `dist/Code.js` + summary',
    ms(m.analyse),
    ms(m.analyseGc),
    ms(m.analyseCpu),
    '',
    '',
    '',
  ]);
  const duck = s.duckdb?.median;
  if (duck?.duckdb !== undefined)
    row([
      '&nbsp;&nbsp;DuckDB: the per-customer aggregation on the same file (`@duckdb/node-api`, optional)',
      ms(duck.duckdb),
      '',
      ms(duck.duckdbCpu),
      mb(s.duckdb!.maxRssKb),
      '≤ 3× ratio',
      `load + analyse = ${(m.loadAnalyse / duck.duckdb).toFixed(1)}× DuckDB (CPU ${((m.loadCpu + m.analyseCpu) / duck.duckdbCpu).toFixed(1)}×)`,
    ]);
  row([
    '&nbsp;&nbsp;writing the out dir (workbook.xlsx, one CSV per tab but the input sales tab, summary.json)',
    ms(m.write),
    ms(m.writeGc),
    ms(m.writeCpu),
    mb(s.runner.maxRssKb),
    'reported apart',
    '',
  ]);
  row([
    '&nbsp;&nbsp;**end to end**: load, analyse, write the out dir',
    ms(m.total),
    ms(m.loadGc + m.analyseGc + m.writeGc),
    ms(m.loadCpu + m.analyseCpu + m.writeCpu),
    mb(s.runner.maxRssKb),
    '',
    '',
  ]);
  return [...rows, ...wholeProcessRows(s)];
}

/** `npm run analyze` as one whole process, and the pandas script, each timed from outside. */
function wholeProcessRows(s: Report['summaries']): string[][] {
  const e2e = s.e2e?.median;
  if (e2e?.e2e === undefined) return [];
  const pandas = s.pandas?.median;
  const ratio =
    pandas?.pandas === undefined
      ? ''
      : `${(e2e.e2e / pandas.pandas).toFixed(1)}× pandas (CPU ${(e2e.e2eCpu / pandas.pandasCpu).toFixed(1)}×)`;
  const rows = [
    [
      '**End to end, whole process**: `node build/local/analyze.cjs` on the 1,000,000-row CSV to a fresh out dir',
      ms(e2e.e2e),
      '',
      ms(e2e.e2eCpu),
      '',
      '≤ pandas',
      ratio,
    ],
  ];
  if (pandas?.pandas !== undefined)
    rows.push([
      '&nbsp;&nbsp;pandas: `bench/pandas_customers.py`, the per-customer table of the same file (whole process)',
      ms(pandas.pandas),
      '',
      ms(pandas.pandasCpu),
      '',
      '',
      '',
    ]);
  return rows;
}

function customRows(s: Report['summaries']): string[][] {
  if (!s.custom) return [];
  const m = s.custom.median;
  return [
    [
      '3. `=CUSTOMER_STAGE`: 10,000 customers × 100,000-row table, through the bundle',
      ms(m.custom),
      ms(m.customGc),
      ms(m.customCpu),
      `${mb(s.custom.maxRssKb)} (input ${mb(s.custom.inputRssKb)})`,
      '≤ 1 s',
      verdict(m.custom, TARGETS.customMs),
    ],
  ];
}

function callRows(r: Report): string[][] {
  const s = r.summaries;
  if (!s.calls) return [];
  const rows: string[][] = [];
  const row = (cells: string[]) => rows.push(cells);
  const info = s.calls.runs[0].info as { counts: Record<string, Record<string, number>>; bundleBytes: number };
  const totals = CALL_SIZES.map((n) => Object.values(info.counts[String(n)]).reduce((a, b) => a + b, 0));
  row([
    '4. Sheets/service calls per analysis at 100 / 10,000 / 100,000 rows',
    totals.join(' / '),
    '',
    '',
    mb(s.calls.maxRssKb),
    'equal',
    r.callsEqual ? 'met' : '**NOT EQUAL**',
  ]);
  row([
    '&nbsp;&nbsp;bundle `dist/Code.js`',
    `${(info.bundleBytes / 1024).toFixed(1)} KB`,
    '',
    '',
    '',
    '≤ 150 KB',
    verdict(info.bundleBytes, TARGETS.bundleBytes),
  ]);
  return rows;
}

function draftRows(s: Report['summaries']): string[][] {
  if (!s.drafts) return [];
  const m = s.drafts.median;
  return [
    [
      '5. Follow-up drafts, 200,000 customers: the first 100 (reading the sales included)',
      ms(m.first100),
      '',
      ms(m.first100Cpu),
      mb(s.drafts.maxRssKb),
      '',
      '',
    ],
    ["&nbsp;&nbsp;each further 100 (from the run's kept list)", ms(m.per100), '', ms(m.per100Cpu), '', '', ''],
    [
      '&nbsp;&nbsp;one batch of 25 that reads the sales again (as every batch did before)',
      ms(m.readingBatch),
      '',
      ms(m.readingBatchCpu),
      '',
      '',
      '',
    ],
  ];
}

/** The engines case: each engine on each file, a whole process (failed: its last words). */
function engineChoiceRows(s: Report['summaries']): string[][] {
  const c = s.engines;
  if (!c) return [];
  const info = c.runs[0].info as Record<string, string>;
  return ['1m', '10m'].flatMap((size) =>
    ['memory', 'duckdb'].map((engine) => {
      const key = `${engine}${size}`;
      const wall = c.median[key] < 0 ? `failed: ${info[key] ?? ''}` : ms(c.median[key]);
      return [
        `analyze ${size.toUpperCase()} rows, ${engine}`,
        wall,
        '',
        ms(c.median[`${key}Cpu`]),
        `${c.median[`${key}RssMb`].toFixed(0)} MB`,
        '',
        '',
      ];
    }),
  );
}

function tableOf(r: Report): string[] {
  const s = r.summaries;
  const rows = [
    ...engineRows(s),
    ...runnerRows(s),
    ...customRows(s),
    ...callRows(r),
    ...draftRows(s),
    ...engineChoiceRows(s),
  ];
  return [
    '| Case | Median | GC within | CPU (all threads) | Peak RSS | Target | |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

function markdown(r: Report): string {
  const s = r.summaries;
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(
    `Generated by \`npm run bench\` on ${r.started}. Every number below is the median of ${r.runs} runs unless said otherwise; each run is a fresh Node process (cold JIT, fresh heap), and times exclude building the input.`,
    '',
  );
  out.push('## Machine', '');
  out.push(
    `- CPU: ${r.machine.cpu}, ${r.machine.cores} cores; memory ${r.machine.memory}; Node ${r.machine.node}; ${r.machine.os}`,
  );
  out.push(
    `- Load average (1/5/15 min) before: ${fmtLoad(r.load.before)}; after: ${fmtLoad(r.load.after)}. Other jobs share this machine, so times vary from run to run; the CPU column and the spread below help tell.`,
  );
  out.push(
    `- Calibration (2×10⁸ iterations of an integer loop): ${ms(r.calibration.before)} before, ${ms(r.calibration.after)} after.`,
    '',
  );
  out.push('## Results', '');
  out.push(...tableOf(r), '');
  out.push(
    '- *GC within*: garbage-collection pauses during the timed work (perf_hooks `gc` entries). *CPU*: `process.cpuUsage()` over the same span, all threads (V8 collects on helper threads too, so it can exceed the wall time).',
  );
  out.push(
    "- *Peak RSS*: `process.resourceUsage().maxRSS` of the run's process, input included; for the runner, the peak once load + analyse is done, then the peak after writing the out dir.",
    '',
  );
  out.push('### Every run', '');
  for (const c of Object.values(s)) {
    out.push(
      `- ${c.name}: ${c.runs
        .map((x) =>
          Object.entries(x.phases)
            .filter(([k]) => !/Gc$|Cpu$/.test(k))
            .map(([k, v]) => `${k} ${/RssMb$/.test(k) ? `${v.toFixed(0)} MB` : v < 0 ? 'failed' : ms(v)}`)
            .join(', '),
        )
        .join(' · ')}`,
    );
  }
  out.push('');
  if (s.runner) {
    const info = s.runner.runs[0].info;
    out.push('### Local runner details', '');
    out.push(
      `- Input: \`${r.csv.file}\` (${(r.csv.bytes / 1024 ** 2).toFixed(1)} MB, git-ignored), 1,000,000 rows made from \`../shared/datasets/cdnow/cdnow_sales.csv\` (69,659 rows): copy *k* suffixes every customer id with \`-kk\` (14 whole copies and the first 24,774 rows of the 15th), as of 1998-06-30 → ${Number(info.customers).toLocaleString('en-US')} customers.`,
    );
    out.push(
      `- The bench calls what \`runLocal\` does, in its phases: \`readWorkbookFile\` (load), \`runLocal\` on the loaded spreadsheet with no out dir (analyse: the five analysis steps and \`analysisSummaryJson\` through the built bundle in a vm), then \`saveWorkbook\` + summary.json (write: ${info.files} files, ${(Number(info.outBytes) / 1024 ** 2).toFixed(0)} MB; the 1,000,000-row sales tab is the input CSV itself, written neither into workbook.xlsx nor as a CSV: \`sales-file.json\` names it).`,
    );
    out.push(
      `- The analysis read the sales tab with ${info.readCalls} \`Range.getValues\` calls: one for the header scan, then \`valueChunks\` in parts of at most \`CELLS_PER_CALL\` (1,000,000) cells, i.e. 250,000 rows of 4 columns, each analysed and let go before the next is read. The Segments tab (15 columns) is written in parts of the same size: no single call moves more than a million cells, however long the sheet.`,
      '',
    );
  }
  if (s.custom) {
    out.push('### Custom function details', '');
    out.push(
      `- \`loadBundle({ services }).call('CUSTOMER_STAGE', column, table, asOf)\`: a fresh vm context per call (as a recalculation is), so the time includes running all of \`dist/Code.js\` once. The table is the first 100,000 rows of the same data as getValues gives them (a Date object per date cell, numbers, text ids); the column is the first 10,000 distinct customers; as-of is a Date. Dates are made in the bench's realm, not the vm's: the core reads them with a realm-safe check.`,
    );
    out.push(`- Answers (checked: every customer found): ${JSON.stringify(s.custom.runs[0].info.stages)}.`, '');
  }
  if (s.calls) {
    const info = s.calls.runs[0].info as { counts: Record<string, Record<string, number>> };
    out.push('### Service calls per analysis', '');
    out.push(
      'One `runLocal` (the five analysis steps and the summary) on a 7-column sales tab (order id, date, customer, email, product, quantity, amount) of 100, 10,000 and 100,000 rows. 100,000 rows × 7 columns is 700,000 cells: one `getValues` call. The bench fails if any count differs between sizes.',
      '',
    );
    out.push('| Call | 100 | 10,000 | 100,000 |', '|---|---:|---:|---:|');
    const names = [...new Set(CALL_SIZES.flatMap((n) => Object.keys(info.counts[String(n)])))].sort();
    for (const name of names)
      out.push(`| ${name} | ${CALL_SIZES.map((n) => info.counts[String(n)][name] ?? 0).join(' | ')} |`);
    out.push('');
  }
  if (r.problems.length) out.push('## Problems', '', ...r.problems.map((p) => `- ${p}`), '');
  out.push(...METHOD_NOTES, '');
  return out.join('\n');
}

const METHOD_NOTES: string[] = [
  '## Method',
  '',
  '- `npm run bench` builds `dist/` and the local tools, makes `bench/data/cdnow-1m.csv` if it is missing, then runs each case in its own child process (`node build/local/bench.cjs --child CASE`), five times (`-- --runs N` to change; `-- --only engine,custom` for some cases, written to `bench/data/results.partial.md`). Times are `performance.now()` around the work only; input building is excluded. The median of the runs is reported, and every run is listed.',
  "- Peak memory is the child's `process.resourceUsage().maxRSS`: the whole process, the input included (the input alone is given beside it where it is built in memory).",
  '- Each child runs with `--expose-gc` and collects the garbage of building its input before the timed work starts; collections the work causes (marking the input included) count in its time and in *GC within*.',
  '- 1 (engine): `analyzeTable` from `src/core` (header detection, then the one pass) on 1,000,000 rows shaped like `getValues()`: a text id, a new Date per date cell (midnight in Asia/Tokyo), numbers for quantity and amount; as of 1998-06-30, default thresholds. Checked: every row used.',
  "- 2 (runner): see *Local runner details*. Load + analyse is what the 3 s target covers; writing the out dir is timed apart. The csv-parse row under it is `parseCsv` (what the load uses: csv-parse's stream API over 64 KB chunks of the bytes) with a consumer that only counts the records, in a process of its own: the parser's share of the load.",
  '- 3 (custom function) and 4 (service calls): see their sections. The bench exits non-zero, with the counts, when the calls differ between sizes.',
  '',
  '## What changed for speed, and what is left',
  '',
  'See the Performance section of README.md: the profile of each case, what was changed for it, and why the targets still missed are missed.',
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      out: { type: 'string', default: RESULTS },
    },
  });
  if (values.child) {
    const body = CHILDREN[values.child];
    if (!body) throw new Error(`unknown bench case ${values.child}`);
    const result = await body();
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }

  const runs = Math.max(1, Number(values.runs));
  const only = new Set((values.only ?? CASES.join(',')).split(','));
  const log = (line: string) => console.log(line);
  const m = machine();
  log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}, ${m.os}`);
  // The drafting case makes its own input: it alone needs no CDNOW file.
  const csv = [...only].some((name) => name !== 'drafts') ? ensureBigCsv() : { file: BIG_CSV, bytes: 0, made: false };
  if (csv.bytes > 0)
    log(`${csv.made ? 'made' : 'using'} ${path.relative(ROOT, csv.file)} (${(csv.bytes / 1024 ** 2).toFixed(1)} MB)`);
  const report: Report = {
    machine: m,
    started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: { before: os.loadavg(), after: [] },
    calibration: { before: calibrate(), after: 0 },
    runs,
    csv: { file: path.relative(ROOT, csv.file), bytes: csv.bytes },
    summaries: {},
    callsEqual: null,
    problems: [],
  };
  log(`load average ${fmtLoad(report.load.before)}; calibration ${ms(report.calibration.before)}`);
  for (const name of CASES) {
    if (!only.has(name)) continue;
    report.summaries[name] = runCase(name, name === 'calls' ? 1 : runs, log);
  }
  report.load.after = os.loadavg();
  report.calibration.after = calibrate();

  if (report.summaries.calls) {
    const counts = (report.summaries.calls.runs[0].info as { counts: Record<string, Record<string, number>> }).counts;
    const reference = JSON.stringify(counts[String(CALL_SIZES[0])]);
    const differing = CALL_SIZES.filter((n) => JSON.stringify(counts[String(n)]) !== reference);
    report.callsEqual = differing.length === 0;
    if (!report.callsEqual) {
      report.problems.push(
        `Service calls differ between sizes: ${differing.join(', ')} rows differ from ${CALL_SIZES[0]}.`,
      );
    }
  }

  log('');
  for (const line of tableOf(report)) log(line);
  log('');
  if (values.out) {
    // Only a full run replaces the results file.
    const target = CASES.every((name) => only.has(name)) ? values.out : path.join(DATA_DIR, 'results.partial.md');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, markdown(report));
    log(`written: ${path.relative(ROOT, target)}`);
  }
  if (report.problems.length) {
    for (const p of report.problems) console.error(`\nBENCH FAILED: ${p}`);
    if (report.summaries.calls && !report.callsEqual)
      console.error(JSON.stringify((report.summaries.calls.runs[0].info as { counts: unknown }).counts, null, 1));
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
