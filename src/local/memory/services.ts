// createServices: the Apps Script globals (SpreadsheetApp, PropertiesService, LockService,
// CacheService, HtmlService, Utilities, Session, Logger, ScriptApp, Charts, Gmail) over one
// in-memory spreadsheet, plus the hooks tests use: call counts, faults, the clock, locks, and
// records of drafts, menus, sidebars and logs. State that outlives an execution (properties,
// caches, locks, drafts) belongs to the spreadsheet's MemoryEnv, so executions on the same
// spreadsheet share it.

import { base64Of, bytesOfBase64, fromSigned, toSigned, utf8Bytes, utf8Text } from './bytes';
import { createCharts } from './charts';
import { Clock, ClockMode } from './clock';
import { CacheEntry, counted, isDate, LockState, MemoryEnv, MenuEntry, Realm, RecordedHtml, Scope } from './env';
import { createGmail } from './gmail';
import { MemorySpreadsheet, SpreadsheetOptions } from './spreadsheet';
import { formatJavaDate, Zone } from './zone';

const KB = 1024;
const PROPERTY_VALUE_LIMIT = 9 * KB;
const PROPERTY_STORE_LIMIT = 500 * KB;
const CACHE_VALUE_LIMIT = 100 * KB;
const CACHE_KEY_LIMIT = 250;
const CACHE_DEFAULT_SECONDS = 600;
const CACHE_MAX_SECONDS = 21_600;

function byteLength(text: string): number {
  return utf8Bytes(text).length;
}

class MemoryProperties implements GoogleAppsScript.Properties.Properties {
  constructor(
    private readonly store: Map<string, string>,
    private readonly env: MemoryEnv,
  ) {
    return counted(this, 'Properties', env);
  }

  getProperty(key: string): string | null {
    return this.store.get(String(key)) ?? null;
  }

  setProperty(key: string, value: string): GoogleAppsScript.Properties.Properties {
    return this.setProperties({ [key]: value });
  }

  setProperties(
    properties: { [key: string]: string },
    deleteAllOthers = false,
  ): GoogleAppsScript.Properties.Properties {
    const next = new Map(deleteAllOthers ? [] : this.store);
    for (const [key, value] of Object.entries(properties)) {
      if (key === '') throw this.env.error('Invalid argument: key');
      if (value === null || value === undefined) throw this.env.error('Invalid argument: value');
      const text = String(value);
      if (byteLength(text) > PROPERTY_VALUE_LIMIT) throw this.env.error('Argument too large: value');
      next.set(key, text);
    }
    let total = 0;
    for (const [k, v] of next) total += byteLength(k) + byteLength(v);
    if (total > PROPERTY_STORE_LIMIT)
      throw this.env.error(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    this.store.clear();
    for (const [k, v] of next) this.store.set(k, v);
    return this.self();
  }

  getProperties(): { [key: string]: string } {
    return Object.fromEntries(this.store);
  }

  getKeys(): string[] {
    return [...this.store.keys()];
  }

  deleteProperty(key: string): GoogleAppsScript.Properties.Properties {
    this.store.delete(String(key));
    return this.self();
  }

  deleteAllProperties(): GoogleAppsScript.Properties.Properties {
    this.store.clear();
    return this.self();
  }

  private self(): GoogleAppsScript.Properties.Properties {
    return this as unknown as GoogleAppsScript.Properties.Properties;
  }
}

class MemoryCache implements GoogleAppsScript.Cache.Cache {
  constructor(
    private readonly store: Map<string, CacheEntry>,
    private readonly env: MemoryEnv,
  ) {
    return counted(this, 'Cache', env);
  }

  get(key: string): string | null {
    const entry = this.store.get(key);
    if (!entry) return null;
    if (entry.expires <= this.env.clock.now()) {
      this.store.delete(key);
      return null;
    }
    return entry.value;
  }

