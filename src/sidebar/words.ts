// The sidebar's own words in Japanese and English. Stage, status, segment, follow-up type and
// message texts, threshold names and tab names come from src/core so the sidebar says exactly what
// the tabs and menu say.

import type { Field } from '../core/columns';
import { Dictionary, Lang, defineText } from '../core/labels';
import { tabName } from '../core/tabs';
import type { AnalysisStep } from './server';

export const SIDEBAR_TEXT = defineText({
  ja: {
    retry: '再読み込み',
    salesSheet: '売上シート',
    chooseSheet: '（シートを選んでください）',
    sheetProblem:
      'このシートから日付・顧客・金額の列を読み取れません。売上シートを選び直すか、列の対応を確認してください。',
    columns: '列の対応',
    columnsRead: '✓ 列を読み取りました：日付・お客様・金額',
    columnsHelp: '自動で見つけた列です。違っていたら選び直してください。',
    pickColumns:
      'このシートの見出しからは、日付・お客様・金額の列を見分けられませんでした。下の「列の対応」で選んでください。',
    pickColumnsHelp: 'シートの見出しです。日付・お客様・金額がどの列か選んでください。',
    runNeedsSheet: '実行するには、まず売上シートを選んでください。',
    runNeeds: '実行するには、「列の対応」で{fields}の列を選んでください。',
    need_date: '日付',
    need_customer: 'お客様',
    need_amount: '金額',
    resetColumns: '自動検出に戻す',
    none: '（なし）',
    choose: '（選んでください）',
    column: '{letter}列',
    sameColumn: '「{other}」と同じ列です。',
    required: 'この列は必須です。',
    settings: '詳細設定',
    spendLineEmpty: '空欄＝平均購入額×倍率',
    vipShareHint: '上位何%か。20、20%、0.2 はどれも上位20%',
    not_number: '数値を入力してください。',
    not_whole: '整数を入力してください。',
    too_small: '値が小さすぎます。',
    too_large: '値が大きすぎます。',
    order: '「{other}」より大きくしてください。',
    fixSettings: '設定に誤りがあります。赤字の項目を直してください。',
    saving: '設定を保存中…',
    stepOf: '{done}/{total}',
    running: '実行中: {step}',
    writingRows: '実行中: {step}（{rows} 行のうち {written} 行を書き込み済み・続けています）',
    finished: '完了',
    resultTitle: '分析結果',
    asOf: '基準日 {asOf}',
    summaryLine: '顧客 {customers}人・取り込んだ行 {used}行・取り込めなかった行 {rejected}行',
    segments: 'CPM分類',
    headlines: '主な数字',
    tabs: 'シートを開く',
    mergeOpen: '同じお客様かもしれない組が {count}組あります。名寄せ候補のシートで確かめてください。',
    mergeButton: '名寄せ候補を開く',
    unavailable: 'この機能はまだ利用できません。',
    field_date: '日付',
    field_customer: '顧客名',
    field_amount: '金額',
    field_orderId: '注文番号',
    field_product: '商品名',
    field_email: 'メールアドレス',
    field_referrer: '紹介者',
    field_quantity: '数量',
    field_familyName: '姓',
    field_givenName: '名',
  },
  en: {
    retry: 'Reload',
    salesSheet: 'Sales sheet',
    chooseSheet: '(choose a sheet)',
    sheetProblem:
      'Date, customer and amount columns cannot be read from this sheet. Pick another sales sheet or check the columns.',
    columns: 'Columns',
    columnsRead: '✓ Columns found: date, customer and amount',
    columnsHelp: 'The columns found automatically. Pick another one if a column is wrong.',
    pickColumns:
      "The date, customer and amount columns could not be recognised from this sheet's headers. Choose them below under Columns.",
    pickColumnsHelp: "The sheet's headers. Choose which column holds the date, the customer and the amount.",
    runNeedsSheet: 'To run, first choose the sales sheet.',
    runNeeds: 'To run, choose under Columns which column holds {fields}.',
    need_date: 'the date',
    need_customer: 'the customer',
    need_amount: 'the amount',
    resetColumns: 'Detect again',
    none: '(none)',
    choose: '(choose)',
    column: 'Column {letter}',
    sameColumn: 'Same column as "{other}".',
    required: 'This column is required.',
    settings: 'Settings',
    spendLineEmpty: 'Empty = average order × multiple',
    vipShareHint: 'The top share of customers: 20, 20% and 0.2 all mean the top 20%',
    not_number: 'Enter a number.',
    not_whole: 'Enter a whole number.',
    too_small: 'The value is too small.',
    too_large: 'The value is too large.',
    order: 'Must be greater than "{other}".',
    fixSettings: 'Some settings are invalid. Please fix the fields marked in red.',
    saving: 'Saving settings…',
    stepOf: '{done}/{total}',
    running: 'Running: {step}',
    writingRows: 'Running: {step} ({written} of {rows} rows written; continuing)',
    finished: 'Done',
    resultTitle: 'Results',
    asOf: 'As of {asOf}',
    summaryLine: '{customers} customers · {used} rows used · {rejected} rows rejected',
    segments: 'CPM segments',
    headlines: 'Key numbers',
    tabs: 'Open a tab',
    mergeOpen: '{count} pairs of customers may be the same person. Check them on the Merge suggestions tab.',
    mergeButton: 'Open Merge suggestions',
    unavailable: 'This feature is not available yet.',
    field_date: 'Date',
    field_customer: 'Customer',
    field_amount: 'Amount',
    field_orderId: 'Order ID',
    field_product: 'Product',
    field_email: 'Email',
    field_referrer: 'Referred by',
    field_quantity: 'Quantity',
    field_familyName: 'Family name',
    field_givenName: 'Given name',
  },
});

export const fieldLabel = (lang: Lang, field: Field): string => SIDEBAR_TEXT(lang, `field_${field}`);

/** Every step of the analysis has a label (the type says so); three are the tabs they write. */
const STEPS: Dictionary<AnalysisStep> = {
  ja: {
    analyse: '売上の分析',
    summary: tabName('summary', 'ja'),
    history: tabName('history', 'ja'),
    transitions: tabName('transitions', 'ja'),
    charts: 'グラフ',
  },
  en: {
    analyse: 'Analysing sales',
    summary: tabName('summary', 'en'),
    history: tabName('history', 'en'),
    transitions: tabName('transitions', 'en'),
    charts: 'Charts',
  },
};

/** The server may add steps the client does not know yet: those show under their id. */
export function stepLabel(lang: Lang, step: string): string {
  return Object.prototype.hasOwnProperty.call(STEPS[lang], step) ? STEPS[lang][step as AnalysisStep] : step;
}
