// Builds what ships (dist/) and the local tools (build/):
//   dist/Code.js        mimetext's Apps Script build + the add-on bundle (global `AddOn`) + one
//                       generated top-level stub per entry point, with JSDoc (and @customfunction)
//   dist/sidebar.html   the sidebar page with its script and styles inlined (HtmlService serves one file)
//   dist/appsscript.json
//   build/local/*.cjs   the local runner, preview server and benchmark (Node only, never pushed)
//   build/local/mimetext.es2019.js  the mimetext part of dist/Code.js alone, for the loader's tests
//
// `--edition bigquery` (npm run build:bigquery) builds the BigQuery edition instead: the same three
// files in dist-bigquery/, from its own entry modules (which add its entry points to the one list and
// its section to the sidebar), with the manifest above plus only what that edition needs (EDITIONS).
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const local = path.join(root, 'build', 'local');
const require = createRequire(import.meta.url);

/**
 * What each edition builds from, and what its manifest adds to appsscript.json. The default edition
 * adds nothing; the BigQuery edition adds the one scope a read-only query needs (jobs.query and
 * jobs.getQueryResults accept bigquery.readonly; see README "BigQuery edition") and the advanced
 * service. Its gas entry module spreads the default ENTRY_POINTS, so the entry list stays one list.
 */
const EDITIONS = {
  default: {
    dist: 'dist',
    gas: 'src/gas/index.ts',
    sidebar: 'src/sidebar/sidebar.ts',
    tools: true,
    // The local runner's workbook writer (a worker thread beside the tools that save an out dir).
    localTools: { 'xlsx-worker': 'src/local/xlsx-worker.ts' },
  },
  bigquery: {
    dist: 'dist-bigquery',
    gas: 'src/gas/bigquery-index.ts',
    sidebar: 'src/sidebar/bigquery-sidebar.ts',
    scopes: ['https://www.googleapis.com/auth/bigquery.readonly'],
    advancedServices: [{ userSymbol: 'BigQuery', serviceId: 'bigquery', version: 'v2' }],
    // The stand-in's DuckDB worker (Node only): runs the query text off the vm's thread.
    localTools: { 'bigquery-duckdb-worker': 'src/local/memory/bigquery-duckdb-worker.ts' },
  },
};
const editionArg = process.argv.indexOf('--edition');
const editionName = editionArg >= 0 ? process.argv[editionArg + 1] : 'default';
const edition = EDITIONS[editionName];
if (!edition) throw new Error(`unknown edition ${editionName}: one of ${Object.keys(EDITIONS).join(', ')}`);
const dist = path.join(root, edition.dist);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
mkdirSync(local, { recursive: true });

// 1. The add-on bundle. Apps Script's V8 runs ES2019 safely; no module syntax may remain.
const bundle = await build({
  entryPoints: [path.join(root, edition.gas)],
  bundle: true,
  format: 'iife',
  globalName: 'AddOn',
  target: 'es2019',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  charset: 'utf8',
  legalComments: 'none',
  // Minified to stay well under the 150 KB budget; errors shown to the owner carry their own messages.
  // BUILD_READABLE=1 keeps names, for reading a profile of dist/ (never for shipping).
  minify: !process.env.BUILD_READABLE,
  write: false,
  logLevel: 'warning',
});
const addOnJs = bundle.outputFiles[0].text;

// 2. The stubs, from the bundle's own list of entry points (so there is only one list).
function entryPointsOf(code) {
  const context = vm.createContext({ console });
  vm.runInContext(
    `${code}\nthis.__points = AddOn.ENTRY_POINTS.map(function (p) { return { name: p.name, description: p.description, params: p.params, returns: p.returns, customFunction: !!p.customFunction }; });`,
    context,
  );
  return JSON.parse(JSON.stringify(context.__points));
}

