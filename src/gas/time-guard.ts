// Apps Script stops an execution after 6 minutes. Long work checks the guard between units and
// stops cleanly at ~4.5 minutes, saving its progress so that the next call continues.

export const TIME_BUDGET_MS = 270_000;
/** Work that would end past this is not started: Apps Script ends the execution at 360 s. */
export const HARD_LIMIT_MS = 330_000;

export class TimeGuard {
  private readonly started = Date.now();
  constructor(private readonly budgetMs = TIME_BUDGET_MS) {}

  elapsed(): number {
    return Date.now() - this.started;
  }

  nearLimit(): boolean {
    return this.elapsed() >= this.budgetMs;
  }

  /** True when work expected to take `ms` (e.g. as long as the last part took) would end too late. */
  cannotFit(ms: number): boolean {
    return this.elapsed() + ms >= HARD_LIMIT_MS;
  }

  now(): Date {
    return new Date();
  }
}
