// One run at a time per document. Within an execution the document lock keeps a second writer
// out; between the five executions of an analysis, the run marker does: a run started between
// another run's steps is refused with the owner's "already running" message and changes nothing.
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { loadBundle } from '../../src/local/bundle';
import { RUN_MARKER_KEY } from '../../src/gas/lock';
import { AS_OF, STEPS, Step, analyse, call, shop, workbookValues } from './shop';

const ALREADY_RUNNING = {
  ja_JP: /^別の分析または下書き作成が実行中です。終わってからもう一度お試しください。$/,
  en_US: /^Another analysis or drafting run is in progress\. Please try again when it has finished\.$/,
};

/** What a refused call must leave alone: every tab, the document's properties, the drafts. */
function state(ss: MemorySpreadsheet) {
  return { tabs: workbookValues(ss), properties: new Map(ss.env.properties.document), drafts: ss.env.drafts.length };
}

function lastAlert(ss: MemorySpreadsheet): string {
  return ss.env.ui.alerts[ss.env.ui.alerts.length - 1].prompt;
}

const marker = (ss: MemorySpreadsheet) => ss.env.properties.document.get(RUN_MARKER_KEY);

describe.each(['ja_JP', 'en_US'] as const)('while another execution holds the document lock (%s)', (locale) => {
  test('every call that writes says "already running" and changes nothing', () => {
    const ss = shop({ locale });
    analyse(ss);
    const before = state(ss);
    const release = createServices({ spreadsheet: ss }).locks.holdDocumentLock();
    const refused: [string, ...unknown[]][] = [
      ['analysisStep', 'analyse', { asOf: AS_OF }],
      ['analysisStep', 'history', { asOf: AS_OF }],
      ['createDraftBatch', { asOf: AS_OF }],
      ['followUpPreview', { asOf: AS_OF }],
      ['analysisSummaryJson', { asOf: AS_OF }],
    ];
    for (const [name, ...args] of refused) expect(() => call(ss, name, ...args)).toThrow(ALREADY_RUNNING[locale]);
    call(ss, 'runMonthlyAnalysis');
    expect(lastAlert(ss)).toMatch(ALREADY_RUNNING[locale]);
    expect(state(ss)).toEqual(before);
    release();
    expect(analyse(ss).next).toBeNull();
  });
});

describe('two runs of the analysis', () => {
  test('a second run started between the first run’s steps is refused; once the first is done, it may start', () => {
    const ss = shop();
    const first = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF });
    expect(first.runId).toEqual(expect.any(String));
    const between = state(ss);
    expect(() => call(ss, 'analysisStep', 'analyse', { asOf: '2026-10-31' })).toThrow(ALREADY_RUNNING.ja_JP);
    // Nor can it join midway with an id of its own, nor run from the menu.
    expect(() => call(ss, 'analysisStep', 'summary', { asOf: '2026-10-31', runId: 'another-run' })).toThrow(
      ALREADY_RUNNING.ja_JP,
    );
    call(ss, 'runMonthlyAnalysis');
    expect(lastAlert(ss)).toMatch(ALREADY_RUNNING.ja_JP);
    expect(state(ss)).toEqual(between);

    let result = first;
    const seen = [result.step];
    while (result.next) {
      result = call<Step>(ss, 'analysisStep', result.next, { asOf: AS_OF, runId: first.runId });
      expect(result.runId).toBe(first.runId);
      seen.push(result.step);
    }
    expect(seen).toEqual(STEPS);
    expect(marker(ss)).toBeUndefined();

    analyse(ss, { asOf: '2026-10-31' });
    expect(
      ss
        .sheet('推移')
        .peekValues()
        .map((r) => r[0]),
      // The first run (as of 11-20: October) filled History from August; this one replaced October.
    ).toEqual(['対象月', '2026-08', '2026-09', '2026-10']);
  });

  test('a client that does not pass the run id on (today’s sidebar, the local runner) is protected the same way', () => {
    const ss = shop();
    let result = call<Step>(ss, 'analysisStep', 'analyse', {});
    expect(() => call(ss, 'analysisStep', 'analyse', {})).toThrow(ALREADY_RUNNING.ja_JP);
    while (result.next) result = call<Step>(ss, 'analysisStep', result.next, {});
    expect(marker(ss)).toBeUndefined();
    expect(call<Step>(ss, 'analysisStep', 'analyse', {}).step).toBe('analyse');
  });

  test('the menu’s one-click run passes its id from step to step and closes its run', () => {
    const ss = shop();
    call(ss, 'runMonthlyAnalysis');
    expect(lastAlert(ss)).toMatch(
      /^\d{4}年\d{1,2}月の分析が終わりました（お客様の一覧は\d{4}年\d{1,2}月\d{1,2}日時点）/,
    );
    expect(marker(ss)).toBeUndefined();
  });

  test('a run abandoned midway blocks others for ten minutes after its last step, then its late steps are refused', () => {
    const ss = shop();
    createServices({ spreadsheet: ss, clock: 'fake', start: Date.UTC(2026, 10, 20, 1) });
    const abandoned = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF });
    ss.env.clock.advance(5 * 60_000);
    call<Step>(ss, 'analysisStep', 'summary', { asOf: AS_OF, runId: abandoned.runId }); // the sidebar is closed after this step
    ss.env.clock.advance(9 * 60_000 + 59_000);
    expect(() => call(ss, 'analysisStep', 'analyse', { asOf: AS_OF })).toThrow(ALREADY_RUNNING.ja_JP);
    ss.env.clock.advance(1_000);
    const next = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF });
    expect(next.runId).not.toBe(abandoned.runId);
    expect(() => call(ss, 'analysisStep', 'history', { asOf: AS_OF, runId: abandoned.runId })).toThrow(
      ALREADY_RUNNING.ja_JP,
    );
    let result = next;
    while (result.next) result = call<Step>(ss, 'analysisStep', result.next, { asOf: AS_OF, runId: next.runId });
    expect(marker(ss)).toBeUndefined();
  });

  test('a step that fails ends its run and releases the lock: the owner can start again at once', () => {
    const ss = shop();
    const first = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF });
    ss.env.faults.fail('Range.setValues', { times: 1 });
    expect(() => call(ss, 'analysisStep', 'summary', { asOf: AS_OF, runId: first.runId })).toThrow(/server error/);
    expect(marker(ss)).toBeUndefined();
    expect(createServices({ spreadsheet: ss }).locks.isHeld('document')).toBe(false);
    expect(analyse(ss).next).toBeNull();
  });

  test('drafting between two steps of a run is allowed (the lock keeps each execution whole)', () => {
    const ss = shop();
    const first = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF });
    const services = createServices({ spreadsheet: ss });
    expect(loadBundle({ services }).call('createDraftBatch', { asOf: AS_OF })).toMatchObject({ done: true });
    let result = first;
    while (result.next) result = call<Step>(ss, 'analysisStep', result.next, { asOf: AS_OF, runId: first.runId });
    expect(result.step).toBe('charts');
  });

  test('a run id that is not a string is ignored, never stored', () => {
    const ss = shop();
    const first = call<Step>(ss, 'analysisStep', 'analyse', { asOf: AS_OF, runId: { toString: () => 'x' } });
    expect(JSON.parse(marker(ss) as string).id).toBe(first.runId);
    expect(() => call(ss, 'analysisStep', 'analyse', { asOf: AS_OF, runId: 42 })).toThrow(ALREADY_RUNNING.ja_JP);
  });
});
