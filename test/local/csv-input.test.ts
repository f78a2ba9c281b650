// Reading a CSV file: the encoding decided per file with evidence, any mix of line breaks, and an
// unbalanced quote that costs its own row only. Expectations are worked out by hand in comments.
import fs from 'fs';
import path from 'path';
import Encoding from 'encoding-japanese';
import fc from 'fast-check';
import { parse as parseSync } from 'csv-parse/sync';
import { decodeBytes } from '../../src/local/csv-input';
import { readCsv } from '../../src/local/workbook-io';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const sjis = (text: string) =>
  Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('decodeBytes: one encoding per file, with its evidence', () => {
  const TEXT = '顧客,日付,金額\n山田,2025/1/5,1000\n佐藤,2025/1/7,700\n';

  test('a byte order mark decides: UTF-8, UTF-16LE, UTF-16BE', () => {
    expect(decodeBytes(utf8('\ufeff' + TEXT))).toMatchObject({ encoding: 'utf-8', text: TEXT, replaced: false });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(decodeBytes(le)).toMatchObject({ encoding: 'utf-16le', text: TEXT, evidence: 'UTF-16LE byte order mark' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]);
    expect(decodeBytes(be)).toMatchObject({ encoding: 'utf-16be', text: TEXT });
  });

  test('UTF-16 without a BOM: the zero bytes of its ASCII tell the byte order', () => {
    // 8 of the 33 characters of TEXT are kanji (no zero byte); the 25 others are ASCII.
    expect(decodeBytes(Buffer.from(TEXT, 'utf16le'))).toMatchObject({
      encoding: 'utf-16le',
      text: TEXT,
      evidence: 'zero bytes at odd offsets',
    });
    expect(decodeBytes(utf16be(TEXT))).toMatchObject({ encoding: 'utf-16be', text: TEXT });
  });

  test('valid UTF-8 without a BOM, and Shift_JIS (CP932: ㈱ and 髙 too)', () => {
    expect(decodeBytes(utf8(TEXT))).toMatchObject({ encoding: 'utf-8', evidence: 'valid UTF-8', replaced: false });
    const text = TEXT + '㈱髙橋,2025/1/8,500\n';
    const decoded = decodeBytes(sjis(text));
    expect(decoded).toMatchObject({ encoding: 'shift_jis', text, replaced: false });
    // Read as UTF-8, Shift_JIS pairs are mostly invalid (one happens to form a valid sequence here).
    expect(decoded.evidence).toBe('1 valid UTF-8 multi-byte characters, 7 invalid byte runs; 0 invalid in Shift_JIS');
  });

  test('one stray Latin-1 byte in a UTF-8 file: still UTF-8, that byte alone becomes U+FFFD', () => {
    const bytes = Buffer.concat([
      utf8('顧客,日付,金額\n山田,2025/1/5,1000\nJos'),
      Buffer.from([0xe9]),
      utf8(',2025/1/6,500\n佐藤,2025/1/7,700\n'),
    ]);
    const decoded = decodeBytes(bytes);
    // 顧 客 日 付 金 額 山 田 佐 藤: 10 valid three-byte characters against one bad byte.
    expect(decoded).toMatchObject({
      encoding: 'utf-8',
      replaced: true,
      evidence: '10 valid UTF-8 multi-byte characters, 1 invalid byte runs',
    });
    expect(decoded.text).toBe('顧客,日付,金額\n山田,2025/1/5,1000\nJos\ufffd,2025/1/6,500\n佐藤,2025/1/7,700\n');
  });
});

