// Loading shop files into the in-memory spreadsheet and saving it as XLSX and CSV.

import fs from 'fs';
import os from 'os';
import path from 'path';
import Encoding from 'encoding-japanese';
import ExcelJS from 'exceljs';
import { parse as parseSync } from 'csv-parse/sync';
import { asMemorySheet, createServices, Formula, MemorySpreadsheet } from '../../src/local/memory';
import { loadCsv, loadWorkbookFile, loadXlsx, saveWorkbook, shownWidth } from '../../src/local/workbook-io';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-io-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function valuesOf(ss: MemorySpreadsheet, name: string): unknown[][] {
  return ss.sheet(name).peekValues();
}

describe('loadCsv', () => {
  test('a Shift_JIS (CP932) file is decoded; every cell stays text; short rows are padded', async () => {
    const text = '顧客名,金額,日付\r\n山田 太郎,"1,080",2025/1/5\r\n㈱髙橋,00123\r\n';
    const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
    const ss = await loadCsv(bytes, { sheetName: '売上' });
    expect(valuesOf(ss, '売上')).toEqual([
      ['顧客名', '金額', '日付'],
      ['山田 太郎', '1,080', '2025/1/5'],
      ['㈱髙橋', '00123', ''],
    ]);
    expect(ss.env.calls.total()).toBe(0);
  });

  test('a UTF-8 file with BOM: nothing becomes a formula, apostrophes are kept', async () => {
    const ss = await loadCsv(Buffer.from('\ufeffname,memo\n"=HYPERLINK(""x"")",\'00001\n', 'utf8'), {
      sheetName: 'data',
    });
    const sheet = ss.sheet('data');
    expect(sheet.peekValues()).toEqual([
      ['name', 'memo'],
      ['=HYPERLINK("x")', "'00001"],
    ]);
    expect(ss.inspect(() => sheet.getRange('A2').getFormula())).toBe('');
  });

  test('UTF-16 with BOM, tab-separated, as Excel saves "Unicode text"', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名前\t金額\r\n佐藤\t500\r\n', 'utf16le')]);
    expect(valuesOf(await loadCsv(bytes, { sheetName: 't', delimiter: '\t' }), 't')).toEqual([
      ['名前', '金額'],
      ['佐藤', '500'],
    ]);
  });

  test('a file of many chunks reads as csv-parse reads it whole: quotes, newlines and multi-byte text across chunk boundaries', async () => {
    const lines = ['顧客,メモ,金額'];
    for (let i = 0; i < 12_000; i++) {
      const memo = i % 7 === 0 ? `"山田, 太郎 ""様""\r\n${'ご'.repeat(i % 13)}"` : i % 5 === 0 ? '' : `品${i % 40}`;
      lines.push(i % 11 === 0 ? `c${i % 300}` : `c${i % 300},${memo},${(i % 97) * 10}`);
    }
    const text = lines.join('\r\n') + '\r\n';
    const bytes = Buffer.from('\ufeff' + text, 'utf8');
    expect(bytes.length).toBeGreaterThan(3 * 65_536);
    const ss = await loadCsv(bytes, { sheetName: 'big' });
    const expected: string[][] = parseSync(text, { relax_column_count: true, relax_quotes: true });
    const width = Math.max(...expected.map((r) => r.length));
    expect(valuesOf(ss, 'big')).toEqual(expected.map((r) => [...r, ...new Array(width - r.length).fill('')]));
  });

  test('a column of more distinct values than are shared still reads back whole', async () => {
    const n = 70_000;
    const text = Array.from({ length: n }, (_, i) => `id${i},${i % 3},id${i}`).join('\n');
    const values = valuesOf(await loadCsv(Buffer.from(text), { sheetName: 'ids' }), 'ids');
    expect(values.length).toBe(n);
    for (const i of [0, 1, 65_535, 65_536, 65_537, n - 1])
      expect(values[i]).toEqual([`id${i}`, String(i % 3), `id${i}`]);
  });

  test('a quote never closed costs its own row only; bytes that are no UTF-8 after a BOM read as U+FFFD', async () => {
    expect(valuesOf(await loadCsv(Buffer.from('a,b\n"open,2\nc,3\n', 'utf8'), { sheetName: 'q' }), 'q')).toEqual([
      ['a', 'b'],
      ['', ''],
      ['c', '3'],
    ]);
    const bytes = Buffer.concat([Buffer.from('\ufeffa,b\n', 'utf8'), Buffer.from([0x80, 0x2c, 0x78, 0x0a])]);
    expect(valuesOf(await loadCsv(bytes, { sheetName: 'x' }), 'x')).toEqual([
      ['a', 'b'],
      ['\ufffd', 'x'],
    ]);
  });

  test('loadWorkbookFile names the tab after a CSV file and uses the requested zone', async () => {
    const file = path.join(dir, '顧客一覧.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n');
    const ss = await loadWorkbookFile(file, { timeZone: 'Europe/London' });
    expect(ss.getSpreadsheetTimeZone()).toBe('Europe/London');
    expect(valuesOf(ss, '顧客一覧')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    await expect(loadWorkbookFile(path.join(dir, 'x.pdf'))).rejects.toThrow('expected a .csv, .tsv or .xlsx file');
  });
});

