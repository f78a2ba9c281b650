// The Jest plug-ins of `npm run mutate` (scripts/mutate/): which covering files a mutant runs, in
// which order, and when a file stops. Each changes only how soon a killed mutant is decided; these
// tests pin the rules the README states, since a mutation run itself is not part of npm test.
import fs from 'fs';
import path from 'path';

const MUTATE = path.join(__dirname, '..', '..', 'scripts', 'mutate');
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

interface Plugins {
  Sequencer: new (options: unknown) => { sort(tests: { path: string }[]): { path: string }[] };
  recordKill(testPath: string): void;
}

/** Fresh module state (the kill history lives as long as a worker) and a recorded dry run. */
function loadPlugins(recorded: Record<string, string[]>): Plugins {
  const { TEST_NAMES_FILE } = jest.requireActual(path.join(MUTATE, 'test-names.cjs'));
  const lines = Object.entries(recorded).map(([file, names]) => JSON.stringify({ file, names }));
  const realExists = fs.existsSync;
  const realRead = fs.readFileSync;
  jest.spyOn(fs, 'existsSync').mockImplementation((p) => p === TEST_NAMES_FILE || realExists(p));
  jest
    .spyOn(fs, 'readFileSync')
    .mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) =>
      p === TEST_NAMES_FILE ? `${lines.join('\n')}\n` : realRead(p, o as BufferEncoding)) as typeof fs.readFileSync);
  let plugins!: Plugins;
  jest.isolateModules(() => {
    plugins = {
      Sequencer: jest.requireActual(path.join(MUTATE, 'covering-files-sequencer.cjs')),
      recordKill: jest.requireActual(path.join(MUTATE, 'recent-killers.cjs')).recordKill,
    };
  });
  return plugins;
}

const sequencerFor = (Sequencer: Plugins['Sequencer'], pattern: string, mutated = '/sandbox/src/core/days.ts') =>
  new Sequencer({ contexts: [], globalConfig: { testNamePattern: pattern, nonFlagArgs: [mutated] } });

const names = (tests: { path: string }[]) => tests.map((t) => path.basename(t.path));
const files = (...base: string[]) => base.map((name) => ({ path: `/sandbox/test/core/${name}` }));

beforeEach(() => {
  process.env[ACTIVE_MUTANT] = '7';
});
afterEach(() => {
  delete process.env[ACTIVE_MUTANT];
  jest.restoreAllMocks();
});

describe('covering-files sequencer', () => {
  const RECORDED = {
    '/sandbox/test/core/metrics.test.ts': ['metrics a', 'metrics b (days)', 'metrics c (days)'],
    '/sandbox/test/core/days.test.ts': ['days parses (days)'],
    '/sandbox/test/core/cells.test.ts': ['cells x'],
    '/sandbox/test/core/alpha.test.ts': ['alpha one (days)'],
  };

  it('keeps the files holding a covering test, and a file the dry run did not list', () => {
    const { Sequencer } = loadPlugins(RECORDED);
    const sorted = sequencerFor(Sequencer, '\\(days\\)').sort(
      files('cells.test.ts', 'metrics.test.ts', 'new.test.ts', 'alpha.test.ts', 'days.test.ts'),
    );
    // new.test.ts: unknown, so kept (counted as covering everything); cells: no covering test.
    expect(names(sorted).sort()).toStrictEqual(['alpha.test.ts', 'days.test.ts', 'metrics.test.ts', 'new.test.ts']);
  });

  it('orders: the latest killer, then the module’s own tests, then more covering tests, then by path', () => {
    const { Sequencer, recordKill } = loadPlugins(RECORDED);
    const tests = files('alpha.test.ts', 'metrics.test.ts', 'days.test.ts');
    const sequencer = sequencerFor(Sequencer, '\\(days\\)');
    // No kill yet: days.test.ts is days.ts's own; metrics holds 2 covering tests, alpha 1 (so not by path).
    expect(names(sequencer.sort(tests))).toStrictEqual(['days.test.ts', 'metrics.test.ts', 'alpha.test.ts']);
    recordKill('/sandbox/test/core/metrics.test.ts');
    recordKill('/sandbox/test/core/alpha.test.ts');
    // alpha killed last, metrics before it; both come before the own tests.
    expect(names(sequencer.sort(tests))).toStrictEqual(['alpha.test.ts', 'metrics.test.ts', 'days.test.ts']);
  });

  it('matches the name pattern as Jest does, ignoring case', () => {
    const { Sequencer } = loadPlugins(RECORDED);
    expect(names(sequencerFor(Sequencer, 'CELLS X').sort(files('cells.test.ts', 'days.test.ts')))).toStrictEqual([
      'cells.test.ts',
    ]);
  });

  it('leaves the set of files alone outside a mutant run (the dry run runs them all)', () => {
    const { Sequencer } = loadPlugins(RECORDED);
    delete process.env[ACTIVE_MUTANT];
    const sequencer = sequencerFor(Sequencer, '\\(days\\)');
    // Jest's own order then (by its timing cache): only the set is asserted.
    const sorted = sequencer.sort(
      files('cells.test.ts', 'days.test.ts').map((t) => ({
        ...t,
        duration: 1,
        context: { config: {}, hasteFS: { getSize: () => 1 } },
      })),
    );
    expect(names(sorted).sort()).toStrictEqual(['cells.test.ts', 'days.test.ts']);
  });
});

describe('bail environment', () => {
  const { prototype } = jest.requireActual(path.join(MUTATE, 'bail-environment.cjs'));
  const test = (errors: unknown[] = []) => ({ mode: undefined as string | undefined, errors });

  it('skips the tests after the first failure while a mutant is active', () => {
    const env = { failed: false };
    const first = test();
    prototype.handleTestEvent.call(env, { name: 'test_start', test: first });
    prototype.handleTestEvent.call(env, { name: 'test_done', test: test([new Error('x')]) });
    const next = test();
    prototype.handleTestEvent.call(env, { name: 'test_start', test: next });
    expect([first.mode, next.mode, env.failed]).toStrictEqual([undefined, 'skip', true]);
  });

  it('runs every test when no test failed, and in the dry run whatever failed', () => {
    const passing = { failed: false };
    prototype.handleTestEvent.call(passing, { name: 'test_done', test: test() });
    const afterPass = test();
    prototype.handleTestEvent.call(passing, { name: 'test_start', test: afterPass });
    delete process.env[ACTIVE_MUTANT];
    const dry = { failed: false };
    prototype.handleTestEvent.call(dry, { name: 'test_done', test: test([new Error('x')]) });
    const afterFailure = test();
    prototype.handleTestEvent.call(dry, { name: 'test_start', test: afterFailure });
    expect([afterPass.mode, afterFailure.mode, dry.failed]).toStrictEqual([undefined, undefined, false]);
  });
});
