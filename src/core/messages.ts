// Messages for problems a shop owner can fix, in their language.

import { defineText } from './labels';

export const MESSAGE_TEXT = defineText({
  ja: {
    menu_open: 'サイドバーを開く',
    menu_run: '月次分析を実行',
    addon_title: 'お客様ステージ分析',
    already_running: '別の分析または下書き作成が実行中です。終わってからもう一度お試しください。',
    no_sales_sheet: '売上シートが見つかりません。日付・顧客・金額の見出しがある行を1行目付近に置いてください。',
    sheet_not_found: 'シート「{sheet}」が見つかりません。',
    mapped_headers_not_found:
      '指定した列「{headers}」があり、日付・顧客・金額がそろうシートが見つかりません。見出しと同じ名前か、足りない列がないか確かめてください。',
    no_header: 'シート「{sheet}」に日付・顧客・金額の見出し行が見つかりません。',
    missing_columns: 'シート「{sheet}」に必要な列がありません: {missing}',
    empty: 'シート「{sheet}」にデータがありません。',
    bad_as_of: '基準日「{asOf}」を読み取れません（YYYY-MM-DD）。',
    bad_month: '対象月「{month}」は使えません。基準日（{asOf}）の月まで、YYYY-MM の形で指定してください。',
    settings: '設定が正しくありません。{detail}。',
    unknown_step: '不明な処理です: {step}',
    sales_sheet_reserved:
      'シート「{sheet}」はこのアドオンが書き込むシートと同じ名前のため、売上シートとして使えません。シート名を変えてから選び直してください。',
    done: '{month}の分析が終わりました（お客様の一覧は{asOf}時点）。顧客 {customers} 人、取り込めなかった行 {rejected} 行。',
    analysis_paused:
      'データが多いため、1回の実行時間内に書き終えられませんでした（{rows} 行のうち {written} 行を書き込み済み）。1時間以内にもう一度「月次分析を実行」すると、続きから書き込みます。',
    sheet_too_large:
      'シート「{sheet}」は大きすぎて、1回の実行時間（約6分）内に読み終えられません（{rows} 行のうち {read} 行で止めました）。古い年の行を別のファイルに移してから、もう一度お試しください。',
  },
  en: {
    menu_open: 'Open sidebar',
    menu_run: 'Run monthly analysis',
    addon_title: 'Customer stages',
    already_running: 'Another analysis or drafting run is in progress. Please try again when it has finished.',
    no_sales_sheet: 'No sales sheet found. Put a header row with date, customer and amount near the top of a sheet.',
    sheet_not_found: 'There is no sheet named "{sheet}".',
    mapped_headers_not_found:
      'No sheet has the columns you named ("{headers}") together with date, customer and amount. Check each name against the header row, and name any missing column.',
    no_header: 'No header row with date, customer and amount in sheet "{sheet}".',
    missing_columns: 'Sheet "{sheet}" lacks required columns: {missing}',
    empty: 'Sheet "{sheet}" has no data.',
    bad_as_of: 'The as-of date "{asOf}" cannot be read (use YYYY-MM-DD).',
    bad_month:
      'The report month "{month}" cannot be used: give a month as YYYY-MM, up to the month of the as-of date ({asOf}).',
    settings: 'Invalid settings: {detail}.',
    unknown_step: 'Unknown step: {step}',
    sales_sheet_reserved:
      'The sheet "{sheet}" has the name of a tab this add-on writes, so it cannot be the sales sheet. Rename it, then pick it again.',
    done: 'The analysis of {month} is finished (customers as of {asOf}): {customers} customers, {rejected} rejected rows.',
    analysis_paused:
      'There is too much data to write within one execution: {written} of {rows} rows are written. Run the monthly analysis again within the hour to continue from there.',
    sheet_too_large:
      'Sheet "{sheet}" is too large to read within one execution (about 6 minutes): reading stopped at {read} of {rows} rows. Move older years to another file, then try again.',
  },
});

export type MessageKey = Parameters<typeof MESSAGE_TEXT>[1];
