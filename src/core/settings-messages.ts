// Threshold problems in the owner's words, for the messages the server gives: the sidebar's save
// error and a custom function's '#settings' cell. Each names the setting as the sidebar labels it
// and says what would be accepted.

import { FollowUpSettingKey, FollowUpSettingsProblem } from './followups';
import { Lang, defineText } from './labels';
import { SettingsProblem, ThresholdKey } from './settings';

const THRESHOLD_TEXT = defineText<ThresholdKey>({
  ja: {
    repeatVisits: 'リピート客になる来店回数',
    fanVisits: 'ファン客になる来店回数',
    fanReferrals: 'ファン客になる紹介人数',
    atRiskDays: '要フォローになる日数（最終来店から）',
    lapsedDays: '離脱になる日数（最終来店から）',
    cpmTenureDays: 'CPM: よちよち期間（日）',
    cpmLoyalTenureDays: 'CPM: 優良客になる在籍日数',
    cpmSpendLine: 'CPM: 累計購入額の基準（円）',
    cpmSpendMultiple: 'CPM: 基準＝平均購入額の何倍',
    vipShare: 'VIPの割合',
  },
  en: {
    repeatVisits: 'Visits to become Repeat',
    fanVisits: 'Visits to become Fan',
    fanReferrals: 'Referrals to become Fan',
    atRiskDays: 'Days since last visit: at risk',
    lapsedDays: 'Days since last visit: lapsed',
    cpmTenureDays: 'CPM: toddler period (days)',
    cpmLoyalTenureDays: 'CPM: tenure for Loyal (days)',
    cpmSpendLine: 'CPM: spend line (amount)',
    cpmSpendMultiple: 'CPM: line = average order ×',
    vipShare: 'VIP share',
  },
});

export const thresholdLabel = (lang: Lang, key: ThresholdKey): string => THRESHOLD_TEXT(lang, key);

/** The follow-up cadences and limits, as the follow-ups panel labels them. */
const FOLLOW_UP_SETTING_TEXT = defineText<FollowUpSettingKey>({
  ja: {
    newThanksDays: '初回のお礼：初回購入の何日後',
    newInfoDays: '初回後のご案内：初回購入の何日後',
    newSecondOfferDays: '2回目のお誘い：初回購入の何日後',
    repeatEvery: 'リピートのお礼：何回の来店ごと',
    prospectIntervalDays: '見込み客へのご案内：間隔（日）',
    prospectMaxTouches: '見込み客へのご案内：最大の回数',
    windowDays: 'その日を過ぎても送れる日数',
    cooldownDays: '前回の下書きから空ける日数',
    maxPerRun: '1回に作る下書きの上限（件）',
  },
  en: {
    newThanksDays: 'First-visit thanks: days after the first purchase',
    newInfoDays: 'After the first visit: days after the first purchase',
    newSecondOfferDays: 'Second-visit invitation: days after the first purchase',
    repeatEvery: 'Repeat thanks: every how many visits',
    prospectIntervalDays: 'Prospect touch: days between messages',
    prospectMaxTouches: 'Prospect touch: messages at most',
    windowDays: 'Days a follow-up can still go after its day',
    cooldownDays: "Days to wait after a customer's last draft",
    maxPerRun: 'Drafts per run at most',
  },
});

export const followUpSettingLabel = (lang: Lang, key: FollowUpSettingKey): string => FOLLOW_UP_SETTING_TEXT(lang, key);

const PROBLEM_TEXT = defineText({
  ja: {
    not_number: '「{label}」は数値で入力してください',
    not_whole: '「{label}」は整数で入力してください',
    too_small: '「{label}」は{bound}以上にしてください',
    not_positive: '「{label}」は0より大きくしてください',
    too_large: '「{label}」は{bound}以下にしてください',
    order: '「{label}」は「{other}」より大きくしてください',
    separator: '。',
  },
  en: {
    not_number: '"{label}" must be a number',
    not_whole: '"{label}" must be a whole number',
    too_small: '"{label}" must be at least {bound}',
    not_positive: '"{label}" must be more than 0',
    too_large: '"{label}" must be at most {bound}',
    order: '"{label}" must be greater than "{other}"',
    separator: '; ',
  },
});

/** Every problem as one sentence per setting, e.g. 「離脱になる日数（最終来店から）」は「要フォロー…」より大きくしてください. */
export function describeSettingsProblems(lang: Lang, problems: readonly SettingsProblem[]): string {
  return describeProblems(lang, problems, (key) => thresholdLabel(lang, key));
}

/** The follow-up settings' problems the same way, each named as the follow-ups panel labels it. */
export function describeFollowUpSettingsProblems(lang: Lang, problems: readonly FollowUpSettingsProblem[]): string {
  return describeProblems(lang, problems, (key) => followUpSettingLabel(lang, key));
}

function describeProblems<K extends string>(
  lang: Lang,
  problems: readonly { key: K; code: SettingsProblem['code']; other?: K; bound?: number }[],
  label: (key: K) => string,
): string {
  return problems
    .map((p) => {
      const code = p.code === 'too_small' && p.bound === undefined ? 'not_positive' : p.code;
      return PROBLEM_TEXT(lang, code, {
        label: label(p.key),
        // Stryker disable next-line StringLiteral: for the type; {other} is only in 'order', whose problems always name it
        other: p.other ? label(p.other) : '',
        // Stryker disable next-line StringLiteral: for the type; {bound} is only in too_small/too_large with a bound (none: not_positive)
        bound: p.bound ?? '',
      });
    })
    .join(PROBLEM_TEXT(lang, 'separator'));
}
