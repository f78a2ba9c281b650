// The optional customer list tab (顧客名簿 / Customers): the owner's own roster, with emails,
// birthdays and opt-outs the sales sheet does not have. It is read by header like the sales
// sheet, and merged over the analysis without touching it: list-only people become Prospects.

import { cellText, customerKeyOf, emailOf, isBlankCell, nfkc, parseDateCell, parseDateText } from './cells';
import { Day, DayOfDate, dayFromYmd, ymdOf } from './days';
import { findTabHeader, flagOf } from './owner-tabs';
import { Customer, SalesAnalysis } from './sales';

/**
 * Anything written in the opt-out column other than an explicit "no" counts as opted out: a
 * note such as "電話で依頼 3/2" or a × means the same to the owner, and mailing someone who asked
 * not to be mailed is the worse mistake.
 */
export function optOutOf(value: unknown): boolean {
  const flag = flagOf(value);
  return flag === 'yes' || flag === 'other';
}

// ---------------------------------------------------------------------------------------------
// Parsing the list

export interface MonthDay {
  month: number;
  day: number;
}

export interface CustomerListEntry {
  /** customerKeyOf(name), or the email when the name is empty: the same keys as the sales analysis. */
  key: string;
  /** The name as typed; the email when there is no name. */
  name: string;
  /** '' when none or unreadable. */
  email: string;
  /** Only the month and day matter (the year of birth is never used). */
  birthday: MonthDay | null;
  optOut: boolean;
  note: string;
  /** Sheet row number (the first row when the same customer is listed twice). */
  rowNumber: number;
}

export type CustomerListProblemReason =
  | 'no_header'
  | 'no_customer'
  | 'email_unreadable'
  | 'birthday_unreadable'
  /** Listed again: merged into the first row (opted out if either row is). */
  | 'duplicate';

export interface CustomerListProblem {
  rowNumber: number;
  reason: CustomerListProblemReason;
}

export interface CustomerList {
  entries: CustomerListEntry[];
  problems: CustomerListProblem[];
}

type ListField = 'customer' | 'email' | 'birthday' | 'optOut' | 'note';

export const CUSTOMER_LIST_SYNONYMS: Record<ListField, string[]> = {
  customer: ['顧客', '顧客名', 'お客様', 'お客様名', 'お名前', '氏名', '名前', 'customer', 'customer name', 'name'],
  email: ['メールアドレス', 'メール', 'Eメール', 'email', 'email address', 'mail'],
  birthday: ['誕生日', '生年月日', 'お誕生日', 'birthday', 'date of birth', 'birth date', 'dob'],
  optOut: [
    '配信停止',
    'オプトアウト',
    'メール不要',
    'opt-out',
    'unsubscribed',
    'unsubscribe',
    'do not contact',
    'do not email',
  ],
  note: ['備考', 'メモ', 'note', 'notes', 'memo'],
};

const MONTH_DAY = /^(\d{1,2})\s*(?:[/.-]|月)\s*(\d{1,2})\s*日?$/;

/**
 * A birthday: a date cell (Sheets turns a typed 5/12 into a date of the current year), a full
 * date in text ('1990-05-12', '平成2年5月12日'), or a month and day ('5/12', '5月12日').
 */
export function parseBirthday(value: unknown, dayOf: DayOfDate): MonthDay | null {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; parseDateCell reads text with parseDateText too
  let day: Day | null = typeof value === 'string' ? parseDateText(value) : parseDateCell(value, dayOf);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; text read as a full date never has the month-day form
  if (day === null && typeof value === 'string') {
    const m = MONTH_DAY.exec(nfkc(value).trim());
    // 2000 is a leap year, so that 2/29 is accepted and 2/30 is not.
    if (m) day = dayFromYmd(2000, +m[1], +m[2]);
  }
  if (day === null) return null;
  const { month, day: dd } = ymdOf(day);
  return { month, day: dd };
}

type ContactDetails = Pick<CustomerListEntry, 'email' | 'birthday' | 'optOut' | 'note'>;

