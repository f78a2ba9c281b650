// The add-on's tabs by name: which names the add-on writes (never to be read as the sales sheet).
import { TAB_IDS, isAddOnTab, tabName } from '../../src/core/tabs';

test('each tab’s name in each language', () => {
  expect([tabName('segments', 'ja'), tabName('segments', 'en'), tabName('followUpLog', 'ja')]).toStrictEqual([
    '顧客ステージ',
    'Segments',
    'フォロー履歴',
  ]);
  expect(TAB_IDS).toContain('mergeSuggestions');
});

test('a tab the add-on writes, by either name; the owner’s customer list and other sheets are not', () => {
  expect(
    ['顧客ステージ', 'Segments', 'テンプレート', 'Merge suggestions', 'フォロー履歴'].map(isAddOnTab),
  ).toStrictEqual([true, true, true, true, true]);
  expect(['顧客名簿', 'Customers', '売上', 'segments', ''].map(isAddOnTab)).toStrictEqual([
    false,
    false,
    false,
    false,
    false,
  ]);
});
