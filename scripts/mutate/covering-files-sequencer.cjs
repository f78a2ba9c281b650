// Jest test sequencer for mutation runs (jest.stryker.config.js). For each mutant, Stryker's jest
// runner runs every test file that imports the mutated module (--findRelatedTests) with a name
// pattern for the tests that cover the mutant; the other files are still loaded, with their
// imports, only to skip every test. For a module most files import (days.ts, cells.ts) that is
// most of test/core per mutant. This keeps only the files that hold a test the pattern names,
// using the names the dry run recorded (record-test-names.cjs). A file it cannot place stays in,
// so a mutant is never run against fewer tests than cover it.
const fs = require('fs');
const Sequencer = require('@jest/test-sequencer').default;
const { TEST_NAMES_FILE, ACTIVE_MUTANT } = require('./test-names.cjs');

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
  }

  sort(tests) {
    return super.sort(this.coveringOnly(tests));
  }

  coveringOnly(tests) {
    if (process.env[ACTIVE_MUTANT] === undefined || !this.testNamePattern) return tests;
    const names = recordedNames();
    if (names === undefined) return tests;
    // Jest matches --testNamePattern case-insensitively against the full name.
    const pattern = new RegExp(this.testNamePattern, 'i');
    return tests.filter((test) => {
      const inFile = names.get(test.path);
      return inFile === undefined || inFile.some((name) => pattern.test(name));
    });
  }
}

module.exports = CoveringFilesSequencer;