function stubOf(point) {
  const lines = ['/**', ` * ${point.description}`];
  for (const p of point.params)
    lines.push(` * @param {${p.type}} ${p.optional ? `[${p.name}]` : p.name} ${p.description}`);
  if (point.returns) lines.push(` * @return {${point.returns.type}} ${point.returns.description}`);
  if (point.customFunction) lines.push(' * @customfunction');
  lines.push(' */');
  const names = point.params.map((p) => p.name).join(', ');
  lines.push(`function ${point.name}(${names}) {`, `  return AddOn.entry.${point.name}.apply(null, arguments);`, '}');
  return lines.join('\n');
}

/**
 * mimetext's Apps Script build is written for a newer engine (class fields, `??`, Object.hasOwn).
 * Google does not say which V8 runs Apps Script, so what ships is ES2019: esbuild lowers the
 * syntax, and the one newer built-in it calls becomes a local function of ES5 means.
 */
async function es2019(code) {
  const lowered = await transform(code, {
    target: 'es2019',
    charset: 'utf8',
    legalComments: 'none',
    minify: !process.env.BUILD_READABLE,
    define: { 'Object.hasOwn': '__mimetextHasOwn' },
  });
  // In a function, so that esbuild's helpers and the replacement stay out of the global scope.
  return [
    'var MimeText = (function () {',
    'var __mimetextHasOwn = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };',
    lowered.code.trim(),
    'return MimeText;',
    '})();',
  ].join('\n');
}

const points = entryPointsOf(addOnJs);
const mimetext = await es2019(readFileSync(require.resolve('mimetext/gas'), 'utf8'));
const code = [
  '// Generated by scripts/build.mjs from src/: do not edit. See README.md.',
  '// mimetext (MIT): builds RFC 5322 messages for Gmail drafts; defines the global MimeText (lowered to ES2019).',
  mimetext.trim(),
  addOnJs.trim(),
  '// Entry points Apps Script calls by name (custom functions, menu, triggers, google.script.run).',
  ...points.map(stubOf),
  '',
].join('\n\n');
writeFileSync(path.join(dist, 'Code.js'), code);
// The same lowered mimetext on its own, for the loader's tests (never pushed).
writeFileSync(path.join(local, 'mimetext.es2019.js'), mimetext);

// 3. The sidebar: HTML with its compiled script and CSS inlined.
const sidebarHtml = path.join(root, 'src/sidebar/sidebar.html');
if (existsSync(sidebarHtml)) {
  const script = await build({
    entryPoints: [path.join(root, edition.sidebar)],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  const cssPath = path.join(root, 'src/sidebar/sidebar.css');
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  const js = script.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  const html = readFileSync(sidebarHtml, 'utf8')
    .replace('/* SIDEBAR_CSS */', () => css)
    .replace('/* SIDEBAR_SCRIPT */', () => js);
  writeFileSync(path.join(dist, 'sidebar.html'), html);
}

writeFileSync(path.join(dist, 'appsscript.json'), manifestOf(edition));

/** appsscript.json, with the edition's scopes and advanced services added (the default's unchanged). */
function manifestOf({ scopes = [], advancedServices = [] }) {
  const text = readFileSync(path.join(root, 'appsscript.json'), 'utf8');
  if (scopes.length === 0 && advancedServices.length === 0) return text;
  const manifest = JSON.parse(text);
  manifest.oauthScopes = [...manifest.oauthScopes, ...scopes];
  const services = manifest.dependencies.enabledAdvancedServices;
  manifest.dependencies.enabledAdvancedServices = [...services, ...advancedServices];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

// 4. Local tools: Node programs that load dist/ into the in-memory services.
const cliTools = edition.tools ? ['analyze', 'preview', 'bench'] : [];
const toolSources = {
  ...Object.fromEntries(cliTools.map((name) => [name, `src/local/cli/${name}.ts`])),
  ...edition.localTools,
};
const tools = Object.keys(toolSources).filter((name) => existsSync(path.join(root, toolSources[name])));
if (tools.length > 0) {
  await build({
    entryPoints: Object.fromEntries(tools.map((name) => [name, path.join(root, toolSources[name])])),
    outdir: local,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

const size = Buffer.byteLength(code);
console.log(
  `${edition.dist}/Code.js ${(size / 1024).toFixed(1)} KB, ${points.length} entry points; local tools: ${tools.join(', ') || 'none'}`,
);