  getAll(keys: string[]): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) out[key] = value;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds = CACHE_DEFAULT_SECONDS): void {
    this.putAll({ [key]: value }, expirationInSeconds);
  }

  /** Apps Script caps the lifetime at 6 hours rather than refusing longer ones. */
  putAll(values: { [key: string]: string }, expirationInSeconds = CACHE_DEFAULT_SECONDS): void {
    const expires = this.env.clock.now() + Math.min(Math.max(expirationInSeconds, 1), CACHE_MAX_SECONDS) * 1000;
    const entries = Object.entries(values).map(([key, value]) => {
      if (key.length > CACHE_KEY_LIMIT) throw this.env.error('Argument too large: key');
      const text = String(value);
      if (byteLength(text) > CACHE_VALUE_LIMIT) throw this.env.error('Argument too large: value');
      return [key, text] as const;
    });
    for (const [key, value] of entries) this.store.set(key, { value, expires });
  }

  remove(key: string): void {
    this.store.delete(key);
  }

  removeAll(keys: string[]): void {
    for (const key of keys) this.store.delete(key);
  }
}

class MemoryLock implements GoogleAppsScript.Lock.Lock {
  constructor(
    private readonly state: LockState,
    private readonly owner: number,
    private readonly env: MemoryEnv,
  ) {
    return counted(this, 'Lock', env);
  }

  /** Nobody else runs while this execution waits, so a held lock stays held: the wait times out. */
  tryLock(timeoutInMillis: number): boolean {
    if (this.state.owner === null || this.state.owner === this.owner) {
      this.state.owner = this.owner;
      return true;
    }
    this.env.clock.sleep(timeoutInMillis);
    return false;
  }

  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis))
      throw this.env.error('Lock timeout: another process was holding the lock for too long.');
  }

  releaseLock(): void {
    if (this.state.owner === this.owner) this.state.owner = null;
  }

  hasLock(): boolean {
    return this.state.owner === this.owner;
  }
}

class MemoryHtmlOutput {
  private title = '';
  private width = 0;
  private height = 0;
  private readonly metaTags: Array<{ name: string; content: string }> = [];

  constructor(
    private content: string,
    env: MemoryEnv,
  ) {
    return counted(this, 'HtmlOutput', env);
  }

  setTitle(title: string): this {
    this.title = title;
    return this;
  }

  getTitle(): string {
    return this.title;
  }

  setWidth(width: number): this {
    this.width = width;
    return this;
  }

  getWidth(): number {
    return this.width;
  }

  setHeight(height: number): this {
    this.height = height;
    return this;
  }

  getHeight(): number {
    return this.height;
  }

  getContent(): string {
    return this.content;
  }

  setContent(content: string): this {
    this.content = content;
    return this;
  }

  append(addedContent: string): this {
    this.content += addedContent;
    return this;
  }

  /** Sandbox and X-Frame modes change nothing outside a browser. */
  setSandboxMode(): this {
    return this;
  }

  setXFrameOptionsMode(): this {
    return this;
  }

  addMetaTag(name: string, content: string): this {
    this.metaTags.push({ name, content });
    return this;
  }

  getMetaTags(): Array<{ getName(): string; getContent(): string }> {
    return this.metaTags.map((t) => ({ getName: () => t.name, getContent: () => t.content }));
  }

  record(): RecordedHtml {
    return { title: this.title, content: this.content, width: this.width, height: this.height };
  }
}

/** An Apps Script enum; its values are their names, which is how Apps Script prints them. */
function gasEnum<E>(names: readonly string[]): E {
  return Object.fromEntries(names.map((n) => [n, n])) as unknown as E;
}

