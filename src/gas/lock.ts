// One analysis or drafting run at a time per document: a second click gets a clear message
// instead of a second writer racing the first.
//
// The document lock covers one execution. The monthly analysis is five executions (one per step,
// so the sidebar can show progress), and a run started between two of them would interleave its
// writes with the first run's. So the first step also leaves a run marker in the document's
// properties (shared by every user of the document, unlike a lock between executions), later
// steps carry its id, and another run's first step is refused while the marker is fresh. The
// last step, or a failed one, removes it; a marker left by an abandoned run (sidebar closed
// midway) goes stale after RUN_MARKER_TTL_MS without a step.

export class AlreadyRunningError extends Error {
  constructor() {
    super('already_running');
    this.name = 'AlreadyRunningError';
  }
}

export function withDocumentLock<T>(body: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock || !lock.tryLock(1000)) throw new AlreadyRunningError();
  try {
    return body();
  } finally {
    lock.releaseLock();
  }
}

export const RUN_MARKER_KEY = 'analysis.run.v1';
/** Longer than one execution may last (6 minutes), so a run's own step never finds its marker stale. */
export const RUN_MARKER_TTL_MS = 10 * 60 * 1000;

interface RunMarker {
  id: string;
  startedAt: number;
  /** When the run's latest step began: staleness counts from here. */
  touchedAt: number;
}

function store(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getDocumentProperties();
}

/** The stored marker; null when there is none or it cannot be read (then it blocks nobody). */
function readMarker(): RunMarker | null {
  const raw = store().getProperty(RUN_MARKER_KEY);
  if (!raw) return null;
  try {
    const marker = JSON.parse(raw) as RunMarker;
    return typeof marker.id === 'string' && typeof marker.touchedAt === 'number' ? marker : null;
  } catch {
    return null;
  }
}

/** The marker of a run still in progress, or null. */
function liveMarker(now: number): RunMarker | null {
  const marker = readMarker();
  return marker && now - marker.touchedAt < RUN_MARKER_TTL_MS ? marker : null;
}

function saveMarker(marker: RunMarker): void {
  store().setProperty(RUN_MARKER_KEY, JSON.stringify(marker));
}

/**
 * Opens a run at its first step and returns its id; refused while another run is in progress.
 * `requested` (a run id given back) reopens that run if it is the one in progress. Call under
 * the document lock.
 */
export function beginRun(requested?: string): string {
  const now = Date.now();
  const live = liveMarker(now);
  if (live && live.id !== requested) throw new AlreadyRunningError();
  const id = live ? live.id : Utilities.getUuid();
  saveMarker({ id, startedAt: now, touchedAt: now });
  return id;
}

/**
 * A later step of a run. With its id: refused if another run took over (this one went stale).
 * Without an id (a caller that does not pass it on yet): continues whatever run is in progress,
 * since another run's first step cannot have started while that marker is fresh. Returns the run
 * id, or null when there is no run to continue. Call under the document lock.
 */
export function continueRun(runId?: string): string | null {
  const now = Date.now();
  const live = liveMarker(now);
  if (runId) {
    if (live && live.id !== runId) throw new AlreadyRunningError();
    saveMarker({ id: runId, startedAt: live ? live.startedAt : now, touchedAt: now });
    return runId;
  }
  if (!live) return null;
  saveMarker({ ...live, touchedAt: now });
  return live.id;
}

/** Closes the run (its last step, or a step that failed); a marker of another run stays. */
export function endRun(runId: string | null): void {
  if (runId !== null && readMarker()?.id === runId) store().deleteProperty(RUN_MARKER_KEY);
}
