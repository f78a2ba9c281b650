// Finding the header row of a sales table and which column holds which field. Shops name their
// columns in many ways (日付, 注文日時, Created at …) and paste exports from shop systems whose
// generic names mislead (Shopify's "Name" is the order number), so matching is by exact
// normalised synonyms, ranked by priority, plus a few export profiles that pin known columns.

import { cellText, nfkc } from './cells';
import { ColumnMapping, FIELDS, Field, HeaderMatch, hasCustomerColumn, isUsableMapping } from './columns';
import { EXPORT_PROFILES, ExportProfile } from './export-profiles';

/**
 * The comparable form of a header: NFKC (full-width letters, ideographic space, （） → plain),
 * lower case, square, lenticular and curly brackets as ( ), and spaces, underscores, hyphens and
 * dashes, dots and middle dots removed. The katakana long vowel ー is kept: it is part of words (メール, カテゴリー).
 */
export function normalizeHeader(text: string): string {
  return nfkc(text)
    .replace(/\uFEFF/g, '') // a CSV's byte-order mark sticks to the first header
    .toLowerCase()
    .replace(/[[【〔〖{]/g, '(')
    .replace(/[\]】〕〗}]/g, ')')
    .replace(/[\s_\-‐‑‒–—―−.・·]/g, '');
}

/**
 * Header names of each field, strongest first. Matching is on normalizeHeader of both sides, so
 * case, width, spaces, underscores, hyphens and dots do not matter ('customer_id' = 'Customer ID',
 * 'E-mail' = 'email'). A normalised name belongs to one field only (checked by the tests).
 */
export const HEADER_SYNONYMS: Record<Field, string[]> = {
  date: [
    '日付',
    '購入日',
    '注文日',
    '売上日',
    'date',
    'order date',
    'purchase date',
    '注文日時',
    '購入日時',
    '会計日時',
    '売上日時',
    '取引日',
    '取引日時',
    '受注日',
    '販売日',
    '来店日',
    'created at',
    'paid at',
    'sale date',
    'transaction date',
    '日時',
    // A Google Form used as an order form: its first column.
    'タイムスタンプ',
    'timestamp',
  ],
  customer: [
    '顧客ID',
    '顧客番号',
    'お客様番号',
    '会員番号',
    '会員コード',
    '会員ID',
    '顧客',
    '顧客名',
    'お客様',
    'お客様名',
    '氏名',
    '名前',
    'customer id',
    'customer',
    'name',
    'customer name',
    'billing name',
    '購入者名',
    '購入者',
    '注文者名',
    '注文者',
    'お名前',
    '会員名',
    '得意先名',
    '得意先',
    '取引先名',
    '取引先',
    'client',
    'client name',
  ],
  amount: [
    '金額',
    '売上',
    '合計',
    '税込金額',
    'amount',
    'total',
    'sales',
    'revenue',
    '合計金額',
    '売上金額',
    '税込合計',
    '売上高',
    '販売金額',
    '支払金額',
    'お支払金額',
    '請求金額',
    '総額',
    'total price',
    'grand total',
    'total collected',
    'net sales',
    'gross sales',
    // Last: a line's subtotal, used only when no total exists.
    '小計',
    'subtotal',
  ],
  orderId: [
    '注文番号',
    '伝票番号',
    'order id',
    'invoice',
    '注文ID',
    '受注番号',
    '取引ID',
    '取引番号',
    '会計ID',
    'レシート番号',
    '伝票No',
    'order number',
    'order no',
    'invoice number',
    'invoice no',
    'transaction id',
    'receipt number',
  ],
  product: [
    '商品名',
    '商品',
    '品名',
    'product',
    'item',
    'アイテム名',
    'アイテム',
    'メニュー名',
    'メニュー',
    '品目',
    'サービス名',
    'product name',
    'item name',
    'lineitem name',
    // A Google Form used as an order form.
    'ご注文の商品',
  ],
  email: ['メールアドレス', 'メール', 'email', 'Eメール', 'email address', 'mail', 'mail address', 'customer email'],
  referrer: ['紹介者', 'referred by', '紹介者名', 'ご紹介者', 'referrer'],
  quantity: ['数量', 'qty', '個数', '点数', 'quantity', 'lineitem quantity'],
  familyName: [
    '姓',
    '氏名(姓)',
    'last name',
    'family name',
    'surname',
    '名字',
    '苗字',
    'お名前(姓)',
    '購入者(姓)',
    '注文者(姓)',
  ],
  givenName: ['名', '氏名(名)', 'first name', 'given name', 'お名前(名)', '購入者(名)', '注文者(名)'],
};

