// Reading a tab the owner keeps (the customer list, the Templates tab): its header row found by
// synonyms, and yes/no cells as owners type them.

import { cellText, isBlankCell, nfkc } from './cells';
import { normalizeHeader } from './headers';
/**
 * The first of the first `maxScanRows` rows whose cells name columns by `synonyms` (compared
 * through normalizeHeader) and satisfy `usable`. Each column serves one field; when a field's
 * header repeats, the leftmost column wins.
 */
export function findTabHeader<F extends string>(
  values: unknown[][],
  synonyms: Record<F, string[]>,
  usable: (columns: Partial<Record<F, number>>) => boolean,
  maxScanRows = 10,
): { headerRow: number; columns: Partial<Record<F, number>> } | null {
  const fieldOf = new Map<string, F>();
  for (const field of Object.keys(synonyms) as F[]) {
    for (const name of synonyms[field]) fieldOf.set(normalizeHeader(name), field);
  }
  for (let r = 0; r < Math.min(maxScanRows, values.length); r++) {
    const columns: Partial<Record<F, number>> = {};
    // Stryker disable next-line ArrayDeclaration: a missing row's stand-in cell names no field either way
    (values[r] ?? []).forEach((cell, col) => {
      const field = fieldOf.get(normalizeHeader(cellText(cell)));
      if (field !== undefined && columns[field] === undefined) columns[field] = col;
    });
    if (usable(columns)) return { headerRow: r, columns };
  }
  return null;
}

// After NFKC and lower-casing. × (batsu) is deliberately in neither set: see optOutOf.
const YES = new Set([
  'true',
  'yes',
  'y',
  'はい',
  '1',
  '○',
  '◯',
  '●',
  '✓',
  '✔',
  '☑',
  'on',
  '済',
  '済み',
  '停止',
  '有効',
  'する',
  'x',
]);
const NO = new Set(['false', 'no', 'n', 'いいえ', '0', 'off', 'なし', '無し', '無', '-', 'ー', '未', '無効', 'しない']);

/** A yes/no cell: a checkbox's boolean, or a word or mark as owners type them. */
export function flagOf(value: unknown): 'yes' | 'no' | 'blank' | 'other' {
  // Stryker disable next-line ConditionalExpression: a shortcut; true reads 'true', a yes word
  if (value === true) return 'yes';
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: a shortcut; false reads 'false', a no word
  if (value === false) return 'no';
  if (isBlankCell(value)) return 'blank';
  const text = nfkc(cellText(value)).toLowerCase();
  if (YES.has(text)) return 'yes';
  if (NO.has(text)) return 'no';
  return 'other';
}
