// Apps Script stops an execution after 6 minutes. Long work checks the guard between units and
// stops cleanly at ~4.5 minutes, saving its progress so that the next call continues.

export const TIME_BUDGET_MS = 270_000;

export class TimeGuard {
  private readonly started = Date.now();
  constructor(private readonly budgetMs = TIME_BUDGET_MS) {}

  nearLimit(): boolean {
    return Date.now() - this.started >= this.budgetMs;
  }

  now(): Date {
    return new Date();
  }
}
