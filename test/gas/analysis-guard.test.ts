// The analyse step on a sales sheet too large for one call or one execution, through the built
// bundle on a fake clock: the sheet is read in parts of at most a million cells, the Segments tab
// is written in such parts, and when the time budget (270 s) runs out between two parts the step
// saves its progress and is called again, which writes on from there. Simulated call costs make
// the clock reach the budget deterministically. `npm test` builds dist/ first.
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { segmentsHeader } from '../../src/core/customer-tables';

const START = Date.UTC(2026, 10, 20, 1);
const CUSTOMERS = 70_000;
const WIDTH = 15;
// A million cells per call: 66,666 rows of the sales sheet's 15 columns; Segments' rows per part
// follow from its own width.
// Segments without its Email, Top product, Referrals and Merged spellings columns: nobody here has one.
const SEGMENT_WIDTH = segmentsHeader('en').length - 4;
const ROWS_PER_CALL = Math.floor(1_000_000 / SEGMENT_WIDTH);
const SEGMENT_ROWS = CUSTOMERS + 1;
const REJECTED_ROWS = 1; // the header only: every row is used

/** One row per customer, 16 columns wide (13 of them memo columns left blank). */
function salesRows(): string[][] {
  const memos = Array.from({ length: WIDTH - 3 }, (_, i) => `Memo ${i + 1}`);
  const rows: string[][] = [['Date', 'Customer', 'Amount', ...memos]];
  const blanks = memos.map(() => '');
  for (let i = 0; i < CUSTOMERS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push([`2026-10-${day}`, `C${String(i).padStart(5, '0')}`, String(1000 + (i % 7) * 100), ...blanks]);
  }
  return rows;
}

function shop(): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'en_US', firstSheetName: 'Sales' });
  ss.inspect(() => ss.sheet('Sales').loadRawValues(salesRows()));
  return ss;
}

interface StepReply {
  step: string;
  next: string | null;
  runId?: string;
  card: { customers: number; progress?: { rowsWritten: number; rows: number } };
}

/** One execution of an entry point on the document's fake clock, each call of `costly` costing `ms`. */
function execute<T>(ss: MemorySpreadsheet, name: string, args: unknown[], costs: Record<string, number> = {}) {
  const services = ss.env.clock.fake
    ? createServices({ spreadsheet: ss })
    : createServices({ spreadsheet: ss, clock: 'fake', start: START });
  for (const [call, ms] of Object.entries(costs)) services.clock.setCallCost(ms, call);
  services.calls.reset();
  const before = services.clock.now();
  try {
    const result = fromVm(loadBundle({ services }).call(name, ...args)) as T;
    return { result, calls: services.calls.snapshot(), elapsed: services.clock.now() - before };
  } finally {
    // Later executions pay only what they are given.
    for (const call of Object.keys(costs)) services.clock.setCallCost(0, call);
  }
}

const analyse = (ss: MemorySpreadsheet, runId: string | undefined, costs?: Record<string, number>) =>
  execute<StepReply>(ss, 'analysisStep', ['analyse', { asOf: '2026-11-20', runId }], costs);

/** The Segments tab as values, from a run of the analyse step without any time pressure. */
let reference: unknown[][];
beforeAll(() => {
  const ss = shop();
  const { result, calls } = analyse(ss, undefined);
  expect(result.next).toBe('summary');
  expect(result.card.progress).toBeUndefined();
  // One header scan, then the sales sheet in two parts; Segments in two parts, Rejected rows in one.
  expect(calls['Range.getValues']).toBe(3);
  expect(calls['Range.setValues']).toBe(3);
  reference = ss.sheet('Segments').peekValues();
});

