// npm run preview -- [--data FILE] [--port 8080] [--as-of YYYY-MM-DD] [--locale ja_JP]
//
// Serves the real sidebar (dist/sidebar.html) on 127.0.0.1 with a google.script.run stand-in that
// POSTs each call to /rpc, where the built bundle (dist/Code.js) runs it in a Node vm against an
// in-memory spreadsheet loaded from FILE. /workbook shows the spreadsheet as JSON (for tests).
// startPreview() is the same server for tests.

import fs from 'fs';
import http from 'http';
import path from 'path';
import { parseArgs } from 'util';
import { LoadedBundle, loadBundle } from '../bundle';
import { overScriptRun, ScriptRunError } from '../script-run';
import { MemoryServices, MemorySpreadsheet, asMemorySheet, createServices } from '../memory';
import { loadWorkbookFile } from '../workbook-io';
import { installPreviewBigQuery } from '../memory/bigquery-sales';
import { dayOfDateIn } from '../../core/days';

export interface PreviewOptions {
  /** A .csv/.tsv/.xlsx file; default examples/sample-shop.csv. */
  data?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** YYYY-MM-DD: merged into the analysis and follow-up options, for reproducible demos and tests. */
  asOf?: string;
  /** The spreadsheet's locale (the sidebar's language); default ja_JP. */
  locale?: string;
  timeZone?: string;
  /** Where dist/ and examples/ are; default the project root. */
  root?: string;
  /** One line per call; default silent. */
  log?: (line: string) => void;
  /** 'bigquery': the BigQuery edition (dist-bigquery/), its table the data's sales (bigquery-sales.ts). */
  edition?: 'default' | 'bigquery';
}

export interface PreviewServer {
  url: string;
  port: number;
  spreadsheet: MemorySpreadsheet;
  services: MemoryServices;
  close(): Promise<void>;
}

/** The folder with package.json above this file: src/local/cli when run by jest, build/local when bundled. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * Functions whose options carry asOf, and which argument they are: each step of the analysis and
 * the follow-ups must use the same as-of date, or a demo would mix two dates.
 */
const OPTIONS_ARGUMENT: Record<string, number> = {
  analysisStep: 1,
  analysisSummaryJson: 0,
  followUpPreview: 0,
  createDraftBatch: 0,
};

const MAX_BODY = 1024 * 1024;

/**
 * google.script.run as Apps Script builds it: a runner with one method per server function, and
 * handlers called asynchronously with (value, userObject). Failures arrive as Error objects.
 */
function standIn(names: string[]): string {
  const list = JSON.stringify(names).replace(/</g, '\\u003c');
  return `<script>
(function () {
  var names = ${list};
  function later(fn) { setTimeout(fn, 0); }
  // The server's own copy rules (script-run.ts): arguments Google's client refuses are refused here.
  var ScriptRunError = TypeError;
  var check = ${overScriptRun.toString()};
  function call(name, args, ok, fail, user) {
    args = check(args);
    var failed = function (message) {
      var error = new Error(message);
      error.name = 'ScriptError';
      if (fail) later(function () { fail(error, user); });
      else console.error(error);
    };
    fetch('/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: name, args: args }) })
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        if (reply.error) failed(reply.error.message);
        else if (ok) later(function () { ok(reply.value, user); });
      }, function (e) { failed(String(e && e.message || e)); });
  }
  function runner(ok, fail, user) {
    var run = {
      withSuccessHandler: function (f) { return runner(f, fail, user); },
      withFailureHandler: function (f) { return runner(ok, f, user); },
      withUserObject: function (o) { return runner(ok, fail, o); }
    };
    names.forEach(function (name) {
      run[name] = function () { call(name, Array.prototype.slice.call(arguments), ok, fail, user); };
    });
    return run;
  }
  var noop = function () {};
  window.google = { script: { run: runner(null, null, undefined), host: { close: noop, setHeight: noop, setWidth: noop, editor: { focus: noop } } } };
})();
</script>
<style>html { max-width: 300px; min-height: 100%; border-right: 1px solid #dadce0; }</style>
`;
}

/**
 * A result as google.script.run hands it to the success handler: copied by its rules; a result it
 * cannot carry (a Date inside, say) reaches the page as null, as it does from Apps Script, where a
 * JSON round trip would have turned the Date into a string.
 */
