// Reading a CSV file a shop exported or typed: which encoding, decided per file with evidence, and
// which records, so that one bad byte or one unbalanced quote costs that row and nothing else.
// Every row is either read or reported with its row number and reason. Node only.

import { isUtf8 } from 'buffer';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { dsvFormat } from 'd3-dsv';
import { defineText, Lang } from '../core/labels';
import { ColumnStore } from './memory/column-store';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';

/** Why a file was read in its encoding: what decodeBytes saw, counted. */
export interface Reason {
  kind: 'bom' | 'utf16_zeros' | 'valid_utf8' | 'utf8_mostly' | 'utf8_no_better' | 'legacy_fewer';
  /** utf16_zeros: the zero bytes stand at odd offsets (little-endian), else at even ones. */
  odd?: boolean;
  /** Valid multi-byte UTF-8 characters and runs of invalid bytes. */
  valid?: number;
  invalidRuns?: number;
  /** legacy_fewer: invalid bytes in the encoding chosen. */
  legacyInvalid?: number;
}

const REASON_TEXT = defineText<Reason['kind']>({
  ja: {
    bom: '先頭に {encoding} の BOM あり',
    utf16_zeros: '2 バイトごとに{side}のバイトがゼロ',
    valid_utf8: 'UTF-8 として正しく読める',
    utf8_mostly: 'UTF-8 の多バイト文字 {valid} 個、不正なバイト列 {invalidRuns} か所',
    utf8_no_better:
      'UTF-8 の多バイト文字 {valid} 個、不正なバイト列 {invalidRuns} か所、Shift_JIS・EUC-JP でも不正は減らない',
    legacy_fewer:
      'UTF-8 の多バイト文字 {valid} 個、不正なバイト列 {invalidRuns} か所、{encoding} なら不正 {legacyInvalid} 個',
  },
  en: {
    bom: '{encoding} byte order mark',
    utf16_zeros: 'zero bytes at {side} offsets',
    valid_utf8: 'valid UTF-8',
    utf8_mostly: '{valid} valid UTF-8 multi-byte characters, {invalidRuns} invalid byte runs',
    utf8_no_better:
      '{valid} valid UTF-8 multi-byte characters, {invalidRuns} invalid byte runs; no Japanese encoding fits better',
    legacy_fewer:
      '{valid} valid UTF-8 multi-byte characters, {invalidRuns} invalid byte runs; {legacyInvalid} invalid in {encoding}',
  },
});

const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  shift_jis: 'Shift_JIS',
  'euc-jp': 'EUC-JP',
};

/** The name a person knows an encoding by (UTF-8, Shift_JIS, …). */
export const encodingName = (encoding: TextEncoding) => ENCODING_NAMES[encoding];

/** Why `encoding` was chosen, in the reader's language (the CLI prints it). */
export function reasonText(lang: Lang, encoding: TextEncoding, reason: Reason): string {
  // Little-endian: the zero of an ASCII character is its second byte, at an odd offset.
  const side = reason.odd ? { ja: '後ろ', en: 'odd' } : { ja: '前', en: 'even' };
  return REASON_TEXT(lang, reason.kind, {
    encoding: encodingName(encoding),
    side: side[lang],
    valid: reason.valid ?? 0,
    invalidRuns: reason.invalidRuns ?? 0,
    legacyInvalid: reason.legacyInvalid ?? 0,
  });
}

export interface Decoded {
  text: string;
  encoding: TextEncoding;
  /** Why this encoding, counted (the CLI prints it in the run's language). */
  reason: Reason;
  /** The same in English (summary.json keeps it). */
  evidence: string;
  /** Bytes that the encoding does not allow were replaced by U+FFFD. */
  replaced: boolean;
}

/** A row the loader could not read (it is reported, never used) or read with a caveat. */
export interface LoadProblem {
  /** 1-based sheet row: where the row would have been, so later rows keep their numbers. */
  row: number;
  reason: 'quote_unclosed' | 'quote_closes_other_row' | 'bytes_replaced';
  /** quote_closes_other_row: the row the quote was opened in. */
  openedIn?: number;
  /** The row's text as it stands in the file (rejected rows). */
  text?: string;
}

