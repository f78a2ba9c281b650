// Where Stryker's dry run lists the tests of each test file (one JSON line per file), for
// covering-files-sequencer.cjs. It lives in Stryker's sandbox (the project's copy), so each run
// starts without it.
const path = require('path');

module.exports = {
  TEST_NAMES_FILE: path.join(__dirname, '..', '..', '.stryker-test-names.jsonl'),
  // Set by Stryker's jest runner while a mutant is active, unset in its dry run.
  ACTIVE_MUTANT: '__STRYKER_ACTIVE_MUTANT__',
};
