// Mutation testing of the rules (npm run mutate; one file: npm run mutate -- --mutate src/core/days.ts).
// Not part of npm test or CI: a run over all of src/core takes tens of minutes on two cores.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js' },
  mutate: ['src/core/**/*.ts'],
  coverageAnalysis: 'perTest',
  // A mutant that does not type-check is set aside before any test runs (swc strips types without
  // checking them). Measured on two shared cores: about 18% slower per file, not half (README).
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'build', 'out', 'bench/data', 'coverage', 'reports'],
  cleanTempDir: 'always',
  // On a busy machine a test run can stall for seconds; a mutant is only called a timeout past this.
  timeoutMS: 10000,
};
