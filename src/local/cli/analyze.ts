// npm run analyze -- <sales.csv|workbook.xlsx> [--as-of YYYY-MM-DD] [--month YYYY-MM|current] [--lang ja|en] [--out DIR]
//                    [--tz ZONE] [--sheet NAME] [--map field=Header]… [--drafts --shop-name NAME [--sender NAME]]
//                    [--engine duckdb]
import { parseArgs } from 'util';
import { runLocal } from '../runner';
import { cardLines } from './card-lines';

const USAGE = `usage: npm run analyze -- <sales.csv|workbook.xlsx> [--as-of YYYY-MM-DD] [--month YYYY-MM|current]
                      [--lang ja|en] [--out DIR]
                      [--tz Asia/Tokyo] [--sheet NAME] [--map field=Header]...
                      [--drafts --shop-name NAME [--sender NAME]]
                      [--engine duckdb]   (a CSV of any size: Segments, Rejected rows, Summary, summary.json)`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      month: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string', default: 'out' },
      tz: { type: 'string', default: 'Asia/Tokyo' },
      sheet: { type: 'string' },
      map: { type: 'string', multiple: true },
      drafts: { type: 'boolean', default: false },
      'shop-name': { type: 'string' },
      sender: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      engine: { type: 'string', default: 'memory' },
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

  if (values.engine === 'duckdb') {
    const { runDuckDbCli } = await import('../duckdb-run');
    return runDuckDbCli(positionals[0], { ...values, mapping });
  }
  if (values.engine !== 'memory') throw new Error('--engine must be memory or duckdb');

  const result = await runLocal({
    file: positionals[0],
    asOf: values['as-of'],
    month: values.month,
    lang: values.lang as 'ja' | 'en' | undefined,
    out: values.out,
    timeZone: values.tz,
    sheet: values.sheet,
    mapping: Object.keys(mapping).length ? mapping : undefined,
    drafts: values.drafts,
    shopName: values['shop-name'],
    sender: values.sender,
  });

  for (const line of cardLines(result, positionals[0], values.out)) console.log(line);
  // No shop name to sign with: nothing was drafted, and the owner is told how to give one.
  if (result.drafts?.refused) process.exitCode = 2;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
