// The time guard (src/gas/time-guard.ts) through the built bundle, on a fake clock: the vm's Date
// follows services.clock, and each Gmail draft is made to cost simulated time, so a batch runs
// into the 270 s budget deterministically instead of by waiting. `npm test` builds dist/ first.
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';

const AS_OF = '2026-11-20';
const START = Date.UTC(2026, 10, 20, 1); // 10:00 in Tokyo on the as-of day
const BUDGET_MS = 270_000;

// One visit each, 3 to 12 days before as-of, with an email: a new_thanks follow-up (3 days after
// a first visit, within the 30 days ending at as-of) is due for all six, and nothing else yet.
const CUSTOMERS = [
  ['2026-11-08', 'Aoki', 'aoki@example.jp'],
  ['2026-11-09', 'Baba', 'baba@example.jp'],
  ['2026-11-11', 'Chiba', 'chiba@example.jp'],
  ['2026-11-13', 'Doi', 'doi@example.jp'],
  ['2026-11-15', 'Endo', 'endo@example.jp'],
  ['2026-11-17', 'Fujii', 'fujii@example.jp'],
];
const DUE_KEYS = CUSTOMERS.map(([date, name]) => `${name}|new_thanks@${date}`).sort();

function shop(): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: 'en_US',
    name: 'Kotori Coffee',
    firstSheetName: 'Sales',
  });
  const rows = [
    ['Date', 'Customer', 'Email', 'Amount'],
    ...CUSTOMERS.map(([date, name, email]) => [date, name, email, '1080']),
  ];
  ss.inspect(() => ss.sheet('Sales').loadRawValues(rows));
  ss.env.properties.document.set('settings.v1', JSON.stringify({ shopName: 'Kotori Coffee' }));
  return ss;
}

interface Batch {
  created: number;
  failed: number;
  remaining: number;
  done: boolean;
  stopped?: string;
}

/** One createDraftBatch execution on a fake clock where each draft takes `draftMs`. */
function batch(ss: MemorySpreadsheet, draftMs: number) {
  // The first execution puts the document on a fake clock; later ones keep it.
  const services = ss.env.clock.fake
    ? createServices({ spreadsheet: ss })
    : createServices({ spreadsheet: ss, clock: 'fake', start: START });
  services.clock.setCallCost(draftMs, 'Gmail.Users.Drafts.create');
  const before = services.clock.now();
  const result = fromVm(loadBundle({ services }).call('createDraftBatch', { asOf: AS_OF, batchSize: 25 })) as Batch;
  return { result, services, elapsed: services.clock.now() - before };
}

/** The Follow-up log as key → created-at, and the drafts' recipients. */
function logOf(ss: MemorySpreadsheet) {
  const rows = ss.sheet('Follow-up log').peekValues().slice(1);
  return {
    keys: rows.map((r) => String(r[3])),
    createdAt: rows.map((r) => (r[5] as Date).getTime()),
    statuses: rows.map((r) => String(r[6])),
    recipients: ss.env.drafts.map((d) => /^To: .*<([^>]+)>/m.exec(d.text)?.[1] ?? /^To: (.+)$/m.exec(d.text)?.[1]),
  };
}

test('a batch stops with stopped: "time" once the clock reaches 270 s, keeping what it drafted', () => {
  const ss = shop();
  // 90 s per draft: after the third the clock stands at exactly 270 s, and the fourth is not started.
  const { result, elapsed } = batch(ss, 90_000);
  expect(result).toMatchObject({ created: 3, failed: 0, remaining: 3, done: false, stopped: 'time' });
  expect(elapsed).toBe(BUDGET_MS);
  const log = logOf(ss);
  expect(log.keys).toHaveLength(3);
  expect(new Set(log.keys).size).toBe(3);
  expect(log.statuses).toEqual(['Draft created', 'Draft created', 'Draft created']);
  // Each row is stamped by the guard's clock, right after its draft: the vm's Date is the fake clock.
  expect(log.createdAt).toEqual([START + 90_000, START + 180_000, START + 270_000]);
  expect(ss.env.drafts).toHaveLength(3);
});

test('the limit is the budget itself: at 89 s per draft a fourth draft still starts', () => {
  const { result, elapsed } = batch(shop(), 89_000);
  expect(result).toMatchObject({ created: 4, remaining: 2, done: false, stopped: 'time' });
  expect(elapsed).toBe(4 * 89_000);
});

test('without slow calls one batch drafts everything and the guard never fires', () => {
  const ss = shop();
  const { result } = batch(ss, 0);
  expect(result).toEqual(expect.objectContaining({ created: 6, remaining: 0, done: true }));
  expect(result.stopped).toBeUndefined();
  expect([...logOf(ss).keys].sort()).toEqual(DUE_KEYS);
});

test('the next call gets a fresh budget, continues where the last stopped and finishes with no duplicate', () => {
  const ss = shop();
  const first = batch(ss, 90_000);
  expect(first.result).toMatchObject({ created: 3, stopped: 'time' });

  // The clock keeps running between executions (here, well past 270 s since the first started):
  // the guard counts from the start of each execution.
  ss.env.clock.advance(3_600_000);
  const second = batch(ss, 90_000);
  expect(second.result).toMatchObject({ created: 3, failed: 0, remaining: 0, done: true });
  expect(second.result.stopped).toBeUndefined();
  expect(second.elapsed).toBe(3 * 90_000);

  const log = logOf(ss);
  expect([...log.keys].sort()).toEqual(DUE_KEYS);
  expect(log.statuses.every((s) => s === 'Draft created')).toBe(true);
  expect(ss.env.drafts).toHaveLength(6);
  expect([...log.recipients].sort()).toEqual(CUSTOMERS.map(([, , email]) => email).sort());

  // Nothing is left: a third call drafts nothing and writes nothing.
  const third = batch(ss, 90_000);
  expect(third.result).toMatchObject({ created: 0, remaining: 0, done: true });
  expect(ss.env.drafts).toHaveLength(6);
  expect(logOf(ss).keys).toHaveLength(6);
});
