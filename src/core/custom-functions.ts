// The rules behind =CUSTOMER_STAGE, =CUSTOMER_SEGMENT, =NEXT_VISIT and =REPEAT_RATE. Sheets hands a custom
// function a single value for one cell and a 2-D array for a range; results follow the same shape,
// so one call can label a whole column of customers with one pass over the sales table.

import { TableAnalysis, TableError, analyzeTable } from './analysis';
import { cellText, customerKeyOf, emailOf, isBlankCell, parseDateCell } from './cells';
import { Day, dayOfDateIn, midnightIn } from './days';
import { Lang, classificationLabel, defineText } from './labels';
import { rhythmOf } from './rhythm';
import { Customer, SalesAnalysis } from './sales';
import { SettingsError, Thresholds } from './settings';
import { describeSettingsProblems } from './settings-messages';

export interface CustomFunctionContext {
  timeZone: string;
  lang: Lang;
  /** Today in the spreadsheet's time zone: the default as-of. */
  today: Day;
  thresholds: Thresholds;
  /** The owner's confirmed merges (Merge suggestions tab): customer key → the key counted under. */
  aliases?: ReadonlyMap<string, string>;
}

const TEXT = defineText({
  ja: {
    table: '#売上表: 見出し行（日付・顧客・金額）を含む範囲を指定してください',
    no_header: '#売上表: 日付・顧客・金額の見出し行が見つかりません',
    missing_columns: '#売上表: 見出しが足りません（{missing}）',
    empty: '#売上表: データがありません',
    as_of: '#基準日: 日付を読み取れません',
    date: '#{name}: 日付を読み取れません',
    within_days: '#日数: 0以上の整数を指定してください',
    range: '#期間: 開始日が終了日より後です',
    no_cohort: '#該当なし: 期間内に初回購入した顧客がいません',
    settings: '#設定: しきい値が正しくありません（{detail}）',
  },
  en: {
    table: '#sales_table: give the range including its header row (date, customer, amount)',
    no_header: '#sales_table: no header row with date, customer and amount',
    missing_columns: '#sales_table: missing columns ({missing})',
    empty: '#sales_table: no data',
    as_of: '#as_of: not a date',
    date: '#{name}: not a date',
    within_days: '#within_days: give a whole number of days, 0 or more',
    range: '#first_from is after first_to',
    no_cohort: '#N/A: no customer made a first purchase in that period',
    settings: '#settings: invalid thresholds ({detail})',
  },
});

/** A message for the cell, starting with '#', instead of a stack trace. */
export class CustomFunctionError extends Error {}

function fail(lang: Lang, key: Parameters<typeof TEXT>[1], params?: Record<string, string | number>): never {
  throw new CustomFunctionError(TEXT(lang, key, params));
}

function optionalDay(value: unknown, ctx: CustomFunctionContext, name: string): Day | null {
  // Stryker disable next-line ConditionalExpression: a shortcut; a blank value is its own single cell, refused as blank just below
  if (isBlankCell(value)) return null;
  const single = Array.isArray(value) ? (value as unknown[][])[0]?.[0] : value;
  if (isBlankCell(single)) return null;
  const day = parseDateCell(single, dayOfDateIn(ctx.timeZone));
  if (day === null) fail(ctx.lang, name === 'as_of' ? 'as_of' : 'date', { name });
  return day;
}

function analyzeArgument(table: unknown, asOf: Day, ctx: CustomFunctionContext): TableAnalysis {
  if (!Array.isArray(table) || !Array.isArray(table[0])) fail(ctx.lang, 'table');
  try {
    return analyzeTable({
      values: table as unknown[][],
      asOf,
      timeZone: ctx.timeZone,
      thresholds: ctx.thresholds,
      aliases: ctx.aliases,
    });
  } catch (e) {
    // Stryker disable next-line ObjectLiteral,StringLiteral: no named columns, and detection needs all three: no missing_columns
    if (e instanceof TableError) fail(ctx.lang, e.code, { missing: e.missing.join(', ') });
    throw e;
  }
}

/** Runs a custom function body, turning known problems into '#…' messages. */
export function asCellResult<T>(lang: Lang, body: () => T): T | string {
  try {
    return body();
  } catch (e) {
    if (e instanceof CustomFunctionError) return e.message;
    if (e instanceof SettingsError)
      return TEXT(lang, 'settings', { detail: describeSettingsProblems(lang, e.problems) });
    throw e;
  }
}