export interface CsvRead {
  /** The records, kept as columns of shared texts: what the in-memory sheet loads. */
  table: ColumnStore;
  /** The records as rows of text, made from `table` when first asked for. */
  readonly rows: string[][];
  decoded: Omit<Decoded, 'text'>;
  /** The delimiter the records were split on. */
  delimiter: string;
  /** Rows left blank in `rows` because they could not be read: quote_unclosed, quote_closes_other_row. */
  rejected: LoadProblem[];
  /** Rows read, with a caveat (bytes_replaced). */
  warnings: LoadProblem[];
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Valid multi-byte UTF-8 sequences and runs of invalid bytes in `bytes`. */
function utf8Evidence(bytes: Uint8Array): { valid: number; invalidRuns: number } {
  let valid = 0;
  let invalidRuns = 0;
  let inRun = false;
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      inRun = false;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    // Overlong forms and surrogates are not UTF-8 either (TextDecoder replaces them too).
    if (ok && len === 3) {
      const c1 = bytes[i + 1];
      ok = !(b === 0xe0 && c1 < 0xa0) && !(b === 0xed && c1 >= 0xa0);
    } else if (ok && len === 4) {
      const c1 = bytes[i + 1];
      ok = !(b === 0xf0 && c1 < 0x90) && !(b === 0xf4 && c1 >= 0x90);
    }
    if (ok) {
      valid++;
      i += len;
      inRun = false;
    } else {
      if (!inRun) invalidRuns++;
      inRun = true;
      i++;
    }
  }
  return { valid, invalidRuns };
}

/** UTF-16 without a BOM: a CSV's ASCII (digits, commas, line breaks) leaves zero bytes on one side. */
function utf16Parity(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1 << 16) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // UTF-8 and Shift_JIS text holds no zero byte at all; UTF-16 holds one per ASCII character.
  if (oddZeros >= pairs * 0.2 && evenZeros <= pairs * 0.02) return 'utf-16le';
  if (evenZeros >= pairs * 0.2 && oddZeros <= pairs * 0.02) return 'utf-16be';
  return null;
}

const countReplacements = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
};

function decodeAs(encoding: TextEncoding, bytes: Uint8Array, reason: Reason, replaced?: boolean): Decoded {
  const text = new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes);
  const evidence = reasonText('en', encoding, reason);
  return { text, encoding, reason, evidence, replaced: replaced ?? countReplacements(text) > 0 };
}

/**
 * The file's text. A BOM decides; else zero bytes on one side mean UTF-16; else UTF-8 when its
 * multi-byte sequences are mostly valid (a stray byte then becomes U+FFFD in its own row instead
 * of the whole file being read as Shift_JIS); else the Japanese legacy encoding with the fewest
 * invalid bytes (Shift_JIS, as Windows writes it (CP932), before EUC-JP).
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, UTF8_BOM)) return decodeAs('utf-8', bytes, { kind: 'bom' });
  if (startsWith(bytes, [0xff, 0xfe])) return decodeAs('utf-16le', bytes, { kind: 'bom' });
  if (startsWith(bytes, [0xfe, 0xff])) return decodeAs('utf-16be', bytes, { kind: 'bom' });
  const utf16 = utf16Parity(bytes);
  if (utf16) return decodeAs(utf16, bytes, { kind: 'utf16_zeros', odd: utf16 === 'utf-16le' });
  if (isUtf8(bytes)) return decodeAs('utf-8', bytes, { kind: 'valid_utf8' }, false);
  const counts = utf8Evidence(bytes);
  if (counts.valid >= counts.invalidRuns) return decodeAs('utf-8', bytes, { kind: 'utf8_mostly', ...counts }, true);
  const legacy = (['shift_jis', 'euc-jp'] as const).map((encoding) => {
    const decoded = decodeAs(encoding, bytes, { kind: 'legacy_fewer' });
    return { decoded, errors: countReplacements(decoded.text) };
  });
  const best = legacy[1].errors < legacy[0].errors ? legacy[1] : legacy[0];
  if (best.errors >= counts.invalidRuns) return decodeAs('utf-8', bytes, { kind: 'utf8_no_better', ...counts }, true);
  const reason: Reason = { kind: 'legacy_fewer', ...counts, legacyInvalid: best.errors };
  return { ...best.decoded, reason, evidence: reasonText('en', best.decoded.encoding, reason) };
}

/**
 * What csv-parse reads: a valid UTF-8 file as its bytes (csv-parse works on bytes; a string would
 * be encoded again), any other as its decoded text. `text` decodes on demand (line by line).
 */
