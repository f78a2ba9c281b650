// The tests StrykerJS runs against each mutant of src/core (npm run mutate): those that import
// src/core directly. The bundle, runner, gas and local tests load dist/, built before the run, so
// they would never see a mutant; the property tests take 15 s a run and are left to npm test.
//
// MUTATE_TESTS=days,days-offset-changes narrows a run to those files of test/core (names without
// .test.ts; globs allowed): a module's own tests, so each mutant of a widely imported file (days.ts
// reaches 1,200 tests) runs a few dozen. The score is then a lower bound for the whole of test/core.
//
// MUTATE_ROOTS=test/core,test/sql adds other test folders (the SQL builders' tests are in test/sql,
// which runs DuckDB: name the quick files in MUTATE_TESTS, which then match in every root).
const base = require('./jest.config.js');

const roots = (process.env.MUTATE_ROOTS ?? 'test/core')
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
  testPathIgnorePatterns: [],
  ...(only.length > 0 ? { testMatch: only.flatMap((name) => roots.map((dir) => `**/${dir}/${name}.test.ts`)) } : {}),
};
