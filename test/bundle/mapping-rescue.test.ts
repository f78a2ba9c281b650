// Never stuck (issue 12): a sheet whose headers nothing recognises is read once the owner names
// its columns, through the built bundle (what ships) and through the runner's command line.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import { asMemorySheet, createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { dayOfDateIn, formatDay } from '../../src/core/days';

// A Google Form used as an order form, renamed by the shop: no header is a known synonym. A title
// stands above the header, and a memo tab (active, first) holds text only.
const FORM_ROWS = [
  ['2024年 受付一覧', '', '', ''],
  ['受付時刻', 'ご注文者さま', 'お支払い', '備考'],
  ['2024/01/07 7:41:40 午後 GMT+9', '山田 花子', '3000', ''],
  // 午前12:05 is five past midnight: 10 February.
  ['2024/02/10 12:05:00 午前 GMT+9', '山田 花子', '2500', '再来店'],
  ['2024/02/11 11:00:00 午前 GMT+9', '佐藤', '1800', ''],
  // 16:30Z on 29 February is 01:30 on 1 March in Tokyo.
  ['2024-02-29T16:30:00Z', '佐藤', '1200', ''],
];
const MAPPING = { date: '受付時刻', customer: 'ご注文者さま', amount: 'お支払い' };

function workbook(): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', firstSheetName: 'メモ' });
  ss.inspect(() => {
    ss.sheet('メモ').loadRawValues([['連絡事項'], ['月末に棚卸し']]);
    asMemorySheet(ss.insertSheet('受付')).loadRawValues(FORM_ROWS);
    ss.setActiveSheet(ss.getSheetByName('メモ')!);
  });
  return ss;
}

function analyse(ss: MemorySpreadsheet, mapping?: Record<string, string>) {
  const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
  let step: string | null = 'analyse';
  while (step) {
    const result: { next: string | null } = fromVm(
      bundle.call('analysisStep', step, { asOf: '2024-03-31', lang: 'en', mapping }),
    );
    step = result.next;
  }
}

describe('a sheet detection does not recognise, through the bundle', () => {
  test('without a mapping: no sales sheet, in the owner words', () => {
    expect(() => analyse(workbook())).toThrow('売上シートが見つかりません');
  });

  test('the mapping finds the sheet and its header row under the title, and every row is read', () => {
    const ss = workbook();
    analyse(ss, MAPPING);
    const [header, ...rows] = ss.sheet('Segments').peekValues();
    const col = (name: string) => header.indexOf(name);
    const day = dayOfDateIn('Asia/Tokyo');
    const seen = rows.map((r) => [
      r[col('Customer')],
      r[col('Visits')],
      r[col('Revenue')],
      formatDay(day(r[col('First purchase')] as Date)),
      formatDay(day(r[col('Last purchase')] as Date)),
    ]);
    // 山田 花子: 3000 + 2500 on 7 Jan and 10 Feb; 佐藤: 1800 + 1200 on 11 Feb and 1 Mar.
    expect(seen).toEqual([
      ['山田 花子', 2, 5500, '2024-01-07', '2024-02-10'],
      ['佐藤', 2, 3000, '2024-02-11', '2024-03-01'],
    ]);
    expect(ss.sheet('Rejected rows').peekValues()).toHaveLength(1); // its header only
  });

  test('a header named wrong is named back to the owner', () => {
    expect(() => analyse(workbook(), { ...MAPPING, customer: 'ご注文者' })).toThrow(
      '指定した列「受付時刻 / ご注文者 / お支払い」',
    );
  });
});

describe('the sidebar state of a sheet detection does not recognise', () => {
  test('the sheet in front of the owner, then the one chosen: its headers offered, the title passed over', () => {
    const ss = workbook();
    const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
    type State = { salesSheet: string | null; problem: string | null; headers: string[]; mapping: object };
    const state = (): State => fromVm(bundle.call('sidebarState'));
    // Nothing recognised anywhere: the active tab is proposed, with its headers.
    expect(state()).toMatchObject({ salesSheet: 'メモ', problem: 'no_header', headers: ['連絡事項'] });

    bundle.call('saveSidebarSettings', { salesSheet: '受付', mapping: {} });
    expect(state()).toMatchObject({
      salesSheet: '受付',
      problem: 'no_header',
      headers: ['受付時刻', 'ご注文者さま', 'お支払い', '備考'],
      mapping: { date: null, customer: null, amount: null },
    });

    // Picked by hand (as the sidebar saves them, by header text): read, no problem left.
    bundle.call('saveSidebarSettings', { salesSheet: '受付', mapping: MAPPING });
    expect(state()).toMatchObject({ problem: null, mapping: { date: 0, customer: 1, amount: 2, email: null } });
  });
});

describe('the runner command line', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'map-rescue-'));
    fs.writeFileSync(
      path.join(dir, 'form.csv'),
      FORM_ROWS.slice(1)
        .map((r) => r.join(','))
        .join('\n'),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const analyze = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['build/local/analyze.cjs', path.join(dir, 'form.csv'), '--as-of', '2024-03-31', '--lang', 'en', ...args],
      { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') },
    );

  test('--map rescues the file: exit 0, four rows used, two customers', () => {
    const run = analyze(
      '--out',
      path.join(dir, 'out'),
      ...Object.entries(MAPPING).flatMap(([field, header]) => ['--map', `${field}=${header}`]),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('rows: 4 (used 4, rejected 0, after as-of 0, blank 0); 2 customers');
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8'));
    // 3000 + 2500 + 1800 + 1200, all within the twelve months to 31 March.
    expect(summary).toMatchObject({ rejected_rows: 0, revenue_12m: 8500 });
  });

  test('--sheet with only the date named: exit 1, the columns still missing named', () => {
    const run = analyze('--out', path.join(dir, 'out'), '--sheet', 'form', '--map', 'date=受付時刻');
    // Only the date named: customer and amount are still unknown, and the owner is told so.
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Sheet "form" lacks required columns: customer, amount');
  });

  test('without --map: exit 1 and the reason', () => {
    const run = analyze('--out', path.join(dir, 'out'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No sales sheet found');
  });
});
