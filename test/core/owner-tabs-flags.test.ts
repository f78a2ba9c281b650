// Reading a tab the owner keeps: its header row found by synonyms, and yes/no cells as owners type them.
import { findTabHeader, flagOf } from '../../src/core/owner-tabs';

test('yes/no cells: checkboxes, words and marks in either width; blank; anything else', () => {
  expect([true, 'YES', 'はい', '１', '○', '✔', '済み', 'Ｘ', 'on'].map(flagOf)).toStrictEqual(Array(9).fill('yes'));
  expect([false, 'No', 'いいえ', '0', 'なし', '-', '未', 'OFF'].map(flagOf)).toStrictEqual(Array(8).fill('no'));
  expect(['', null, undefined, '  '].map(flagOf)).toStrictEqual(Array(4).fill('blank'));
  // × is deliberately neither (see optOutOf); a number other than 0 and 1 is no answer.
  expect(['×', 'maybe', 2].map(flagOf)).toStrictEqual(['other', 'other', 'other']);
});

describe('findTabHeader', () => {
  const SYNONYMS = { name: ['Name', '名前'], email: ['Email', 'メール'] };
  const needsName = (c: { name?: number; email?: number }) => c.name !== undefined;

  test('the first usable row, under a title; a repeated header keeps the leftmost column', () => {
    // E-mail and メール are both email (hyphens and case do not count); 名 前 and NAME both name.
    const values = [['お客様一覧'], ['メモ', 'メール'], ['E-mail', '名 前', 'NAME', 'メール'], ['x', 'y']];
    expect(findTabHeader(values, SYNONYMS, needsName)).toStrictEqual({
      headerRow: 2,
      columns: { email: 0, name: 1 },
    });
  });

  test('only the first rows are searched; none usable gives null', () => {
    const values = [[''], [''], ['Name']];
    expect(findTabHeader(values, SYNONYMS, needsName, 2)).toBeNull();
    expect(findTabHeader(values, SYNONYMS, needsName, 3)?.headerRow).toBe(2);
    expect(findTabHeader([], SYNONYMS, needsName)).toBeNull();
    // A missing row (a sparse read) is passed over.
    expect(findTabHeader([undefined as unknown as unknown[], ['名前']], SYNONYMS, needsName)?.headerRow).toBe(1);
  });
});