// Explicit non-exact pattern: a trailing note of tax or unit, as in 合計(税込), 金額（円）,
// Total (JPY) or 日付(yyyy/mm/dd). Such a header counts as its base name, ranked just after that
// name itself. (税抜) is deliberately not stripped: the tax-inclusive amount is what the customer
// paid, so 金額(税抜) next to 金額(税込) must not compete.
const QUALIFIER = /\((?:税込み?|税込価格|内税|円|¥|jpy|yen|y{2,4}\/?m{1,2}\/?d{1,2})\)$/;

interface SynonymHit {
  field: Field;
  rank: number;
}

const SYNONYM_INDEX: Map<string, SynonymHit> = (() => {
  const index = new Map<string, SynonymHit>();
  for (const field of FIELDS) {
    HEADER_SYNONYMS[field].forEach((name, rank) => {
      const key = normalizeHeader(name);
      if (!index.has(key)) index.set(key, { field, rank });
    });
  }
  return index;
})();

/** Which field a normalised header names, and how strongly (lower rank = stronger). */
function synonymHit(normalized: string): SynonymHit | null {
  const exact = SYNONYM_INDEX.get(normalized);
  if (exact) return exact;
  const base = normalized.replace(QUALIFIER, '');
  // A shortcut: looking up the same key again, or '' (no synonym), gives null as well.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent, see above
  if (base === normalized || base === '') return null;
  const hit = SYNONYM_INDEX.get(base);
  return hit ? { field: hit.field, rank: hit.rank + 0.5 } : null;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

function headerTexts(row: unknown[]): string[] {
  return row.map((v) => cellText(v).replace(/\uFEFF/g, ''));
}

/** True when more than half of the mapped header cells contain Japanese characters. */
function isJapanese(headers: string[], mapping: ColumnMapping): boolean {
  const columns = [...new Set(Object.values(mapping))] as number[];
  // Stryker disable next-line StringLiteral: every mapped column lies within the headers; the fallback is for the type only
  const japanese = columns.filter((c) => JAPANESE.test(headers[c] ?? '')).length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; with no column, japanese is 0 and 0 > 0 is false too
  return columns.length > 0 && japanese * 2 > columns.length;
}

/** First column (not yet taken) whose normalised header is one of `names`, tried in order. */
function findPinned(normalized: string[], names: string[], taken: Set<number>): number {
  for (const name of names) {
    const key = normalizeHeader(name);
    const col = normalized.findIndex((h, i) => h === key && !taken.has(i));
    if (col >= 0) return col;
  }
  return -1;
}

function mapRow(normalized: string[], profile: ExportProfile | null): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  const pins = profile?.pins ?? {};
  const settled = new Set<Field>();

  for (const field of FIELDS) {
    const pin = pins[field];
    if (pin === undefined) continue;
    if (pin === null) {
      settled.add(field);
      continue;
    }
    const col = findPinned(normalized, pin, taken);
    if (col >= 0) {
      mapping[field] = col;
      taken.add(col);
      settled.add(field);
    }
  }

  // Generic: each remaining field takes its strongest synonym among the free columns; on equal
  // rank (the same header twice) the leftmost column.
  const best = new Map<Field, { col: number; rank: number }>();
  normalized.forEach((h, col) => {
    // Shortcuts: '' is no synonym, and no profile pins a column whose header names another, free field
    // (a new profile that does needs a test of it).
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent, see above
    if (taken.has(col) || h === '') return;
    const hit = synonymHit(h);
    if (!hit || settled.has(hit.field)) return;
    const current = best.get(hit.field);
    if (!current || hit.rank < current.rank) best.set(hit.field, { col, rank: hit.rank });
  });
  for (const [field, { col }] of best) mapping[field] = col;

  // Family and given names stand in for a customer column only when there is none, and only as a pair.
  if (mapping.customer !== undefined || mapping.familyName === undefined || mapping.givenName === undefined) {
    delete mapping.familyName;
    delete mapping.givenName;
  }
  return mapping;
}

function profileOf(normalized: string[]): ExportProfile | null {
  const present = new Set(normalized);
  return EXPORT_PROFILES.find((p) => p.signature.every((h) => present.has(normalizeHeader(h)))) ?? null;
}

/**
 * The first of the first `maxScanRows` rows whose headers give a usable mapping (date, amount
 * and a way to know the customer), so a title or a blank line above the header is skipped.
 * Returns null when no row qualifies.
 */
export function detectHeader(values: unknown[][], maxScanRows = 10): HeaderMatch | null {
  const rows = Math.min(maxScanRows, values.length);
  for (let r = 0; r < rows; r++) {
    const headers = headerTexts(values[r] ?? []);
    const normalized = headers.map(normalizeHeader);
    const profile = profileOf(normalized);
    const mapping = mapRow(normalized, profile);
    if (!isUsableMapping(mapping)) continue;
    return {
      headerRow: r,
      headers,
      mapping,
      profile: profile?.id ?? 'generic',
      japanese: isJapanese(headers, mapping),
    };
  }
  return null;
}

