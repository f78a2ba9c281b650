// Jest test sequencer for mutation runs (jest.stryker.config.js). For each mutant, Stryker's jest
// runner runs every test file that imports the mutated module (--findRelatedTests) with a name
// pattern for the tests that cover the mutant; the other files are still loaded, with their
// imports, only to skip every test. For a module most files import (days.ts, cells.ts) that is
// most of test/core per mutant. This keeps only the files that hold a test the pattern names,
// using the names the dry run recorded (record-test-names.cjs). A file it cannot place stays in,
// so a mutant is never run against fewer tests than cover it.
//
// The files it keeps run in the order most likely to kill the mutant first (bail-runner.cjs stops
// there): files that killed lately in this worker (recent-killers.cjs), then the module's own test
// files (days.ts: days*.test.ts), then those holding more of the covering tests.
const fs = require('fs');
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;
const { TEST_NAMES_FILE, ACTIVE_MUTANT } = require('./test-names.cjs');
const { recency } = require('./recent-killers.cjs');

let namesByFile;

function recordedNames() {
  if (namesByFile === undefined && fs.existsSync(TEST_NAMES_FILE)) {
    namesByFile = new Map();
    for (const line of fs.readFileSync(TEST_NAMES_FILE, 'utf8').split('\n')) {
      if (line === '') continue;
      const { file, names } = JSON.parse(line);
      namesByFile.set(file, [...(namesByFile.get(file) ?? []), ...names]);
    }
  }
  return namesByFile;
}

class CoveringFilesSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
    // Stryker passes the mutated file as the one --findRelatedTests argument.
    const [mutated] = options.globalConfig.nonFlagArgs ?? [];
    this.mutatedName = mutated === undefined ? undefined : path.basename(mutated).replace(/\.[^.]+$/, '');
  }

  sort(tests) {
    const names = recordedNames();
    if (process.env[ACTIVE_MUTANT] === undefined || !this.testNamePattern || names === undefined) {
      return super.sort(tests);
    }
    // Jest matches --testNamePattern case-insensitively against the full name.
    const pattern = new RegExp(this.testNamePattern, 'i');
    const covering = tests
      .map((test) => ({ test, count: this.coveringCount(names.get(test.path), pattern) }))
      .filter(({ count }) => count > 0);
    return covering.sort((a, b) => this.killOrder(a, b)).map(({ test }) => test);
  }

  /** How many tests of a file the pattern names; a file the dry run did not list counts as covering. */
  coveringCount(inFile, pattern) {
    if (inFile === undefined) return Infinity;
    return inFile.filter((name) => pattern.test(name)).length;
  }

  killOrder(a, b) {
    return (
      recency(b.test.path) - recency(a.test.path) ||
      this.ownTests(b.test.path) - this.ownTests(a.test.path) ||
      (a.count === b.count ? 0 : b.count > a.count ? 1 : -1) ||
      a.test.path.localeCompare(b.test.path)
    );
  }

  ownTests(testPath) {
    return this.mutatedName !== undefined && path.basename(testPath).startsWith(this.mutatedName) ? 1 : 0;
  }
}

module.exports = CoveringFilesSequencer;