export function csvSource(bytes: Uint8Array): {
  input: string | Uint8Array;
  decoded: Omit<Decoded, 'text'>;
  text: () => string;
} {
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (isUtf8(body) && (body !== bytes || utf16Parity(bytes) === null)) {
    const reason: Reason = { kind: body === bytes ? 'valid_utf8' : 'bom' };
    return {
      input: body,
      decoded: { encoding: 'utf-8', reason, evidence: reasonText('en', 'utf-8', reason), replaced: false },
      text: () => new TextDecoder().decode(body),
    };
  }
  const { text, ...decoded } = decodeBytes(bytes);
  return { input: text, decoded, text: () => text };
}

/** Delimiters a shop's export uses: comma, tab (Square's Japanese dashboard, UTF-16), semicolon. */
export const DELIMITERS = [',', '\t', ';'] as const;
/** Lines looked at to tell the delimiter. */
const SNIFF_LINES = 20;

/** Per line of `text` (at most SNIFF_LINES), how many times `delimiter` stands outside quotes. */
function delimiterCounts(text: string, delimiter: string): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < SNIFF_LINES; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === delimiter) count++;
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      counts.push(count);
      count = 0;
    }
  }
  if (count > 0) counts.push(count);
  return counts;
}

/**
 * The delimiter of a CSV file, from its content whatever its name says: the one that stands in
 * the header line and in as many of the first lines as often as there; ties go to the one in
 * the header more often, then to DELIMITERS' order. A file none of them splits is one column:
 * `fallback`.
 */
export function sniffDelimiter(head: string, fallback: string): string {
  let best = { delimiter: fallback, agreeing: 0, header: 0 };
  for (const delimiter of DELIMITERS) {
    const [header = 0, ...rest] = delimiterCounts(head, delimiter);
    if (header === 0) continue;
    const agreeing = rest.filter((n) => n === header).length;
    if (agreeing > best.agreeing || (agreeing === best.agreeing && header > best.header))
      best = { delimiter, agreeing, header };
  }
  return best.delimiter;
}

/** Characters (or bytes) of a file looked at to tell its delimiter and its size in records. */
const HEAD = 1 << 16;

/**
 * About how many records `input` holds, from the line breaks in its first 64 K characters (or
 * bytes): enough to size the tables once instead of growing them a million rows long.
 */
function expectedRecords(input: string | Uint8Array): number {
  const sampled = Math.min(input.length, HEAD);
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < sampled; i++) {
    const unit = typeof input === 'string' ? input.charCodeAt(i) : input[i];
    if (unit === 0x0a) lf++;
    else if (unit === 0x0d) cr++;
  }
  // CRLF counts once; a file of lone CRs counts its CRs. A tenth more: lines vary in length, and
  // an estimate short by one row would grow every table to twice the file at its very end. At
  // most a few million: a file that opens with thousands of blank lines must not reserve more.
  return sampled === 0 ? 0 : Math.min(MAX_EXPECTED_RECORDS, (1.1 * (Math.max(lf, cr) + 1) * input.length) / sampled);
}