function lookupCustomers<T>(
  customer: unknown,
  table: unknown,
  asOfArg: unknown,
  ctx: CustomFunctionContext,
  label: (c: Customer, index: number, sales: SalesAnalysis) => T | '',
): T | '' | (T | '')[][] {
  const asOf = optionalDay(asOfArg, ctx, 'as_of') ?? ctx.today;
  const { sales } = analyzeArgument(table, asOf, ctx);
  const byKey = new Map<string, number>();
  sales.customers.forEach((c, i) => byKey.set(c.key, i));
  const byEmail = new Map<string, number>();
  sales.customers.forEach((c, i) => {
    if (c.email && !byEmail.has(c.email)) byEmail.set(c.email, i);
  });
  // A recognised export keys its customers by member code or email: its name (the latest spelling) finds them too.
  const byName = new Map<string, number>();
  sales.customers.forEach((c, i) => {
    const name = customerKeyOf(c.name);
    if (!byName.has(name)) byName.set(name, i);
  });
  // A merged customer is found by any of their spellings.
  const keyOf = (text: string) => {
    const key = customerKeyOf(text);
    return ctx.aliases?.get(key) ?? key;
  };
  const one = (cell: unknown): T | '' => {
    const text = cellText(cell);
    // Stryker disable next-line ConditionalExpression: a shortcut; an empty text finds no customer (no key is empty)
    if (!text) return '';
    const found = byKey.get(keyOf(text)) ?? byEmail.get(emailOf(text)) ?? byName.get(customerKeyOf(text));
    return found === undefined ? '' : label(sales.customers[found], found, sales);
  };
  if (Array.isArray(customer)) return (customer as unknown[][]).map((row) => row.map(one));
  return one(customer);
}

/** =CUSTOMER_STAGE: 見込み客 / 新規客 / リピート客 / ファン客; '' for an unknown customer. */
export function customerStage(customer: unknown, table: unknown, asOf: unknown, ctx: CustomFunctionContext) {
  return asCellResult(ctx.lang, () =>
    lookupCustomers(customer, table, asOf, ctx, (c) => classificationLabel(ctx.lang, c.stage)),
  );
}

/** =CUSTOMER_SEGMENT: the CPM segment; '' for an unknown customer or a prospect. */
export function customerSegment(customer: unknown, table: unknown, asOf: unknown, ctx: CustomFunctionContext) {
  return asCellResult(ctx.lang, () =>
    lookupCustomers(customer, table, asOf, ctx, (c) => (c.segment ? classificationLabel(ctx.lang, c.segment) : '')),
  );
}

/**
 * =NEXT_VISIT: the expected next visit (last visit day + usual interval, docs/RULES.md §3) as a
 * date at midnight in the spreadsheet's zone; '' for an unknown customer, a prospect, or a
 * single-visit customer in a table where nobody came back.
 */
export function nextVisit(customer: unknown, table: unknown, asOf: unknown, ctx: CustomFunctionContext) {
  return asCellResult(ctx.lang, () =>
    lookupCustomers(customer, table, asOf, ctx, (_c, index, sales) => {
      const expected = rhythmOf(sales).of(index).expectedNext;
      return expected === null ? '' : midnightIn(expected, ctx.timeZone);
    }),
  );
}

/**
 * =REPEAT_RATE (the F2 rate): among customers whose first visit lies in [firstFrom, firstTo]
 * (all when omitted), the share with a second visit, within `withinDays` of the first if given.
 */
export function repeatRate(
  table: unknown,
  firstFrom: unknown,
  firstTo: unknown,
  withinDays: unknown,
  asOfArg: unknown,
  ctx: CustomFunctionContext,
): number | string {
  return asCellResult(ctx.lang, () => {
    const from = optionalDay(firstFrom, ctx, 'first_from') ?? -Infinity;
    const to = optionalDay(firstTo, ctx, 'first_to') ?? Infinity;
    if (from > to) fail(ctx.lang, 'range');
    let within = Infinity;
    if (!isBlankCell(withinDays)) {
      const n = typeof withinDays === 'number' ? withinDays : Number(cellText(withinDays));
      if (!Number.isInteger(n) || n < 0) fail(ctx.lang, 'within_days');
      within = n;
    }
    const asOf = optionalDay(asOfArg, ctx, 'as_of') ?? ctx.today;
    const { sales } = analyzeArgument(table, asOf, ctx);
    const { visits } = sales;
    let cohort = 0;
    let repeated = 0;
    for (let c = 0; c < sales.customers.length; c++) {
      const start = visits.start[c];
      if (visits.start[c + 1] === start) continue;
      const first = visits.day[start];
      if (first < from || first > to) continue;
      cohort++;
      if (visits.start[c + 1] - start >= 2 && visits.day[start + 1] - first <= within) repeated++;
    }
    if (cohort === 0) fail(ctx.lang, 'no_cohort');
    return repeated / cohort;
  });
}
