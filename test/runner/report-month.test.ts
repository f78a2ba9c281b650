// The report month through the runner: run on 2 December, the Summary, History and Transitions
// describe November as of 30 November; the Segments tab stays as of 2 December.
import { parse } from 'csv-parse/sync';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runLocal } from '../../src/local/runner';

const SAMPLE = path.resolve(__dirname, '../../examples/sample-shop.csv');
const read = (dir: string, name: string): string[][] => parse(fs.readFileSync(path.join(dir, name)), { bom: true });

describe('run on 2026-12-02 (the sample shop)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'report-month-'));
  const endOfMonth = fs.mkdtempSync(path.join(os.tmpdir(), 'report-month-end-'));
  let december: Awaited<ReturnType<typeof runLocal>>;
  let november: Awaited<ReturnType<typeof runLocal>>;
  beforeAll(async () => {
    december = await runLocal({ file: SAMPLE, asOf: '2026-12-02', out });
    november = await runLocal({ file: SAMPLE, asOf: '2026-11-30', out: endOfMonth });
  });

  test('the card and summary.json name November, with the figures of a run as of 30 November', () => {
    expect(december.card).toMatchObject({
      asOf: '2026-12-02',
      month: '2026-11',
      monthLabel: '2026年11月',
      monthEnd: '2026-11-30',
      soFar: false,
    });
    expect(december.summary.month).toBe('2026-11');
    expect(december.summary.as_of).toBe('2026-11-30');
    // Follow-up counts are as of as-of (2 December), the rest is November's.
    const { contact_counts: a, ...decemberRest } = december.summary;
    const { contact_counts: b, ...novemberRest } = november.summary;
    expect(decemberRest).toStrictEqual(novemberRest);
    expect([a, b]).toBeDefined();
    // November has sales (2026/11/2 … 11/9): its repeat share is a number, not n/a.
    expect(typeof december.summary.repeat_revenue_share_month).toBe('number');
  });

  test('Summary, History and Transitions are November’s; the Segments tab counts days to 2 December', () => {
    // All but who to contact now and the as-of cell under the table (the custom functions' AS_OF):
    // those are as of as-of.
    const november = (dir: string) => {
      const summary = read(dir, 'サマリー.csv');
      const from = summary.findIndex((r) => r[0] === '今連絡するお客様');
      const to = summary.findIndex((r) => r[0] === '顧客ステージ別の人数と売上');
      return summary.filter((r, i) => (i < from || i >= to) && r[0] !== '基準日');
    };
    expect(read(out, 'サマリー.csv').find((r) => r[0] === '基準日')?.[1]).toBe('2026-12-02');
    expect(november(out)).toStrictEqual(november(endOfMonth));
    expect(read(out, '推移.csv')).toStrictEqual(read(endOfMonth, '推移.csv'));
    expect(read(out, 'ステージ移動.csv')).toStrictEqual(read(endOfMonth, 'ステージ移動.csv'));
    // By name: the rows come in the order of work, which follows the follow-ups due on each day.
    const days = (dir: string, shift = 0) => {
      const tab = read(dir, '顧客ステージ.csv');
      const col = tab[0].indexOf('最終購入からの日数');
      // Prospects (no visit) have no days: left out.
      return Object.fromEntries(
        tab
          .slice(1)
          .filter((r) => r[col] !== '')
          .map((r) => [r[0], Number(r[col]) + shift]),
      );
    };
    expect(days(out)).toStrictEqual(days(endOfMonth, 2));
  });

  test('the Summary names who to contact now, the same people, in the same order, as the top of the Segments tab', () => {
    const summary = read(out, 'サマリー.csv');
    const at = summary.findIndex((r) => r[0] === '今連絡するお客様');
    // Right after the figures: the title, 13 rows for the charts, the header, 15 figures (one is the
    // sample's walk-in sales), a blank row.
    expect(at).toBe(31);
    const named: string[][] = [];
    for (let r = at + 2; summary[r][0] !== '' && !summary[r][0].startsWith('ほか'); r++)
      named.push(summary[r].slice(0, 2));
    expect(named.length).toBeGreaterThan(0);
    const segments = read(out, '顧客ステージ.csv');
    const contact = segments[0].indexOf('おすすめの連絡');
    expect(segments.slice(1, 1 + named.length).map((r) => [r[0], r[contact]])).toStrictEqual(named);
  });

  test('the Summary’s previous month is October’s History row (as of 31 October), not November’s', () => {
    const summary = read(out, 'サマリー.csv');
    const history = read(out, '推移.csv');
    const month = (key: string) => history.find((r) => r[0] === key) as string[];
    const col = (label: string) => history[0].indexOf(label);
    const figure = (label: string) => summary.find((r) => r[0] === label) as string[];
    expect(summary[14].slice(1, 3)).toStrictEqual(['2026年11月', '前月（2026年10月）']);
    for (const label of ['来店したお客様', '初めてのお客様']) {
      expect(figure(label).slice(1, 3)).toStrictEqual([month('2026-11')[col(label)], month('2026-10')[col(label)]]);
    }
    const newRevenue = Number(month('2026-10')[col('新規売上')]);
    const repeatRevenue = Number(month('2026-10')[col('リピート売上')]);
    expect(Number(figure('売上')[2])).toBe(newRevenue + repeatRevenue);
    expect(Number(figure('リピート売上比率')[2])).toBeCloseTo(repeatRevenue / (newRevenue + repeatRevenue), 12);
    expect(figure('要フォローの人数')[2]).toBe(month('2026-10')[col('要フォロー')]);
    // The sample's October and November differ, so a column showing November twice would fail here.
    expect(figure('来店したお客様')[1]).not.toBe(figure('来店したお客様')[2]);
  });

  test('"current" reports December so far; a month after as-of is refused in words', async () => {
    const current = await runLocal({ file: SAMPLE, asOf: '2026-12-02', month: 'current', out: null });
    expect(current.card).toMatchObject({ month: '2026-12', monthEnd: '2026-12-02', soFar: true });
    expect(current.summary.month).toBe('2026-12');
    await expect(runLocal({ file: SAMPLE, asOf: '2026-12-02', month: '2027-01', out: null })).rejects.toThrow(
      '対象月「2027-01」は使えません。基準日（2026-12-02）の月まで、YYYY-MM の形で指定してください。',
    );
  });
});