/** Rows the tables are first sized for at most (they grow past it): 8 MB per column. */
const MAX_EXPECTED_RECORDS = 1 << 21;

/** The first characters of the file's text: enough lines to tell its delimiter. */
function headOf(input: string | Uint8Array): string {
  return typeof input === 'string' ? input.slice(0, HEAD) : new TextDecoder().decode(input.subarray(0, HEAD));
}

/** Any line break ends a record: CRLF, LF and a lone CR may be mixed in one file. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];
/** Characters handed to csv-parse at a time, so that its records die young instead of piling up. */
const CSV_CHUNK = 1 << 16;
const LINE_BREAK = /\r\n|\n|\r/;

const parserOptions = (delimiter: string) => ({
  delimiter,
  record_delimiter: RECORD_DELIMITERS,
  relax_column_count: true,
  relax_quotes: true,
});

/**
 * True when a quoted cell spans lines that read as rows of their own (at least as many cells as
 * a row of `width` cells has, but one, and two at least): a quote left open, not a memo with a
 * line break. A memo line with that many delimiters is taken for rows too: its record is then
 * reported, never used wrongly.
 */
function looksLikeSwallowedRows(cell: string, delimiter: string, width: number): boolean {
  // Most cells hold no line break: two plain searches rule them out before any regular expression.
  if (width < 2 || (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0)) return false;
  const rowLike = Math.max(2, width - 1);
  return cell
    .split(LINE_BREAK)
    .slice(1)
    .some((line) => line.split(delimiter).length >= rowLike);
}

/** True when the text (or UTF-8 bytes) holds a double quote anywhere. */
const holdsQuote = (text: string | Uint8Array) =>
  (typeof text === 'string' ? text.indexOf('"') : text.indexOf(0x22)) >= 0;

/**
 * A file without a double quote anywhere: each line split at the delimiter, whatever its line
 * break. d3-dsv reads that about three times faster than csv-parse and gives the same records
 * (every line ending, empty lines, a last line without a break: test/local/csv-input.test.ts);
 * only quotes, which it does not check, need csv-parse. A BOM after the start stays in its cell,
 * as csv-parse keeps it.
 */
function parseUnquoted(text: string | Uint8Array, delimiter: string, onRecord: (record: string[]) => void): void {
  const whole = typeof text === 'string' ? text : new TextDecoder('utf-8', { ignoreBOM: true }).decode(text);
  dsvFormat(delimiter).parseRows(whole, (record) => {
    onRecord(record);
    return null;
  });
}

/**
 * The records of decoded text (or valid UTF-8 bytes), each handed to `onRecord`: csv-parse, or
 * d3-dsv when no quote can make a record differ (parseUnquoted). False (after some records
 * perhaps) when a quote was left open. The benchmark times this alone: the parser's share of a load.
 */
