// The add-on asks for three narrow scopes (test/bundle checks the manifest): spreadsheets.currentonly,
// script.container.ui and gmail.compose. Nothing it ships may use a service needing another one,
// and the sidebar never parses data as HTML.
import fs from 'fs';
import path from 'path';
import { AS_OF, analyse, call, salesRows, shop, AS_OF_DATE, formula } from './shop';

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : ext.test(e.name) ? [full] : [];
  });
}

/** Services and calls that would need a further scope (or send mail, or reach the network). */
const NEEDS_ANOTHER_SCOPE: [RegExp, string][] = [
  [/\bUrlFetchApp\b/, 'script.external_request'],
  [/\b(DriveApp|DocumentApp|SlidesApp|FormApp|CalendarApp|ContactsApp|GroupsApp)\b/, 'Drive, Docs, Calendar…'],
  [/\b(GmailApp|MailApp)\b/, 'gmail / send_mail'],
  [/\bMessages\.send\b|\bDrafts\.send\b/, 'gmail.send'],
  [/\bSpreadsheetApp\.(open|openById|openByUrl|create)\b/, 'spreadsheets (all of them)'],
  [/\bgetActiveUser\(\)|\bgetEffectiveUser\(\)/, 'userinfo.email'],
  [/\bScriptApp\.(newTrigger|getProjectTriggers|getUserTriggers|deleteTrigger|getOAuthToken)\b/, 'script.scriptapp'],
  [/\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon)\s*\(/, 'network from the sidebar'],
];

const SHIPPED_SOURCES = ['src/gas', 'src/core', 'src/sidebar'].flatMap((d) => filesUnder(d, /\.(ts|html)$/));

describe('nothing shipped needs another scope', () => {
  test.each(NEEDS_ANOTHER_SCOPE)('no %s (%s) in src/gas, src/core, src/sidebar or dist', (pattern) => {
    const hits = [...SHIPPED_SOURCES, ...filesUnder('dist', /\.(js|html)$/)].filter((f) =>
      pattern.test(fs.readFileSync(f, 'utf8')),
    );
    expect(hits).toEqual([]);
  });

  test('every service call of every entry point is one the three scopes allow', () => {
    const ss = shop();
    call(ss, 'onOpen', { authMode: 'NONE' });
    call(ss, 'onOpen', {});
    call(ss, 'showSidebar');
    call(ss, 'sidebarState');
    call(ss, 'saveSidebarSettings', { shopName: 'ことり' });
    analyse(ss);
    call(ss, 'runMonthlyAnalysis');
    call(ss, 'analysisSummaryJson', { asOf: AS_OF });
    call(ss, 'activateTab', '売上');
    call(ss, 'followUpPreview', { asOf: AS_OF });
    ss.env.faults.fail('Range.setValues', { times: 1 }); // a failed log write takes its draft back
    expect(() => call(ss, 'createDraftBatch', { asOf: AS_OF, batchSize: 1 })).toThrow();
    call(ss, 'createDraftBatch', { asOf: AS_OF });
    formula(ss, 'CUSTOMER_STAGE', '00123', salesRows(), AS_OF_DATE);
    formula(ss, 'REPEAT_RATE', salesRows(), '', '', 90, AS_OF_DATE);
    const allowed = [
      // spreadsheets.currentonly: the spreadsheet the add-on runs in
      /^SpreadsheetApp\.getActiveSpreadsheet$/,
      /^(Spreadsheet|Sheet|Range|Filter|NamedRange|EmbeddedChartBuilder)\./,
      // script.container.ui: menu, sidebar, alerts
      /^SpreadsheetApp\.getUi$/,
      /^(Ui|Menu|HtmlOutput)\./,
      /^HtmlService\.createHtmlOutputFromFile$/,
      // gmail.compose: drafts, and the owner's address for their From
      /^Gmail\.Users\.Drafts\.(create|remove)$/,
      /^Gmail\.Users\.getProfile$/,
      // no scope: the document's own properties, lock and cache; utilities; the user's locale
      /^(PropertiesService\.getDocumentProperties|LockService\.getDocumentLock|CacheService\.getDocumentCache)$/,
      /^(Properties|Lock|Cache|Utilities)\./,
      /^Session\.(getActiveUserLocale|getScriptTimeZone)$/,
    ];
    const calls = Object.keys(ss.env.calls.snapshot());
    expect(calls).toContain('Gmail.Users.Drafts.remove');
    expect(calls.filter((name) => !allowed.some((a) => a.test(name)))).toEqual([]);
  });
});

describe('the sidebar', () => {
  const sidebar = filesUnder('src/sidebar', /\.(ts|html)$/);
  test('never hands text to the HTML parser (innerHTML, outerHTML, insertAdjacentHTML, document.write…)', () => {
    const sinks =
      /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc|\beval\s*\(|new Function\s*\(/;
    expect(sidebar.filter((f) => sinks.test(fs.readFileSync(f, 'utf8')))).toEqual([]);
    expect(sinks.test(fs.readFileSync('dist/sidebar.html', 'utf8'))).toBe(false);
  });

  test('sets no event-handler or URL attribute from data, and the page has no template scriptlets', () => {
    for (const f of sidebar) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text).not.toMatch(/setAttribute\(\s*['"`](on\w+|href|src|action|formaction)['"`]/i);
      expect(text).not.toMatch(/['"]on[a-z]+['"]\s*:/); // h('x', { onclick: … })
    }
    expect(fs.readFileSync('src/sidebar/sidebar.html', 'utf8')).not.toMatch(/<\?/);
  });
});
