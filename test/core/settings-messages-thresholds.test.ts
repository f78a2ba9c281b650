// Threshold problems named as the sidebar labels them: a spend line of 0, an order between two
// settings, several problems joined in each language.
import { describeSettingsProblems, thresholdLabel } from '../../src/core/settings-messages';
import { SettingsError, resolveThresholds } from '../../src/core/settings';

function problemsOf(input: Record<string, unknown>): SettingsError['problems'] {
  try {
    resolveThresholds(input);
  } catch (e) {
    if (e instanceof SettingsError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
}

test('a spend line of 0 must be more than 0 (it has no lower bound to quote)', () => {
  expect(describeSettingsProblems('en', problemsOf({ cpmSpendLine: 0 }))).toBe(
    '"CPM: spend line (amount)" must be more than 0',
  );
  expect(describeSettingsProblems('ja', problemsOf({ cpmSpendLine: 0 }))).toBe(
    '「CPM: 累計購入額の基準（円）」は0より大きくしてください',
  );
});

test('an order names both settings; a bound is quoted', () => {
  expect(describeSettingsProblems('ja', problemsOf({ atRiskDays: 300 }))).toBe(
    '「離脱になる日数（最終来店から）」は「要フォローになる日数（最終来店から）」より大きくしてください',
  );
  expect(describeSettingsProblems('en', problemsOf({ vipShare: 150, fanVisits: 1 }))).toBe(
    '"Visits to become Fan" must be at least 2; "VIP share" must be at most 1',
  );
});

test('each threshold’s label', () => {
  expect([thresholdLabel('ja', 'vipShare'), thresholdLabel('en', 'fanReferrals')]).toStrictEqual([
    'VIPの割合',
    'Referrals to become Fan',
  ]);
});