export async function parseCsvText(
  text: string | Uint8Array,
  delimiter: string,
  onRecord: (record: string[]) => void,
): Promise<boolean> {
  if (!holdsQuote(text)) {
    parseUnquoted(text, delimiter, onRecord);
    return true;
  }
  const chunks: Array<string | Buffer> = [];
  for (let i = 0; i < text.length; i += CSV_CHUNK)
    chunks.push(
      typeof text === 'string'
        ? text.slice(i, i + CSV_CHUNK)
        : Buffer.from(text.buffer, text.byteOffset + i, Math.min(CSV_CHUNK, text.length - i)),
    );
  const parser = parse(parserOptions(delimiter));
  let width = -1;
  let broken = false;
  // csv-parse counts lines as it goes (records are handed over as they end): only a record that
  // took more than one line can hold a line break, so only its cells are looked at.
  let lines = 0;
  parser.on('data', (record: string[]) => {
    if (broken) return;
    if (width < 0) width = record.length;
    const now = parser.info.lines;
    if (now - lines !== 1)
      for (const cell of record)
        if (looksLikeSwallowedRows(cell, delimiter, width)) {
          broken = true;
          return;
        }
    lines = now;
    onRecord(record);
  });
  try {
    await pipeline(Readable.from(chunks), parser);
  } catch (e) {
    if ((e as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED') throw e;
    return false;
  }
  return !broken;
}

/** The records of `lines` (physical lines with their breaks) from `i` on, one record as it would parse alone. */
function recordAt(lines: string[], i: number, delimiter: string): { record: string[]; end: number } | null {
  const options = parserOptions(delimiter);
  let joined = '';
  for (let j = i; j < lines.length; j++) {
    joined += lines[j];
    try {
      const records: string[][] = parseSync(joined, options);
      if (records.length <= 1) return { record: records[0] ?? [''], end: j };
    } catch (e) {
      if ((e as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED') throw e;
    }
  }
  return null;
}

/**
 * Line by line, for a file with a quote left open: a record that spans lines is kept only when
 * its inner lines do not read as rows; else its first line is rejected (the quote opened there),
 * and the line that closed the quote too, and the lines between are read as rows.
 */
function parseLineByLine(text: string, delimiter: string): { rows: string[][]; rejected: LoadProblem[] } {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows: string[][] = [];
  const rejected: LoadProblem[] = [];
  let width = -1;
  const closers = new Map<number, number>();
  for (let i = 0; i < lines.length;) {
    const row = rows.length + 1;
    const opened = closers.get(i);
    if (opened !== undefined) {
      rejected.push({
        row,
        reason: 'quote_closes_other_row',
        openedIn: opened,
        text: lines[i].replace(/[\r\n]+$/, ''),
      });
      rows.push([]);
      i++;
      continue;
    }
    const found = recordAt(lines, i, delimiter);
    const rowWidth = width < 0 && found ? found.record.length : width;
    const swallowed =
      found !== null && found.end > i && found.record.some((cell) => looksLikeSwallowedRows(cell, delimiter, rowWidth));
    if (found === null || swallowed) {
      rejected.push({ row, reason: 'quote_unclosed', text: lines[i].replace(/[\r\n]+$/, '') });
      if (found) closers.set(found.end, row);
      rows.push([]);
      i++;
      continue;
    }
    if (width < 0) width = found.record.length;
    rows.push(found.record);
    i = found.end + 1;
  }
  return { rows, rejected };
}

/** Rows holding U+FFFD where the decoder replaced bytes. */
function replacedRows(rows: string[][]): LoadProblem[] {
  const warnings: LoadProblem[] = [];
  rows.forEach((cells, i) => {
    if (cells.some((cell) => cell.includes('\ufffd'))) warnings.push({ row: i + 1, reason: 'bytes_replaced' });
  });
  return warnings;
}

/**
 * Every record of a CSV file, each cell as text, with what could not be read; the rows of a file
 * with an open quote are read again from the start, line by line. Without a `delimiter`, the
 * content tells it (sniffDelimiter; `fallback` for a file of one column).
 */
export async function readCsvRecords(
  bytes: Uint8Array,
  given: { delimiter?: string; fallback: string },
): Promise<CsvRead> {
  // A BOM at the start of the file is dropped (a BOM further in is the key rules' business).
  const { input, decoded, text } = csvSource(bytes);
  const delimiter = given.delimiter ?? sniffDelimiter(headOf(input), given.fallback);
  let table = new ColumnStore(expectedRecords(input));
  let rejected: LoadProblem[] = [];
  if (!(await parseCsvText(input, delimiter, (record) => table.add(record)))) {
    const recovered = parseLineByLine(text(), delimiter);
    table = new ColumnStore();
    for (const record of recovered.rows) table.add(record);
    rejected = recovered.rejected;
  }
  let rows: string[][] | null = null;
  const rowsOf = () => (rows ??= table.toRows());
  const warnings = decoded.replaced ? replacedRows(rowsOf()) : [];
  return {
    table,
    get rows() {
      return rowsOf();
    },
    decoded,
    delimiter,
    rejected,
    warnings,
  };
}