test('without time pressure the Segments tab of 70,000 customers is complete and in sheet order', () => {
  expect(reference).toHaveLength(SEGMENT_ROWS);
  expect(reference[0].slice(0, 3)).toEqual(['Customer', 'Stage', 'Status']);
  expect(reference[1][0]).toBe('C00000');
  expect(reference[ROWS_PER_CALL][0]).toBe(`C${String(ROWS_PER_CALL - 1).padStart(5, '0')}`);
  expect(reference[CUSTOMERS][0]).toBe('C69999');
  // Every customer once, with one visit.
  expect(new Set(reference.slice(1).map((r) => r[0])).size).toBe(CUSTOMERS);
  const visits = reference[0].indexOf('Visits');
  expect(reference.slice(1).every((r) => r[visits] === 1)).toBe(true);
});

test('a step that reaches the budget between two parts stops, and the next calls write on to the same tab', () => {
  const ss = shop();
  const slow = { 'Range.setValues': 280_000 };

  // 1: the first part of Segments takes 280 s; the budget (270 s) stops the second.
  const first = analyse(ss, undefined, slow);
  expect(first.result.next).toBe('analyse');
  expect(first.result.card.progress).toEqual({ rowsWritten: ROWS_PER_CALL, rows: SEGMENT_ROWS + REJECTED_ROWS });
  expect(first.result.card.customers).toBe(CUSTOMERS);
  expect(first.calls['Range.setValues']).toBe(1);
  expect(first.elapsed).toBe(280_000);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference.slice(0, ROWS_PER_CALL));

  // 2: the rest of Segments (each execution writes at least one part), then out of time again.
  const second = analyse(ss, first.result.runId, slow);
  expect(second.result.runId).toBe(first.result.runId);
  expect(second.result.next).toBe('analyse');
  expect(second.result.card.progress).toEqual({ rowsWritten: SEGMENT_ROWS, rows: SEGMENT_ROWS + REJECTED_ROWS });
  expect(second.calls['Range.setValues']).toBe(1);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);

  // 3: Segments' filter (left by the second call, out of time) and Rejected rows; the budget is
  // spent again, so the report waits for the next call.
  const third = analyse(ss, second.result.runId, slow);
  expect(third.result.next).toBe('analyse');
  expect(third.result.card.progress).toEqual({
    rowsWritten: SEGMENT_ROWS + REJECTED_ROWS,
    rows: SEGMENT_ROWS + REJECTED_ROWS,
  });
  expect(third.calls['Range.setValues']).toBe(1);
  expect(third.calls['Range.createFilter']).toBe(1);
  expect(ss.sheet('Rejected rows').peekValues()).toHaveLength(REJECTED_ROWS);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);

  // 4: nothing left to write: the step is done and the run goes on to the summary.
  const fourth = analyse(ss, third.result.runId);
  expect(fourth.result.next).toBe('summary');
  expect(fourth.calls['Range.setValues'] ?? 0).toBe(0);

  // The rest of the run finishes as usual.
  let step: string | null = fourth.result.next;
  let runId = fourth.result.runId;
  while (step) {
    const reply: StepReply = execute<StepReply>(ss, 'analysisStep', [step, { asOf: '2026-11-20', runId }]).result;
    runId = reply.runId;
    step = reply.next;
  }
  expect(ss.sheet('Summary').peekValues().length).toBeGreaterThan(5);
});

test('if the sales change between two calls, the tab is written again from the top', () => {
  const ss = shop();
  const first = analyse(ss, undefined, { 'Range.setValues': 280_000 });
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);

  // The owner fixes an amount before the sidebar's next call.
  const sales = ss.sheet('Sales');
  ss.inspect(() => sales.getRange(2, 3).setValue('5000'));

  const second = analyse(ss, first.result.runId);
  expect(second.result.next).toBe('summary');
  // Both parts of Segments again, then Rejected rows.
  expect(second.calls['Range.setValues']).toBe(3);
  const segments = ss.sheet('Segments').peekValues();
  expect(segments).toHaveLength(SEGMENT_ROWS);
  expect(segments[1][segments[0].indexOf('Revenue')]).toBe(5000); // Revenue of C00000
  // The others are as before (but VIP: one more customer above the cut-off can move it).
  const vip = segments[0].indexOf('VIP');
  const withoutVip = (rows: unknown[][]) => rows.map((r) => r.filter((_, i) => i !== vip));
  expect(withoutVip(segments.slice(2))).toEqual(withoutVip(reference.slice(2)));
});

