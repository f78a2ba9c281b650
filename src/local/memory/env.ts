// The state one fake Google account and document share across executions: call counts, injected
// faults, the clock, property stores, caches, locks, drafts and what the UI was asked to show.
// Service objects are thin facades over it; `counted` wraps each facade so that every method call
// made by the code under test is counted (nested calls made by the stand-in itself are not).

import { Clock } from './clock';
import { CUSTOM_FUNCTION_MS, CUSTOM_FUNCTION_TIMEOUT, customFunctionRefusal } from './custom-function';

/** Constructors of the realm the code under test runs in (a vm context has its own Date). */
export interface Realm {
  Date: DateConstructor;
  Error: ErrorConstructor;
}

export class CallCounter {
  private readonly counts = new Map<string, number>();

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  total(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Counts by method name, keys sorted so that snapshots compare and print stably. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of [...this.counts.keys()].sort()) out[name] = this.counts.get(name) as number;
    return out;
  }

  reset(): void {
    this.counts.clear();
  }

  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

/** Messages Apps Script really gives, for injecting realistic failures. */
export const GAS_ERRORS = {
  gmailDailyQuota: 'Service invoked too many times for one day: gmail.',
  gmailRateLimit: 'API call to gmail.users.drafts.create failed with error: User-rate limit exceeded',
  serverError: "We're sorry, a server error occurred. Please wait a bit and try again.",
  spreadsheetTimeout: 'Service Spreadsheets timed out while accessing document with id memory.',
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
} as const;

export interface FaultSpec {
  /** Calls that still succeed, counted from when the fault is set. Default 0. */
  after?: number;
  /** Default: GAS_ERRORS.serverError. A string becomes an Error of the running realm. */
  error?: string | Error;
  /** How many consecutive calls fail; default: every later call. */
  times?: number;
}

interface Fault {
  after: number;
  error: string | Error;
  times: number;
  seen: number;
}

export class Faults {
  private readonly faults = new Map<string, Fault>();

  fail(name: string, spec: FaultSpec = {}): void {
    this.faults.set(name, {
      after: spec.after ?? 0,
      error: spec.error ?? GAS_ERRORS.serverError,
      times: spec.times ?? Infinity,
      seen: 0,
    });
  }

  clear(name?: string): void {
    if (name === undefined) this.faults.clear();
    else this.faults.delete(name);
  }

  /** The error the next call of `name` must throw, if any; advances the fault's count. */
  next(name: string): string | Error | null {
    const fault = this.faults.get(name);
    if (!fault) return null;
    fault.seen++;
    return fault.seen > fault.after && fault.seen <= fault.after + fault.times ? fault.error : null;
  }
}

export interface LockState {
  /** Execution holding the lock, or null. */
  owner: number | null;
}

export interface CacheEntry {
  value: string;
  expires: number;
}

export type Scope = 'document' | 'script' | 'user';

export interface RecordedHtml {
  title: string;
  content: string;
  width: number;
  height: number;
}

export type MenuEntry =
  | { type: 'item'; caption: string; functionName: string }
  | { type: 'separator' }
  | { type: 'submenu'; caption: string; items: MenuEntry[] };

export interface RecordedMenu {
  /** 'addon' for createAddonMenu(), whose caption Sheets takes from the add-on's name. */
  kind: 'menu' | 'addon';
  caption: string;
  items: MenuEntry[];
}

export interface UiRecord {
  menus: RecordedMenu[];
  sidebar: RecordedHtml | null;
  dialogs: Array<RecordedHtml & { modal: boolean; dialogTitle: string }>;
  /** Alerts and prompts, in order. */
  alerts: Array<{ title: string; prompt: string; buttons: string }>;
  toasts: Array<{ message: string; title: string }>;
  /** Buttons the next alerts return, first first; OK once empty. */
  alertResponses: GoogleAppsScript.Base.Button[];
  /** Answers the next prompts return; OK with '' once empty. */
  promptResponses: Array<{ button: GoogleAppsScript.Base.Button; text: string }>;
}

export interface DraftRecord {
  id: string;
  messageId: string;
  threadId: string;
  /** The base64url text the code sent. */
  raw: string;
  /** The decoded RFC 5322 message. */
  text: string;
}

