// The owner's Customers tab (顧客名簿), read for the analysis and the follow-ups alike.

import { CustomerList, countingListProspects, mergeCustomerList, parseCustomerList } from '../core/customer-list';
import { dayOfDateIn } from '../core/days';
import { Customer } from '../core/sales';
import { TABS } from '../core/tabs';
import { SheetContext } from './context';
import { SalesSheetAnalysis } from './sales-source';
import { readAllValues } from './sheets';

/** The Customers tab under either of its names, parsed; null when there is none. */
export function readCustomerList(ctx: SheetContext): CustomerList | null {
  const names = TABS.customerList.names;
  const sheet = ctx.spreadsheet.getSheetByName(names.ja) ?? ctx.spreadsheet.getSheetByName(names.en);
  return sheet ? parseCustomerList(readAllValues(sheet), 1, dayOfDateIn(ctx.timeZone)) : null;
}

/**
 * The analysis with the people of the Customers tab who never bought counted as prospects, once
 * each (a listed person who bought is matched to their sales, as the follow-ups match them), and
 * those prospects as rows for the Segments tab.
 */
export function withListOnlyProspects(
  ctx: SheetContext,
  loaded: SalesSheetAnalysis,
): { loaded: SalesSheetAnalysis; prospects: Customer[] } {
  const list = readCustomerList(ctx);
  // No list, no list-only prospects: the merge (an object per customer) is not made for nothing.
  const prospects =
    list && list.entries.length > 0 ? mergeCustomerList(loaded.table.sales, list).listOnlyProspects : [];
  const { table } = loaded;
  const sales = countingListProspects(table.sales, prospects.length);
  // The report month's figures count them too: someone listed who never bought is a prospect then as now.
  const report = table.report === table.sales ? sales : countingListProspects(table.report, prospects.length);
  return { loaded: { ...loaded, table: { ...table, sales, report } }, prospects };
}
