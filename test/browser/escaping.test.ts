// Whatever a sheet holds — tab names, headers, customer names, the shop name — the sidebar shows
// as text: no element is made from it and no script runs.

import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { Browser, launchBrowser, openSidebar, preview, runAnalysis, tempCsv } from './harness';

const NAME = '<img src=x onerror=alert(1)>';
const HEADER = '<script>alert(2)</script>';
const SHOP = '<b onmouseover=alert(3)>店</b>';
const SHEET = '<svg onload=alert(4)>';

let browser: Browser;
let server: PreviewServer;
let page: Page;
let removeCsv: () => void;

beforeAll(async () => {
  browser = await launchBrowser();
  const csv = tempCsv(`${SHEET}.csv`, [
    ['日付', 'お客様名', 'メールアドレス', '金額', HEADER],
    // A first visit ten days before the as-of: a first-visit thanks is due, addressed by name.
    ['2026/11/10', NAME, 'x@example.jp', '1200', 'memo'],
    ['2026/01/15', '山田 花子', 'hanako@example.jp', '3000', ''],
    ['2026/03/20', '山田 花子', 'hanako@example.jp', '2500', ''],
  ]);
  removeCsv = csv.remove;
  server = await preview({ data: csv.file });
});
afterAll(async () => {
  await server?.close();
  await browser?.close();
  removeCsv?.();
});

test('names, headers and the shop name show as literal text and no dialog opens', async () => {
  page = await browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openSidebar(page, server);

  await expect(page.getByTestId('sales-sheet').locator('option').allTextContents()).resolves.toEqual([SHEET]);
  const options = await page.getByTestId('map-product').locator('option').allTextContents();
  expect(options).toContain(`E: ${HEADER}`);

  await runAnalysis(page);
  await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
  await expect(page.getByTestId('stage-new-count').textContent()).resolves.toBe('1');

  await page.getByTestId('check-followups').click();
  // The follow-ups ask who is writing before the first draft.
  await page.getByTestId('shop-name').fill(SHOP);
  await page.getByTestId('save-writer').click();
  await page.getByTestId('signed-as').waitFor();
  // Samples come in the priority order: the first-visit thanks is the one addressed to NAME.
  const sample = page.getByTestId('followup-sample').filter({ hasText: '初回のお礼' });
  await sample.waitFor();
  await sample.locator('summary').click();
  await expect(sample.locator('summary').textContent()).resolves.toBe('初回のお礼 — x@example.jp');
  await expect(sample.locator('.sample-body').textContent()).resolves.toContain(`${NAME}様`);
  await expect(sample.locator('.sample-subject').textContent()).resolves.toContain(SHOP);

  // Nothing from the data became an element (the page itself has none of these but the card's own
  // trend chart), and no script ran.
  const made = await page.evaluate(
    () => document.querySelectorAll('img, svg:not([data-testid="trend-chart"]), b, main script').length,
  );
  expect(made).toBe(0);
  await page.getByTestId('sales-sheet').hover();
  await sample.locator('.sample-subject').hover();
  await page.waitForTimeout(200);
  expect(dialogs).toEqual([]);
  await page.close();
});