const BUTTON = gasEnum<typeof GoogleAppsScript.Base.Button>(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO']);
const BUTTON_SET = gasEnum<typeof GoogleAppsScript.Base.ButtonSet>(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);

function htmlOf(output: unknown): MemoryHtmlOutput {
  if (!(output instanceof MemoryHtmlOutput)) throw new Error('expected an HtmlOutput from HtmlService');
  return output;
}

function createUi(env: MemoryEnv) {
  type Menu = GoogleAppsScript.Base.Menu;
  const menu = (kind: 'menu' | 'addon', caption: string) => {
    const record = { kind, caption, items: [] as MenuEntry[] };
    const api: Menu & { record: typeof record } = counted(
      {
        record,
        addItem(itemCaption: string, functionName: string): Menu {
          record.items.push({ type: 'item', caption: itemCaption, functionName });
          return api;
        },
        addSeparator(): Menu {
          record.items.push({ type: 'separator' });
          return api;
        },
        addSubMenu(sub: Menu): Menu {
          const inner = (sub as Menu & { record: typeof record }).record;
          record.items.push({ type: 'submenu', caption: inner.caption, items: inner.items });
          return api;
        },
        addToUi(): void {
          // Re-running onOpen replaces a menu rather than adding a second copy.
          const i = env.ui.menus.findIndex((m) => m.kind === kind && m.caption === caption);
          const copy = JSON.parse(JSON.stringify(record));
          if (i >= 0) env.ui.menus[i] = copy;
          else env.ui.menus.push(copy);
        },
      },
      'Menu',
      env,
    );
    return api;
  };
  const dialog = (output: unknown, title: unknown, modal: boolean) => {
    env.ui.dialogs.push({ ...htmlOf(output).record(), modal, dialogTitle: String(title) });
  };
  return counted(
    {
      Button: BUTTON,
      ButtonSet: BUTTON_SET,
      createMenu: (caption: string) => menu('menu', caption),
      createAddonMenu: () => menu('addon', ''),
      showSidebar(output: unknown): void {
        env.ui.sidebar = htmlOf(output).record();
      },
      showModalDialog: (output: unknown, title: string) => dialog(output, title, true),
      showModelessDialog: (output: unknown, title: string) => dialog(output, title, false),
      /** alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons); answers from ui.alertResponses. */
      alert(a: string, b?: unknown, c?: unknown): GoogleAppsScript.Base.Button {
        const [title, prompt, buttons] = c !== undefined ? [a, String(b), c] : ['', a, b ?? 'OK'];
        env.ui.alerts.push({ title, prompt, buttons: String(buttons) });
        return env.ui.alertResponses.shift() ?? BUTTON.OK;
      },
      prompt(a: string, b?: unknown, c?: unknown) {
        const [title, prompt] = c !== undefined ? [a, String(b)] : ['', a];
        env.ui.alerts.push({ title, prompt, buttons: String(c ?? b ?? 'OK') });
        const answer = env.ui.promptResponses.shift() ?? { button: BUTTON.OK, text: '' };
        return counted(
          { getResponseText: () => answer.text, getSelectedButton: () => answer.button },
          'PromptResponse',
          env,
        );
      },
    },
    'Ui',
    env,
  );
}

function toBytes(data: string | ArrayLike<number>): Uint8Array {
  return typeof data === 'string' ? utf8Bytes(data) : fromSigned(data);
}

function createUtilities(env: MemoryEnv) {
  const decode = (encoded: string) => {
    const bytes = bytesOfBase64(encoded);
    if (!bytes) throw env.error('Could not decode string.');
    return toSigned(bytes);
  };
  const blob = (data: string | ArrayLike<number>, contentType: string | null, name: string | null) => {
    const bytes = toBytes(data);
    const api = counted(
      {
        getBytes: () => toSigned(bytes),
        getDataAsString: () => utf8Text(bytes),
        getContentType: () => contentType,
        setContentType(type: string) {
          contentType = type;
          return api;
        },
        getName: () => name,
        setName(n: string) {
          name = n;
          return api;
        },
      },
      'Blob',
      env,
    );
    return api;
  };
  return counted(
    {
      Charset: gasEnum<typeof GoogleAppsScript.Utilities.Charset>(['US_ASCII', 'UTF_8']),
      // Strings are encoded as UTF-8, as Apps Script does (mimetext relies on it).
      base64Encode: (data: string | ArrayLike<number>) => base64Of(toBytes(data), false),
      base64EncodeWebSafe: (data: string | ArrayLike<number>) => base64Of(toBytes(data), true),
      base64Decode: decode,
      base64DecodeWebSafe: decode,
      newBlob: (data: string | ArrayLike<number>, contentType?: string, name?: string) =>
        blob(data, contentType ?? null, name ?? null),
      formatDate(date: Date, timeZone: string, format: string): string {
        if (!isDate(date)) throw env.error('Invalid argument: date');
        try {
          return formatJavaDate(date.getTime(), Zone.of(timeZone), format);
        } catch (e) {
          throw env.error((e as Error).message);
        }
      },
      /** No real waiting: a fake clock moves on, a real one ignores it. */
      sleep(milliseconds: number): void {
        env.clock.sleep(milliseconds);
      },
      getUuid: () => crypto.randomUUID(),
    },
    'Utilities',
    env,
  );
}

function formatLog(args: unknown[]): string {
  const [first, ...rest] = args;
  const text = (v: unknown) =>
    typeof v === 'string' ? v : isDate(v) ? v.toString() : (JSON.stringify(v) ?? String(v));
  if (typeof first === 'string' && rest.length)
    return first.replace(/%[sd]/g, () => (rest.length ? text(rest.shift()) : ''));
  return args.map(text).join(' ');
}

export interface ServicesOptions extends SpreadsheetOptions {
  /** An existing spreadsheet: a further execution on the same document, sharing its state. */
  spreadsheet?: MemorySpreadsheet;
  /** 'real' (default for a new spreadsheet) or 'fake'; an existing spreadsheet keeps its clock unless given. */
  clock?: ClockMode | Clock;
  /** Start of a fake clock (given alone, it makes the clock fake); default now. */
  start?: Date | number;
  /** HTML files for HtmlService.createHtmlOutputFromFile, by name with or without '.html'. */
  htmlFiles?: Record<string, string>;
  /** Default 'owner@example.com'. */
  userEmail?: string;
  /** Session.getActiveUserLocale(); default 'ja'. */
  userLocale?: string;
  /** false: no UI, as in a time-driven trigger; getUi() then throws like Apps Script. */
  ui?: boolean;
}

/** The globals, typed as the Apps Script services they stand in for (only what is implemented). */
export interface ServiceGlobals {
  SpreadsheetApp: Pick<
    GoogleAppsScript.Spreadsheet.SpreadsheetApp,
    'getActiveSpreadsheet' | 'getActive' | 'getActiveSheet' | 'getUi' | 'flush'
  >;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  LockService: GoogleAppsScript.Lock.LockService;
  CacheService: Pick<GoogleAppsScript.Cache.CacheService, 'getDocumentCache' | 'getScriptCache' | 'getUserCache'>;
  HtmlService: Pick<
    GoogleAppsScript.HTML.HtmlService,
    'SandboxMode' | 'XFrameOptionsMode' | 'createHtmlOutput' | 'createHtmlOutputFromFile'
  >;
  Utilities: Pick<
    GoogleAppsScript.Utilities.Utilities,
    | 'Charset'
    | 'base64Encode'
    | 'base64EncodeWebSafe'
    | 'base64Decode'
    | 'base64DecodeWebSafe'
    | 'newBlob'
    | 'formatDate'
    | 'sleep'
    | 'getUuid'
  >;
  Session: Pick<
    GoogleAppsScript.Base.Session,
    'getScriptTimeZone' | 'getActiveUserLocale' | 'getActiveUser' | 'getEffectiveUser'
  >;
  Logger: GoogleAppsScript.Base.Logger;
  ScriptApp: Pick<GoogleAppsScript.Script.ScriptApp, 'AuthMode'>;
  Charts: Pick<GoogleAppsScript.Charts.Charts, 'ChartType'>;
  Gmail: {
    Users: {
      Drafts: Pick<
        GoogleAppsScript.Gmail.Collection.Users.DraftsCollection,
        'create' | 'list' | 'get' | 'remove' | 'send'
      >;
      Messages: Pick<GoogleAppsScript.Gmail.Collection.Users.MessagesCollection, 'send'>;
    };
  };
  GmailApp: Pick<GoogleAppsScript.Gmail.GmailApp, 'sendEmail'>;
  MailApp: Pick<GoogleAppsScript.Mail.MailApp, 'sendEmail'>;
}

export class MemoryServices {
  readonly spreadsheet: MemorySpreadsheet;
  readonly env: MemoryEnv;
  readonly globals: ServiceGlobals;
  readonly htmlFiles: Record<string, string>;
  private execution: number;

  constructor(options: ServicesOptions = {}) {
    this.spreadsheet = options.spreadsheet ?? new MemorySpreadsheet(options);
    this.env = this.spreadsheet.env;
    if (options.clock instanceof Clock) this.env.clock = options.clock;
    else if (options.clock !== undefined || options.start !== undefined)
      this.env.clock = new Clock(options.clock ?? 'fake', options.start);
    this.htmlFiles = { ...options.htmlFiles };
    this.execution = this.env.nextId();
    this.globals = buildGlobals(this, options);
  }

  /** The execution that locks taken now belong to. */
  get currentExecution(): number {
    return this.execution;
  }

  get calls() {
    return this.env.calls;
  }

  get faults() {
    return this.env.faults;
  }

  get clock(): Clock {
    return this.env.clock;
  }

  /** Drafts created so far, with their decoded RFC 5322 text. */
  get drafts() {
    return this.env.drafts;
  }

  /** Menus, sidebar, dialogs, alerts and toasts shown so far; queue alert/prompt answers here. */
  get ui() {
    return this.env.ui;
  }

  get logs(): string[] {
    return this.env.logs;
  }

  /** The property stores themselves, to seed or read without counting. */
  get properties(): Record<Scope, Map<string, string>> {
    return this.env.properties;
  }

  /** Test hooks: hold a lock as another execution would. Each hold returns its release. */
  get locks() {
    const env = this.env;
    const hold = (scope: Scope) => (): (() => void) => {
      const state = env.locks[scope];
      if (state.owner !== null) throw new Error(`the ${scope} lock is already held`);
      const owner = env.nextId();
      state.owner = owner;
      return () => {
        if (state.owner === owner) state.owner = null;
      };
    };
    return {
      holdDocumentLock: hold('document'),
      holdScriptLock: hold('script'),
      holdUserLock: hold('user'),
      isHeld: (scope: Scope) => env.locks[scope].owner !== null,
    };
  }

  /** Runs `fn` without counting or faulting the service calls it makes. */
  inspect<T>(fn: () => T): T {
    return this.env.inspect(fn);
  }

  /** The realm whose Date and Error the services hand out (a vm context's, for the bundle). */
  bindRealm(realm: Realm): void {
    this.env.realm = realm;
  }

  /** Starts a new execution: locks taken afterwards belong to it. */
  beginExecution(): void {
    this.execution = this.env.nextId();
    this.env.customFunction = null;
  }

  /** Starts an execution as Sheets runs a custom function: read-only, few services, 30 s. */
  beginCustomFunction(): void {
    this.beginExecution();
    this.env.customFunction = { started: this.env.clock.now() };
  }

  /** Ends the execution: Apps Script releases the locks a script still holds when it ends. */
  endExecution(): void {
    this.env.customFunction = null;
    for (const state of Object.values(this.env.locks)) if (state.owner === this.execution) state.owner = null;
  }

  /** Copies the globals onto `target` (globalThis by default); returns a function restoring it. */
  install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
    const previous = Object.keys(this.globals).map(
      (key) => [key, Object.getOwnPropertyDescriptor(target, key)] as const,
    );
    Object.assign(target, this.globals);
    return () => {
      for (const [key, descriptor] of previous) {
        if (descriptor) Object.defineProperty(target, key, descriptor);
        else delete target[key];
      }
    };
  }
}

