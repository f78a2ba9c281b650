// Each shop system's export, laid out as the real one (test/fixtures/exports/README.md), through the
// local runner and the built bundle: the export recognised, and the customers, visits, revenue,
// anonymous sales and listed rows worked out by hand from the fixture's rows.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { cardLines } from '../../src/local/cli/card-lines';
import { runLocal } from '../../src/local/runner';

const DIR = path.resolve(__dirname, '../fixtures/exports');
const AS_OF = '2025-03-31';

interface Expected {
  profile: string;
  /** The card's line, in the headers' language. */
  line: string;
  /** name → [visits, revenue, top product] */
  customers: Record<string, [number, number, string]>;
  anonymous?: { rows: number; visits: number; revenue: number };
  /** [sheet row, reason as the owner reads it] */
  rejected?: [number, string][];
}

const CANCELLED = 'キャンセルされた注文です（来店にも売上にも数えません）';

const CASES: Record<string, Expected> = {
  shopify: {
    profile: 'shopify',
    line: 'Read as a Shopify orders export',
    customers: {
      // #1001 (4760, first line only) and #1003 (3000): one person by her email; her latest spelling.
      'Hanako Yamada': [2, 7760, '煎茶 深蒸し 100g'],
      // #1002 (2420) and #1006 (5000 − 1000 refunded); #1004 voided. 急須 sold for 2840.
      '佐藤 健': [2, 6420, '急須 常滑焼'],
    },
    rejected: [
      [6, 'A voided order (counted neither as a visit nor as revenue)'],
      [7, 'An order refunded in full (counted neither as a visit nor as revenue)'],
    ],
  },
  base: {
    profile: 'base',
    line: 'BASE の注文CSVとして読みました',
    customers: {
      // 3190 + 4070 (repeated on its two rows, counted once) + 2750; her latest name, in Latin order.
      'Misaki Takahashi': [3, 10010, '手ぬぐい 麻の葉'],
      '伊藤 健太': [1, 2750, 'がま口ポーチ 小'],
    },
    rejected: [[6, CANCELLED]],
  },
  stores: {
    profile: 'stores',
    line: 'STORES の注文CSVとして読みました',
    customers: {
      '中村 さくら': [2, 6100 + 6650, '陶器のマグカップ'],
      '小林 大輔': [1, 3900, '豆皿 3枚セット'],
    },
    rejected: [
      [3, '未入金の注文です（来店にも売上にも数えません）'],
      [7, CANCELLED],
    ],
  },
  airregi: {
    profile: 'airregi',
    line: 'Airレジの会計明細CSVとして読みました',
    customers: {
      // Slip 000131's 6,600 stands on both its rows: counted once.
      '渡辺 由美': [2, 4400 + 6600, 'カット'],
      // The same お客様番号 K-0057 under a new spelling.
      '山本 眞一': [2, 13200, 'カラー'],
    },
    anonymous: { rows: 1, visits: 1, revenue: 4400 },
  },
  square_items: {
    profile: 'square_items',
    line: 'Read as a Square item sales export',
    customers: { 'Ichiro Suzuki': [2, 1100 + 342 + 550, 'カフェラテ'] },
    // A payment of 580, and one of two lines (380 + 550).
    anonymous: { rows: 3, visits: 2, revenue: 1510 },
  },
  square_transactions: {
    profile: 'square_transactions',
    line: 'Read as a Square transactions export',
    customers: { '佐々木 優': [2, 2530, ''] },
    anonymous: { rows: 1, visits: 1, revenue: 500 },
  },
  // UTF-16LE with a BOM, tab-separated, saved as .csv; ¥ and thousands separators in the amounts.
  square_ja: {
    profile: 'square_ja',
    line: 'Square（日本語）の取引エクスポートとして読みました',
    // 1,100 on 3/2 and 880 on 3/9.
    customers: { '鈴木 一郎': [2, 1980, ''] },
    // The walk-in payments of 580 and 450.
    anonymous: { rows: 2, visits: 2, revenue: 1030 },
  },
  smaregi: {
    profile: 'smaregi',
    line: 'スマレジの取引履歴CSVとして読みました',
    customers: { M0001: [2, 2750, ''], M0002: [1, 3300, ''] },
    anonymous: { rows: 1, visits: 1, revenue: 700 },
    rejected: [
      [3, CANCELLED],
      [4, '売上ではない取引です（入金・出金・ポイントなど）'],
    ],
  },
  google_forms: {
    profile: 'google_forms',
    line: 'Google フォームの回答として読みました',
    customers: { 'きむら あや': [2, 5400, 'クッキー缶'], '斎藤 太郎': [1, 1800, 'クッキー缶'] },
  },
  makeshop: {
    profile: 'makeshop',
    line: 'MakeShop の注文CSVとして読みました',
    customers: { 山田太郎: [1, 2900, '石鹸 3個セット'], 佐藤花子: [1, 1500, 'ガーゼタオル'] },
    rejected: [[4, CANCELLED]],
  },
  colorme: {
    profile: 'colorme',
    line: 'カラーミーショップの受注CSVとして読みました',
    customers: { '小川 紬': [2, 5500, 'リネンのハンカチ'] },
  },
};

