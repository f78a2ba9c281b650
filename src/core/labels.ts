// Words a person reads, in Japanese and English. Each module keeps its own dictionary next to its
// rules, made by defineText and named TEXT (<SCOPE>_TEXT when exported: MESSAGE_TEXT, SIDEBAR_TEXT);
// this file holds the shared machinery and the customer classifications.

import { Segment, Stage, Status } from './stages';

export type Lang = 'ja' | 'en';

/** ja for a Japanese spreadsheet locale ('ja', 'ja_JP'), else en. */
export function langOfLocale(locale: string | null | undefined): Lang {
  // Stryker disable next-line StringLiteral: any text that does not start with ja reads en, as '' does
  return /^ja(?:[_-]|$)/i.test(locale ?? '') ? 'ja' : 'en';
}

export type Dictionary<K extends string> = Record<Lang, Record<K, string>>;

/**
 * A translator for one dictionary: `{name}` placeholders are filled from params. Both languages
 * must define every key (the type checker enforces it).
 */
export function defineText<K extends string>(dict: Dictionary<K>) {
  // No default `params = {}`: that would make an object per call, and a Segments tab looks up
  // three labels per customer, most without a placeholder.
  return (lang: Lang, key: K, params?: Record<string, string | number>): string => {
    const text = dict[lang][key];
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; text with no placeholder leaves the replace as it is
    return text.indexOf('{') < 0
      ? text
      : text.replace(/\{(\w+)\}/g, (whole, name: string) =>
          params !== undefined && name in params ? String(params[name]) : whole,
        );
  };
}

const CLASSIFICATIONS: Dictionary<Stage | Status | Segment> = {
  ja: {
    prospect: '見込み客',
    new: '新規客',
    repeat: 'リピート客',
    fan: 'ファン客',
    active: '現役',
    at_risk: '要フォロー',
    lapsed: '離脱',
    first: '初回客',
    toddler: 'よちよち客',
    steady: 'コツコツ客',
    trendy: '流行客',
    loyal: '優良客',
    first_lapsed: '初回離脱客',
    toddler_lapsed: 'よちよち離脱客',
    steady_lapsed: 'コツコツ離脱客',
    trendy_lapsed: '流行離脱客',
    loyal_lapsed: '優良離脱客',
  },
  en: {
    prospect: 'Prospect',
    new: 'New',
    repeat: 'Repeat',
    fan: 'Fan',
    active: 'Active',
    at_risk: 'At risk',
    lapsed: 'Lapsed',
    first: 'First',
    toddler: 'Toddler',
    steady: 'Steady',
    trendy: 'Trendy',
    loyal: 'Loyal',
    first_lapsed: 'First (lapsed)',
    toddler_lapsed: 'Toddler (lapsed)',
    steady_lapsed: 'Steady (lapsed)',
    trendy_lapsed: 'Trendy (lapsed)',
    loyal_lapsed: 'Loyal (lapsed)',
  },
};

export const classificationLabel = defineText(CLASSIFICATIONS);
