// Merge suggestions (名寄せ候補): customers whose names or phone numbers say they may be one
// person typed two ways. Only suggested: the owner decides (see merges.ts), so a rule may err on
// the side of asking, but never pairs two people the data tells apart (different emails or
// member codes).
//
// Old and variant kanji: the 旧字体 → 新字体 table of the kyujitai package (773 pairs such as
// 邊→辺, 澤→沢, 櫻→桜, 廣→広, 眞→真; copied into kanji-variants.ts by scripts/kanji-variants.mjs,
// as the rules import no package), plus NAME_VARIANTS below for the variants common in surnames
// that are not 旧字体 and so are not in it (髙, 﨑, 邉, 濵, 嶋 …).

import { KYUJI_PAIRS } from './kanji-variants';
import { customerKeyOf } from './cells';
import { Lang, defineText } from './labels';

/**
 * Variant → common form for name characters the kyujitai table lacks (異体字 of surnames, as
 * registered names and hand-typed ledgers show them). 斉 is folded with 斎 because owners type
 * 斎藤 and 斉藤 for one person; the owner confirms each pair anyway.
 */
const NAME_VARIANTS: Record<string, string> = {
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  邉: '辺',
  濵: '浜',
  嶋: '島',
  嶌: '島',
  齊: '斎',
  斉: '斎',
  冨: '富',
  𠮷: '吉',
  槗: '橋',
  桒: '桑',
  舘: '館',
};

let variantMap: Map<string, string> | null = null;

/** Built on first use: the custom functions never need it. */
function variants(): Map<string, string> {
  // Stryker disable next-line ConditionalExpression: a cache; building the map again gives the same map
  if (variantMap === null) {
    variantMap = new Map<string, string>();
    const chars = Array.from(KYUJI_PAIRS);
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: even length; an extra round maps undefined
    for (let i = 0; i + 1 < chars.length; i += 2) variantMap.set(chars[i], chars[i + 1]);
    for (const [variant, common] of Object.entries(NAME_VARIANTS)) variantMap.set(variant, common);
  }
  return variantMap;
}

