// Jest runner for mutation runs (jest.stryker.config.js). Stryker's jest runner turns Jest's bail
// off (Jest cannot bail when called programmatically), so a mutant the first test file already
// kills still runs every other file that covers it. A killed mutant is killed: while a mutant is
// active, this runs the files one at a time and stops at the first file with a failing test.
// A mutant that survives still runs every file; the verdicts are the same, only sooner.
const TestRunner = require('jest-runner').default;
const { ACTIVE_MUTANT } = require('./test-names.cjs');
const { recordKill } = require('./recent-killers.cjs');

const failedIn = (result) => result.numFailingTests > 0 || result.testExecError !== undefined;

class BailRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (process.env[ACTIVE_MUTANT] === undefined || !options.serial) {
      return super.runTests(tests, watcher, options);
    }
    let failed = false;
    const stopOnFailure = this.on('test-file-success', ([test, result]) => {
      if (failedIn(result)) {
        failed = true;
        recordKill(test.path);
      }
    });
    const stopOnError = this.on('test-file-failure', ([test]) => {
      failed = true;
      recordKill(test.path);
    });
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      stopOnFailure();
      stopOnError();
    }
  }
}

module.exports = BailRunner;
