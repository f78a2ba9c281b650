// The Merge suggestions tab (名寄せ候補): pairs of customers that may be one person, each with the
// evidence, a `Same person` and a `Different people` tick. The owner's ticks are the decisions:
// the next analysis counts a Same person pair as one customer (SalesOptions.aliases); unticking
// splits them again. The sales sheet is never changed, and the tab keeps every answered row as
// the owner left it.

import { cellText, customerKeyOf, isBlankCell, isDate } from './cells';
import { Lang, defineText } from './labels';
import { MatchCandidate, MatchSuggestion, evidenceText, pairKey, phoneDigits, suggestMatches } from './name-matches';
import { flagOf } from './owner-tabs';
import { Customer, SalesAnalysis } from './sales';
import { ColumnFormat, OutCell, OutTable, dayCell } from './table';

const COLUMNS = [
  'customerA',
  'customerB',
  'evidence',
  'samePerson',
  'different',
  'visitsA',
  'firstA',
  'lastA',
  'visitsB',
  'firstB',
  'lastB',
  'keyA',
  'keyB',
] as const;
type Column = (typeof COLUMNS)[number];

/** The 0-based columns of the two ticks (Same person, Different people), side by side. */
export const TICK_COLUMN = COLUMNS.indexOf('samePerson');

/** The ticks of the tab's rows below the header, as booleans for its checkboxes. */
export function tickValues(table: OutTable): boolean[][] {
  return table.rows.slice(1).map((r) => [flagOf(r[TICK_COLUMN]) === 'yes', flagOf(r[TICK_COLUMN + 1]) === 'yes']);
}

const FORMATS: ColumnFormat[] = [
  'text',
  'text',
  'text',
  'general',
  'general',
  'integer',
  'date',
  'date',
  'integer',
  'date',
  'date',
  'text',
  'text',
];

const TEXT = defineText<Column>({
  ja: {
    customerA: '顧客A',
    customerB: '顧客B',
    evidence: '根拠',
    samePerson: '同一人物',
    different: '別人',
    visitsA: 'A 来店回数',
    firstA: 'A 初回購入日',
    lastA: 'A 最終購入日',
    visitsB: 'B 来店回数',
    firstB: 'B 初回購入日',
    lastB: 'B 最終購入日',
    keyA: 'A 識別キー',
    keyB: 'B 識別キー',
  },
  en: {
    customerA: 'Customer A',
    customerB: 'Customer B',
    evidence: 'Evidence',
    samePerson: 'Same person',
    different: 'Different people',
    visitsA: 'Visits A',
    firstA: 'First purchase A',
    lastA: 'Last purchase A',
    visitsB: 'Visits B',
    firstB: 'First purchase B',
    lastB: 'Last purchase B',
    keyA: 'Key A',
    keyB: 'Key B',
  },
});

/** One row of the tab as the owner left it. */
export interface MergeDecision {
  keyA: string;
  keyB: string;
  nameA: string;
  nameB: string;
  /** Same person ticked (and not Different people: a row ticked both ways merges nothing). */
  same: boolean;
  /** Either box ticked: the owner has answered, and the row is kept as it is. */
  decided: boolean;
  /** The row's cells, kept as they are when ticked. */
  cells: unknown[];
}

/** The column of each field in a header row written in either language; null when it is not this tab's. */
function columnsOf(header: readonly unknown[]): Record<Column, number> | null {
  const text = header.map((h) => cellText(h));
  const out = {} as Record<Column, number>;
  for (const column of COLUMNS) {
    const at = text.findIndex((h) => h === TEXT('ja', column) || h === TEXT('en', column));
    if (at < 0) return null;
    out[column] = at;
  }
  return out;
}

/** The tab's rows with both keys; a row without them (typed in by hand) is left out. */
export function parseMergeDecisions(values: readonly unknown[][]): MergeDecision[] {
  const col = values.length > 0 ? columnsOf(values[0]) : null;
  if (col === null) return [];
  const out: MergeDecision[] = [];
  for (const row of values.slice(1)) {
    const keyA = cellText(row[col.keyA]);
    const keyB = cellText(row[col.keyB]);
    if (!keyA || !keyB || keyA === keyB) continue;
    out.push({
      keyA,
      keyB,
      nameA: cellText(row[col.customerA]),
      nameB: cellText(row[col.customerB]),
      same: flagOf(row[col.samePerson]) === 'yes' && flagOf(row[col.different]) !== 'yes',
      decided: flagOf(row[col.samePerson]) === 'yes' || flagOf(row[col.different]) === 'yes',
      cells: row.slice(0, COLUMNS.length),
    });
  }
  return out;
}

/**
 * Customer key → the key a ticked group is counted under: the first key of the group in the tab
 * (a chain A=B, B=C is one customer). Keys of no ticked row are absent.
 */
