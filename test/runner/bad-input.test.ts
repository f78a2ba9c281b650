// The ten ways bad input once lost data or broke files (issue 11), each through the local runner
// and the built bundle, with expectations worked out by hand.
import fs from 'fs';
import os from 'os';
import path from 'path';
import Encoding from 'encoding-japanese';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { runLocal } from '../../src/local/runner';
import { asMemorySheet, MemorySpreadsheet } from '../../src/local/memory';
import { loadWorkbookFile, loadXlsx, saveWorkbook, writeAtomically, XLSX_LIMITS } from '../../src/local/workbook-io';
import { customerKeyOf } from '../../src/core/cells';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const AS_OF = '2025-01-31';
const readCsvFile = (file: string): string[][] => parse(fs.readFileSync(file), { bom: true, relax_column_count: true });
const write = (name: string, bytes: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const sjis = (text: string) =>
  Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));

test('1. one stray Latin-1 byte in a UTF-8 file: UTF-8 kept, the byte is U+FFFD, that row is reported', async () => {
  const file = write(
    's.csv',
    Buffer.concat([
      Buffer.from('顧客,日付,金額\n山田,2025/1/5,1000\nJos'),
      Buffer.from([0xe9]),
      Buffer.from(',2025/1/6,500\n佐藤,2025/1/7,700\n'),
    ]),
  );
  const result = await runLocal({ file, asOf: AS_OF, out: path.join(dir, 'out') });
  expect(result.card.rows).toEqual({ rows: 3, used: 3, rejected: 0, future: 0, blank: 0 });
  expect(result.load).toMatchObject({ encoding: 'utf-8', warnings: [{ row: 3, reason: 'bytes_replaced' }] });
  const names = readCsvFile(path.join(dir, 'out', '顧客ステージ.csv')).map((r) => r[0]);
  expect(names).toEqual(['顧客', '山田', 'Jos\ufffd', '佐藤']);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8'));
  expect(summary.load.warnings).toEqual([{ row: 3, reason: 'bytes_replaced' }]);
});

test('2. a CRLF header with LF and lone-CR rows: every row read', async () => {
  const file = write('s.csv', '顧客,日付,金額\r\n山田,2025/1/5,1000\n佐藤,2025/1/6,500\r鈴木,2025/1/7,700\n');
  const result = await runLocal({ file, asOf: AS_OF, out: null });
  expect(result.card.rows).toEqual({ rows: 3, used: 3, rejected: 0, future: 0, blank: 0 });
  expect(result.card.customers).toBe(3);
});

test('3. a quote opened and closed four lines later: the two broken rows are rejected with reasons, the rest read', async () => {
  // Rows 2–5 of test/fixtures/broken-quote.csv: "山田… opens a quote that 田中" closes.
  const file = path.resolve(__dirname, '../fixtures/broken-quote.csv');
  const out = path.join(dir, 'out');
  const result = await runLocal({ file, asOf: AS_OF, out });
  // Rows 2 and 5 rejected; 佐藤, 鈴木, 高橋 used.
  expect(result.card.rows).toEqual({ rows: 5, used: 3, rejected: 2, future: 0, blank: 0 });
  expect(result.card.customers).toBe(3);
  expect(result.summary.rejected_rows).toBe(2);
  expect(readCsvFile(path.join(out, '取り込めなかった行.csv')).slice(1)).toEqual([
    [
      '2',
      'この行で開いた引用符（"）が閉じていません（この行を除き、次の行から読み直しました）',
      '"山田,2025/1/5,1000',
      '',
      '',
    ],
    ['5', '2 行目で開いた引用符（"）がこの行で閉じています', '田中",2025/1/8,300', '', ''],
  ]);
});

test('4. --out at the input folder: the input is never rewritten; a save onto a protected file writes nothing', async () => {
  const bytes = sjis('顧客,日付,金額\r\n山田,2025/1/5,1000\r\n');
  const file = write('売上.csv', bytes);
  const result = await runLocal({ file, asOf: AS_OF, out: dir });
  expect(result.load?.encoding).toBe('shift_jis');
  expect(Buffer.compare(fs.readFileSync(file), Buffer.from(bytes))).toBe(0);
  expect(result.written.map((f) => path.basename(f))).not.toContain('売上.csv');

  const ss = new MemorySpreadsheet({ firstSheetName: '顧客' });
  const empty = path.join(dir, 'empty');
  await expect(saveWorkbook(ss, empty, { protect: [path.join(empty, '顧客.csv')] })).rejects.toThrow(
    /would overwrite the input file.*Nothing was written/,
  );
  expect(fs.existsSync(empty)).toBe(false);
});

