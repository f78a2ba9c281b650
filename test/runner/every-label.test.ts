// Every stage, status and segment through every output a person reads: the tabs (Segments,
// Summary, History), summary.json, the card and the CLI's lines, in both languages. A label added
// to the rules but missed by one output fails here.

import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { Lang, classificationLabel } from '../../src/core/labels';
import { SEGMENTS, STAGES, STATUSES } from '../../src/core/stages';
import { tabName } from '../../src/core/tabs';
import { cardLines } from '../../src/local/cli/card-lines';
import { RunResult, runLocal } from '../../src/local/runner';

const AS_OF = '2025-06-30';
const day = (daysBefore: number) => new Date(Date.UTC(2025, 5, 30 - daysBefore)).toISOString().slice(0, 10);

// Default thresholds. Small visits are ¥100; a big spender has one ¥100,000 visit. 61 visits,
// ¥405,700 paid: average order 6,650.8, spend line 7 × that = 46,556: every big spender is above it.
const VISITS: [string, number, number][] = [
  ['first', 10, 100], // 1 visit, 10 days ago: New, Active, First
  ['first-lapsed', 300, 100], // New, Lapsed, First (lapsed)
  ['toddler', 50, 100], // 2 visits 30 days apart: Repeat, Active, Toddler
  ['toddler', 20, 100],
  ['toddler-lapsed', 400, 100], // Repeat, Lapsed, Toddler (lapsed)
  ['toddler-lapsed', 380, 100],
  ['steady', 400, 100], // tenure 300, ¥200: Repeat, At risk (100 days), Steady
  ['steady', 100, 100],
  ['steady-lapsed', 700, 100], // Repeat, Lapsed, Steady (lapsed)
  ['steady-lapsed', 300, 100],
  ['trendy', 120, 100], // tenure 110, ¥100,100: Repeat, Active, Trendy
  ['trendy', 10, 100_000],
  ['trendy-lapsed', 500, 100], // tenure 100: Repeat, Lapsed, Trendy (lapsed)
  ['trendy-lapsed', 400, 100_000],
  ['loyal', 400, 100], // 5 visits, tenure 395: Fan, Active, Loyal
  ['loyal', 300, 100],
  ['loyal', 200, 100],
  ['loyal', 100, 100],
  ['loyal', 5, 100_000],
  ['loyal-lapsed', 800, 100], // tenure 300: Repeat, Lapsed, Loyal (lapsed)
  ['loyal-lapsed', 500, 100_000],
  ['sample', 30, 0], // a ¥0 sample only: Prospect
  // 40 visits in the last 45 days: Fan, Active, Toddler.
  ...Array.from({ length: 40 }, (_, i): [string, number, number] => ['regular', 45 - i, 100]),
];

const EXPECTED: Record<'stage' | 'status' | 'segment', Record<string, number>> = {
  stage: { prospect: 1, new: 2, repeat: 7, fan: 2 },
  status: { active: 5, at_risk: 1, lapsed: 5 },
  segment: {
    first: 1,
    toddler: 2,
    steady: 1,
    trendy: 1,
    loyal: 1,
    first_lapsed: 1,
    toddler_lapsed: 1,
    steady_lapsed: 1,
    trendy_lapsed: 1,
    loyal_lapsed: 1,
  },
};

const HEADERS: Record<Lang, string> = { ja: '日付,顧客,金額', en: 'Date,Customer,Amount' };

function readTab(out: string, tab: string): string[][] {
  return parse(fs.readFileSync(path.join(out, `${tab}.csv`)), { bom: true });
}

describe.each(['ja', 'en'] as Lang[])('every label in %s', (lang) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labels-'));
  const file = path.join(dir, 'shop.csv');
  const out = path.join(dir, 'out');
  let result: RunResult;
  beforeAll(async () => {
    fs.writeFileSync(file, [HEADERS[lang], ...VISITS.map(([c, d, a]) => `${day(d)},${c},${a}`)].join('\n') + '\n');
    result = await runLocal({ file, asOf: AS_OF, lang, out });
  });

  const kinds = [
    ['stage', STAGES],
    ['status', STATUSES],
    ['segment', SEGMENTS],
  ] as const;

  test('the card and summary.json count each', () => {
    expect(result.card.stageCounts).toEqual(EXPECTED.stage);
    expect(result.card.statusCounts).toEqual(EXPECTED.status);
    expect(result.card.segmentCounts).toEqual(EXPECTED.segment);
    expect(result.summary.stage_counts).toEqual(EXPECTED.stage);
    expect(result.summary.status_counts).toEqual(EXPECTED.status);
    expect(result.summary.segment_counts).toEqual(EXPECTED.segment);
  });

  test('the Segments tab labels each customer with the words of the rules', () => {
    const rows = readTab(out, tabName('segments', lang)).slice(1);
    for (const [kind, keys] of kinds) {
      const counted = new Map<string, number>();
      for (const row of rows) for (const cell of row) counted.set(cell, (counted.get(cell) ?? 0) + 1);
      for (const key of keys) expect(counted.get(classificationLabel(lang, key))).toBe(EXPECTED[kind][key]);
    }
  });

  test('the Summary tab has a row per label with its count, and History a column per label', () => {
    const summary = readTab(out, tabName('summary', lang));
    // History runs from the first sale's month; as-of is a month's last day, so its month is the last row.
    const history = readTab(out, tabName('history', lang));
    const [historyHeader, historyRow] = [history[0], history[history.length - 1]];
    expect(historyRow[0]).toBe('2025-06');
    for (const [kind, keys] of kinds)
      for (const key of keys) {
        const label = classificationLabel(lang, key);
        const count = String(EXPECTED[kind][key]);
        expect(summary.some((r) => r[0] === label && r[1] === count)).toBe(true);
        expect(historyRow[historyHeader.indexOf(label)]).toBe(count);
      }
  });

  test('the CLI prints each label with its count', () => {
    const text = cardLines(result, file).join('\n');
    for (const [kind, keys] of kinds)
      for (const key of keys) expect(text).toContain(`${classificationLabel(lang, key)} ${EXPECTED[kind][key]}`);
  });
});