// eslint-disable-next-line max-lines-per-function -- one entry per Apps Script global: the list reads as one table
function buildGlobals(services: MemoryServices, options: ServicesOptions): ServiceGlobals {
  const env = services.env;
  const ss = services.spreadsheet;
  const userEmail = options.userEmail ?? 'owner@example.com';
  const lock = (scope: Scope) => () =>
    new MemoryLock(env.locks[scope], services.currentExecution, env) as GoogleAppsScript.Lock.Lock;
  const properties = (scope: Scope) => () =>
    new MemoryProperties(env.properties[scope], env) as GoogleAppsScript.Properties.Properties;
  const cache = (scope: Scope) => () => new MemoryCache(env.caches[scope], env) as GoogleAppsScript.Cache.Cache;
  const ui = createUi(env);
  const user = counted({ getEmail: () => userEmail }, 'User', env) as unknown as GoogleAppsScript.Base.User;
  const html = (content: string) => new MemoryHtmlOutput(content, env) as unknown as GoogleAppsScript.HTML.HtmlOutput;
  const log = counted(
    {
      log(...args: unknown[]) {
        env.logs.push(formatLog(args));
        return log;
      },
      getLog: () => env.logs.join('\n'),
      clear() {
        env.logs.length = 0;
      },
    },
    'Logger',
    env,
  );
  return {
    SpreadsheetApp: counted(
      {
        getActiveSpreadsheet: () => ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
        getActive: () => ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
        getActiveSheet: () => ss.getActiveSheet(),
        getUi(): GoogleAppsScript.Base.Ui {
          if (options.ui === false) throw env.error('Cannot call SpreadsheetApp.getUi() from this context.');
          return ui as unknown as GoogleAppsScript.Base.Ui;
        },
        flush(): void {},
      },
      'SpreadsheetApp',
      env,
    ),
    PropertiesService: counted(
      {
        getDocumentProperties: properties('document'),
        getScriptProperties: properties('script'),
        getUserProperties: properties('user'),
      },
      'PropertiesService',
      env,
    ),
    LockService: counted(
      { getDocumentLock: lock('document'), getScriptLock: lock('script'), getUserLock: lock('user') },
      'LockService',
      env,
    ),
    CacheService: counted(
      { getDocumentCache: cache('document'), getScriptCache: cache('script'), getUserCache: cache('user') },
      'CacheService',
      env,
    ),
    HtmlService: counted(
      {
        SandboxMode: gasEnum<typeof GoogleAppsScript.HTML.SandboxMode>(['EMULATED', 'IFRAME', 'NATIVE']),
        XFrameOptionsMode: gasEnum<typeof GoogleAppsScript.HTML.XFrameOptionsMode>(['ALLOWALL', 'DEFAULT']),
        createHtmlOutput: (content = '') => html(String(content)),
        createHtmlOutputFromFile: (name: string) => {
          const content = services.htmlFiles[name] ?? services.htmlFiles[`${name}.html`];
          if (content === undefined) throw env.error(`No HTML file named ${name} was found.`);
          return html(content);
        },
      },
      'HtmlService',
      env,
    ),
    Utilities: createUtilities(env) as unknown as ServiceGlobals['Utilities'],
    Session: counted(
      {
        getScriptTimeZone: () => ss.zone.id,
        getActiveUserLocale: () => options.userLocale ?? 'ja',
        getActiveUser: () => user,
        getEffectiveUser: () => user,
      },
      'Session',
      env,
    ),
    Logger: log,
    ScriptApp: counted(
      { AuthMode: gasEnum<typeof GoogleAppsScript.Script.AuthMode>(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']) },
      'ScriptApp',
      env,
    ),
    Charts: createCharts(env),
    ...(createGmail(env, userEmail) as unknown as Pick<ServiceGlobals, 'Gmail' | 'GmailApp' | 'MailApp'>),
  };
}

/** The Apps Script globals over an in-memory spreadsheet, with the hooks tests use. */
export function createServices(options: ServicesOptions = {}): MemoryServices {
  return new MemoryServices(options);
}
