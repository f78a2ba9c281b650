// The add-on menu and the sidebar. onOpen runs in AuthMode.NONE for an add-on that is installed
// but not yet used in this document: it may build the menu and nothing else (no reading).

import { MESSAGE_TEXT } from '../core/messages';
import { langOfLocale, Lang } from '../core/labels';

function menuLang(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): Lang {
  // In AuthMode.NONE the spreadsheet cannot be read; the user's locale is still known.
  if (e && e.authMode === ScriptApp.AuthMode.NONE) return langOfLocale(Session.getActiveUserLocale());
  return langOfLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
}

export function onOpen(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): void {
  const lang = menuLang(e);
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem(MESSAGE_TEXT(lang, 'menu_open'), 'showSidebar')
    .addItem(MESSAGE_TEXT(lang, 'menu_run'), 'runMonthlyAnalysis')
    .addToUi();
}

export function onInstall(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): void {
  onOpen(e);
}

export function showSidebar(): void {
  const lang = langOfLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
  const html = HtmlService.createHtmlOutputFromFile('sidebar').setTitle(MESSAGE_TEXT(lang, 'addon_title'));
  SpreadsheetApp.getUi().showSidebar(html);
}