export class MemoryEnv {
  readonly calls = new CallCounter();
  readonly faults = new Faults();
  clock = new Clock('real');
  realm: Realm = { Date, Error };
  readonly properties: Record<Scope, Map<string, string>> = { document: new Map(), script: new Map(), user: new Map() };
  readonly caches: Record<Scope, Map<string, CacheEntry>> = { document: new Map(), script: new Map(), user: new Map() };
  readonly locks: Record<Scope, LockState> = {
    document: { owner: null },
    script: { owner: null },
    user: { owner: null },
  };
  readonly drafts: DraftRecord[] = [];
  readonly ui: UiRecord = {
    menus: [],
    sidebar: null,
    dialogs: [],
    alerts: [],
    toasts: [],
    alertResponses: [],
    promptResponses: [],
  };
  readonly logs: string[] = [];
  /** Set while a custom function runs: when it started (see custom-function.ts). */
  customFunction: { started: number } | null = null;
  private depth = 0;
  private lastId = 0;

  /** A fresh positive number (sheet ids, chart ids, draft ids, executions). */
  nextId(): number {
    return ++this.lastId;
  }

  /** Runs a service method: counted, charged on the clock and faulted only when called from outside. */
  invoke(name: string, counted: boolean, fn: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
    if (this.depth === 0 && this.customFunction) this.checkCustomFunction(name);
    if (this.depth === 0 && counted) {
      this.calls.add(name);
      this.clock.charge(name);
      const error = this.faults.next(name);
      if (error !== null) throw typeof error === 'string' ? this.error(error) : error;
    }
    this.depth++;
    try {
      return fn.apply(self, args);
    } finally {
      this.depth--;
    }
  }

  /** A custom function may call only some services, and must end within 30 s of its start. */
  checkCustomFunction(name?: string): void {
    const call = this.customFunction;
    if (!call) return;
    if (this.clock.now() - call.started > CUSTOM_FUNCTION_MS) throw this.error(CUSTOM_FUNCTION_TIMEOUT);
    const refusal = name === undefined ? null : customFunctionRefusal(name);
    if (refusal !== null) throw this.error(refusal);
  }

  /** Runs `fn` without counting, charging or faulting the service calls it makes. */
  inspect<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** An error as Apps Script throws it (name 'Exception'), made in the running realm. */
  error(message: string): Error {
    const error = new this.realm.Error(message);
    error.name = 'Exception';
    return error;
  }

  newDate(ms: number): Date {
    return new this.realm.Date(ms);
  }
}

// Names tools probe on any object (jest's printer, promises, Node's inspect); they must stay
// undefined rather than become "not implemented" stubs.
const PROBES = new Set([
  'then',
  'catch',
  'toJSON',
  'asymmetricMatch',
  'nodeType',
  'tagName',
  'inspect',
  'length',
  'prototype',
  'next',
]);
const OBJECT_METHODS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Wraps a service facade so that each method call is counted as `${label}.${method}`, and calling a
 * method the stand-in lacks fails with a clear message instead of "is not a function". Methods in
 * `quiet` (test helpers such as loaders) run uncounted.
 */
export function counted<T extends object>(target: T, label: string, env: MemoryEnv, quiet: readonly string[] = []): T {
  const wrappers = new Map<string, unknown>();
  const kind = /^(Spreadsheet|Sheet|Range|Filter|Embedded|Container|ChartOptions)/.test(label)
    ? 'spreadsheet'
    : 'Apps Script services';
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || OBJECT_METHODS.has(prop)) return Reflect.get(t, prop, receiver);
      const known = wrappers.get(prop);
      if (known !== undefined) return known;
      if (!(prop in t)) {
        if (!/^[a-z]/.test(prop) || PROBES.has(prop)) return undefined;
        const missing = (): never => {
          throw env.error(`not implemented in the in-memory ${kind}: ${label}.${prop}`);
        };
        wrappers.set(prop, missing);
        return missing;
      }
      const value = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = `${label}.${prop}`;
      const count = !quiet.includes(prop);
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        return env.invoke(name, count, value as (...a: unknown[]) => unknown, this, args);
      };
      wrappers.set(prop, wrapper);
      return wrapper;
    },
  });
}

/** True for Dates of any realm (`instanceof Date` fails for Dates made inside a vm context). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