describe('loadXlsx', () => {
  test('cells keep their types; dates are the wall-clock time in the spreadsheet zone', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('注文');
    ws.addRow(['顧客', '金額', '日付', '会員', 'リンク', '計', 'エラー', '備考']);
    ws.addRow([
      '山田',
      -1080,
      // exceljs dates carry the wall-clock time in their UTC fields.
      new Date(Date.UTC(2025, 0, 5, 10, 30)),
      true,
      { text: 'サイト', hyperlink: 'https://example.com' },
      { formula: 'B2*2', result: -2160 },
      { error: '#N/A' },
      { richText: [{ text: '太字', font: { bold: true } }, { text: 'と普通' }] },
    ]);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    workbook.addWorksheet('空');
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const ss = await loadXlsx(bytes, { timeZone: 'America/New_York' });
    expect(ss.inspect(() => ss.getSheets().map((s) => s.getName()))).toEqual(['注文', '空']);
    const [header, row] = valuesOf(ss, '注文');
    expect(header).toEqual(['顧客', '金額', '日付', '会員', 'リンク', '計', 'エラー', '備考']);
    // 10:30 in New York in January (UTC-5) is 15:30 UTC.
    expect(row).toEqual(['山田', -1080, new Date('2025-01-05T15:30:00Z'), true, 'サイト', -2160, '#N/A', '太字と普通']);
    const sheet = ss.sheet('注文');
    expect(
      ss.inspect(() => [
        sheet.getFrozenRows(),
        sheet.getRange('A1').getFontWeight(),
        sheet.getRange('A2').getFontWeight(),
      ]),
    ).toEqual([1, 'bold', 'normal']);
    expect(valuesOf(ss, '空')).toEqual([['']]);
  });
});

