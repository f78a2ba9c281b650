// The bundled sample shop through the local runner: what `npm start` shows a newcomer.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createHash } from 'crypto';
import { parse } from 'csv-parse/sync';
import { runLocal } from '../../src/local/runner';

const SAMPLE = path.resolve(__dirname, '../../examples/sample-shop.csv');
const AS_OF = '2026-11-20';

const SUMMARY_KEYS = [
  'repeat_revenue_share_month',
  'repeat_revenue_share_12m',
  'new_revenue_share_month',
  'new_revenue_share_12m',
  'at_risk',
  'lapsed',
  'active_rate_month',
  'f2_rate_90d',
  'vip_count',
  'vip_revenue_share',
  'vip_median_interval_days',
  'vip_top_products',
  'stage_counts',
  'status_counts',
  'segment_counts',
  'rejected_rows',
  'anonymous_rows',
  'anonymous_visits_month',
  'anonymous_visits_12m',
  'anonymous_revenue_month',
  'anonymous_revenue_12m',
  'profile',
];

describe('the sample shop', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-'));
  let result: Awaited<ReturnType<typeof runLocal>>;
  beforeAll(async () => {
    result = await runLocal({ file: SAMPLE, asOf: AS_OF, out });
  });

  test('writes every tab as CSV and in the workbook (but the sales tab, which is the input itself: a record names it), and summary.json, in Japanese', () => {
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(
      [
        'sales-file.json',
        'summary.json',
        'workbook.xlsx',
        'サマリー.csv',
        'ステージ移動.csv',
        '取り込めなかった行.csv',
        '推移.csv',
        '顧客ステージ.csv',
      ].sort(),
    );
    expect(result.card.lang).toBe('ja');
    const record = JSON.parse(fs.readFileSync(path.join(out, 'sales-file.json'), 'utf8'));
    const bytes = fs.readFileSync(SAMPLE);
    expect(record).toEqual({
      tab: 'sample-shop',
      file: SAMPLE,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  test('summary.json has the stable keys', () => {
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    for (const key of SUMMARY_KEYS) expect(summary).toHaveProperty(key);
    expect(summary.rejected_rows).toBe(2);
    // The row without a customer is an anonymous sale, not a mistake.
    expect(summary.anonymous_rows).toBe(1);
    expect(summary.profile).toBe('generic');
    // No Follow-up log yet: every type, nothing drafted, no rate.
    expect(summary.follow_up_results.usual_reminder).toEqual({
      drafted: 0,
      returned_30d: 0,
      rate: null,
      usual_due: 0,
      usual_returned_30d: 0,
      usual_rate: null,
    });
    expect(Object.keys(summary.follow_up_results)).toHaveLength(11);
  });

  test('the rows a person got wrong are reported with their sheet row numbers', () => {
    const rejected: string[][] = parse(fs.readFileSync(path.join(out, '取り込めなかった行.csv')), { bom: true });
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n');
    for (const [rowNumber, , date] of rejected.slice(1)) {
      // Sheet row N is line N of the file (the header is row 1).
      expect(lines[Number(rowNumber) - 1].startsWith(date)).toBe(true);
    }
    expect(
      rejected
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['日付を読み取れません', '金額を読み取れません'].sort());
  });

  test('a referral and ¥0 samples show in the stages', () => {
    const segments: string[][] = parse(fs.readFileSync(path.join(out, '顧客ステージ.csv')), { bom: true });
    const byName = new Map(segments.slice(1).map((r) => [r[0], r]));
    // 佐藤 花子 was named as referrer by two new customers (岡田 結衣, 前田 湊).
    expect(byName.get('佐藤 花子')?.[segments[0].indexOf('紹介人数')]).toBe('2');
    expect(byName.get('佐藤 花子')?.[2]).toBe('ファン客');
    expect(byName.get('藤田 美穂')?.[2]).toBe('見込み客');
    expect(byName.get('後藤 亮')?.[2]).toBe('見込み客');
  });

  test('History runs from the first sale (January 2025) to the report month; a rerun on the output workbook changes nothing', async () => {
    const first = fs.readFileSync(path.join(out, '推移.csv'), 'utf8');
    const months = ['対象月'];
    for (let m = 0; m < 22; m++) months.push(`${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
    // As of 2026-11-20 the report month is October 2026, the last month ended by then.
    expect(months[months.length - 1]).toBe('2026-10');
    expect((parse(first, { bom: true }) as string[][]).map((r) => r[0])).toEqual(months);
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-again-'));
    await runLocal({ file: path.join(out, 'workbook.xlsx'), asOf: AS_OF, out: again });
    expect(fs.readFileSync(path.join(again, '推移.csv'), 'utf8')).toBe(first);
    // The sales sheet is found again among the output tabs, and gives the same customers.
    const segments: string[][] = parse(fs.readFileSync(path.join(again, '顧客ステージ.csv')), { bom: true });
    expect(segments.length - 1).toBe(result.card.customers);
  });
});
