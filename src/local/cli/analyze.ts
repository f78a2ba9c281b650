// npm run analyze -- <sales.csv|workbook.xlsx> [--as-of YYYY-MM-DD] [--lang ja|en] [--out DIR]
//                    [--tz ZONE] [--sheet NAME] [--map field=Header]… [--drafts --shop-name NAME [--sender NAME]]
import { parseArgs } from 'util';
import { runLocal } from '../runner';

const USAGE = `usage: npm run analyze -- <sales.csv|workbook.xlsx> [--as-of YYYY-MM-DD] [--lang ja|en] [--out DIR]
                      [--tz Asia/Tokyo] [--sheet NAME] [--map field=Header]...
                      [--drafts --shop-name NAME [--sender NAME]]`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string', default: 'out' },
      tz: { type: 'string', default: 'Asia/Tokyo' },
      sheet: { type: 'string' },
      map: { type: 'string', multiple: true },
      drafts: { type: 'boolean', default: false },
      'shop-name': { type: 'string' },
      sender: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  if (values.lang !== undefined && values.lang !== 'ja' && values.lang !== 'en')
    throw new Error('--lang must be ja or en');
  if (values['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']))
    throw new Error('--as-of must be YYYY-MM-DD');
  const mapping: Record<string, string | null> = {};
  for (const entry of values.map ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`--map takes field=Header (e.g. customer=お客様名), not "${entry}"`);
    const header = entry.slice(eq + 1);
    mapping[entry.slice(0, eq)] = header === '' ? null : header;
  }

  const result = await runLocal({
    file: positionals[0],
    asOf: values['as-of'],
    lang: values.lang as 'ja' | 'en' | undefined,
    out: values.out,
    timeZone: values.tz,
    sheet: values.sheet,
    mapping: Object.keys(mapping).length ? mapping : undefined,
    drafts: values.drafts,
    shopName: values['shop-name'],
    sender: values.sender,
  });

  const { card } = result;
  const ja = card.lang === 'ja';
  const line = (label: string, counts: Record<string, number>, names: Record<string, string>) =>
    `${label}: ${Object.entries(counts)
      .map(([k, n]) => `${names[k] ?? k} ${n}`)
      .join(' · ')}`;
  const stageNames = ja
    ? { prospect: '見込み客', new: '新規客', repeat: 'リピート客', fan: 'ファン客' }
    : { prospect: 'Prospect', new: 'New', repeat: 'Repeat', fan: 'Fan' };
  const statusNames = ja
    ? { active: '現役', at_risk: '要フォロー', lapsed: '離脱' }
    : { active: 'Active', at_risk: 'At risk', lapsed: 'Lapsed' };
  const r = card.rows;
  console.log(
    `${positionals[0]} — ${ja ? '売上シート' : 'sales sheet'} "${card.salesSheet}", ${ja ? '基準日' : 'as of'} ${card.asOf}`,
  );
  console.log(
    ja
      ? `行: ${r.rows}（使用 ${r.used}・取り込めなかった行 ${r.rejected}・基準日より後 ${r.future}・空行 ${r.blank}）、顧客 ${card.customers} 人`
      : `rows: ${r.rows} (used ${r.used}, rejected ${r.rejected}, after as-of ${r.future}, blank ${r.blank}); ${card.customers} customers`,
  );
  console.log(line(ja ? 'ステージ' : 'Stages', card.stageCounts, stageNames));
  console.log(line(ja ? '状態' : 'Status', card.statusCounts, statusNames));
  for (const h of card.headlines ?? []) console.log(`  ${h.label}: ${h.value}`);
  if (result.drafts?.refused) {
    console.log(
      ja
        ? '下書きは作成していません。署名に使うショップ名を --shop-name で指定してください（例: --drafts --shop-name "ことり珈琲" --sender "山田"）。'
        : 'No drafts were created. Give the shop name that signs them with --shop-name (e.g. --drafts --shop-name "Kotori Coffee" --sender "Yumi").',
    );
    process.exitCode = 2;
  } else if (result.drafts) {
    const d = result.drafts;
    console.log(
      ja
        ? `下書き: 作成 ${d.created}・失敗 ${d.failed}・残り ${d.remaining}${d.stopped ? `（${d.stopped} で停止）` : ''}${d.later ? `・次回に回した分 ${d.later}` : ''}`
        : `drafts: created ${d.created}, failed ${d.failed}, remaining ${d.remaining}${d.stopped ? ` (stopped: ${d.stopped})` : ''}${d.later ? `, left for the next run ${d.later}` : ''}`,
    );
  }
  if (r.rejected > 0)
    console.log(
      ja
        ? `取り込めなかった行は「取り込めなかった行」タブに行番号と理由があります。`
        : `Rejected rows are listed, with row numbers and reasons, in the "Rejected rows" tab.`,
    );
  if (values.out) console.log(`${ja ? '出力' : 'written'}: ${values.out}/ (${result.written.length} files)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
