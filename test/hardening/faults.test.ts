// Failures midway — a Sheets write error at any write of a run, a Gmail quota error, the time guard
// — leave a consistent workbook: tabs written before are intact, the failing tab keeps what it
// had, the lock and the run marker are released, and a rerun completes the work exactly once.
import { createServices, GAS_ERRORS, MemorySpreadsheet } from '../../src/local/memory';
import { loadBundle } from '../../src/local/bundle';
import { RUN_MARKER_KEY } from '../../src/gas/lock';
import { analyse, draftAll, shop, workbookValues } from './shop';

/** A shop whose History already holds three months (from its first sale, August), so that losing them would show. */
function shopWithHistory(): MemorySpreadsheet {
  const ss = shop();
  analyse(ss, { asOf: '2026-09-30' });
  analyse(ss, { asOf: '2026-10-31' });
  return ss;
}

function settled(ss: MemorySpreadsheet): void {
  expect(createServices({ spreadsheet: ss }).locks.isHeld('document')).toBe(false);
  expect(ss.env.properties.document.has(RUN_MARKER_KEY)).toBe(false);
}

const months = (ss: MemorySpreadsheet) =>
  ss
    .sheet('推移')
    .peekValues()
    .map((r) => r[0]);

describe('a Sheets write error during the analysis', () => {
  // Every setValues of a full run, counted on a run without faults.
  const writes = (() => {
    const ss = shopWithHistory();
    ss.env.calls.reset();
    analyse(ss);
    return ss.env.calls.get('Range.setValues');
  })();
  const before = workbookValues(shopWithHistory());
  const after = (() => {
    const ss = shopWithHistory();
    analyse(ss);
    return workbookValues(ss);
  })();

  test('the run writes each of its five tabs once', () => {
    expect(writes).toBe(5); // Segments, Rejected rows, Summary, History, Transitions
    expect(after['推移'].map((r) => r[0])).toEqual(['対象月', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  test.each(Array.from({ length: 5 }, (_, k) => k))(
    'at write %i: every tab is either as before or complete; a rerun completes it',
    (k) => {
      const ss = shopWithHistory();
      ss.env.faults.fail('Range.setValues', { after: k, times: 1, error: GAS_ERRORS.spreadsheetTimeout });
      expect(() => analyse(ss)).toThrow(GAS_ERRORS.spreadsheetTimeout);
      settled(ss);
      const now = workbookValues(ss);
      expect(Object.keys(now).sort()).toEqual(Object.keys(after).sort());
      let changed = 0;
      for (const [name, values] of Object.entries(now)) {
        if (JSON.stringify(values) === JSON.stringify(before[name])) continue;
        expect(values).toEqual(after[name]);
        changed++;
      }
      expect(changed).toBe(k); // exactly the tabs written before the failing one
      expect(months(ss)).toEqual(
        k <= 3 ? ['対象月', '2026-08', '2026-09', '2026-10'] : ['対象月', '2026-08', '2026-09', '2026-10', '2026-11'],
      );

      analyse(ss);
      expect(workbookValues(ss)).toEqual(after);
      analyse(ss);
      expect(months(ss)).toEqual(['対象月', '2026-08', '2026-09', '2026-10', '2026-11']);
    },
  );
});

describe('drafting', () => {
  function logOf(ss: MemorySpreadsheet): { keys: string[]; draftIds: string[] } {
    const rows = ss.sheet('フォロー履歴').peekValues().slice(1);
    // Superseded rows have no draft: only the drafted rows name one.
    return { keys: rows.map((r) => String(r[3])), draftIds: rows.map((r) => String(r[4])).filter((id) => id !== '') };
  }

  /** The log and Gmail agree: one draft per logged key, and nothing drafted twice. */
  function consistent(ss: MemorySpreadsheet): void {
    const log = ss.inspect(() => ss.getSheetByName('フォロー履歴')) ? logOf(ss) : { keys: [], draftIds: [] };
    expect(new Set(log.keys).size).toBe(log.keys.length);
    expect(log.draftIds.sort()).toEqual(ss.env.drafts.map((d) => d.id).sort());
    const messages = ss.env.drafts.map((d) => d.text.replace(/^(Date|Message-ID):.*$/gm, ''));
    expect(new Set(messages).size).toBe(messages.length);
    expect(createServices({ spreadsheet: ss }).locks.isHeld('document')).toBe(false);
  }

  // Every key the reference run logs (drafted, or superseded by a draft to the same customer), and its drafts.
  const [complete, completeDrafts] = (() => {
    const ss = shop();
    draftAll(ss);
    return [logOf(ss).keys.sort(), ss.env.drafts.length] as const;
  })();

  test('the reference run drafts every due follow-up once', () => {
    expect(completeDrafts).toBeGreaterThanOrEqual(8);
  });

  test('the log write fails after the drafts were made: they are taken back, and the rerun drafts each once', () => {
    const ss = shop();
    draftAll(ss); // Templates and the log exist; nothing more is due
    // A new month's follow-ups: one more first visit.
    ss.inspect(() => ss.sheet('売上').appendRow(['2026/11/16', '新顧客', 'new@example.jp', 'ブレンド', '¥800', '']));
    ss.env.faults.fail('Range.setValues', { times: 1 });
    expect(() => draftAll(ss)).toThrow(GAS_ERRORS.serverError);
    consistent(ss);
    expect(draftAll(ss)).toMatchObject({ created: 1, done: true });
    consistent(ss);
  });

  test('the first log write fails: no draft is left without its log row', () => {
    const ss = shop();
    // Writes: the Templates tab, then the new log tab.
    ss.env.faults.fail('Range.setValues', { after: 1, times: 1 });
    expect(() => draftAll(ss)).toThrow(GAS_ERRORS.serverError);
    expect(ss.env.drafts).toHaveLength(0);
    consistent(ss);
    draftAll(ss);
    consistent(ss);
    expect(logOf(ss).keys.sort()).toEqual(complete);
  });

  test('the Templates tab cannot be written: nothing is drafted, the rerun drafts all', () => {
    const ss = shop();
    ss.env.faults.fail('Range.setValues', { times: 1 });
    expect(() => draftAll(ss)).toThrow(GAS_ERRORS.serverError);
    expect(ss.env.drafts).toHaveLength(0);
    draftAll(ss);
    consistent(ss);
    expect(logOf(ss).keys.sort()).toEqual(complete);
  });

  test('a Gmail quota error after 4 drafts keeps those 4 in the log; the rerun drafts the rest once', () => {
    const ss = shop();
    ss.env.faults.fail('Gmail.Users.Drafts.create', { after: 4, error: GAS_ERRORS.gmailDailyQuota });
    expect(draftAll(ss)).toMatchObject({ created: 4, stopped: 'quota', done: false });
    consistent(ss);
    ss.env.faults.clear();
    expect(draftAll(ss)).toMatchObject({ created: completeDrafts - 4, done: true });
    consistent(ss);
    expect(logOf(ss).keys.sort()).toEqual(complete);
  });

  test('the time guard stops a slow batch cleanly; the next batch continues where it stopped', () => {
    const ss = shop();
    const services = createServices({ spreadsheet: ss, clock: 'fake', start: Date.UTC(2026, 10, 20, 1) });
    // Each draft takes 100 s: the guard (270 s) stops the batch after the third.
    services.clock.setCallCost(100_000, 'Gmail.Users.Drafts.create');
    const first = draftAll(ss, loadBundle({ services }));
    expect(first).toMatchObject({ created: 3, stopped: 'time', done: false, remaining: completeDrafts - 3 });
    consistent(ss);
    let batch = first;
    while (!batch.done) batch = draftAll(ss);
    consistent(ss);
    expect(logOf(ss).keys.sort()).toEqual(complete);
  });
});
