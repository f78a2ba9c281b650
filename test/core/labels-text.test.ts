// The shared text machinery: the language of a spreadsheet locale and the placeholders of a
// dictionary's texts.
import { classificationLabel, defineText, langOfLocale } from '../../src/core/labels';

test('a Japanese locale is ja in any case or separator; anything else, or none, is en', () => {
  expect(['ja', 'ja_JP', 'ja-JP', 'JA_jp'].map(langOfLocale)).toStrictEqual(['ja', 'ja', 'ja', 'ja']);
  // Javanese (jv, formerly jav-) and a locale merely containing ja are not Japanese.
  expect(['jav', 'en_JA', 'xja', 'en_US', '', null, undefined].map(langOfLocale)).toStrictEqual([
    'en',
    'en',
    'en',
    'en',
    'en',
    'en',
    'en',
  ]);
});

describe('defineText', () => {
  const TEXT = defineText({
    ja: { plain: '売上', money: '{n}円', two: '{month}に{count}人', odd: '{a-b} {x}' },
    en: { plain: 'Revenue', money: '{n}', two: '{count} in {month}', odd: '{a-b} {x}' },
  });

  test('each language’s text; a text without a placeholder as it is', () => {
    expect([TEXT('ja', 'plain'), TEXT('en', 'plain')]).toStrictEqual(['売上', 'Revenue']);
  });

  test('placeholders filled by name, the text may start with one; numbers as written', () => {
    expect(TEXT('ja', 'money', { n: '1,000' })).toBe('1,000円');
    expect(TEXT('en', 'money', { n: 1000 })).toBe('1000');
    expect(TEXT('ja', 'two', { month: '2026年11月', count: 3 })).toBe('2026年11月に3人');
    expect(TEXT('en', 'two', { month: 'November', count: 0 })).toBe('0 in November');
  });

  test('a placeholder without its parameter, or not a name, stays as written', () => {
    expect(TEXT('en', 'money')).toBe('{n}');
    expect(TEXT('en', 'odd', { x: 'X', 'a-b': 'no' })).toBe('{a-b} X');
  });

  test('the classifications in both languages', () => {
    expect([classificationLabel('ja', 'trendy_lapsed'), classificationLabel('en', 'at_risk')]).toStrictEqual([
      '流行離脱客',
      'At risk',
    ]);
  });
});