describe('readCsv: records and what could not be read', () => {
  test('the stray byte is reported with its row; the other rows are whole', async () => {
    const bytes = Buffer.concat([utf8('顧客,金額\n山田,1000\nJos'), Buffer.from([0xe9]), utf8(',500\n佐藤,700\n')]);
    const read = await readCsv(bytes, ',');
    expect(read.rows).toEqual([
      ['顧客', '金額'],
      ['山田', '1000'],
      ['Jos\ufffd', '500'],
      ['佐藤', '700'],
    ]);
    expect(read.warnings).toEqual([{ row: 3, reason: 'bytes_replaced' }]);
    expect(read.rejected).toEqual([]);
  });

  test('CRLF, LF and lone CR mixed in one file are all line breaks; a break inside quotes stays in its cell', async () => {
    const read = await readCsv(utf8('a,b\r\n1,2\n3,4\r5,"x\ny"\r\n6,7'), ',');
    expect(read.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', 'x\ny'],
      ['6', '7'],
    ]);
    expect(read.rejected).toEqual([]);
  });

  test('a quote opened in a cell and closed three lines later: both broken rows rejected, the rows between and after read', async () => {
    // A quote opened in row 2 and closed in row 5 (test/fixtures/broken-quote.csv).
    const text = fs.readFileSync(path.join(__dirname, '../fixtures/broken-quote.csv'), 'utf8');
    const read = await readCsv(utf8(text), ',');
    expect(read.rows).toEqual([
      ['顧客', '日付', '金額'],
      [],
      ['佐藤', '2025/1/6', '500'],
      ['鈴木', '2025/1/7', '700'],
      [],
      ['高橋', '2025/1/9', '200'],
    ]);
    expect(read.rejected).toEqual([
      { row: 2, reason: 'quote_unclosed', text: '"山田,2025/1/5,1000' },
      { row: 5, reason: 'quote_closes_other_row', openedIn: 2, text: '田中",2025/1/8,300' },
    ]);
  });

  test('a quote never closed: its row is rejected, every later row read', async () => {
    const read = await readCsv(utf8('a,b,c\n1,"2,3\n4,5,6\n7,8,9\n'), ',');
    expect(read.rows).toEqual([['a', 'b', 'c'], [], ['4', '5', '6'], ['7', '8', '9']]);
    expect(read.rejected).toEqual([{ row: 2, reason: 'quote_unclosed', text: '1,"2,3' }]);
  });

  test('a memo with a line break (no row inside it) is one cell of one row', async () => {
    const read = await readCsv(utf8('顧客,メモ,金額\n山田,"午前中に\n配達",1000\n佐藤,,500\n'), ',');
    expect(read.rows).toEqual([
      ['顧客', 'メモ', '金額'],
      ['山田', '午前中に\n配達', '1000'],
      ['佐藤', '', '500'],
    ]);
    expect(read.rejected).toEqual([]);
  });
});

describe('property: line breaks and stray bytes', () => {
  const NAMES = ['山田', '佐藤花子', '鈴木', 'ことり', 'Jane', '髙橋'];
  const rowArb = fc.record({
    name: fc.constantFrom(...NAMES),
    day: fc.integer({ min: 1, max: 28 }),
    amount: fc.integer({ min: 0, max: 99_999 }),
  });
  const breakArb = fc.constantFrom('\r\n', '\n', '\r');

  test('any mix of line endings and any stray bytes leave every other row intact, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(rowArb, breakArb), { minLength: 4, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        async (lines, strays) => {
          const rows = [['顧客', '日付', '金額'], ...lines.map(([r]) => [r.name, `2025/1/${r.day}`, String(r.amount)])];
          const breaks = ['\n', ...lines.map(([, b]) => b)];
          const content = rows.map((r) => utf8(r.join(',')));
          const touched = new Set<number>();
          for (const [rowPick, at, byte] of strays) {
            const i = rowPick % content.length;
            const offset = at % (content[i].length + 1);
            content[i] = Buffer.concat([
              content[i].subarray(0, offset),
              Buffer.from([byte]),
              content[i].subarray(offset),
            ]);
            touched.add(i);
          }
          const bytes = Buffer.concat(content.flatMap((c, i) => [c, utf8(breaks[i])]));
          const read = await readCsv(bytes, ',');
          // Every untouched row is read as it was written, in order (a subsequence of the records).
          let k = 0;
          for (let i = 0; i < rows.length; i++) {
            if (touched.has(i)) continue;
            while (k < read.rows.length && JSON.stringify(read.rows[k]) !== JSON.stringify(rows[i])) k++;
            expect(read.rows[k]).toEqual(rows[i]);
            k++;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a file without a quote reads as csv-parse reads it: any line endings, empty lines and fields, a BOM inside', async () => {
    const pieces = ['山田', 'a', ' b ', '', '1,080'.replace(',', ''), '\ufeff', 'x\ty', 'é'];
    const fieldArb = fc.array(fc.constantFrom(...pieces), { maxLength: 3 }).map((p) => p.join(''));
    const lineArb = fc.tuple(fc.array(fieldArb, { maxLength: 5 }), fc.constantFrom('\r\n', '\n', '\r'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        async (lines, delimiter, lastBreak) => {
          let text = lines.map(([fields, eol]) => fields.join(delimiter) + eol).join('');
          if (!lastBreak) text = text.replace(/(\r\n|\n|\r)$/, '');
          // The file's own BOM (at its very start) is dropped before parsing; one further in is data.
          const expected: string[][] = parseSync(text.replace(/^\ufeff/, ''), {
            delimiter,
            record_delimiter: ['\r\n', '\n', '\r'],
            relax_column_count: true,
            relax_quotes: true,
          });
          const read = await readCsv(utf8(text), delimiter);
          expect(read.rows).toEqual(expected);
          expect(read.rejected).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
