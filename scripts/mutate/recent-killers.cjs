// Which test files killed mutants lately in this Stryker worker, shared by bail-runner.cjs (which
// records them) and covering-files-sequencer.cjs (which runs them first). Stryker tests a file's
// mutants in order of position, so the file that killed the last mutant most often kills the next
// one too; with bail-runner.cjs stopping at the first failing file, running it first saves loading
// the files before it. Order only: every covering file still runs for a mutant that survives.
// Module state lives as long as the worker process (Jest loads its runner and sequencer with
// Node's require, outside the test sandbox).
const lastKill = new Map();
let clock = 0;

module.exports = {
  recordKill(testPath) {
    clock += 1;
    lastKill.set(testPath, clock);
  },
  /** Higher for a file that killed more recently; 0 for one that has not killed yet. */
  recency(testPath) {
    return lastKill.get(testPath) ?? 0;
  },
};
