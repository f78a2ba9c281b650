// google.script.run's rules, and every entry point the sidebar calls exercised through them.
import vm from 'vm';
import { overScriptRun } from '../../src/local/script-run';
import { createServices } from '../../src/local/memory';
import { loadBundle } from '../../src/local/bundle';
import { PreviewServer, startPreview } from '../../src/local/cli/preview';
import { AS_OF, shop } from '../hardening/shop';

describe('what google.script.run carries', () => {
  test('primitives, plain objects and arrays arrive as copies; undefined in an array becomes null', () => {
    const sent = { a: [1, undefined, 'x'], b: { c: true, d: undefined }, e: null };
    const got = overScriptRun(sent) as typeof sent;
    expect(got).toEqual({ a: [1, null, 'x'], b: { c: true }, e: null });
    expect(got).not.toBe(sent);
    expect(got.b).not.toBe(sent.b);
  });

  test.each([
    ['a Date', [{ asOf: new Date() }], 'Failed due to illegal value in property: asOf'],
    ['a function', [() => 1], 'Failed due to illegal value in property: 0'],
    ['a Map', [{ m: new Map() }], 'Failed due to illegal value in property: m'],
    ['a Set in an array', [[new Set()]], 'Failed due to illegal value in property: 0'],
    ['a class instance', [new (class Point {})()], 'Failed due to illegal value in property: 0'],
  ])('%s fails the call', (_, args, message) => {
    expect(() => overScriptRun(args)).toThrow(message);
  });

  test('a circular object fails the call', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => overScriptRun([o])).toThrow('Failed due to circular reference.');
  });
});

test('every entry point the sidebar calls sends and returns what google.script.run carries', () => {
  const ss = shop();
  const run = <T>(name: string, ...args: unknown[]) =>
    loadBundle({ services: createServices({ spreadsheet: ss }) }).run<T>(name, ...args);
  const state = run<{ salesSheet: string }>('sidebarState');
  expect(state.salesSheet).toBe('売上');
  run('saveSidebarSettings', { shopName: 'ことり珈琲', thresholds: { atRiskDays: '90' } });
  let step = run<{ next: string | null; runId?: string }>('analysisStep', 'analyse', { asOf: AS_OF });
  while (step.next) step = run('analysisStep', step.next, { asOf: AS_OF, runId: step.runId });
  expect(run<Record<string, unknown>>('analysisSummaryJson', { asOf: AS_OF })).toBeTruthy();
  run('activateTab', 'サマリー');
  expect(run<{ countsByType?: unknown }>('followUpPreview', { asOf: AS_OF })).toBeTruthy();
  expect(run<{ created: number }>('createDraftBatch', { asOf: AS_OF, batchSize: 100 }).created).toBeGreaterThan(0);
  // The sidebar could not send the as-of as a Date: the call fails before it reaches the server.
  expect(() => run('followUpPreview', { asOf: new Date() })).toThrow('Failed due to illegal value in property: asOf');
});

describe("the preview's google.script.run", () => {
  let preview: PreviewServer;
  beforeAll(async () => {
    preview = await startPreview({ port: 0, asOf: AS_OF });
  });
  afterAll(() => preview.close());

  /** The page's stand-in, run with a fetch that records what it would send. */
  async function standIn() {
    const html = await (await fetch(preview.url)).text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const sent: string[] = [];
    const window: Record<string, unknown> = {};
    const fetchStub = (_url: string, init: { body: string }) => {
      sent.push(init.body);
      return new Promise(() => undefined);
    };
    vm.runInNewContext(script, { window, fetch: fetchStub, setTimeout, console });
    const google = window.google as { script: { run: Record<string, (...args: unknown[]) => void> } };
    return { run: google.script.run, sent };
  }

  test('an argument google.script.run cannot carry fails the call in the page, before anything is sent', async () => {
    const { run, sent } = await standIn();
    expect(() => run.followUpPreview({ asOf: new Date() })).toThrow('Failed due to illegal value in property: asOf');
    expect(sent).toEqual([]);
    run.followUpPreview({ asOf: AS_OF, skip: undefined });
    expect(sent.map((body) => JSON.parse(body))).toEqual([{ name: 'followUpPreview', args: [{ asOf: AS_OF }] }]);
  });
});
