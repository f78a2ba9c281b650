// Custom functions: read the spreadsheet's zone and locale (allowed in a custom function), then
// hand over to the pure rules. Settings saved in the sidebar apply here too.

import {
  CustomFunctionContext,
  asCellResult,
  customerSegment,
  customerStage,
  nextVisit,
  repeatRate,
} from '../core/custom-functions';
import { resolveThresholds } from '../core/settings';
import { sheetContext } from './context';
import { loadSettings } from './settings-store';
import { readMergeDecisions } from './merge-tab';
import { aliasesOf } from '../core/merges';

/** Invalid saved thresholds become a '#settings' message in the cell, like any bad argument. */
function withContext<T>(body: (ctx: CustomFunctionContext) => T): T | string {
  const ctx = sheetContext();
  const { timeZone, lang, today } = ctx;
  // Reading another tab is allowed in a custom function; the ticks of the Merge suggestions tab apply here too.
  const aliases = aliasesOf(readMergeDecisions(ctx));
  return asCellResult(lang, () =>
    body({ timeZone, lang, today, thresholds: resolveThresholds(loadSettings().thresholds), aliases }),
  );
}

export function CUSTOMER_STAGE(customer: unknown, salesTable: unknown, asOf?: unknown) {
  return withContext((ctx) => customerStage(customer, salesTable, asOf, ctx));
}

export function CUSTOMER_SEGMENT(customer: unknown, salesTable: unknown, asOf?: unknown) {
  return withContext((ctx) => customerSegment(customer, salesTable, asOf, ctx));
}

export function NEXT_VISIT(customer: unknown, salesTable: unknown, asOf?: unknown) {
  return withContext((ctx) => nextVisit(customer, salesTable, asOf, ctx));
}

export function REPEAT_RATE(
  salesTable: unknown,
  firstFrom?: unknown,
  firstTo?: unknown,
  withinDays?: unknown,
  asOf?: unknown,
) {
  return withContext((ctx) => repeatRate(salesTable, firstFrom, firstTo, withinDays, asOf, ctx));
}
