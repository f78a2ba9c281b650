// Mutation testing of the rules (npm run mutate; one file: npm run mutate -- --mutate src/core/days.ts).
// Not part of npm test or CI: a run over all of src/core takes about 30 minutes on two cores (README).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js' },
  mutate: ['src/core/**/*.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (in tables built on import) would each need every test of test/core: left out
  // unless MUTATE_STATIC=1.
  ignoreStatic: !process.env.MUTATE_STATIC,
  // No type checker: it type-checks the project for each mutant, which cut throughput by about
  // ten on two cores (rhythm.ts with its own tests: 51 s without, 10.6 min with, same hour;
  // README). A mutant TypeScript would refuse still runs as the JavaScript swc makes of it, and
  // counts like any other. `npm run mutate -- --checkers typescript` brings the checker back.
  checkers: [],
  tsconfigFile: 'tsconfig.json',
  concurrency: 2,
  // timing: where the run's time went (reports/mutation/mutant-times.jsonl, slowest files at the end).
  plugins: ['@stryker-mutator/*', './scripts/mutate/timing-reporter.mjs'],
  reporters: ['clear-text', 'progress', 'json', 'html', 'timing'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'build', 'out', 'bench/data', 'coverage', 'reports'],
  cleanTempDir: 'always',
  // A mutant's allowance is 1.5 times its covering tests' time, plus this, plus the dry run's whole
  // overhead (7 s for all of src/core: loading every test file once, already more than any one
  // mutant loads). 3 s on top absorbs a stall; each timeout costs its allowance and a new worker,
  // so 10 s cost minutes on a run with ~40 of them (README).
  timeoutMS: 3000,
};