/** Folds a second listing of the same person into the first: opted out if either says so. */
function absorb(into: ContactDetails, other: ContactDetails): void {
  into.optOut = into.optOut || other.optOut;
  if (!into.email) into.email = other.email;
  if (!into.birthday) into.birthday = other.birthday;
  if (!into.note) into.note = other.note;
}

/**
 * Reads the customer list tab from its first row (`firstRowNumber` is the sheet row of
 * values[0]). Every non-blank row below the header ends as an entry or a problem, or both (an
 * entry kept without its unreadable email or birthday).
 */
export function parseCustomerList(values: unknown[][], firstRowNumber: number, dayOf: DayOfDate): CustomerList {
  const header = findTabHeader(
    values,
    CUSTOMER_LIST_SYNONYMS,
    (c) => c.customer !== undefined || c.email !== undefined,
  );
  if (!header) {
    const empty = values.every((row) => row.every(isBlankCell));
    return { entries: [], problems: empty ? [] : [{ rowNumber: firstRowNumber, reason: 'no_header' }] };
  }
  const col = header.columns;
  const cell = (row: unknown[], field: ListField): unknown =>
    // Stryker disable next-line ConditionalExpression: a missing column's undefined reads as blank, like ''
    col[field] === undefined ? '' : row[col[field] as number];

  const entries: CustomerListEntry[] = [];
  const problems: CustomerListProblem[] = [];
  const byKey = new Map<string, CustomerListEntry>();
  for (let r = header.headerRow + 1; r < values.length; r++) {
    const row = values[r];
    if (row.every(isBlankCell)) continue;
    const rowNumber = firstRowNumber + r;
    const nameText = cellText(cell(row, 'customer'));
    const emailCell = cell(row, 'email');
    const email = emailOf(emailCell);
    if (!email && !isBlankCell(emailCell)) problems.push({ rowNumber, reason: 'email_unreadable' });
    const key = customerKeyOf(nameText) || email;
    if (!key) {
      problems.push({ rowNumber, reason: 'no_customer' });
      continue;
    }
    const birthdayCell = cell(row, 'birthday');
    const birthday = isBlankCell(birthdayCell) ? null : parseBirthday(birthdayCell, dayOf);
    if (!birthday && !isBlankCell(birthdayCell)) problems.push({ rowNumber, reason: 'birthday_unreadable' });
    const entry: CustomerListEntry = {
      key,
      name: nameText || email,
      email,
      birthday,
      optOut: optOutOf(cell(row, 'optOut')),
      note: cellText(cell(row, 'note')),
      rowNumber,
    };
    const earlier = byKey.get(key);
    if (earlier) {
      absorb(earlier, entry);
      problems.push({ rowNumber, reason: 'duplicate' });
      continue;
    }
    byKey.set(key, entry);
    entries.push(entry);
  }
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: rows are read in order: the problems come sorted
  problems.sort((a, b) => a.rowNumber - b.rowNumber);
  return { entries, problems };
}

// ---------------------------------------------------------------------------------------------
// Merging with the sales analysis

/**
 * A customer as follow-ups see them: sales data with the list's contact details over it. The
 * name is the list's when it has one (the owner's own spelling), else the sales sheet's; the
 * email likewise ('' when neither has one).
 */
export interface FollowUpCustomer extends Pick<
  CustomerListEntry,
  'key' | 'name' | 'email' | 'birthday' | 'optOut' | 'note'
> {
  /** analysis.customers[salesIndex], or a 0-visit Prospect record for a list-only entry. Never mutated. */
  customer: Customer;
  /** Index into analysis.customers; null for a list-only prospect. */
  salesIndex: number | null;
  /** Sheet row in the customer list; null when not listed. */
  listRow: number | null;
  /**
   * The prospect_touch anchor: the day of the customer's earliest row in the sales sheet (a ¥0
   * sample too); null for a list-only prospect, whose first touch is then due at as-of.
   */
  firstSeenDay: Day | null;
}

export interface FollowUpCustomers {
  /** Sales customers in analysis (first-seen) order, then list-only prospects in list order. */
  all: FollowUpCustomer[];
  /** The list-only prospects as Customer records, e.g. for segmentsTable's `extra` rows. */
  listOnlyProspects: Customer[];
}

