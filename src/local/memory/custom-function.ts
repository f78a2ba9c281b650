// What Apps Script lets a custom function do (Google's guide, "Custom Functions in Google Sheets"):
// it never asks for authorization, so it may only call services without access to personal data
// — Cache, HTML, Lock, Properties, Utilities, and the spreadsheet read-only (get*, not set*) — and
// must return within 30 seconds. Anything else fails with Apps Script's own message.

/** "A custom function call must return within 30 seconds." */
export const CUSTOM_FUNCTION_MS = 30_000;
export const CUSTOM_FUNCTION_TIMEOUT = 'Exceeded maximum execution time (line 0).';

const SERVICES =
  /^(PropertiesService|Properties|CacheService|Cache|LockService|Lock|Utilities|Blob|Logger|HtmlService|HtmlOutput)\./;
const SPREADSHEET = /^(Spreadsheet|Sheet|Range|Filter|NamedRange)\.(.+)$/;
const ALLOWED = new Set([
  'SpreadsheetApp.getActiveSpreadsheet',
  'SpreadsheetApp.getActive',
  'SpreadsheetApp.getActiveSheet',
  'SpreadsheetApp.flush',
  'Session.getScriptTimeZone',
  'Session.getActiveUserLocale',
]);

/** null when a custom function may call `name` ('Label.method'), else the message Apps Script gives. */
export function customFunctionRefusal(name: string): string | null {
  if (SERVICES.test(name) || ALLOWED.has(name)) return null;
  const spreadsheet = SPREADSHEET.exec(name);
  // Read-only: the spreadsheet's get*() (and is*()) methods; Apps Script names only the method.
  if (spreadsheet) return /^(get|is)[A-Z]/.test(spreadsheet[2]) ? null : permission(spreadsheet[2]);
  return permission(name);
}

function permission(what: string): string {
  return `You do not have permission to call ${what}`;
}