describe('5. workbook.xlsx: written through a temporary name, readable whatever the cells hold, limits checked first', () => {
  test('an interrupted write leaves the earlier file whole and no temporary file', async () => {
    const file = write('workbook.xlsx', 'earlier');
    await expect(
      writeAtomically(file, async (temporary) => {
        fs.writeFileSync(temporary, 'half');
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(fs.readFileSync(file, 'utf8')).toBe('earlier');
    expect(fs.readdirSync(dir)).toEqual(['workbook.xlsx']);
  });

  test('U+FFFE, U+FFFF, a control character and a lone surrogate become U+FFFD; the workbook reads back', async () => {
    const ss = new MemorySpreadsheet({ firstSheetName: 't' });
    ss.sheet('t').loadRawValues([['a\ufffeb', 'c\uffff', 'd\u0001e', 'f\ud800g', 'ok 😀', 'tab\tand\nline']]);
    await saveWorkbook(ss, dir);
    const back = await loadXlsx(fs.readFileSync(path.join(dir, 'workbook.xlsx')));
    expect(back.sheet('t').peekValues()).toEqual([
      ['a\ufffdb', 'c\ufffd', 'd\ufffde', 'f\ufffdg', 'ok 😀', 'tab\tand\nline'],
    ]);
  });

  test.each([
    ['columns', [new Array(XLSX_LIMITS.columns + 1).fill('x')], /16385 columns; an .xlsx file holds at most 16384/],
    [
      'characters',
      [['ok', 'y'.repeat(32_768)]],
      /row 1, column 2: 32768 characters; an .xlsx cell holds at most 32767/,
    ],
  ])('too many %s: a clear error and the earlier workbook untouched', async (_, rows, message) => {
    const file = write('workbook.xlsx', 'earlier');
    const ss = new MemorySpreadsheet({ firstSheetName: 'big' });
    ss.sheet('big').loadRawValues(rows as unknown[][]);
    await expect(saveWorkbook(ss, dir)).rejects.toThrow(message);
    expect(fs.readFileSync(file, 'utf8')).toBe('earlier');
    expect(fs.readdirSync(dir)).toEqual(['workbook.xlsx']);
  });

  test('more rows than a sheet holds: refused before writing', async () => {
    const ss = new MemorySpreadsheet({ firstSheetName: 'long' });
    const rows: unknown[][] = Array.from({ length: XLSX_LIMITS.rows + 1 }, () => []);
    rows[XLSX_LIMITS.rows] = ['last'];
    ss.sheet('long').loadRawValues(rows);
    await expect(saveWorkbook(ss, dir)).rejects.toThrow(/1048577 rows; an .xlsx file holds at most 1048576/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

test('6. output CSV cells that would read as formulas are escaped (OWASP); numbers stay numbers', async () => {
  const file = write(
    's.csv',
    [
      '顧客,日付,金額,メモ',
      '"=HYPERLINK(""http://x"",""y"")",2025/1/5,1000,@SUM(A1)',
      '+81 90,2025/1/6,-500,-2+3',
      '@山田,2025/1/7,abc,"\tx"',
    ].join('\n'),
  );
  const out = path.join(dir, 'out');
  await runLocal({ file, asOf: AS_OF, out });
  const text = fs.readFileSync(path.join(out, '顧客ステージ.csv'), 'utf8');
  const names = readCsvFile(path.join(out, '顧客ステージ.csv')).map((r) => r[0]);
  expect(names).toEqual(['顧客', '\'=HYPERLINK("http://x","y")', "'+81 90"]);
  // Revenue of +81 90 is the number -500, written as a number.
  expect(text).toContain(`"'+81 90",見込み客,`);
  const csv = readCsvFile(path.join(out, '顧客ステージ.csv'));
  expect(csv[2][csv[0].indexOf('累計売上')]).toBe('-500');
  const rejected = readCsvFile(path.join(out, '取り込めなかった行.csv'));
  // Row 4: "abc" is no amount; its values are escaped too.
  expect(rejected[1].slice(0, 6)).toEqual(['4', '金額を読み取れません', "'@山田", '2025/1/7', 'abc', "'\tx"]);
});

describe('7. XLSX input: a hidden tab is never taken as the sales sheet unless named', () => {
  /** A hidden old sales tab, then the visible one (two customers); `memoFirst` puts a note tab in front. */
  async function workbookFile(memoFirst = false): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    if (memoFirst) workbook.addWorksheet('メモ').addRow(['仕入れ先に電話']);
    const old = workbook.addWorksheet('古い売上', { state: 'hidden' });
    old.addRow(['顧客', '日付', '金額']);
    old.addRow(['昔の客', '2024/1/5', 100]);
    const sales = workbook.addWorksheet('売上');
    sales.addRow(['顧客', '日付', '金額']);
    sales.addRow(['山田', '2025/1/5', 1000]);
    sales.addRow(['佐藤', '2025/1/6', 500]);
    const file = path.join(dir, memoFirst ? 'memo-first.xlsx' : 'book.xlsx');
    await workbook.xlsx.writeFile(file);
    return file;
  }

  test('the visible sales tab is analysed; the hidden one stays hidden in the output', async () => {
    const out = path.join(dir, 'out');
    const result = await runLocal({ file: await workbookFile(), asOf: AS_OF, out });
    expect(result.card.salesSheet).toBe('売上');
    expect(result.card.customers).toBe(2);
    const back = await loadXlsx(fs.readFileSync(path.join(out, 'workbook.xlsx')));
    expect(back.inspect(() => back.getSheetByName('古い売上')!.isSheetHidden())).toBe(true);
  });

  test('a hidden tab before the sales tab is passed over when the open tab is no sales tab', async () => {
    const result = await runLocal({ file: await workbookFile(true), asOf: AS_OF, out: null });
    expect(result.card.salesSheet).toBe('売上');
  });

  test('--sheet names the hidden tab: it is analysed', async () => {
    const result = await runLocal({ file: await workbookFile(), asOf: AS_OF, out: null, sheet: '古い売上' });
    expect(result.card.salesSheet).toBe('古い売上');
    expect(result.card.customers).toBe(1);
  });
});

test('8. the out dir is the workbook: a rerun from the CSV keeps History, the Follow-up log and earlier drafts', async () => {
  // As of 2026-11-20: 山田 (first visit 11-15) thanks, 佐藤 (3rd visit 11-02) thanks, 伊藤 (one visit
  // 08-10, at risk from 11-08) a win-back: three drafts. 高橋, added later (first visit 11-16), a fourth.
  const rows = [
    '日付,お客様名,メールアドレス,商品名,金額',
    '2026/11/15,山田 太郎,yamada@example.jp,ブレンド豆,1080',
    '2026/8/1,佐藤 花子,sato@example.jp,ブレンド豆,1080',
    '2026/9/1,佐藤 花子,sato@example.jp,エチオピア,1480',
    '2026/11/2,佐藤 花子,sato@example.jp,エチオピア,1480',
    '2026/8/10,伊藤 健,ito@example.jp,マグカップ,2200',
  ];
  const file = write('売上.csv', rows.join('\n') + '\n');
  const out = path.join(dir, 'out');
  await runLocal({ file, asOf: '2026-10-31', out });
  // 'current': these two runs report November so far, so that History gains its row.
  const november = () =>
    runLocal({ file, asOf: '2026-11-20', month: 'current', out, drafts: true, shopName: 'ことり珈琲' });
  const first = await november();
  expect(first.drafts?.created).toBe(3);
  const drafts = path.join(out, 'drafts');
  expect(fs.readdirSync(drafts)).toEqual(['001.eml', '002.eml', '003.eml']);
  const earlier = fs.readFileSync(path.join(drafts, '001.eml'));

  fs.appendFileSync(file, '2026/11/16,高橋 優,takahashi@example.jp,ブレンド豆,1080\n');
  const second = await november();
  expect(second.drafts?.created).toBe(1);
  expect(fs.readdirSync(drafts)).toEqual(['001.eml', '002.eml', '003.eml', '004.eml']);
  expect(fs.readFileSync(path.join(drafts, '001.eml'))).toEqual(earlier);
  expect(fs.readFileSync(path.join(drafts, '004.eml'), 'utf8')).toContain('takahashi@example.jp');
  expect(readCsvFile(path.join(out, '推移.csv')).map((r) => r[0])).toEqual([
    readCsvFile(path.join(out, '推移.csv'))[0][0],
    // The first run filled History from the first sale's month (August).
    '2026-08',
    '2026-09',
    '2026-10',
    '2026-11',
  ]);
  expect(readCsvFile(path.join(out, 'フォロー履歴.csv')).length).toBe(1 + 4);
  // The sales tab is the CSV itself: not in workbook.xlsx, named by the record beside it.
  const book = await loadXlsx(fs.readFileSync(path.join(out, 'workbook.xlsx')));
  expect(book.inspect(() => book.getSheetByName('売上'))).toBeNull();
  expect(JSON.parse(fs.readFileSync(path.join(out, 'sales-file.json'), 'utf8'))).toMatchObject({ tab: '売上', file });
  // Opening the workbook again brings the tab back, as the file is now: 5 + 1 data rows.
  const reopened = await loadWorkbookFile(path.join(out, 'workbook.xlsx'));
  expect(reopened.sheet('売上').peekValues().length).toBe(7);
  expect(reopened.inspect(() => reopened.getActiveSheet().getName())).toBe('売上');
});

test('8c. a workbook whose sales CSV has gone: a clear message naming the file, nothing written', async () => {
  const file = write('売上.csv', '顧客,日付,金額\n山田,2025/1/5,1000\n');
  const out = path.join(dir, 'out');
  await runLocal({ file, asOf: AS_OF, out });
  fs.rmSync(file);
  const again = path.join(dir, 'again');
  await expect(runLocal({ file: path.join(out, 'workbook.xlsx'), asOf: AS_OF, out: again })).rejects.toThrow(
    `the sales tab "売上" of ${path.join(out, 'workbook.xlsx')} is the file ${file}`,
  );
  expect(fs.existsSync(again)).toBe(false);
});

test('8d. an .xlsx input holding its own sales tab leaves no stale record of an earlier CSV run', async () => {
  const out = path.join(dir, 'out');
  await runLocal({ file: write('売上.csv', '顧客,日付,金額\n山田,2025/1/5,1000\n'), asOf: AS_OF, out });
  expect(fs.existsSync(path.join(out, 'sales-file.json'))).toBe(true);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('台帳').addRows([
    ['顧客', '日付', '金額'],
    ['佐藤', '2025/1/6', 500],
  ]);
  const xlsx = path.join(dir, 'book.xlsx');
  await workbook.xlsx.writeFile(xlsx);
  await runLocal({ file: xlsx, asOf: AS_OF, out });
  expect(fs.existsSync(path.join(out, 'sales-file.json'))).toBe(false);
  const reopened = await loadWorkbookFile(path.join(out, 'workbook.xlsx'));
  expect(reopened.inspect(() => reopened.getSheets().map((s) => s.getName()))).not.toContain('売上');
});

test('8b. an earlier workbook that cannot be read stops the run with a clear message and stays as it was', async () => {
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'workbook.xlsx'), 'PK broken');
  const file = write('s.csv', '顧客,日付,金額\n山田,2025/1/5,1000\n');
  await expect(runLocal({ file, asOf: AS_OF, out })).rejects.toThrow(/cannot be read.*Move it away/);
  expect(fs.readFileSync(path.join(out, 'workbook.xlsx'), 'utf8')).toBe('PK broken');
  expect(fs.readdirSync(out)).toEqual(['workbook.xlsx']);
});

test('9. a 400-digit amount and 1e308 are rejected as too large; revenue stays finite', async () => {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('売上');
  ws.addRow(['顧客', '日付', '金額']);
  ws.addRow(['山田', '2025/1/5', 1000]);
  ws.addRow(['山田', '2025/1/6', 1e308]);
  ws.addRow(['山田', '2025/1/7', '9'.repeat(400)]);
  ws.addRow(['佐藤', '2025/1/8', 500]);
  const file = path.join(dir, 'book.xlsx');
  await workbook.xlsx.writeFile(file);
  const out = path.join(dir, 'out');
  const result = await runLocal({ file, asOf: AS_OF, out });
  expect(result.card.rows).toEqual({ rows: 4, used: 2, rejected: 2, future: 0, blank: 0 });
  const segments = readCsvFile(path.join(out, '顧客ステージ.csv'));
  // Revenue: 山田 1000, 佐藤 500.
  const revenue = segments[0].indexOf('累計売上');
  expect(segments.slice(1).map((r) => [r[0], r[revenue]])).toEqual([
    ['山田', '1000'],
    ['佐藤', '500'],
  ]);
  const rejected = readCsvFile(path.join(out, '取り込めなかった行.csv'));
  expect(rejected.slice(1).map((r) => [r[0], r[1]])).toEqual([
    ['3', '金額が大きすぎます（1兆を超えています）'],
    ['4', '金額が大きすぎます（1兆を超えています）'],
  ]);
});

test('10. names differing only by invisible characters are one customer', async () => {
  expect(['山田\u200b太郎', '山田太\u00ad郎', '\ufeff山田 太郎', '山田\u2060太郎様'].map(customerKeyOf)).toEqual(
    new Array(4).fill('山田太郎'),
  );
  const file = write(
    's.csv',
    '顧客,日付,金額\n山田太郎,2025/1/5,1000\n山田\u200b太郎,2025/1/6,500\n山田太\u00ad郎,2025/1/7,300\n',
  );
  const result = await runLocal({ file, asOf: AS_OF, out: null });
  expect(result.card.customers).toBe(1);
  expect(result.card.stageCounts).toMatchObject({ repeat: 1 });
});

test('the hidden flag is read from the file and written back', async () => {
  const ss = new MemorySpreadsheet({ firstSheetName: 'shown' });
  const hidden = asMemorySheet(ss.inspect(() => ss.insertSheet('hidden')));
  hidden.data.hidden = true;
  await saveWorkbook(ss, dir);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(dir, 'workbook.xlsx'));
  expect(workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
    ['shown', 'visible'],
    ['hidden', 'hidden'],
  ]);
});