function resultOverScriptRun(name: string, value: unknown, log: (line: string) => void): unknown {
  try {
    return overScriptRun(value);
  } catch (e) {
    if (!(e instanceof ScriptRunError)) throw e;
    log(`${name}: its result cannot cross google.script.run (${e.message}); the page gets null`);
    return null;
  }
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json', JSON.stringify(value));

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function workbookJson(spreadsheet: MemorySpreadsheet, services: MemoryServices, rows: number): unknown {
  return spreadsheet.inspect(() => ({
    activeSheet: spreadsheet.getActiveSheet().getName(),
    drafts: services.drafts.length,
    sheets: spreadsheet.getSheets().map((sheet) => {
      const values = asMemorySheet(sheet).peekValues();
      return {
        name: sheet.getName(),
        lastRow: sheet.getLastRow(),
        lastColumn: sheet.getLastColumn(),
        rows: values.slice(0, rows),
      };
    }),
  }));
}

/** POST /rpc: one call of a bundle's entry point, as google.script.run would make it. */
function rpcHandler(
  bundle: LoadedBundle,
  entryPoints: Set<string>,
  asOf: string | undefined,
  log: (line: string) => void,
) {
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'POST only' } });
    // A JSON content type makes a cross-site form or fetch need a preflight, which is never granted.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: { message: 'JSON only' } });
    let request: { name?: unknown; args?: unknown };
    try {
      request = JSON.parse(await readBody(req)) as typeof request;
    } catch (e) {
      return sendJson(res, 400, { error: { message: `bad request: ${(e as Error).message}` } });
    }
    const name = typeof request?.name === 'string' ? request.name : '';
    const args = Array.isArray(request?.args) ? [...request.args] : null;
    if (!args) return sendJson(res, 400, { error: { message: 'args must be an array' } });
    // Apps Script's own wording for a function the script does not have.
    if (!entryPoints.has(name)) return sendJson(res, 404, { error: { message: `Script function not found: ${name}` } });
    const at = OPTIONS_ARGUMENT[name];
    if (asOf && at !== undefined) {
      const given = args[at];
      args[at] = { ...(given && typeof given === 'object' ? given : {}), asOf };
    }
    const started = Date.now();
    try {
      const value = bundle.call(name, ...args);
      // The sidebar's "today" (its month choices) is the demo's as-of too.
      if (asOf && value && typeof value === 'object' && 'today' in value) (value as { today: string }).today = asOf;
      log(`${name} ${Date.now() - started} ms`);
      sendJson(res, 200, { value: resultOverScriptRun(name, value, log) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log(`${name} failed: ${message}`);
      sendJson(res, 500, { error: { message } });
    }
  };
}

export async function startPreview(options: PreviewOptions = {}): Promise<PreviewServer> {
  const root = options.root ?? projectRoot();
  const distDir = path.join(root, options.edition === 'bigquery' ? 'dist-bigquery' : 'dist');
  const htmlPath = path.join(distDir, 'sidebar.html');
  if (!fs.existsSync(htmlPath) || !fs.existsSync(path.join(distDir, 'Code.js')))
    throw new Error(`${distDir} has no build: run npm run build first`);
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new Error('--as-of must be YYYY-MM-DD');
  const log = options.log ?? (() => undefined);

  const data = path.resolve(root, options.data ?? path.join('examples', 'sample-shop.csv'));
  const spreadsheet = await loadWorkbookFile(data, {
    timeZone: options.timeZone ?? 'Asia/Tokyo',
    locale: options.locale ?? 'ja_JP',
  });
  const services = createServices({ spreadsheet });
  // The edition's steps run as of today (the section has no as-of field): its table is read as of today too.
  if (options.edition === 'bigquery')
    installPreviewBigQuery(services, distDir, dayOfDateIn(spreadsheet.zone.id)(new Date()));
  const bundle = loadBundle({ distDir, services });
  // Only the bundle's own entry points are callable: the list the build makes stubs from.
  const addOn = (bundle.context as { AddOn?: { ENTRY_POINTS?: { name: string }[] } }).AddOn;
  const entryPoints = new Set((addOn?.ENTRY_POINTS ?? []).map((p) => String(p.name)));
  if (entryPoints.size === 0) throw new Error(`${distDir}/Code.js lists no entry points`);
  const script = standIn([...entryPoints]);

  const rpc = rpcHandler(bundle, entryPoints, options.asOf, log);

  let port = 0;
  const server = http.createServer((req, res) => {
    // Refuse other host names: a page elsewhere could otherwise reach this server by DNS rebinding.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return send(res, 403, 'text/plain', 'forbidden host');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/rpc') {
      rpc(req, res).catch((e: unknown) => sendJson(res, 500, { error: { message: String(e) } }));
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
    if (url.pathname === '/' || url.pathname === '/sidebar.html') {
      // Read on every request, so a rebuilt sidebar shows on reload.
      const html = fs.readFileSync(htmlPath, 'utf8');
      const at = html.search(/<head[^>]*>/i);
      const end = at < 0 ? 0 : at + (html.match(/<head[^>]*>/i) as RegExpMatchArray)[0].length;
      return send(res, 200, 'text/html', html.slice(0, end) + script + html.slice(end));
    }
    if (url.pathname === '/workbook') {
      const rows = url.searchParams.get('rows');
      return sendJson(
        res,
        200,
        workbookJson(spreadsheet, services, rows === 'all' ? Infinity : Math.max(0, Number(rows ?? 20) || 0)),
      );
    }
    // Browsers ask for it on their own; an empty answer keeps the console free of 404s.
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    send(res, 404, 'text/plain', 'not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    spreadsheet,
    services,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const USAGE =
  'usage: npm run preview -- [--data FILE] [--port 8080] [--as-of YYYY-MM-DD] [--locale ja_JP|en_US] [--tz Asia/Tokyo] [--edition bigquery]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '8080' },
      'as-of': { type: 'string' },
      locale: { type: 'string', default: 'ja_JP' },
      tz: { type: 'string', default: 'Asia/Tokyo' },
      edition: { type: 'string', default: 'default' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
  const preview = await startPreview({
    data: values.data ? path.resolve(values.data) : undefined,
    port,
    asOf: values['as-of'],
    locale: values.locale,
    timeZone: values.tz,
    edition: values.edition === 'bigquery' ? 'bigquery' : 'default',
    log: (line) => console.log(line),
  });
  console.log(
    `Sidebar preview: ${preview.url}  (data: ${values.data ?? 'examples/sample-shop.csv'}${values['as-of'] ? `, as of ${values['as-of']}` : ''}; Ctrl+C to stop)`,
  );
  const stop = () => void preview.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    process.exitCode = 1;
  });
}
