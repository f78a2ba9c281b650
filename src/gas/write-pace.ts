// Pacing of a large tab written over several executions (see writeTableInBlocks).

import { BlockPace } from './sheets';
import { WriteProgress, saveProgress } from './run-cache';
import { TimeGuard } from './time-guard';

/**
 * When the analyse step writes its next part, and what it saves after each. Each execution writes
 * at least one part, so that every call makes progress; a later part starts only before the
 * budget is spent and if one more part, as long as the longest so far, still ends in time. The
 * progress is saved after every part, so an execution ended by Apps Script loses at most one;
 * saved with the analysis' signature, worked out then (a tab written in one part needs none).
 */
export function writePace(
  guard: TimeGuard,
  progress: WriteProgress,
  signatureOf: () => string = () => progress.signature,
) {
  let wroteAny = false;
  let partStarted = 0;
  let longestPart = 0;
  const pace = {
    /** A tab over a million cells was written in parts, and its progress saved. */
    savedAny: false,
    of(tab: 'segments' | 'rejected'): BlockPace {
      return {
        shouldStop() {
          if (wroteAny && (guard.nearLimit() || guard.cannotFit(longestPart))) return true;
          wroteAny = true;
          partStarted = Date.now();
          return false;
        },
        written(rowsWritten) {
          longestPart = Math.max(longestPart, Date.now() - partStarted);
          progress[tab] = rowsWritten;
          progress.signature = signatureOf();
          saveProgress(progress);
          pace.savedAny = true;
        },
      };
    },
  };
  return pace;
}
