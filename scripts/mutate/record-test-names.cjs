/* global beforeEach, afterAll, expect -- Jest's globals: this is a setupFilesAfterEnv module */
// setupFilesAfterEnv of jest.stryker.config.js. In Stryker's dry run (every test runs, no mutant
// is active, and Stryker's test environment sets the global __stryker__), each test file appends
// its path and its tests' full names, as Jest's --testNamePattern matches them, to TEST_NAMES_FILE.
const fs = require('fs');
const { TEST_NAMES_FILE, ACTIVE_MUTANT } = require('./test-names.cjs');

if (globalThis.__stryker__ !== undefined && process.env[ACTIVE_MUTANT] === undefined) {
  const names = [];
  beforeEach(() => {
    names.push(expect.getState().currentTestName);
  });
  afterAll(() => {
    fs.appendFileSync(TEST_NAMES_FILE, `${JSON.stringify({ file: expect.getState().testPath, names })}\n`);
  });
}
