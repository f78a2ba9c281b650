// Loads the built Apps Script files (dist/*.js) into a Node vm context whose globals are the
// in-memory services, and calls their top-level functions as Apps Script would. Each call is a
// fresh execution by default (new context, global state starts over, locks left held are
// released), like a menu click or a google.script.run call.
//
// Values crossing the vm boundary keep their realm: a Date or array returned by the bundle is not
// `instanceof Date`/`Array` in the caller. Use fromVm() to turn a result into this realm's objects.

import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { isDate, MemoryServices, Realm } from './memory';
import { overScriptRun } from './script-run';

export interface LoadBundleOptions {
  /** Default 'dist'. */
  distDir?: string;
  services: MemoryServices;
  /** Keep one context for every call instead of a fresh one per call. */
  reuseContext?: boolean;
  /** Default: the first of <distDir>/../.clasp.json and <distDir>/.clasp.json that exists. */
  claspJson?: string;
  /** The vm's console; default the caller's. */
  console?: Pick<Console, 'log' | 'info' | 'warn' | 'error'>;
}

export interface LoadedBundle {
  /** Script files in the order they run. */
  readonly files: string[];
  /** The context of the latest execution (created on first use). */
  readonly context: vm.Context;
  /** Calls a top-level function of the bundle and returns its result (still of the vm's realm). */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /**
   * Runs a custom function as a cell does: its own execution, in custom-function mode (read-only
   * spreadsheet, no UI/Gmail/…, 30 s), each argument as Sheets passes it — a value (number,
   * string, boolean, Date, '' for a blank) or a 2-D array of them; `{ range: "'売上'!A1:G500" }`
   * passes what that range holds. Leave trailing optional arguments out, as a formula does.
   */
  customFunction<T = unknown>(name: string, ...args: SheetsArgument[]): T;
  /**
   * A google.script.run call: arguments and result copied by its rules (script-run.ts), so a Date
   * or a class instance fails as it would from the sidebar, and nothing is shared by reference.
   */
  run<T = unknown>(name: string, ...args: unknown[]): T;
}

/** An argument of a custom function: a literal as Sheets evaluates it, or a range of the spreadsheet. */
export type SheetsArgument = SheetsValue | unknown[][] | { range: string };
type SheetsValue = number | string | boolean | Date;

// Replaces the context's Date so that Date.now() and new Date() read the services' fake clock.
const FAKE_DATE = `(function (now) {
  var RealDate = Date;
  function FakeDate() {
    if (!new.target) return new RealDate(now()).toString();
    return arguments.length === 0 ? new RealDate(now()) : Reflect.construct(RealDate, Array.prototype.slice.call(arguments));
  }
  Object.setPrototypeOf(FakeDate, RealDate);
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = function () { return now(); };
  Object.defineProperty(FakeDate, 'name', { value: 'Date' });
  globalThis.Date = FakeDate;
})`;

/**
 * Built-ins newer than ES2019, deleted from every context before the bundle runs: Google does not
 * say which V8 runs Apps Script, and the add-on promises ES2019 (what `dist/` is built for), so a
 * call to any of these must fail here as it might there.
 */
export const NEWER_BUILTINS = [
  'globalThis.BigInt',
  'globalThis.BigInt64Array',
  'globalThis.BigUint64Array',
  'globalThis.AggregateError',
  'globalThis.WeakRef',
  'globalThis.FinalizationRegistry',
  'globalThis.structuredClone',
  'globalThis.Iterator',
  'globalThis.Float16Array',
  'String.prototype.matchAll',
  'String.prototype.replaceAll',
  'String.prototype.at',
  'String.prototype.isWellFormed',
  'String.prototype.toWellFormed',
  'Array.prototype.at',
  'Array.prototype.findLast',
  'Array.prototype.findLastIndex',
  'Array.prototype.toSorted',
  'Array.prototype.toReversed',
  'Array.prototype.toSpliced',
  'Array.prototype.with',
  'Object.getPrototypeOf(Int8Array.prototype).at',
  'Object.getPrototypeOf(Int8Array.prototype).findLast',
  'Object.getPrototypeOf(Int8Array.prototype).findLastIndex',
  'Object.getPrototypeOf(Int8Array.prototype).toSorted',
  'Object.getPrototypeOf(Int8Array.prototype).toReversed',
  'Object.getPrototypeOf(Int8Array.prototype).with',
  'Object.hasOwn',
  'Object.groupBy',
  'Map.groupBy',
  'Promise.allSettled',
  'Promise.any',
  'Promise.withResolvers',
  'Promise.try',
  'RegExp.escape',
  'Math.f16round',
  'Set.prototype.union',
  'Set.prototype.intersection',
  'Set.prototype.difference',
  'Set.prototype.symmetricDifference',
  'Set.prototype.isSubsetOf',
  'Set.prototype.isSupersetOf',
  'Set.prototype.isDisjointFrom',
  'ArrayBuffer.prototype.resize',
  'ArrayBuffer.prototype.transfer',
  // Last: the lines above read it.
  'globalThis.globalThis',
];
const STRIP_NEWER_BUILTINS = new vm.Script(NEWER_BUILTINS.map((path) => `delete ${path};`).join('\n'));

