// The card's headline numbers come from the Summary object (not read back from the rendered table).

import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { computeSummary } from '../../src/core/metrics';
import { summaryHeadlines } from '../../src/core/report-tables';
import { analyzeSales } from '../../src/core/sales';

// As-of 2025-03-20. Aoi: two visits (¥2000, ¥3000), Ken: one (¥1000), Rin: a ¥0 sample.
// This month: repeat 3000 / 4000 = 75.0%, new 25.0%; active 2 / 2 = 100.0%. F2 cohort empty: —.
// One VIP (Aoi): 5000 / 6000 = 83.3%, one gap of 54 days. New in 90 days: Aoi and Ken, Aoi came back.
const summary = computeSummary(
  analyzeSales({
    rows: [
      ['2025-01-10', 'Aoi', 2000, 'Tea'],
      ['2025-03-05', 'Aoi', 3000, 'Tea'],
      ['2025-03-10', 'Ken', 1000, 'Cake'],
      ['2025-03-01', 'Rin', 0, 'Tea'],
    ],
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, product: 3 },
    asOf: parseIsoDay('2025-03-20') as number,
    dayOf: dayOfDateIn('Asia/Tokyo'),
  }),
);

test('each answer once, its first value that applies, shares as percents with one decimal', () => {
  expect(summaryHeadlines(summary, 'ja').map(({ label, value }) => ({ label, value }))).toEqual([
    { label: 'リピート売上比率', value: '75.0%' },
    { label: '新規売上比率', value: '25.0%' },
    { label: '要フォローの人数', value: '0' },
    { label: '離脱の人数', value: '0' },
    { label: 'その月の来店率', value: '100.0%' },
    { label: 'F2転換率（90日）', value: '—' },
    { label: '上位20%のお客様（VIP）の人数', value: '1' },
    { label: 'VIPの売上比率', value: '83.3%' },
    { label: 'VIPの来店間隔（中央値・日）', value: '54' },
    { label: '直近90日の新規客', value: '2' },
    { label: '直近90日の新規客のうち再来店', value: '1' },
  ]);
});

test('in English, a missing value is n/a', () => {
  const en = summaryHeadlines(summary, 'en');
  expect(en[0]).toMatchObject({ label: 'Repeat revenue share', value: '75.0%' });
  expect(en[5]).toMatchObject({ label: 'F2 rate (90 days)', value: 'n/a' });
});

test('each number says what it means in a line, for the card to show on hover or tap (F2 and VIP are jargon)', () => {
  const ja = summaryHeadlines(summary, 'ja');
  expect(ja[5].hint).toBe(
    '初めてのお客様が90日以内にまた来てくださった割合。低ければ、初回のあとのお礼と2回目のお誘いを。',
  );
  expect(ja[1].hint).toBe('売上のうち、初めての来店の割合（リピート売上比率と合わせて100%）。');
  expect(new Set(ja.map((h) => h.hint)).size).toBe(ja.length);
  expect(summaryHeadlines(summary, 'en')[7].hint).toBe(
    'How much of the revenue your best customers bring: the higher, the more they matter.',
  );
});
