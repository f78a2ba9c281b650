// One analysis or drafting run at a time per document: a second click gets a clear message
// instead of a second writer racing the first.

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