/**
 * Builtins the bundle reads as globals. In a vm context every read of a global goes through the
 * context's interceptor (~100 ns; Apps Script's V8 pays nothing like it): `Math.imul` in a hot
 * loop ran ~50x slower than in Apps Script. The loader binds these as parameters of a function
 * around the scripts, so they are read as locals; the scripts' text is unchanged.
 */
const BUILTINS = [
  'Object',
  'Array',
  'Math',
  'Number',
  'String',
  'Boolean',
  'Symbol',
  'JSON',
  'Reflect',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Date',
  'Error',
  'TypeError',
  'RangeError',
  'RegExp',
  'Promise',
  'Intl',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
  'escape',
  'unescape',
];
const BUILTINS_OF = new vm.Script(`[${BUILTINS.join(', ')}]`);

/**
 * The scripts, in order, as one function of the builtins that returns what they declare at the
 * top level (Apps Script runs all files of a project in one global scope, so joining them keeps
 * their meaning). The first line is not moved: stack traces keep the first file's line numbers.
 */
function wrappedScripts(files: string[]): vm.Script {
  const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
  const names = new Set<string>();
  for (const source of sources) {
    // A top-level declaration starts its line (after a "use strict"; the build may put before it).
    const declaration =
      /^(?:(?:"use strict"|'use strict');)?(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|(?:var|let|const|class)\s+([A-Za-z_$][\w$]*))/gm;
    for (const m of source.matchAll(declaration)) names.add(m[1] ?? m[2]);
  }
  const exported = [...names].map((n) => `${n}: typeof ${n} === 'undefined' ? undefined : ${n}`).join(', ');
  return new vm.Script(`(function (${BUILTINS.join(', ')}) {${sources.join('\n;\n')}\n;return { ${exported} };\n})`, {
    filename: files.join(' + '),
  });
}