describe('saveWorkbook', () => {
  function sampleSpreadsheet() {
    const memory = createServices();
    const ss = memory.spreadsheet;
    const sheet = ss.getSheets()[0];
    sheet.setName('顧客');
    // As a file or Sheets holds them: text stays text, and the formula carries the value Sheets computed.
    asMemorySheet(sheet).loadRawValues([
      ['名前', 'コード', 'リンク', '日付', '金額', 'フラグ', '合計'],
      [
        '山田',
        '00001',
        '=HYPERLINK("x")',
        new Date('2025-01-04T15:00:00Z'),
        -1080.5,
        true,
        new Formula('=SUM(E2:E2)', -1080.5),
      ],
      ['佐藤', '007', '', new Date('2025-01-05T01:30:00Z')],
    ]);
    sheet.getRange('A1:G1').setFontWeight('bold');
    sheet.setFrozenRows(1);
    ss.insertSheet('a/b').getRange('A1').setValue(1);
    return ss;
  }

  test('writes workbook.xlsx and one CSV per tab, with safe file names', async () => {
    const written = await saveWorkbook(sampleSpreadsheet(), dir);
    expect(written.map((f) => path.relative(dir, f))).toEqual(['workbook.xlsx', '顧客.csv', 'a_b.csv']);
    const csv = fs.readFileSync(path.join(dir, '顧客.csv'), 'utf8');
    expect(csv).toBe(
      '\ufeff' +
        '名前,コード,リンク,日付,金額,フラグ,合計\r\n' +
        // Text that a spreadsheet would read as a formula gets an apostrophe (OWASP); numbers stay
        // numbers, and a formula cell is written as the value Sheets computed.
        '山田,00001,"\'=HYPERLINK(""x"")",2025-01-05,-1080.5,TRUE,-1080.5\r\n' +
        '佐藤,007,,2025-01-05 10:30:00,,,\r\n',
    );
  });

  test('a cell with a line break, a lone CR, a comma or a quote is quoted: each row stays one record', async () => {
    const ss = createServices().spreadsheet;
    const sheet = ss.getSheets()[0];
    sheet.setName('t');
    asMemorySheet(sheet).loadRawValues([
      ['name', 'memo'],
      ['multi\nline', 'cr\rhere'],
      ['a,b', 'say "hi"'],
      ['+81 90', 'plain'],
    ]);
    await saveWorkbook(ss, dir);
    const csv = fs.readFileSync(path.join(dir, 't.csv'), 'utf8');
    expect(csv).toBe(
      '\ufeffname,memo\r\n' +
        '"multi\nline","cr\rhere"\r\n' +
        '"a,b","say ""hi"""\r\n' +
        // An escaped formula is quoted even with nothing else to quote.
        '"\'+81 90",plain\r\n',
    );
    expect(parseSync(csv.slice(1))).toEqual([
      ['name', 'memo'],
      ['multi\nline', 'cr\rhere'],
      ['a,b', 'say "hi"'],
      ["'+81 90", 'plain'],
    ]);
  });

  test('round trip through XLSX gives back the values with their types', async () => {
    const original = sampleSpreadsheet();
    await saveWorkbook(original, dir);
    const loaded = await loadXlsx(fs.readFileSync(path.join(dir, 'workbook.xlsx')));
    expect(loaded.inspect(() => loaded.getSheets().map((s) => s.getName()))).toEqual(['顧客', 'a_b']);
    const before = valuesOf(original, '顧客');
    const after = valuesOf(loaded, '顧客');
    // The formula goes with its computed result, and comes back as both.
    expect(after).toEqual(before);
    expect(loaded.inspect(() => loaded.sheet('顧客').getRange('G2').getFormula())).toBe('=SUM(E2:E2)');
    expect(after[1].slice(1, 5)).toEqual(['00001', '=HYPERLINK("x")', new Date('2025-01-04T15:00:00Z'), -1080.5]);
    expect(after[2][3]).toEqual(new Date('2025-01-05T01:30:00Z'));
    const sheet = loaded.sheet('顧客');
    expect(
      loaded.inspect(() => [
        sheet.getFrozenRows(),
        sheet.getRange('G1').getFontWeight(),
        sheet.getRange('A2').getFontWeight(),
      ]),
    ).toEqual([1, 'bold', 'normal']);
    expect(valuesOf(loaded, 'a_b')).toEqual([[1]]);
  });

  test('only formula cells are formulas in the file; dates get a date format', async () => {
    await saveWorkbook(sampleSpreadsheet(), dir);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'workbook.xlsx'));
    const ws = workbook.getWorksheet('顧客')!;
    expect(ws.getCell('G2').formula).toBe('SUM(E2:E2)');
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect([ws.getCell('D2').numFmt, ws.getCell('D3').numFmt]).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss']);
    // Excel has no zones: the cell holds the wall-clock time shown in Tokyo.
    expect(ws.getCell('D3').value).toEqual(new Date(Date.UTC(2025, 0, 5, 10, 30)));
  });

  test('number formats and bold reach the file cell by cell, though cells of one look share a style', async () => {
    const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP' });
    const sheet = ss.inspect(() => ss.getSheets()[0]);
    ss.inspect(() => {
      sheet.getRange('A1:C2').setValues([
        [1234.5, 1234.5, 1234.5],
        [0.25, 0.25, 'text'],
      ]);
      sheet.getRange('A1:B2').setNumberFormat('#,##0.00');
      sheet.getRange('B1:C1').setFontWeight('bold');
      sheet.getRange('B2').setNumberFormat('0%');
    });
    await saveWorkbook(ss, dir);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'workbook.xlsx'));
    const ws = workbook.worksheets[0];
    const look = (address: string) => [
      ws.getCell(address).numFmt ?? 'General',
      ws.getCell(address).font?.bold === true,
    ];
    expect(['A1', 'B1', 'C1', 'A2', 'B2', 'C2'].map(look)).toEqual([
      ['#,##0.00', false],
      ['#,##0.00', true],
      ['General', true],
      ['#,##0.00', false],
      ['0%', false],
      ['General', false],
    ]);
  });
  /** Every cell of every tab of an .xlsx file as exceljs reads it, with its look; and each tab's settings. */
  async function xlsxContents(file: string) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    return workbook.worksheets.map((ws) => {
      const cells: unknown[] = [];
      ws.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) =>
          cells.push([cell.address, cell.type, cell.value, cell.numFmt ?? null, cell.font?.bold === true]),
        ),
      );
      const widths = ws.columns?.map((c) => c.width) ?? [];
      return { name: ws.name, state: ws.state, views: ws.views, widths, cells };
    });
  }

  const BUILT_WORKER = path.join(__dirname, '../../build/local/xlsx-worker.cjs');

  test('the worker thread writes the same workbook as this thread: types, formulas, dates, looks, hidden and sparse tabs', async () => {
    if (!fs.existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} is missing: run npm run build first`);
    const ss = sampleSpreadsheet();
    ss.inspect(() => {
      const extra = ss.insertSheet('extra');
      extra.getRange('A1:D1').setValues([[false, 0.1 + 0.2, 'bad\u0001char', new Date('2026-11-30T15:00:00Z')]]);
      extra.getRange('A2').setFormula('=TODAY()');
      extra.getRange('B1').setNumberFormat('0.0%');
      extra.getRange('C1:D1').setFontWeight('bold');
      extra.getRange('E40').setValue('far');
      extra.hideSheet();
    });
    // A formula whose value is a date, and one whose value is text.
    asMemorySheet(ss.inspect(() => ss.getSheetByName('extra')!)).loadRawValues([
      [false, 0.1 + 0.2, 'bad\u0001char', new Date('2026-11-30T15:00:00Z')],
      [new Formula('=TODAY()', new Date('2026-12-01T15:00:00Z')), new Formula('=A3&"x"', 'yx'), '', '', ''],
      ...Array.from({ length: 37 }, () => []),
      ['', '', '', '', 'far'],
    ]);
    const inThread = path.join(dir, 'here');
    const inWorker = path.join(dir, 'worker');
    await saveWorkbook(ss, inThread, { xlsxWorker: null });
    await saveWorkbook(ss, inWorker, { xlsxWorker: BUILT_WORKER });
    const here = await xlsxContents(path.join(inThread, 'workbook.xlsx'));
    const there = await xlsxContents(path.join(inWorker, 'workbook.xlsx'));
    expect(there).toEqual(here);
    const extra = there.find((t) => t.name === 'extra')!;
    expect(extra.state).toBe('hidden');
    // Excel has no zones: the cell holds the wall-clock day in Tokyo. A formula's date value goes as
    // its instant (15:00 UTC), which exceljs reads back as a serial: 25569 days to 1970 + 20788.625.
    expect(extra.cells).toEqual([
      ['A1', ExcelJS.ValueType.Boolean, false, null, false],
      ['B1', ExcelJS.ValueType.Number, 0.1 + 0.2, '0.0%', false],
      ['C1', ExcelJS.ValueType.String, 'bad\ufffdchar', null, true],
      ['D1', ExcelJS.ValueType.Date, new Date(Date.UTC(2026, 11, 1)), 'yyyy-mm-dd', true],
      ['A2', ExcelJS.ValueType.Formula, { formula: 'TODAY()', result: 46357.625 }, null, false],
      ['B2', ExcelJS.ValueType.Formula, { formula: 'A3&"x"', result: 'yx' }, null, false],
      ['E40', ExcelJS.ValueType.String, 'far', null, false],
    ]);
    for (const name of ['顧客.csv', 'a_b.csv', 'extra.csv'])
      expect(fs.readFileSync(path.join(inWorker, name))).toEqual(fs.readFileSync(path.join(inThread, name)));
  });

  test('a workbook that cannot be written leaves every file of the out dir as it was, and no temporary file', async () => {
    const ss = sampleSpreadsheet();
    await saveWorkbook(ss, dir, { xlsxWorker: null });
    const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    ss.inspect(() => ss.sheet('顧客').getRange('A2').setValue('changed'));
    await expect(saveWorkbook(ss, dir, { xlsxWorker: path.join(dir, 'no-such-worker.cjs') })).rejects.toThrow(
      /no-such-worker/,
    );
    expect(fs.readdirSync(dir).sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(dir, f))).toEqual(bytes);
  });

  test('columns are as wide as their widest shown cell plus two, so that dates never show as ###', async () => {
    const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP' });
    const sheet = ss.inspect(() => ss.getSheets()[0]);
    ss.inspect(() => {
      sheet.getRange('A1:E2').setValues([
        ['日付', 'お客様名', '金額', '比率', 'x'],
        [new Date('2026-11-14T15:00:00Z'), '山田 太郎', 1234567, 0.125, 'x'.repeat(100)],
      ]);
      sheet.getRange('A2:D2').setNumberFormats([['yyyy-mm-dd', '@', '#,##0', '0.0%']]);
    });
    await saveWorkbook(ss, dir);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'workbook.xlsx'));
    const ws = workbook.worksheets[0];
    // 2026-11-15: 10 characters; 山田 太郎: four wide characters and a space, 9; 1,234,567: 9;
    // 12.5%: 5 (the header 比率 is 4); a 100-character memo is held to 60.
    expect([1, 2, 3, 4, 5].map((c) => ws.getColumn(c).width)).toEqual([12, 11, 11, 7, 60]);
    expect(['A2', 'C2', 'D2'].map((a) => ws.getCell(a).numFmt)).toEqual(['yyyy-mm-dd', '#,##0', '0.0%']);
    // Half-width kana 1 each; 全, 角, Ａ, Ｂ 2 each; 1 one.
    expect(shownWidth('ｶﾅ全角ＡＢ1')).toBe(1 + 1 + 2 + 2 + 2 + 2 + 1);
  });
});
