// The tests StrykerJS runs against each mutant of src/core (npm run mutate): those that import
// src/core directly. The bundle, runner, gas and local tests load dist/, built before the run, so
// they would never see a mutant; the property tests take 15 s a run and are left to npm test.
//
// MUTATE_TESTS=days,days-offset-changes narrows a run to those files of test/core (names without
// .test.ts; globs allowed): a module's own tests, so each mutant of a widely imported file (days.ts
// reaches 1,200 tests) runs a few dozen. The score is then a lower bound for the whole of test/core.
//
// The SQL builders (src/core/sql) are tested in test/sql, so it is a root too; its DuckDB property
// and fixture files take 10 to 300 s a run and are left out (they stay in npm test). MUTATE_ROOTS
// replaces the roots (MUTATE_ROOTS=test/core); MUTATE_TESTS names then match in every root.
const path = require('path');
const base = require('./jest.config.js');

const SLOW_SQL_TESTS = ['duckdb-run', 'fixtures', 'settings-property'];

const roots = (process.env.MUTATE_ROOTS ?? 'test/core,test/sql')
  .split(',')
  .map((dir) => dir.trim())
  .filter((dir) => dir !== '');

const only = (process.env.MUTATE_TESTS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: roots.map((dir) => `<rootDir>/${dir}`),
  testPathIgnorePatterns: SLOW_SQL_TESTS.map((name) => `/test/sql/${name}\\.test\\.ts$`),
  // Each mutant loads only the test files that hold a test covering it, and stops at the first
  // that fails (scripts/mutate).
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/scripts/mutate/record-test-names.cjs'],
  // fast-check with one fixed seed, for the same verdicts in every run.
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^fast-check$': '<rootDir>/scripts/mutate/seeded-fast-check.cjs',
  },
  testSequencer: '<rootDir>/scripts/mutate/covering-files-sequencer.cjs',
  // An absolute path: Stryker's jest runner loads the environment itself, without <rootDir>.
  testEnvironment: path.join(__dirname, 'scripts', 'mutate', 'bail-environment.cjs'),
  runner: '<rootDir>/scripts/mutate/bail-runner.cjs',
  ...(only.length > 0 ? { testMatch: only.flatMap((name) => roots.map((dir) => `**/${dir}/${name}.test.ts`)) } : {}),
};