export function aliasesOf(decisions: readonly MergeDecision[]): Map<string, string> {
  const parent = new Map<string, string>();
  const root = (key: string): string => {
    let r = key;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  // The root that came first in the tab stays the root (order of first appearance).
  const order = new Map<string, number>();
  for (const d of decisions) {
    if (!d.same) continue;
    for (const key of [d.keyA, d.keyB])
      if (!parent.has(key)) {
        parent.set(key, key);
        order.set(key, order.size);
      }
    const a = root(d.keyA);
    const b = root(d.keyB);
    // Stryker disable next-line ConditionalExpression: a shortcut; with a === b the else branch changes nothing
    if (a === b) continue;
    // Stryker disable next-line EqualityOperator: a and b differ, and so do their orders: < and <= agree
    if ((order.get(a) as number) < (order.get(b) as number)) parent.set(b, a);
    else parent.set(a, b);
  }
  const aliases = new Map<string, string>();
  for (const key of parent.keys()) {
    const r = root(key);
    if (r !== key) aliases.set(key, r);
  }
  return aliases;
}

/**
 * The other spellings of each merged customer, by the key counted under, for the Segments tab:
 * the names of the ticked rows, less the name now shown.
 */
export function mergedSpellings(decisions: readonly MergeDecision[], aliases: ReadonlyMap<string, string>) {
  const out = new Map<string, Set<string>>();
  for (const d of decisions) {
    if (!d.same) continue;
    const key = aliases.get(d.keyA) ?? d.keyA;
    const names = out.get(key) ?? new Set<string>();
    for (const name of [d.nameA, d.nameB]) if (name) names.add(name);
    out.set(key, names);
  }
  return out;
}

const NO_PHONES: readonly string[] = Object.freeze([]);

/** What the rules see of each customer of the analysis. */
export function matchCandidates(analysis: SalesAnalysis): MatchCandidate[] {
  return analysis.customers.map((c, i) => {
    const named = c.name && c.name !== c.email;
    // A key that is neither the email nor the name's key is an export's customer id or member code.
    const memberCode = c.key !== c.email && (!named || c.key !== customerKeyOf(c.name)) ? c.key : '';
    const phones = analysis.phones?.get(i);
    return {
      key: c.key,
      name: named ? c.name : '',
      email: c.email,
      memberCode,
      // One shared empty list for the customers without a phone number (most, or all).
      phones: phones ? phones.map(phoneDigits).filter((p) => p !== '') : NO_PHONES,
    };
  });
}

function sideCells(c: Customer): OutCell[] {
  return [c.visits, dayCell(c.firstDay), dayCell(c.lastDay)];
}

function suggestionRow(lang: Lang, s: MatchSuggestion, candidates: MatchCandidate[], customers: Customer[]): OutCell[] {
  const a = customers[s.a];
  const b = customers[s.b];
  return [
    a.name,
    b.name,
    evidenceText(lang, s, candidates[s.a], candidates[s.b]),
    false,
    false,
    ...sideCells(a),
    ...sideCells(b),
    a.key,
    b.key,
  ];
}

/** A cell read back from the tab, written again as it was (text stays text, never a formula). */
function keptCell(value: unknown): OutCell {
  if (typeof value === 'number' || typeof value === 'boolean' || isDate(value)) return value;
  return isBlankCell(value) ? '' : String(value);
}

/**
 * Unanswered suggestions written at most: more than an owner can judge in one sitting (a ledger
 * full of one surname's variants); the rest come as these are answered.
 */
export const MAX_OPEN = 500;

export interface MergeTab {
  table: OutTable;
  /** Rows not ticked: the suggestions the owner has yet to answer. */
  open: number;
}

/**
 * The tab to write: answered rows (Same person or Different people ticked) as the owner left
 * them; unanswered rows still suggested, with their figures brought up to date; then new
 * suggestions, up to maxOpen unanswered rows. Each pair appears once, so an answered pair is
 * never suggested again.
 */
export function mergeSuggestionsTab(
  lang: Lang,
  analysis: SalesAnalysis,
  decisions: readonly MergeDecision[],
  maxOpen = MAX_OPEN,
): MergeTab {
  const candidates = matchCandidates(analysis);
  const suggestions = suggestMatches(candidates);
  const byPair = new Map<string, MatchSuggestion>();
  for (const s of suggestions) byPair.set(pairKey(candidates[s.a].key, candidates[s.b].key), s);
  const rows: OutCell[][] = [COLUMNS.map((c) => TEXT(lang, c))];
  const written = new Set<string>();
  let open = 0;
  const add = (s: MatchSuggestion) => {
    rows.push(suggestionRow(lang, s, candidates, analysis.customers));
    open++;
  };
  for (const d of decisions) {
    const key = pairKey(d.keyA, d.keyB);
    if (written.has(key)) continue;
    written.add(key);
    if (d.decided) rows.push(COLUMNS.map((_, i) => keptCell(d.cells[i])));
    else if (byPair.has(key)) add(byPair.get(key) as MatchSuggestion);
  }
  for (const [key, s] of byPair) if (!written.has(key) && open < maxOpen) add(s);
  return { table: { rows, formats: FORMATS }, open };
}
