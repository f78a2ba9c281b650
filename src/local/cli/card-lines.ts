// What `npm run analyze` prints: the card of the run, in the card's language. Stage, status,
// segment and tab names come from src/core, the words the tabs and the sidebar use.

import { Lang, classificationLabel, defineText } from '../../core/labels';
import { SEGMENTS, STAGES, STATUSES, Segment, Stage, Status } from '../../core/stages';
import { tabName } from '../../core/tabs';
import { RunResult, loadProblemText } from '../runner';
import { encodingName, reasonText } from '../csv-input';

const TEXT = defineText({
  ja: {
    source: '{file} — 売上シート「{sheet}」、基準日 {asOf}',
    month: '{month}の分析（サマリー・推移・ステージ移動。顧客ステージとフォローは基準日時点）',
    rows: '行: {rows}（使用 {used}・取り込めなかった行 {rejected}・基準日より後 {future}・空行 {blank}）、顧客 {customers} 人',
    stages: 'ステージ',
    statuses: '状態',
    segments: 'セグメント',
    drafts: '下書き: 作成 {created}・失敗 {failed}・残り {remaining}',
    stopped: '（{reason} で停止）',
    later: '・次回に回した分 {later}',
    refused:
      '下書きは作成していません。署名に使うショップ名を --shop-name で指定してください（例: --drafts --shop-name "ことり珈琲" --sender "山田"）。',
    rejectedHint: '取り込めなかった行は「{tab}」タブに行番号と理由があります。',
    written: '出力: {out}/（{files} ファイル）',
    encoding: '文字コード: {encoding}（{evidence}）、区切り文字: {delimiter}',
    comma: 'カンマ',
    tab: 'タブ',
    semicolon: 'セミコロン',
    problemRow: '  {row} 行目: {problem}',
  },
  en: {
    source: '{file} — sales sheet "{sheet}", as of {asOf}',
    month: 'Analysis of {month} (Summary, History, Transitions; customer stages and follow-ups as of the as-of date)',
    rows: 'rows: {rows} (used {used}, rejected {rejected}, after as-of {future}, blank {blank}); {customers} customers',
    stages: 'Stages',
    statuses: 'Status',
    segments: 'Segments',
    drafts: 'drafts: created {created}, failed {failed}, remaining {remaining}',
    stopped: ' (stopped: {reason})',
    later: ', left for the next run {later}',
    refused:
      'No drafts were created. Give the shop name that signs them with --shop-name (e.g. --drafts --shop-name "Kotori Coffee" --sender "Yumi").',
    rejectedHint: 'Rejected rows are listed, with row numbers and reasons, in the "{tab}" tab.',
    written: 'written: {out}/ ({files} files)',
    encoding: 'encoding: {encoding} ({evidence}), delimiter: {delimiter}',
    comma: 'comma',
    tab: 'tab',
    semicolon: 'semicolon',
    problemRow: '  row {row}: {problem}',
  },
});

const DELIMITER_WORDS: Record<string, 'comma' | 'tab' | 'semicolon'> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

function countLine(
  lang: Lang,
  title: string,
  keys: readonly (Stage | Status | Segment)[],
  counts: Record<string, number>,
): string {
  const parts = keys.map((k) => `${classificationLabel(lang, k)} ${counts[k] ?? 0}`);
  return `${title}: ${parts.join(' · ')}`;
}

/** The lines printed for a run of `file`; `out` is the output folder (absent: nothing written). */
export function cardLines(
  result: Pick<RunResult, 'card' | 'drafts' | 'written' | 'load'>,
  file: string,
  out?: string,
): string[] {
  const { card, drafts } = result;
  const lang = card.lang;
  const lines = [
    TEXT(lang, 'source', { file, sheet: card.salesSheet, asOf: card.asOf }),
    // The export recognised, as the sidebar's card says it (none for a sheet kept by hand).
    ...(card.profileLine ? [card.profileLine] : []),
    TEXT(lang, 'month', { month: card.monthLabel }),
    TEXT(lang, 'rows', { ...card.rows, customers: card.customers }),
    countLine(lang, TEXT(lang, 'stages'), STAGES, card.stageCounts),
    countLine(lang, TEXT(lang, 'statuses'), STATUSES, card.statusCounts),
    countLine(lang, TEXT(lang, 'segments'), SEGMENTS, card.segmentCounts),
    ...(card.headlines ?? []).map((h) => `  ${h.label}: ${h.value}`),
  ];
  if (drafts?.refused) lines.push(TEXT(lang, 'refused'));
  else if (drafts)
    lines.push(
      TEXT(lang, 'drafts', drafts) +
        (drafts.stopped ? TEXT(lang, 'stopped', { reason: drafts.stopped }) : '') +
        (drafts.later ? TEXT(lang, 'later', { later: drafts.later }) : ''),
    );
  if (result.load) {
    const { load } = result;
    const evidence = reasonText(lang, load.encoding, load.reason);
    const delimiter = TEXT(lang, DELIMITER_WORDS[load.delimiter] ?? 'comma');
    lines.push(TEXT(lang, 'encoding', { encoding: encodingName(load.encoding), evidence, delimiter }));
    for (const p of [...load.rejected, ...load.warnings])
      lines.push(TEXT(lang, 'problemRow', { row: p.row, problem: loadProblemText(lang, p, load.encoding) }));
  }
  if (card.rows.rejected > 0) lines.push(TEXT(lang, 'rejectedHint', { tab: tabName('rejected', lang) }));
  if (out) lines.push(TEXT(lang, 'written', { out, files: result.written.length }));
  return lines;
}
