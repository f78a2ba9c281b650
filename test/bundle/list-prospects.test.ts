// People of the Customers tab (顧客名簿) who never bought: on the Segments tab and in the stage
// counts as prospects, once each, through the built bundle.
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';

// Buyers: 山田 太郎 (1 visit → new), 佐藤 花子 (2 visits → repeat).
const SALES = [
  ['日付', 'お客様名', 'メールアドレス', '金額'],
  ['2026/11/01', '山田 太郎', 'yamada@example.jp', '1000'],
  ['2026/10/01', '佐藤 花子', 'sato@example.jp', '1500'],
  ['2026/11/02', '佐藤 花子', 'sato@example.jp', '1500'],
];
// 佐藤 花子 bought (matched by name); 伊藤 健 is listed twice (one prospect); 田中 is reached
// by email only; 小林 環 is a second prospect. List-only prospects: 伊藤 健, 小林 環 → 2.
const LIST = [
  ['お名前', 'メールアドレス', '誕生日'],
  ['佐藤 花子', 'sato@example.jp', ''],
  ['伊藤 健', 'ito@example.jp', '5/12'],
  ['伊藤 健', '', ''],
  ['', 'yamada@example.jp', ''],
  ['小林 環', 'kobayashi@example.jp', ''],
];

function run(withList: boolean) {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', firstSheetName: '売上' });
  ss.inspect(() => {
    ss.sheet('売上').loadRawValues(SALES.map((r) => [...r]));
    if (withList) ss.insertSheet('顧客名簿');
    if (withList) ss.sheet('顧客名簿').loadRawValues(LIST.map((r) => [...r]));
  });
  const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
  let step: string | null = 'analyse';
  let card: { stageCounts: Record<string, number>; customers: number } | null = null;
  while (step) {
    const result = fromVm(bundle.call('analysisStep', step, { asOf: '2026-11-20', month: 'current' })) as {
      next: string | null;
      card: { stageCounts: Record<string, number>; customers: number };
    };
    step = result.next;
    card = result.card;
  }
  const summary = fromVm(bundle.call('analysisSummaryJson', { asOf: '2026-11-20', month: 'current' })) as {
    stage_counts: Record<string, number>;
  };
  return { ss, card: card!, summary };
}

describe('list-only prospects', () => {
  test('appear on Segments, stage 見込み客, the other columns blank', () => {
    const { ss } = run(true);
    const [header, ...rows] = ss.inspect(() => ss.sheet('顧客ステージ').peekValues());
    const col = (name: string) => header.indexOf(name);
    // In the order of work: a follow-up due first (山田's thanks, the prospects' first touch), then 佐藤.
    expect(rows.map((r) => [r[0], r[col('ステージ')]])).toEqual([
      ['山田 太郎', '新規客'],
      ['伊藤 健', '見込み客'],
      ['小林 環', '見込み客'],
      ['佐藤 花子', 'リピート客'],
    ]);
    const ito = rows[1];
    expect(ito[col('メール')]).toBe('ito@example.jp');
    // Status, segment, the dates and the figures are blank or 0, never made up.
    const blank = ['状態', 'CPM分類', '初回購入日', '最終購入日', '最終購入からの日数', '初回から最終までの日数'];
    expect(blank.map((name) => ito[col(name)])).toEqual(['', '', '', '', '', '']);
    expect(ito[col('来店回数')]).toBe(0);
  });

  test('are counted once each in the stage counts of the card, the Summary and History', () => {
    const { ss, card, summary } = run(true);
    const expected = { prospect: 2, new: 1, repeat: 1, fan: 0 };
    expect(card.stageCounts).toEqual(expected);
    expect(card.customers).toBe(4); // two buyers, two listed prospects
    expect(summary.stage_counts).toEqual(expected);
    const history = ss.inspect(() => ss.sheet('推移').peekValues());
    const prospectColumn = history[0].indexOf('見込み客');
    expect(prospectColumn).toBeGreaterThan(0);
    // The report month's row (the last; the months before are filled from the sales alone, which
    // cannot tell when someone was listed).
    expect(history[history.length - 1][prospectColumn]).toBe(2);
  });

  test('without a Customers tab, nobody is a prospect', () => {
    const { card } = run(false);
    expect(card.stageCounts).toEqual({ prospect: 0, new: 1, repeat: 1, fan: 0 });
    expect(card.customers).toBe(2);
  });
});
