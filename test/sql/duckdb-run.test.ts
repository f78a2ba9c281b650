// `--engine duckdb`: the file read in blocks gives the rows the runner's reader gives, and the
// out dir holds what the in-memory run writes (Segments rows, Rejected rows, summary.json).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { csvBlocks, runDuckDb } from '../../src/local/duckdb-run';
import { runLocal } from '../../src/local/runner';
import { readCsv } from '../../src/local/workbook-io';

const ROOT = path.resolve(__dirname, '../..');
const EXPORTS = path.join(ROOT, 'test/fixtures/exports');
const FILES = [
  path.join(ROOT, 'examples/sample-shop.csv'),
  ...fs
    .readdirSync(EXPORTS)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => path.join(EXPORTS, f)),
];

test.each(FILES.map((f) => [path.basename(f), f]))(
  '%s in blocks of 7 and 1000 bytes: the reader’s rows',
  async (_name, file) => {
    const { rows } = await readCsv(fs.readFileSync(file));
    for (const block of [7, 1000]) expect([...csvBlocks(file, block)].flat()).toStrictEqual(rows);
  },
);

test('quoted line breaks and CRLF cut across blocks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blocks-'));
  const file = path.join(dir, 'memo.csv');
  fs.writeFileSync(
    file,
    '日付,顧客,金額,メモ\r\n2025-01-01,Ann,100,"two\r\nlines, ""quoted"""\r\n\r\n2025-01-02,Bo,200,\r\n',
  );
  const expected = [
    ['日付', '顧客', '金額', 'メモ'],
    ['2025-01-01', 'Ann', '100', 'two\r\nlines, "quoted"'],
    [''],
    ['2025-01-02', 'Bo', '200', ''],
  ];
  for (const block of [1, 2, 3, 5, 8, 13, 64]) expect([...csvBlocks(file, block)].flat()).toStrictEqual(expected);
});

describe('the sample shop both ways', () => {
  const file = path.join(ROOT, 'examples/sample-shop.csv');
  const memoryOut = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-'));
  const duckOut = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-'));
  const csv = (dir: string, name: string) => parse(fs.readFileSync(path.join(dir, name)), { bom: true }) as string[][];

  beforeAll(async () => {
    await runLocal({ file, asOf: '2025-06-30', out: memoryOut });
    await runDuckDb({ file, asOf: '2025-06-30', out: duckOut, timeZone: 'Asia/Tokyo' });
  }, 60_000);

  // The DuckDB engine plans no follow-ups, so its "who to contact" stays the stage × status counts,
  // while the in-memory run counts the follow-ups due; every other figure is the same.
  test('summary.json: the same figures but who to contact; the engine and counts added', () => {
    const memory = JSON.parse(fs.readFileSync(path.join(memoryOut, 'summary.json'), 'utf8')) as Record<string, unknown>;
    const duck = JSON.parse(fs.readFileSync(path.join(duckOut, 'summary.json'), 'utf8')) as Record<string, unknown>;
    const { engine, customers, rows, ...figures } = duck;
    expect([engine, customers, rows]).toStrictEqual(['duckdb', 19, 197]);
    const { contact_counts: duckContacts, contact_source: duckSource, ...duckFigures } = figures;
    const { load: _load, contact_counts: _contacts, contact_source: memorySource, ...memoryFigures } = memory;
    expect([duckSource, memorySource]).toStrictEqual(['stage_status', 'follow_up']);
    expect(Object.keys(duckContacts as object)).toContain('new.active');
    expect(duckFigures).toStrictEqual(memoryFigures);
  });

  test('Segments: the same rows (the in-memory run puts suggested contacts first and names them)', () => {
    const memory = csv(memoryOut, '顧客ステージ.csv');
    const duck = csv(duckOut, '顧客ステージ.csv');
    const contact = memory[0].indexOf('おすすめの連絡');
    const withoutContact = (rows: string[][]) => rows.map((r) => r.filter((_c, i) => i !== contact));
    expect(duck[0]).toStrictEqual(memory[0]);
    expect(duck.slice(1).every((r) => r[contact] === '')).toBe(true);
    expect(withoutContact(duck.slice(1)).sort()).toStrictEqual(withoutContact(memory.slice(1)).sort());
  });

  test('Rejected rows: the same file', () => {
    expect(fs.readFileSync(path.join(duckOut, '取り込めなかった行.csv'), 'utf8')).toBe(
      fs.readFileSync(path.join(memoryOut, '取り込めなかった行.csv'), 'utf8'),
    );
  });
});