test("a change that keeps every total (a customer's spelling) also starts the tab again", () => {
  const ss = shop();
  const first = analyse(ss, undefined, { 'Range.setValues': 280_000 });
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);
  // Same customer (the honorific is not part of who they are), new spelling shown on Segments.
  ss.inspect(() => ss.sheet('Sales').getRange(2, 2).setValue('C00000様'));

  const second = analyse(ss, first.result.runId);
  expect(second.calls['Range.setValues']).toBe(3);
  const segments = ss.sheet('Segments').peekValues();
  expect(segments[1][0]).toBe('C00000様');
  expect(segments.slice(2)).toEqual(reference.slice(2));
});

test('a threshold changed between two calls (same sales, new labels) starts the tab again', () => {
  const ss = shop();
  const first = analyse(ss, undefined, { 'Range.setValues': 280_000 });
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);
  // Every sale is on 2026-10-01…28, 23 to 50 days before as-of (2026-11-20): with "at risk"
  // from 30 days, the customers of 10-01…10-21 are at risk, not active.
  execute(ss, 'saveSidebarSettings', [{ thresholds: { atRiskDays: 30 } }]);

  const second = analyse(ss, first.result.runId);
  expect(second.calls['Range.setValues']).toBe(3);
  const segments = ss.sheet('Segments').peekValues();
  // C00000 bought on 10-01 (50 days), C00027 on 10-28 (23 days).
  const status = segments[0].indexOf('Status');
  expect([segments[1][status], segments[28][status]]).toEqual(['At risk', 'Active']);
  expect(reference[1][status]).toBe('Active');
});

test('if the half-written tab was deleted in between, it is written again from the top', () => {
  const ss = shop();
  const first = analyse(ss, undefined, { 'Range.setValues': 280_000 });
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);
  ss.inspect(() => ss.deleteSheet(ss.getSheetByName('Segments') as GoogleAppsScript.Spreadsheet.Sheet));

  const second = analyse(ss, first.result.runId);
  expect(second.result.next).toBe('summary');
  expect(second.calls['Range.setValues']).toBe(3);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);
});

test('a part is not started if one as long as the last would end past 330 s', () => {
  const ss = shop();
  // The first part takes 200 s: at 200 s the budget (270 s) is not spent, but 200 + 200 > 330.
  const first = analyse(ss, undefined, { 'Range.setValues': 200_000 });
  expect(first.elapsed).toBe(200_000);
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);
});

test('finishing a tab written in parts (its filter) is paced like a part: short of time, the next call does it', () => {
  const ss = shop();
  // Parts of 130 s: both parts of Segments end at 260 s, inside the budget, but finishing as long
  // as a part would end at 390 s, past 330 s.
  const first = analyse(ss, undefined, { 'Range.setValues': 130_000 });
  expect(first.elapsed).toBe(260_000);
  expect(first.result.next).toBe('analyse');
  expect(first.result.card.progress).toEqual({ rowsWritten: SEGMENT_ROWS, rows: SEGMENT_ROWS + REJECTED_ROWS });
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);
  expect(ss.inspect(() => ss.sheet('Segments').getFilter())).toBeNull();

  // The next call writes no row of Segments again: it adds the filter, writes Rejected rows, and goes on.
  const second = analyse(ss, first.result.runId);
  expect(second.result.next).toBe('summary');
  expect(second.calls['Range.setValues']).toBe(1);
  expect(ss.inspect(() => ss.sheet('Segments').getFilter()?.getRange().getNumRows())).toBe(SEGMENT_ROWS);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);
});