function listScripts(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listScripts(full));
    else if (/\.(js|gs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Files listed in .clasp.json's filePushOrder first, in that order, then the rest alphabetically. */
export function orderScripts(distDir: string, claspJson?: string): string[] {
  const root = path.resolve(distDir);
  const files = listScripts(root).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const clasp =
    claspJson ?? [path.join(root, '..', '.clasp.json'), path.join(root, '.clasp.json')].find((p) => fs.existsSync(p));
  if (!clasp) return files;
  const order: unknown = JSON.parse(fs.readFileSync(clasp, 'utf8')).filePushOrder;
  if (!Array.isArray(order)) return files;
  const first: string[] = [];
  for (const entry of order) {
    // clasp resolves entries against the project; accept them relative to .clasp.json or to dist.
    const match = [path.resolve(path.dirname(clasp), String(entry)), path.resolve(root, String(entry))].find((p) =>
      files.includes(p),
    );
    if (match && !first.includes(match)) first.push(match);
  }
  return [...first, ...files.filter((f) => !first.includes(f))];
}

/** HTML files of dist, by name without '.html', for HtmlService.createHtmlOutputFromFile. */
function readHtmlFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.html')) out[name.slice(0, -5)] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return out;
}

/**
 * Fresh vm contexts holding the bundle, and a way to run code with the services handing out Dates
 * and Errors of a context's realm (while its code runs) or of this one (so that a test inspecting
 * the sheet afterwards gets ordinary Dates).
 */
function contexts(options: LoadBundleOptions, script: vm.Script) {
  const services = options.services;
  const inRealm = <T>(realm: Realm, fn: () => T): T => {
    const previous = services.env.realm;
    services.bindRealm(realm);
    try {
      return fn();
    } finally {
      services.bindRealm(previous);
    }
  };

  const newContext = () => {
    const context = vm.createContext({ ...services.globals, console: options.console ?? console });
    if (services.clock.fake) vm.runInContext(FAKE_DATE, context)(() => services.clock.now());
    const realm: Realm = vm.runInContext('({ Date: Date, Error: Error })', context);
    STRIP_NEWER_BUILTINS.runInContext(context);
    inRealm(realm, () => {
      const run = script.runInContext(context) as (...builtins: unknown[]) => Record<string, unknown>;
      // The top-level names the scripts declare become the context's globals, as in Apps Script.
      Object.assign(context, run(...(BUILTINS_OF.runInContext(context) as unknown[])));
    });
    return { context, realm };
  };
  return { inRealm, newContext };
}

export function loadBundle(options: LoadBundleOptions): LoadedBundle {
  const distDir = options.distDir ?? 'dist';
  const services = options.services;
  const files = orderScripts(distDir, options.claspJson);
  const script = wrappedScripts(files);
  for (const [name, content] of Object.entries(readHtmlFiles(distDir))) {
    if (!(name in services.htmlFiles)) services.htmlFiles[name] = content;
  }
  let current: { context: vm.Context; realm: Realm } | null = null;
  const { inRealm, newContext } = contexts(options, script);

  return {
    files,
    get context() {
      return (current ?? (current = newContext())).context;
    },
    call<T>(name: string, ...args: unknown[]): T {
      if (!options.reuseContext || current === null) {
        services.beginExecution();
        current = newContext();
      }
      return run<T>(current, name, () => args, !options.reuseContext);
    },
    run<T>(name: string, ...args: unknown[]): T {
      const sent = overScriptRun(args) as unknown[];
      return overScriptRun(this.call(name, ...sent)) as T;
    },
    customFunction<T>(name: string, ...args: SheetsArgument[]): T {
      services.beginCustomFunction();
      current = newContext();
      const points = (current.context as { AddOn?: { ENTRY_POINTS?: { name: string; customFunction?: boolean }[] } })
        .AddOn?.ENTRY_POINTS;
      if (points && !points.some((p) => p.name === name && p.customFunction))
        throw new Error(`${name} is not a custom function of the bundle`);
      const { realm } = current;
      let result: T;
      try {
        result = run<T>(
          current,
          name,
          () => args.map((a, i) => sheetsArgument(services, realm, a, i)),
          false,
          () => {
            // The 30 s count the work between service calls too.
            services.env.checkCustomFunction();
          },
        );
      } finally {
        services.endExecution();
      }
      checkCellResult(result);
      return result;
    },
  };

  function run<T>(
    { context, realm }: { context: vm.Context; realm: Realm },
    name: string,
    args: () => unknown[],
    end: boolean,
    after?: () => void,
  ): T {
    const fn: unknown = context[name];
    if (typeof fn !== 'function') throw new Error(`the bundle has no top-level function ${name}`);
    try {
      return inRealm(realm, () => {
        const result = fn(...args()) as T;
        after?.();
        return result;
      });
    } catch (e) {
      throw toHostError(e);
    } finally {
      if (end) services.endExecution();
    }
  }
}

/** A custom function's argument as Sheets hands it over, with Dates of the running realm. */
function sheetsArgument(services: MemoryServices, realm: Realm, arg: SheetsArgument, index: number): unknown {
  if (isRange(arg)) {
    const values = services.inspect(() => services.spreadsheet.getRange(arg.range).getValues());
    return values.length === 1 && values[0].length === 1 ? values[0][0] : values;
  }
  const value = (v: unknown): unknown => {
    if (isDate(v)) return new realm.Date(v.getTime());
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    throw new Error(
      `argument ${index + 1}: Sheets passes numbers, text, booleans, Dates and '' for blanks, not ${String(v)}`,
    );
  };
  if (!Array.isArray(arg)) return value(arg);
  const rows = arg as unknown[];
  if (!rows.every((row) => Array.isArray(row) && row.length === (rows[0] as unknown[]).length && row.length > 0))
    throw new Error(`argument ${index + 1}: Sheets passes a range as a rectangular 2-D array`);
  return (rows as unknown[][]).map((row) => row.map(value));
}

function isRange(arg: SheetsArgument): arg is { range: string } {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !isDate(arg);
}

/** What a cell can show: a number, text, boolean or Date, or a 2-D array of them. */
function checkCellResult(result: unknown): void {
  const cell = (v: unknown) => ['number', 'string', 'boolean'].includes(typeof v) || isDate(v);
  const ok = Array.isArray(result)
    ? result.every((row) => Array.isArray(row) && (row as unknown[]).every(cell))
    : cell(result);
  if (!ok) throw new Error(`a custom function must return what a cell can show, not ${JSON.stringify(result)}`);
}

/** An error from the vm's realm as an Error of this realm (so instanceof and jest's toThrow work). */
function toHostError(e: unknown): unknown {
  if (e instanceof Error || e === null || typeof e !== 'object' || !('message' in e)) return e;
  const source = e as { message: unknown; name?: unknown; stack?: unknown };
  const error = new Error(String(source.message));
  if (typeof source.name === 'string') error.name = source.name;
  if (typeof source.stack === 'string') error.stack = source.stack;
  return error;
}

/** Deep copy of a value from the vm with Dates, arrays and plain objects of this realm. */
export function fromVm<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return new Date(value.getTime()) as unknown as T;
  if (Array.isArray(value)) return value.map(fromVm) as unknown as T;
  if (Object.prototype.toString.call(value) !== '[object Object]') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromVm(v)])) as T;
}