/** Variation selectors (an IVS such as 葛󠄀) say how a character is drawn, not which it is. */
const SELECTORS = /[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;

/** Katakana as hiragana: サトウ and さとう are one reading (half-width ｻﾄｳ is katakana after NFKC). */
/** Printable ASCII (ids, romaji, emails): neither fold changes it. */
const ASCII_ONLY = /^[ -~]*$/;

export function foldKana(text: string): string {
  // Stryker disable next-line ConditionalExpression: a shortcut; the loop below leaves ASCII as it is
  if (ASCII_ONLY.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // ァ (U+30A1) … ヶ (U+30F6), ヽ ヾ: the hiragana sit 0x60 below.
    out +=
      (code >= 0x30a1 && code <= 0x30f6) || code === 0x30fd || code === 0x30fe
        ? String.fromCharCode(code - 0x60)
        : text[i];
  }
  return out;
}

/** Old and variant kanji in their common form: 髙橋 → 高橋, 渡邊 → 渡辺. */
export function foldKanji(text: string): string {
  // Stryker disable next-line ConditionalExpression: a shortcut; no ASCII character has a variant
  if (ASCII_ONLY.test(text)) return text;
  const map = variants();
  let out = '';
  for (const ch of text.replace(SELECTORS, '')) out += map.get(ch) ?? ch;
  return out;
}

/** The key two spellings of one name share: the customer key, with kana and kanji folded. */
export function foldedNameKey(name: string): string {
  return foldKanji(foldKana(customerKeyOf(name)));
}

/** A phone number as digits only, +81 as 0; '' when too short to tell people apart. */
export function phoneDigits(text: string): string {
  // Stryker disable next-line Regex: removing non-digits one at a time or in runs leaves the same digits
  let digits = text.normalize('NFKC').replace(/\D+/g, '');
  if (/^\+\s*81/.test(text.normalize('NFKC').trim())) digits = '0' + digits.slice(2).replace(/^0/, '');
  return digits.length >= MIN_PHONE_DIGITS ? digits : '';
}

/** Japanese numbers have 10 or 11 digits with the area code; fewer would pair strangers. */
const MIN_PHONE_DIGITS = 10;

export interface MatchCandidate {
  /** The customer's key in the analysis. */
  key: string;
  /** The name shown (the most recent spelling); '' when the customer has only an email. */
  name: string;
  /** '' when none. */
  email: string;
  /** '' when none (a sheet kept by hand). */
  memberCode: string;
  /** phoneDigits of the customer's phone numbers. */
  phones: readonly string[];
}

export type MatchRule = 'kana' | 'kanji' | 'email' | 'phone';

export interface MatchSuggestion {
  /** Indexes into the candidates, a < b. */
  a: number;
  b: number;
  rules: MatchRule[];
  /** The phone number both have, for the evidence (phone rule only). */
  phone?: string;
}

/** One key for a pair of customers, the same in either order. */
export function pairKey(keyA: string, keyB: string): string {
  // Stryker disable next-line EqualityOperator: equal keys give one text either way, and a flipped order is still one key per pair
  return keyA < keyB ? `${keyA}\u0000${keyB}` : `${keyB}\u0000${keyA}`;
}

/**
 * A name or phone number shared by more customers than this is not evidence (佐藤 in a shop keyed
 * by email, a shop's own number typed for walk-ins): its group is skipped, which also keeps the
 * work linear in the number of customers.
 */
export const MAX_GROUP = 20;

/** Two customers the data tells apart: never suggested. */
function toldApart(x: MatchCandidate, y: MatchCandidate): boolean {
  return (
    (x.email !== '' && y.email !== '' && x.email !== y.email) ||
    (x.memberCode !== '' && y.memberCode !== '' && x.memberCode !== y.memberCode)
  );
}

/** The name rules that pair x and y (their folded names being equal). */
function nameRules(x: MatchCandidate, y: MatchCandidate): MatchRule[] {
  const kx = customerKeyOf(x.name);
  const ky = customerKeyOf(y.name);
  // The same name: evidence only when exactly one of the two has an email.
  if (kx === ky) return (x.email === '') !== (y.email === '') ? ['email'] : [];
  if (foldKana(kx) === foldKana(ky)) return ['kana'];
  if (foldKanji(kx) === foldKanji(ky)) return ['kanji'];
  return ['kana', 'kanji'];
}

/**
 * Candidate indexes by a key; '' keys left out. A key of one candidate (most keys) holds its
 * index alone, not an array: a shop of a third of a million customers makes no third of a million
 * one-element arrays. Candidates for which `joinsOnly` holds are added only to a key another
 * candidate has, after all the others.
 */
function groupsBy(
  count: number,
  keysOf: (i: number) => readonly string[],
  // Stryker disable next-line ArrowFunction: a default answering undefined (falsy) lets every candidate start groups too
  joinsOnly: (i: number) => boolean = () => false,
) {
  const groups = new Map<string, number | number[]>();
  const put = (key: string, i: number) => {
    const group = groups.get(key);
    if (group === undefined) groups.set(key, i);
    else if (typeof group === 'number') {
      if (group !== i) groups.set(key, [group, i]);
    } else if (group[group.length - 1] !== i) group.push(i);
  };
  // A joining candidate also starting groups finds no pair more (no other has its name as key):
  // Stryker disable next-line ConditionalExpression: speed only, as above
  for (let i = 0; i < count; i++) if (!joinsOnly(i)) for (const key of keysOf(i)) if (key) put(key, i);
  // A candidate put twice in a group pairs with itself (skipped) and again with the others (one pair each):
  // Stryker disable next-line ConditionalExpression: speed only, as above
  for (let i = 0; i < count; i++) if (joinsOnly(i)) for (const key of keysOf(i)) if (groups.has(key)) put(key, i);
  return groups;
}

/**
 * The pairs to suggest, in candidate order: equal names after folding kana or kanji, the same
 * name with an email and without, or the same phone number. Pairs in `decided` (pairKey of the
 * two keys, ticked or not) are left out: the owner has answered them.
 */
export function suggestMatches(
  candidates: readonly MatchCandidate[],
  decided: ReadonlySet<string> = new Set(),
): MatchSuggestion[] {
  const byPair = new Map<string, MatchSuggestion>();
  const consider = (i: number, j: number, rules: MatchRule[], phone?: string) => {
    const x = candidates[i];
    const y = candidates[j];
    if (rules.length === 0 || x.key === y.key || toldApart(x, y)) return;
    const key = pairKey(x.key, y.key);
    if (decided.has(key)) return;
    const known = byPair.get(key);
    if (known) {
      for (const r of rules) if (!known.rules.includes(r)) known.rules.push(r);
      // Stryker disable next-line ConditionalExpression: a known pair meets a rule without a phone only in the name pass, which comes first
      if (phone) known.phone = phone;
    } else {
      byPair.set(key, { a: Math.min(i, j), b: Math.max(i, j), rules: [...rules], ...(phone ? { phone } : {}) });
    }
  };
  const eachPair = (
    groups: Map<string, number | number[]>,
    visit: (i: number, j: number, groupKey: string) => void,
  ) => {
    for (const [groupKey, group] of groups) {
      if (typeof group === 'number' || group.length > MAX_GROUP) continue;
      // Stryker disable next-line EqualityOperator: one more round starts q past the end: no pair
      for (let p = 0; p < group.length; p++)
        for (let q = p + 1; q < group.length; q++) visit(group[p], group[q], groupKey);
    }
  };
  const nameKeys = candidates.map((c) => (c.name ? foldedNameKey(c.name) : ''));
  // A customer keyed by their own folded name pairs by name only with one keyed otherwise (by
  // email or member code): two such would share a key, and so be one customer. They join groups
  // and start none, which leaves the map nearly empty in a shop whose sheet names its customers.
  eachPair(
    groupsBy(
      candidates.length,
      (i) => [nameKeys[i]],
      // Stryker disable next-line ArrowFunction,ConditionalExpression: speed only: with no candidate joining only, the pairs are the same
      (i) => candidates[i].key === nameKeys[i],
    ),
    (i, j) => consider(i, j, nameRules(candidates[i], candidates[j])),
  );
  eachPair(
    groupsBy(candidates.length, (i) => candidates[i].phones),
    (i, j, phone) => consider(i, j, ['phone'], phone),
  );
  return [...byPair.values()].sort((s, t) => s.a - t.a || s.b - t.b);
}

const TEXT = defineText({
  ja: {
    kana: 'ひらがなとカタカナの違いだけです',
    kanji: '旧字・異体字の違いだけです（{chars}）',
    email: '同じ名前で、メールアドレスがあるのは片方だけです',
    phone: '電話番号が同じです（{phone}）',
    joiner: '。',
  },
  en: {
    kana: 'Only hiragana and katakana differ',
    kanji: 'Only old or variant kanji differ ({chars})',
    email: 'The same name; only one of the two has an email address',
    phone: 'The same phone number ({phone})',
    joiner: '. ',
  },
});

/** The kanji that differ between two names, e.g. '髙／高' (ja) or '髙 / 高' (en). */
function differingKanji(x: string, y: string, lang: Lang): string {
  const a = Array.from(customerKeyOf(x).replace(SELECTORS, ''));
  const b = Array.from(customerKeyOf(y).replace(SELECTORS, ''));
  const pairs = new Set<string>();
  // Stryker disable next-line ConditionalExpression: names folded equal have equal lengths once selectors are gone
  if (a.length === b.length)
    a.forEach((ch, i) => {
      // Stryker disable next-line ConditionalExpression: a shortcut; equal characters fold to equal kana too
      if (ch !== b[i] && foldKana(ch) !== foldKana(b[i]))
        pairs.add(lang === 'ja' ? `${ch}／${b[i]}` : `${ch} / ${b[i]}`);
    });
  return [...pairs].join(lang === 'ja' ? '、' : ', ');
}

/** Why a pair is suggested, in the owner's words. */
export function evidenceText(lang: Lang, s: MatchSuggestion, a: MatchCandidate, b: MatchCandidate): string {
  const parts = s.rules.map((rule) =>
    // Stryker disable next-line StringLiteral: only the phone rule's text has {phone}, and its suggestion has a phone
    TEXT(lang, rule, { chars: differingKanji(a.name, b.name, lang), phone: s.phone ?? '' }),
  );
  return parts.join(TEXT(lang, 'joiner')) + (lang === 'ja' ? '。' : '.');
}