test('after a tab written in parts, the report waits for the next call when the budget is spent', () => {
  const ss = shop();
  // Parts of 100 s: Segments (2 parts) and Rejected rows end at 300 s, past the budget.
  const first = analyse(ss, undefined, { 'Range.setValues': 100_000 });
  expect(first.elapsed).toBe(300_000);
  expect(first.result.next).toBe('analyse');
  expect(first.result.card.progress).toEqual({
    rowsWritten: SEGMENT_ROWS + REJECTED_ROWS,
    rows: SEGMENT_ROWS + REJECTED_ROWS,
  });
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);

  // The next call writes nothing again and goes on to the summary.
  const second = analyse(ss, first.result.runId);
  expect(second.result.next).toBe('summary');
  expect(second.calls['Range.setValues'] ?? 0).toBe(0);
});

test("an execution ended midway (Apps Script's limit, an error) keeps the parts it wrote", () => {
  const ss = shop();
  // The second part fails as an execution killed there would leave it: not written.
  ss.env.faults.fail('Range.setValues', { after: 1, times: 1 });
  expect(() => analyse(ss, undefined)).toThrow();
  ss.env.faults.clear();
  expect(ss.sheet('Segments').peekValues()).toHaveLength(ROWS_PER_CALL);

  const second = analyse(ss, undefined);
  expect(second.result.next).toBe('summary');
  // Only the second part of Segments, then Rejected rows.
  expect(second.calls['Range.setValues']).toBe(2);
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);
});

test('a filter the owner put on the half-written tab does not stop the next call', () => {
  const ss = shop();
  const first = analyse(ss, undefined, { 'Range.setValues': 280_000 });
  expect(first.result.card.progress?.rowsWritten).toBe(ROWS_PER_CALL);
  ss.inspect(() => ss.sheet('Segments').getRange(1, 1, ROWS_PER_CALL, SEGMENT_WIDTH).createFilter());

  const second = analyse(ss, first.result.runId);
  expect(second.result.next).toBe('summary');
  expect(ss.sheet('Segments').peekValues()).toEqual(reference);
  const filter = ss.inspect(() => ss.sheet('Segments').getFilter());
  expect(filter?.getRange().getNumRows()).toBe(SEGMENT_ROWS);
});

test('a read that reaches the budget ends with a clear message instead of being killed at six minutes', () => {
  const ss = shop();
  expect(() => analyse(ss, undefined, { 'Range.getValues': 280_000 })).toThrow(
    `Sheet "Sales" is too large to read within one execution (about 6 minutes): reading stopped at ${Math.floor(1_000_000 / WIDTH)} of 70001 rows.`,
  );
  // The failed step ended its run: a new one may start at once.
  const again = analyse(ss, undefined);
  expect(again.result.next).toBe('summary');
});

test('the menu run stops with a message when out of time, and the next menu run finishes the job', () => {
  const ss = shop();
  execute(ss, 'runMonthlyAnalysis', [], { 'Range.setValues': 280_000 });
  expect(ss.env.ui.alerts.map((a) => a.prompt)).toEqual([
    `There is too much data to write within one execution: ${ROWS_PER_CALL} of ${SEGMENT_ROWS + REJECTED_ROWS} rows are written. Run the monthly analysis again within the hour to continue from there.`,
  ]);

  // The paused run does not block the next one, which writes only what is missing.
  const second = execute(ss, 'runMonthlyAnalysis', []);
  expect(ss.env.ui.alerts).toHaveLength(2);
  expect(ss.env.ui.alerts[1].prompt).toMatch(
    /^The analysis of [A-Z][a-z]+ \d{4} is finished \(customers as of \d{1,2} [A-Z][a-z]+ \d{4}\): 70000 customers, 0 rejected rows\.$/,
  );
  const segments = ss.sheet('Segments').peekValues();
  expect(segments).toHaveLength(SEGMENT_ROWS);
  expect(segments.slice(0, 3)).toEqual(reference.slice(0, 3));
  // Segments' second part, Rejected rows, Summary, History and Transitions: one setValues each.
  expect(second.calls['Range.setValues']).toBe(5);
});