function prospectRecord(entry: CustomerListEntry): Customer {
  return {
    key: entry.key,
    name: entry.name,
    email: entry.email,
    visits: 0,
    firstSeenDay: null,
    firstDay: null,
    lastDay: null,
    daysSinceLast: null,
    tenureDays: null,
    revenue: 0,
    paidTotal: 0,
    averageOrder: null,
    topProduct: '',
    referrals: 0,
    vip: false,
    stage: 'prospect',
    status: null,
    segment: null,
  };
}

/**
 * The analysis' customers with the list laid over them. A list entry matches a sales customer by
 * key, else by email when exactly one sales customer has that email (a sheet keyed by name and a
 * list keyed by email, or the reverse); unmatched entries are Prospects with 0 visits. Two
 * entries reaching the same customer are folded together like duplicates.
 */
export function mergeCustomerList(
  analysis: SalesAnalysis,
  list?: { entries: readonly CustomerListEntry[] } | null,
): FollowUpCustomers {
  const all: FollowUpCustomer[] = analysis.customers.map((c, i) => ({
    key: c.key,
    name: c.name,
    email: c.email,
    birthday: null,
    optOut: false,
    note: '',
    customer: c,
    salesIndex: i,
    listRow: null,
    firstSeenDay: c.firstSeenDay,
  }));
  const entries = list?.entries ?? [];
  // Without a list (most shops) the lookups below are never used: not built for every customer.
  // Stryker disable next-line ConditionalExpression: the shortcut above; with no entry the loop below adds nothing
  if (entries.length === 0) return { all, listOnlyProspects: [] };
  const byKey = new Map<string, number>();
  const byEmail = new Map<string, number>(); // −1: shared by several customers
  analysis.customers.forEach((c, i) => {
    byKey.set(c.key, i);
    // Stryker disable next-line ConditionalExpression: a shortcut; an entry without an email never looks up ''
    if (c.email) byEmail.set(c.email, byEmail.has(c.email) ? -1 : i);
  });

  const listOnly: FollowUpCustomer[] = [];
  const listOnlyByKey = new Map<string, FollowUpCustomer>();
  for (const entry of entries) {
    let i = byKey.get(entry.key);
    if (i === undefined && entry.email) {
      const e = byEmail.get(entry.email);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: i = undefined or −1 both find no one below (all[-1])
      if (e !== undefined && e >= 0) i = e;
    }
    // Stryker disable next-line ConditionalExpression: all[undefined] is undefined, and list keys are unique (duplicates folded)
    const target = i !== undefined ? all[i] : listOnlyByKey.get(entry.key);
    if (target) {
      if (target.listRow === null) {
        // The first list entry for this customer: its contact details win.
        target.listRow = entry.rowNumber;
        if (entry.name !== entry.email) target.name = entry.name;
        if (entry.email) target.email = entry.email;
        target.birthday = entry.birthday;
        target.optOut = entry.optOut;
        target.note = entry.note;
      } else {
        absorb(target, entry);
      }
      continue;
    }
    const prospect: FollowUpCustomer = {
      key: entry.key,
      name: entry.name,
      email: entry.email,
      birthday: entry.birthday,
      optOut: entry.optOut,
      note: entry.note,
      customer: prospectRecord(entry),
      salesIndex: null,
      listRow: entry.rowNumber,
      firstSeenDay: null,
    };
    listOnlyByKey.set(entry.key, prospect);
    listOnly.push(prospect);
  }
  return { all: all.concat(listOnly), listOnlyProspects: listOnly.map((p) => p.customer) };
}

/**
 * The analysis with its list-only prospects counted among the prospects, so that the stage counts
 * (card, Summary, History) agree with the Segments rows and the follow-ups. Nothing else changes:
 * a prospect has no visit, no revenue, no status and no segment.
 */
export function countingListProspects(analysis: SalesAnalysis, prospects: number): SalesAnalysis {
  if (prospects === 0) return analysis;
  const { stage } = analysis.labelCounts;
  return {
    ...analysis,
    labelCounts: { ...analysis.labelCounts, stage: { ...stage, prospect: stage.prospect + prospects } },
  };
}
