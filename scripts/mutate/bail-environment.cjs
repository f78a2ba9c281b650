// Jest test environment for mutation runs (jest.stryker.config.js): while a mutant is active, once
// a test of the file has failed, the file's remaining tests are skipped. The mutant is killed by
// that first failure whatever follows, so the verdict is unchanged; a file of slow tests (the
// GoogleSQL grammar parse in test/sql/bigquery-text.test.ts takes half a second a query) stops at
// its first failure. Stryker's jest runner wraps this environment with its own, keeping this handler.
const { TestEnvironment } = require('jest-environment-node');
const { ACTIVE_MUTANT } = require('./test-names.cjs');

class BailEnvironment extends TestEnvironment {
  failed = false;

  handleTestEvent(event) {
    if (process.env[ACTIVE_MUTANT] === undefined) return;
    // jest-circus decides whether to skip a test after it announces test_start.
    if (event.name === 'test_start' && this.failed) event.test.mode = 'skip';
    else if (event.name === 'test_done' && event.test.errors.length > 0) this.failed = true;
  }
}

module.exports = BailEnvironment;
