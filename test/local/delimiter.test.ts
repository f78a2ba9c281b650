// The delimiter told by a file's content, whatever its name (issue 12 item 5): Square's Japanese
// dashboard saves UTF-16LE tab-separated files as .csv. Bytes are made by hand; expectations in comments.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { reasonText, sniffDelimiter } from '../../src/local/csv-input';
import { readCsv, readWorkbookFile } from '../../src/local/workbook-io';
import { runLocal } from '../../src/local/runner';
import { cardLines } from '../../src/local/cli/card-lines';

const utf16leWithBom = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delimiter-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sniffDelimiter', () => {
  test('tab: two per line in every line, though a cell holds a comma', () => {
    expect(sniffDelimiter('日付\t顧客\t金額\n2025/1/5\t山田, 太郎\t1080\n2025/1/6\t佐藤\t500\n', ',')).toBe('\t');
  });

  test('semicolon: decimal commas stand in some lines only, never in the header', () => {
    expect(sniffDelimiter('date;customer;amount\n2025-01-05;Yamada;10,80\n2025-01-06;Sato;5\n', ',')).toBe(';');
  });

  test('comma: tabs inside quoted cells are not counted', () => {
    // Counted blindly, tab would win: 3 per line against 2 commas, every line agreeing.
    const text = '日付,"メモ\tA\tB\tC",金額\n2025/1/5,"a\tb\tc\td",1080\n2025/1/6,"x\ty\tz\tw",500\n';
    expect(sniffDelimiter(text, '\t')).toBe(',');
  });

  test('a quoted line break does not end the line: the comma count stays 2 per record', () => {
    expect(sniffDelimiter('a,b,c\n1,"x\ty\nz\tw",3\n4,5,6\n', '\t')).toBe(',');
  });

  test('one column: no delimiter to see, the fallback', () => {
    expect(sniffDelimiter('顧客\n山田\n佐藤\n', '\t')).toBe('\t');
    expect(sniffDelimiter('顧客\n山田\n佐藤\n', ',')).toBe(',');
  });

  test('equal agreement: the one the header holds more often', () => {
    // Comma: 1 in the header, 1 in the row; tab: 2 and 2. Both agree on one row: tab has more.
    expect(sniffDelimiter('a\tb,c\td\n1\t2,3\t4\n', ',')).toBe('\t');
  });
});

test('a UTF-16LE tab-separated file saved as .csv is split on tabs', async () => {
  const file = path.join(dir, '売上.csv');
  fs.writeFileSync(file, utf16leWithBom('日付\t顧客\t金額\r\n2025/1/5\t山田, 太郎\t1,080\r\n2025/1/6\t佐藤\t500\r\n'));
  const { spreadsheet, csv } = await readWorkbookFile(file);
  expect(csv?.delimiter).toBe('\t');
  expect(csv?.decoded.encoding).toBe('utf-16le');
  expect(spreadsheet.sheet('売上').peekValues()).toEqual([
    ['日付', '顧客', '金額'],
    ['2025/1/5', '山田, 太郎', '1,080'],
    ['2025/1/6', '佐藤', '500'],
  ]);
});

test('UTF-16BE without a BOM, tab-separated, saved as .csv: split on tabs', async () => {
  const file = path.join(dir, 'export.csv');
  fs.writeFileSync(file, Buffer.from('顧客\t金額\n山田\t1080\n', 'utf16le').swap16());
  const { spreadsheet, csv } = await readWorkbookFile(file);
  expect([csv?.decoded.encoding, csv?.delimiter]).toEqual(['utf-16be', '\t']);
  expect(spreadsheet.sheet('export').peekValues()).toEqual([
    ['顧客', '金額'],
    ['山田', '1080'],
  ]);
});

test('a comma-separated file saved as .tsv is split on commas; a given delimiter wins', async () => {
  const bytes = Buffer.from('顧客,金額\n山田,1080\n');
  const file = path.join(dir, 's.tsv');
  fs.writeFileSync(file, bytes);
  expect((await readWorkbookFile(file)).spreadsheet.sheet('s').peekValues()).toEqual([
    ['顧客', '金額'],
    ['山田', '1080'],
  ]);
  expect((await readCsv(bytes, '\t')).rows).toEqual([['顧客,金額'], ['山田,1080']]);
});

test('the encoding line is in the run’s language, with the delimiter', async () => {
  expect(reasonText('ja', 'utf-16le', { kind: 'bom' })).toBe('先頭に UTF-16LE の BOM あり');
  expect(reasonText('en', 'utf-16le', { kind: 'utf16_zeros', odd: true })).toBe('zero bytes at odd offsets');
  expect(reasonText('ja', 'utf-16be', { kind: 'utf16_zeros', odd: false })).toBe('2 バイトごとに前のバイトがゼロ');
  expect(reasonText('ja', 'shift_jis', { kind: 'legacy_fewer', valid: 1, invalidRuns: 7, legacyInvalid: 0 })).toBe(
    'UTF-8 の多バイト文字 1 個、不正なバイト列 7 か所、Shift_JIS なら不正 0 個',
  );
  const file = path.join(dir, '売上.csv');
  fs.writeFileSync(file, utf16leWithBom('日付\t顧客\t金額\r\n2025/1/5\t山田\t1080\r\n'));
  const result = await runLocal({ file, asOf: '2025-01-31', out: null });
  expect(result.card.customers).toBe(1);
  expect(cardLines(result, file)).toContain('文字コード: UTF-16LE（先頭に UTF-16LE の BOM あり）、区切り文字: タブ');
  const english = await runLocal({ file, asOf: '2025-01-31', out: null, lang: 'en' });
  expect(cardLines(english, file)).toContain('encoding: UTF-16LE (UTF-16LE byte order mark), delimiter: tab');
});
