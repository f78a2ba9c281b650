// The vm loader, on a small dist written to a temp dir: file order, the services as globals, Date
// following the fake clock, one context per execution, errors and values crossing the boundary.

import fs from 'fs';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import { fromVm, loadBundle, orderScripts } from '../../src/local/bundle';
import { createServices } from '../../src/local/memory';

const CODE = `
var libLoadedFirst = typeof Lib !== 'undefined';
var counter = 0;
function order() { return libLoadedFirst; }
function writeGreeting() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  sheet.getRange('A1:B1').setValues([[Lib.greet('山田'), '2025/1/5']]);
  return sheet.getRange('B1').getValue() instanceof Date;
}
function bump() { counter += 1; return counter; }
function now() { return [Date.now(), new Date().getTime()]; }
function today() { return new Date(); }
function fail() { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(0, 1); }
function holdLock() { LockService.getDocumentLock().waitLock(1000); }
function draft() {
  var msg = MimeText.createMimeMessage();
  msg.setSender('owner@example.com');
  msg.setRecipient('customer@example.com');
  msg.setSubject('ご来店ありがとうございます');
  msg.addMessage({ contentType: 'text/plain', data: '山田様\\nまたのご来店をお待ちしております。' });
  return Gmail.Users.Drafts.create({ message: { raw: msg.asEncoded() } }, 'me').id;
}
function sidebar() { SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Sidebar')); }
`;

let root: string;
let dist: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
  dist = path.join(root, 'dist');
  fs.mkdirSync(dist);
  // Alphabetically a-code.js would run first; filePushOrder puts the libraries before it.
  fs.writeFileSync(path.join(dist, 'a-code.js'), CODE);
  fs.writeFileSync(
    path.join(dist, 'b-lib.js'),
    "var Lib = { greet: function (name) { return 'こんにちは ' + name; } };",
  );
  // As esbuild writes an IIFE bundle: the declaration follows a "use strict" on its line.
  fs.writeFileSync(
    path.join(dist, 'c-strict.js'),
    '"use strict";var Strict=(()=>{var inner=1;return{inner:inner}})();',
  );
  fs.copyFileSync(
    // As the build ships it: lowered to ES2019 (the loader deletes newer built-ins).
    path.join(__dirname, '../../build/local/mimetext.es2019.js'),
    path.join(dist, 'mimetext.js'),
  );
  fs.writeFileSync(path.join(dist, 'Sidebar.html'), '<p>stages</p>');
  fs.writeFileSync(
    path.join(root, '.clasp.json'),
    JSON.stringify({ rootDir: 'dist', filePushOrder: ['dist/mimetext.js', 'dist/b-lib.js'] }),
  );
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('files run in filePushOrder, then alphabetically', () => {
  expect(orderScripts(dist).map((f) => path.basename(f))).toEqual([
    'mimetext.js',
    'b-lib.js',
    'a-code.js',
    'c-strict.js',
  ]);
  const bundle = loadBundle({ distDir: dist, services: createServices() });
  expect(bundle.call('order')).toBe(true);
});

test('what the files declare at the top level is global, as in Apps Script; nothing inside is', () => {
  const context = loadBundle({ distDir: dist, services: createServices() }).context as Record<string, unknown>;
  expect(typeof context.Lib).toBe('object');
  expect(typeof context.writeGreeting).toBe('function');
  expect(context.MimeText).toBeDefined();
  expect(context.Strict).toEqual({ inner: 1 });
  expect('inner' in context).toBe(false);
});

test('without .clasp.json the order is alphabetical', () => {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-bare-'));
  fs.writeFileSync(path.join(bare, 'b.js'), '');
  fs.writeFileSync(path.join(bare, 'a.js'), '');
  expect(orderScripts(bare).map((f) => path.basename(f))).toEqual(['a.js', 'b.js']);
  fs.rmSync(bare, { recursive: true });
});

test('top-level functions use the in-memory services; Dates handed to the vm are its own', () => {
  const services = createServices();
  const bundle = loadBundle({ distDir: dist, services });
  expect(bundle.call('writeGreeting')).toBe(true);
  const [[greeting, date]] = services.spreadsheet.sheet('シート1').peekValues();
  expect(greeting).toBe('こんにちは 山田');
  // Outside a call the services hand out Dates of this realm again.
  expect(date).toBeInstanceOf(Date);
  expect(date).toEqual(new Date('2025-01-04T15:00:00Z'));
  expect(services.calls.get('Range.setValues')).toBe(1);
});

test('each call is a fresh execution unless the context is reused', () => {
  const services = createServices();
  const fresh = loadBundle({ distDir: dist, services });
  expect([fresh.call('bump'), fresh.call('bump')]).toEqual([1, 1]);
  const reused = loadBundle({ distDir: dist, services, reuseContext: true });
  expect([reused.call('bump'), reused.call('bump')]).toEqual([1, 2]);
});

test('a lock left held is released when the execution ends, not while the context is reused', () => {
  const services = createServices();
  loadBundle({ distDir: dist, services }).call('holdLock');
  expect(services.locks.isHeld('document')).toBe(false);
  loadBundle({ distDir: dist, services, reuseContext: true }).call('holdLock');
  expect(services.locks.isHeld('document')).toBe(true);
});

test('Date.now() and new Date() in the vm follow the fake clock', () => {
  const start = Date.UTC(2025, 0, 1);
  const services = createServices({ clock: 'fake', start });
  const bundle = loadBundle({ distDir: dist, services, reuseContext: true });
  expect(bundle.call('now')).toEqual([start, start]);
  services.clock.advance(5000);
  expect(bundle.call('now')).toEqual([start + 5000, start + 5000]);
});

test('results keep the vm realm until normalised with fromVm', () => {
  const services = createServices({ clock: 'fake', start: 0 });
  const result = loadBundle({ distDir: dist, services }).call('today');
  expect(result instanceof Date).toBe(false);
  const normal = fromVm(result);
  expect(normal).toBeInstanceOf(Date);
  expect((normal as Date).getTime()).toBe(0);
});

test('errors thrown in the vm arrive as Errors of this realm', () => {
  const bundle = loadBundle({ distDir: dist, services: createServices() });
  let caught: unknown;
  try {
    bundle.call('fail');
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).message).toBe('The coordinates of the range are outside the dimensions of the sheet.');
  expect(() => bundle.call('missing')).toThrow('the bundle has no top-level function missing');
});

test('mimetext built for Apps Script makes a draft through Utilities and Gmail', async () => {
  const services = createServices();
  const id = loadBundle({ distDir: dist, services }).call('draft');
  expect(services.drafts.map((d) => d.id)).toEqual([id]);
  const mail = await simpleParser(services.drafts[0].text);
  expect(mail.subject).toBe('ご来店ありがとうございます');
  expect(mail.text?.trim()).toBe('山田様\nまたのご来店をお待ちしております。');
  expect(services.calls.get('Utilities.base64EncodeWebSafe')).toBeGreaterThan(0);
});

test('HTML files of dist are available to HtmlService', () => {
  const services = createServices();
  loadBundle({ distDir: dist, services }).call('sidebar');
  expect(services.ui.sidebar?.content).toBe('<p>stages</p>');
});
