// Invalid thresholds are refused with a message the owner can act on — from the sidebar's save
// (nothing is saved) and from the custom functions (a '#…' message in the cell) — in Japanese
// and English.
import { AS_OF, analyse, call, salesRows, shop, AS_OF_DATE, formula } from './shop';

const SETTINGS_KEY = 'settings.v1';

describe.each([
  [
    'ja_JP',
    {
      lapsedBeforeAtRisk:
        '設定が正しくありません。「離脱になる日数（最終来店から）」は「要フォローになる日数（最終来店から）」より大きくしてください。',
      negative: '設定が正しくありません。「要フォローになる日数（最終来店から）」は1以上にしてください。',
      text: '設定が正しくありません。「VIPの割合」は数値で入力してください。「CPM: 累計購入額の基準（円）」は0より大きくしてください。',
      tooLarge:
        '設定が正しくありません。「リピート客になる来店回数」は整数で入力してください。「VIPの割合」は1以下にしてください。',
      cell: '#設定: しきい値が正しくありません（「離脱になる日数（最終来店から）」は「要フォローになる日数（最終来店から）」より大きくしてください）',
    },
  ],
  [
    'en_US',
    {
      lapsedBeforeAtRisk:
        'Invalid settings: "Days since last visit: lapsed" must be greater than "Days since last visit: at risk".',
      negative: 'Invalid settings: "Days since last visit: at risk" must be at least 1.',
      text: 'Invalid settings: "VIP share" must be a number; "CPM: spend line (amount)" must be more than 0.',
      tooLarge: 'Invalid settings: "Visits to become Repeat" must be a whole number; "VIP share" must be at most 1.',
      cell: '#settings: invalid thresholds ("Days since last visit: lapsed" must be greater than "Days since last visit: at risk")',
    },
  ],
] as const)('%s', (locale, messages) => {
  test.each([
    ['lapse before at-risk', { atRiskDays: 120, lapsedDays: 100 }, messages.lapsedBeforeAtRisk],
    ['a negative number of days', { atRiskDays: -5 }, messages.negative],
    ['text where a number belongs', { vipShare: 'twenty', cpmSpendLine: '0' }, messages.text],
    ['not whole, too large', { vipShare: 150, repeatVisits: 2.5 }, messages.tooLarge],
  ])('the sidebar’s save refuses %s with the owner’s message and saves nothing', (_what, thresholds, message) => {
    const ss = shop({ locale });
    call(ss, 'saveSidebarSettings', { shopName: 'ことり', thresholds: { atRiskDays: 60 } });
    const saved = ss.env.properties.document.get(SETTINGS_KEY);
    expect(() => call(ss, 'saveSidebarSettings', { shopName: 'changed', thresholds })).toThrow(new Error(message));
    expect(ss.env.properties.document.get(SETTINGS_KEY)).toBe(saved);
  });

  test('valid thresholds as the sidebar sends them (text from inputs) are saved and used', () => {
    const ss = shop({ locale });
    expect(formula(ss, 'CUSTOMER_SEGMENT', '00123', salesRows(), AS_OF_DATE)).toBe(
      locale === 'ja_JP' ? '初回客' : 'First',
    );
    const state = call<{ thresholds: Record<string, unknown> }>(ss, 'saveSidebarSettings', {
      thresholds: { atRiskDays: '30', lapsedDays: '１００' },
    });
    expect(state.thresholds).toMatchObject({ atRiskDays: 30, lapsedDays: 100 });
    // 00123's only visit, 2026-08-10, is 102 days before as-of: lapsed from 100 days on.
    expect(formula(ss, 'CUSTOMER_SEGMENT', '00123', salesRows(), AS_OF_DATE)).toBe(
      locale === 'ja_JP' ? '初回離脱客' : 'First (lapsed)',
    );
  });

  test('invalid thresholds saved in the document reach the custom functions as a # message, and the analysis as the message', () => {
    const ss = shop({ locale });
    // As if written by an older version, or by hand: valid JSON, invalid values.
    ss.env.properties.document.set(SETTINGS_KEY, JSON.stringify({ thresholds: { atRiskDays: 120, lapsedDays: 100 } }));
    expect(formula(ss, 'CUSTOMER_STAGE', '00123', salesRows(), AS_OF_DATE)).toBe(messages.cell);
    expect(formula(ss, 'CUSTOMER_SEGMENT', [['00123'], ['TRUE']], salesRows(), AS_OF_DATE)).toBe(messages.cell);
    expect(formula(ss, 'REPEAT_RATE', salesRows(), '', '', 90, AS_OF_DATE)).toBe(messages.cell);
    expect(() => analyse(ss)).toThrow(new Error(messages.lapsedBeforeAtRisk));
    expect(() => call(ss, 'followUpPreview', { asOf: AS_OF })).toThrow(new Error(messages.lapsedBeforeAtRisk));
    // The sidebar still opens, showing the defaults, so the owner can fix them there.
    expect(call<{ thresholds: { atRiskDays: number } }>(ss, 'sidebarState').thresholds.atRiskDays).toBe(90);
  });
});
