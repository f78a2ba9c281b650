// What the add-on needs to know about the spreadsheet it runs in: its time zone, its locale (which
// picks the language) and today's date there.

import { Day, dayOfDateIn } from '../core/days';
import { Lang, langOfLocale } from '../core/labels';

export interface SheetContext {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  lang: Lang;
  today: Day;
}

export function sheetContext(): SheetContext {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const timeZone = spreadsheet.getSpreadsheetTimeZone() || Session.getScriptTimeZone();
  return {
    spreadsheet,
    timeZone,
    lang: langOfLocale(spreadsheet.getSpreadsheetLocale()),
    today: dayOfDateIn(timeZone)(new Date()),
  };
}
