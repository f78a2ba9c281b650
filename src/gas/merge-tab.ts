// The Merge suggestions tab (名寄せ候補): the owner's ticks read before the analysis, the tab
// written again after it (ticked rows kept as they are).

import { Lang } from '../core/labels';
import { MergeDecision, TICK_COLUMN, mergeSuggestionsTab, parseMergeDecisions, tickValues } from '../core/merges';
import { SalesAnalysis } from '../core/sales';
import { TABS } from '../core/tabs';
import { SheetContext } from './context';
import { readAllValues, writeTable } from './sheets';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function mergeSheet(ctx: SheetContext): Sheet | null {
  const { names } = TABS.mergeSuggestions;
  return ctx.spreadsheet.getSheetByName(names.ja) ?? ctx.spreadsheet.getSheetByName(names.en);
}

/** The rows of the tab as the owner left them (none without the tab). */
export function readMergeDecisions(ctx: SheetContext): MergeDecision[] {
  const sheet = mergeSheet(ctx);
  return sheet ? parseMergeDecisions(readAllValues(sheet)) : [];
}

/**
 * Writes the tab under the name of `lang` (an existing tab in the other language is rewritten
 * where it is, so that the owner's ticks stay in one place). Returns the sheet (null when none
 * was needed) and the number of open suggestions.
 */
export function writeMergeTab(
  ctx: SheetContext,
  lang: Lang,
  sales: SalesAnalysis,
  decisions: readonly MergeDecision[],
): { sheet: Sheet | null; open: number } {
  const tab = mergeSuggestionsTab(lang, sales, decisions);
  const existing = mergeSheet(ctx);
  // Nothing to suggest and no tab yet: no empty tab is added to the owner's workbook.
  if (!existing && tab.table.rows.length === 1) return { sheet: null, open: 0 };
  const name = existing?.getName() ?? TABS.mergeSuggestions.names[lang];
  const sheet = writeTable(ctx.spreadsheet, name, tab.table, { lang, timeZone: ctx.timeZone });
  const rows = tab.table.rows.length - 1;
  if (rows > 0) {
    // Checkboxes reset their cells to FALSE: the owner's ticks are written back after them.
    const ticks = sheet.getRange(2, TICK_COLUMN + 1, rows, 2);
    ticks.insertCheckboxes();
    ticks.setValues(tickValues(tab.table));
  }
  return { sheet, open: tab.open };
}
