// A Stryker reporter (npm run mutate) that notes when each mutant's verdict came, so a slow run can
// be explained: reports/mutation/mutant-times.jsonl, one line per mutant tested, and at the end
// the files that took longest. Time is credited to the mutant whose verdict ends each interval, so
// a file's figure is about its share of the run's wall time (two workers share the intervals).
import fs from 'fs';
import path from 'path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const OUT = path.join('reports', 'mutation', 'mutant-times.jsonl');
const SHOWN = 8;

class TimingReporter {
  lines = [];
  byFile = new Map();
  last = undefined;

  onMutantTested(mutant) {
    if (mutant.status === 'Ignored' || mutant.status === 'NoCoverage') return;
    const now = Date.now();
    const file = mutant.fileName;
    const entry = this.byFile.get(file) ?? { mutants: 0, ms: 0, timeouts: 0 };
    entry.mutants += 1;
    entry.ms += now - (this.last ?? now);
    if (mutant.status === 'Timeout') entry.timeouts += 1;
    this.byFile.set(file, entry);
    this.last = now;
    const { line } = mutant.location.start;
    this.lines.push(JSON.stringify({ time: now, file, line, id: mutant.id, status: mutant.status }));
  }

  onMutationTestReportReady() {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${this.lines.join('\n')}\n`);
    const slowest = [...this.byFile].sort(([, a], [, b]) => b.ms - a.ms).slice(0, SHOWN);
    console.log('Slowest files (wall seconds, mutants, timeouts):');
    for (const [file, { ms, mutants, timeouts }] of slowest) {
      console.log(
        `  ${(ms / 1000).toFixed(0).padStart(5)} s  ${String(mutants).padStart(5)}  ${String(timeouts).padStart(3)}  ${path.relative(process.cwd(), file)}`,
      );
    }
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'timing', TimingReporter)];
