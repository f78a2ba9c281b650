// The BigQuery edition's section 「BigQuery の売上」 in the real sidebar at 300 px: the owner presses
// its button, the steps run one server call each (segments, summary, history), and the section
// says how many customers it analysed with a button per tab; a table that does not exist is a
// message in the section, and the tabs already written stay as they were.

import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { eventually, openSidebar, preview, tempCsv, useBrowser, workbook } from './harness';

const browser = useBrowser();

// Three customers: 青木 came twice (1,000 + 2,500), 井上 once, 上田 once with a ¥0 sample.
const SALES = [
  ['日付', 'お客様名', '金額'],
  ['2026/08/03', '青木 花', '1000'],
  ['2026/10/12', '青木 花', '2500'],
  ['2026/09/20', '井上 翔', '1800'],
  ['2026/11/02', '上田 空', '0'],
];

let page: Page;
let server: PreviewServer;
let data: ReturnType<typeof tempCsv>;

beforeEach(async () => {
  data = tempCsv('売上.csv', SALES);
  server = await preview({ data: data.file, edition: 'bigquery' });
  page = await browser().context.newPage();
  await openSidebar(page, server);
  await page.getByTestId('bq-run').waitFor({ state: 'visible' });
});

afterEach(async () => {
  await page.close();
  await server.close();
  data.remove();
});

async function runInBigQuery(): Promise<void> {
  await page.getByTestId('bq-run').click();
  // The buttons are disabled while the run goes on and enabled again when it ends.
  await page.waitForFunction(() => {
    const run = document.querySelector<HTMLButtonElement>('[data-testid="bq-run"]');
    return run !== null && !run.disabled;
  });
}

test('the run says how many customers it analysed and opens each tab it wrote', async () => {
  await expect(page.getByTestId('bq-project').inputValue()).resolves.toBe('preview-shop');
  await runInBigQuery();
  expect(await page.getByTestId('bq-error').isHidden()).toBe(true);
  await expect(page.getByTestId('bq-status').textContent()).resolves.toMatch(/^3 人のお客様を分析しました（読み取り /);

  const book = await workbook(server);
  const segments = book.sheets.find((s) => s.name === '顧客ステージ');
  // A header and one row per customer.
  expect(segments?.lastRow).toBe(4);
  const header = segments?.rows[0] as string[];
  const revenueOf = (name: string) =>
    (segments?.rows.find((row) => row[header.indexOf('顧客')] === name) ?? [])[header.indexOf('累計売上')];
  expect(revenueOf('青木 花')).toBe(3500);
  expect(revenueOf('井上 翔')).toBe(1800);
  expect(book.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['顧客ステージ', 'サマリー', '推移']));

  await page.getByRole('button', { name: '推移', exact: true }).click();
  await expect(eventually(async () => (await workbook(server)).activeSheet, '推移')).resolves.toBe('推移');
});

test('a table that does not exist: said in the terms of the section, no tab written', async () => {
  await page.getByTestId('bq-table').fill('preview-shop.sales.nothing_here');
  await runInBigQuery();
  const error = page.getByTestId('bq-error');
  expect(await error.isVisible()).toBe(true);
  await expect(error.textContent()).resolves.toMatch(
    /^BigQuery にテーブル preview-shop\.sales\.nothing_here が見つかりません。「テーブル」の欄の.*（BigQuery の返答：Not found: Table preview-shop:sales\.nothing_here/,
  );
  const names = (await workbook(server)).sheets.map((s) => s.name);
  expect(names).not.toContain('顧客ステージ');
});

test('a column that is not in the table: the field and the column named', async () => {
  await page.getByText('列の名前').click();
  await page.getByTestId('bq-col-date').fill('sold_on');
  await runInBigQuery();
  await expect(page.getByTestId('bq-error').textContent()).resolves.toMatch(
    /^「日付」の列「sold_on」がテーブル preview-shop\.sales\.lines にありません。/,
  );
});