const csvOf = (file: string): string[][] => parse(fs.readFileSync(file), { bom: true, relax_column_count: true });

describe.each(Object.entries(CASES))('%s', (name, expected) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `export-${name}-`));
  let result: Awaited<ReturnType<typeof runLocal>>;
  beforeAll(async () => {
    result = await runLocal({ file: path.join(DIR, `${name}.csv`), asOf: AS_OF, out });
  });
  const ja = () => result.card.lang === 'ja';

  test('is recognised, and the card says so', () => {
    expect(result.summary.profile).toBe(expected.profile);
    expect(result.card.profileLine).toBe(expected.line);
    // The command line says it second, after the file and sheet.
    expect(cardLines(result, 'x.csv')[1]).toBe(expected.line);
  });

  test('customers, visits, revenue and top products', () => {
    const [header, ...rows] = csvOf(path.join(out, `${ja() ? '顧客ステージ' : 'Segments'}.csv`));
    const col = (ja_: string, en: string) => header.indexOf(ja() ? ja_ : en);
    const got = Object.fromEntries(
      rows.map((r) => [
        r[col('顧客', 'Customer')],
        [
          Number(r[col('来店回数', 'Visits')]),
          Number(r[col('累計売上', 'Revenue')]),
          // No product in the whole export: no such column, and no top product.
          r[col('よく買う商品', 'Top product')] ?? '',
        ],
      ]),
    );
    expect(got).toEqual(expected.customers);
  });

  test('anonymous sales are counted apart, not rejected', () => {
    const anonymous = expected.anonymous ?? { rows: 0, visits: 0, revenue: 0 };
    expect(result.summary.anonymous_rows).toBe(anonymous.rows);
    expect(result.summary.anonymous_visits_12m).toBe(anonymous.visits);
    expect(result.summary.anonymous_revenue_12m).toBe(anonymous.revenue);
  });

  test('cancelled, voided, unpaid and refunded orders are listed with their reason', () => {
    const file = path.join(out, `${ja() ? '取り込めなかった行' : 'Rejected rows'}.csv`);
    const rows = fs.existsSync(file) ? csvOf(file).slice(1) : [];
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual(expected.rejected ?? []);
  });
});

test('BASE with the buyer under 氏(請求先) / 名(請求先) / メールアドレス(請求先) reads the same', async () => {
  const text = fs
    .readFileSync(path.join(DIR, 'base.csv'), 'utf8')
    .replace('氏名（姓）', '氏(請求先)')
    .replace('氏名（名）', '名(請求先)')
    .replace('メールアドレス', 'メールアドレス(請求先)');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'base-billing-')), 'base.csv');
  fs.writeFileSync(file, text);
  const result = await runLocal({ file, asOf: AS_OF, out: null });
  expect(result.summary.profile).toBe('base');
  expect(result.card.customers).toBe(2);
  expect(result.summary.rejected_rows).toBe(1);
});

test('a sheet kept by hand is read by its headers, and no export is named', async () => {
  const result = await runLocal({
    file: path.resolve(__dirname, '../../examples/sample-shop.csv'),
    asOf: AS_OF,
    out: null,
  });
  expect(result.summary.profile).toBe('generic');
  expect(result.card.profileLine).toBe('');
  expect(cardLines(result, 'x.csv')[1]).toBe(
    '2025年3月の分析（サマリー・推移・ステージ移動。顧客ステージとフォローは基準日時点）',
  );
});
