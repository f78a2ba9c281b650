// The clock Apps Script code sees. A fake clock only moves when told to (advance, set,
// Utilities.sleep, lock waits, per-call costs), so code that watches its own run time can be tested
// deterministically instead of by waiting.

export type ClockMode = 'real' | 'fake';

export class Clock {
  readonly fake: boolean;
  private time: number;
  private readonly costs = new Map<string, number>();
  private readonly cellCosts = new Map<string, number>();

  constructor(mode: ClockMode = 'real', start: Date | number = Date.now()) {
    this.fake = mode === 'fake';
    this.time = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.fake ? this.time : Date.now();
  }

  advance(ms: number): void {
    this.requireFake('advance');
    this.time += ms;
  }

  set(date: Date | number): void {
    this.requireFake('set');
    this.time = typeof date === 'number' ? date : date.getTime();
  }

  /**
   * Makes each counted call of `name` (or of any method, with '*') advance the fake clock by `ms`,
   * to simulate slow services. A per-method cost overrides '*'.
   */
  setCallCost(ms: number, name = '*'): void {
    this.requireFake('setCallCost');
    this.costs.set(name, ms);
  }

  /**
   * Makes `name` cost `ms` per cell it covers (autoResizeColumns, createFilter: Sheets' time for
   * them grows with the rows), on top of any cost per call.
   */
  setCellCost(ms: number, name: string): void {
    this.requireFake('setCellCost');
    this.cellCosts.set(name, ms);
  }

  /** Charges the cost per cell of `name` for `cells` cells. */
  chargeCells(name: string, cells: number): void {
    if (this.fake) this.time += (this.cellCosts.get(name) ?? 0) * cells;
  }

  /** Advances a fake clock by `ms`; a real clock ignores it (the stand-in never really waits). */
  sleep(ms: number): void {
    if (this.fake) this.time += ms;
  }

  charge(name: string): void {
    if (this.costs.size === 0) return;
    this.time += this.costs.get(name) ?? this.costs.get('*') ?? 0;
  }

  private requireFake(what: string): void {
    if (!this.fake) throw new Error(`clock.${what}: the clock is real; create the services with { clock: 'fake' }`);
  }
}
