// A follow-up setting the server refuses is named as the follow-ups panel labels it, never by its key.
import { FollowUpSettingsError, resolveFollowUpSettings } from '../../src/core/followups';
import { describeFollowUpSettingsProblems } from '../../src/core/settings-messages';

function problemsOf(input: Record<string, unknown>): FollowUpSettingsError['problems'] {
  try {
    resolveFollowUpSettings(input);
  } catch (e) {
    if (e instanceof FollowUpSettingsError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
}

test.each([
  [
    { newThanksDays: 5, newInfoDays: 3 },
    'ja',
    '「初回後のご案内：初回購入の何日後」は「初回のお礼：初回購入の何日後」より大きくしてください',
  ],
  [
    { newThanksDays: 5, newInfoDays: 3 },
    'en',
    '"After the first visit: days after the first purchase" must be greater than "First-visit thanks: days after the first purchase"',
  ],
  [{ maxPerRun: 501 }, 'ja', '「1回に作る下書きの上限（件）」は500以下にしてください'],
  [{ repeatEvery: 1 }, 'en', '"Repeat thanks: every how many visits" must be at least 2'],
  [
    { windowDays: 'x', cooldownDays: 1.5 },
    'ja',
    '「その日を過ぎても送れる日数」は数値で入力してください。「前回の下書きから空ける日数」は整数で入力してください',
  ],
] as const)('%j in %s', (input, lang, expected) => {
  expect(describeFollowUpSettingsProblems(lang, problemsOf(input))).toBe(expected);
});