/**
 * The header row to read when the owner names columns (sidebar or `--map`), so a table detection
 * does not recognise can still be read: detection's row, else the first of the top rows holding
 * every header text the owner named (with what its synonyms give), else the widest row — the first
 * with the most non-blank cells, so a title above the header is passed over (applyMappingOverride
 * then says which named header it lacks). Null for blank top rows. With nothing named, the widest
 * row: the headers the sidebar offers to choose from.
 */
export function headerCandidate(
  values: unknown[][],
  override: Partial<Record<Field, string | number | null>>,
  maxScanRows = 10,
): HeaderMatch | null {
  const detected = detectHeader(values, maxScanRows);
  if (detected) return detected;
  const named = Object.values(override)
    .filter((v): v is string => typeof v === 'string')
    .map(normalizeHeader);
  let widest = -1;
  let widestCells = 0;
  for (let r = 0; r < Math.min(maxScanRows, values.length); r++) {
    const normalized = headerTexts(values[r] ?? []).map(normalizeHeader);
    const cells = normalized.filter((h) => h !== '').length;
    if (cells === 0) continue;
    if (named.length > 0 && named.every((n) => normalized.includes(n))) return candidateAt(values, r);
    if (cells > widestCells) [widest, widestCells] = [r, cells];
  }
  return widest < 0 ? null : candidateAt(values, widest);
}

function candidateAt(values: unknown[][], row: number): HeaderMatch {
  const headers = headerTexts(values[row]);
  const mapping = mapRow(headers.map(normalizeHeader), null);
  return { headerRow: row, headers, mapping, profile: 'generic', japanese: isJapanese(headers, mapping) };
}

const REQUIRED: ReadonlySet<Field> = new Set<Field>(['date', 'amount']);

/**
 * The user's correction of a detected mapping (sidebar or CLI): each field given a header text
 * (compared normalised; the leftmost column when the text repeats) or a 0-based column index, or
 * null to remove an optional field. A column chosen here is taken away from any other field.
 * Throws an Error naming the problem when a header does not exist, an index is out of range, two
 * fields are given the same column, or date/amount would be removed. Does not check that the
 * result is usable: see describeMissing.
 */
export function applyMappingOverride(
  match: HeaderMatch,
  override: Partial<Record<Field, string | number | null>>,
): HeaderMatch {
  const mapping: ColumnMapping = { ...match.mapping };
  const normalized = match.headers.map(normalizeHeader);
  const chosen = new Map<number, Field>();

  for (const [key, value] of Object.entries(override)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new Error(`Unknown field "${key}"; fields are: ${FIELDS.join(', ')}`);
    }
    const field = key as Field;
    if (value === undefined) continue;
    if (value === null) {
      if (REQUIRED.has(field)) throw new Error(`The ${field} column is required and cannot be removed`);
      delete mapping[field];
      continue;
    }
    let col: number;
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0 || value >= match.headers.length) {
        throw new Error(
          `Column index ${value} for ${field} is out of range: the header row has columns 0 to ${match.headers.length - 1}`,
        );
      }
      col = value;
    } else {
      col = normalized.indexOf(normalizeHeader(value));
      if (col < 0 || normalizeHeader(value) === '') {
        throw new Error(
          `No column "${value}" for ${field} in the header row; the headers are: ${match.headers.filter(Boolean).join(', ')}`,
        );
      }
    }
    const other = chosen.get(col);
    if (other) throw new Error(`${other} and ${field} are both given column ${col} ("${match.headers[col]}")`);
    chosen.set(col, field);
    mapping[field] = col;
  }

  // The user's explicit choice wins over what detection had put in that column.
  for (const field of FIELDS) {
    const col = mapping[field];
    // Stryker disable next-line ConditionalExpression: for the type; chosen never holds undefined
    if (col === undefined) continue;
    if (chosen.has(col) && chosen.get(col) !== field) delete mapping[field];
  }

  return { ...match, headers: match.headers.slice(), mapping, japanese: isJapanese(match.headers, mapping) };
}

/**
 * The required fields a mapping lacks, for an error message: 'date', 'amount', and 'customer'
 * when there is neither a customer column, an email column, nor a family + given name pair.
 */
export function describeMissing(mapping: ColumnMapping): Field[] {
  const missing: Field[] = [];
  if (mapping.date === undefined) missing.push('date');
  if (!hasCustomerColumn(mapping)) missing.push('customer');
  if (mapping.amount === undefined) missing.push('amount');
  return missing;
}
