// The columns section at a laptop's sidebar size (300×600), in Japanese and English: a sheet
// nothing recognises offers its headers and the run says what is missing until they are picked
// (issue 12, never stuck); a detected sheet folds its columns into one ✓ line (issue 15).

import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { tabName } from '../../src/core/tabs';
import { openSidebar, preview, runAnalysis, tempCsv, useBrowser, workbook } from './harness';

const browser = useBrowser();
let server: PreviewServer | null = null;
let page: Page;
let pageErrors: string[];

afterEach(async () => {
  await page?.close();
  await server?.close();
  server = null;
  expect(pageErrors).toEqual([]);
});

async function open(options: { data?: string; locale?: string }): Promise<void> {
  server = await preview(options);
  page = await browser().context.newPage();
  await page.setViewportSize({ width: 300, height: 600 });
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openSidebar(page, server);
}

const selectedText = (testId: string) =>
  page.getByTestId(testId).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
const columnsOpen = () => page.locator('#columns-section').evaluate((el) => (el as HTMLDetailsElement).open);
/** Nothing wider than the sidebar: no sideways scrolling at 300 px. */
const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= 300);

// A Google Form turned order form, its questions renamed by the shop: no header is a known name.
// 山田 花子 came twice (5 and 20 October, 5500), 佐藤 once (1 November).
const FORM = [
  ['受付時刻', 'ご注文者さま', 'お支払い', '備考'],
  ['2026/10/05 7:41:40 午後 GMT+9', '山田 花子', '3000', ''],
  ['2026/10/20 12:05:00 午前 GMT+9', '山田 花子', '2500', '再来店'],
  ['2026/11/01 11:00:00 午前 GMT+9', '佐藤', '1800', ''],
];

const WORDS = {
  ja: {
    locale: 'ja_JP',
    run: '月次分析を実行',
    problem: '見分けられませんでした',
    needsAll: '実行するには、「列の対応」で日付・お客様・金額の列を選んでください。',
    needsRest: '実行するには、「列の対応」でお客様・金額の列を選んでください。',
    read: '✓ 列を読み取りました：日付・お客様・金額',
    customers: tabName('segments', 'ja'),
  },
  en: {
    locale: 'en_US',
    run: 'Run monthly analysis',
    problem: 'could not be recognised',
    needsAll: 'To run, choose under Columns which column holds the date, the customer and the amount.',
    needsRest: 'To run, choose under Columns which column holds the customer and the amount.',
    read: '✓ Columns found: date, customer and amount',
    customers: tabName('segments', 'en'),
  },
};

describe.each(['ja', 'en'] as const)('in %s at 300×600', (lang) => {
  const words = WORDS[lang];

  test('a sheet nothing recognises: its headers offered, the run says what is missing, picked by hand it runs', async () => {
    const csv = tempCsv('受付.csv', FORM);
    try {
      await open({ data: csv.file, locale: words.locale });
      await expect(page.getByTestId('sheet-problem').textContent()).resolves.toContain(words.problem);
      await expect(columnsOpen()).resolves.toBe(true);
      const options = await page.getByTestId('map-date').locator('option').allTextContents();
      expect(options.slice(1)).toEqual(['A: 受付時刻', 'B: ご注文者さま', 'C: お支払い', 'D: 備考']);
      await expect(page.getByTestId('run-hint').textContent()).resolves.toBe(words.needsAll);

      // One picked: the hint follows; a run now says the same, not a generic error.
      await page.getByTestId('map-date').selectOption({ label: 'A: 受付時刻' });
      await expect(page.getByTestId('run-hint').textContent()).resolves.toBe(words.needsRest);
      await runAnalysis(page, words.run);
      await expect(page.getByTestId('error').textContent()).resolves.toBe(words.needsRest);
      await expect(page.getByTestId('result').isHidden()).resolves.toBe(true);

      await page.getByTestId('map-customer').selectOption({ label: 'B: ご注文者さま' });
      await page.getByTestId('map-amount').selectOption({ label: 'C: お支払い' });
      await expect(page.getByTestId('run-hint').isHidden()).resolves.toBe(true);
      await expect(fitsWidth()).resolves.toBe(true);
      await runAnalysis(page, words.run);
      await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
      await expect(page.getByTestId('result').isVisible()).resolves.toBe(true);
      // 山田 花子 (two visits) and 佐藤 (one): both read, in the sheet's order.
      const segments = (await workbook(server!)).sheets.find((s) => s.name === words.customers);
      expect(segments?.rows.slice(1).map((r) => r[0])).toEqual(['山田 花子', '佐藤']);
      // The columns now read: folded into the ✓ line, and the choice kept.
      await expect(page.getByTestId('columns-summary').textContent()).resolves.toBe(words.read);
      await expect(columnsOpen()).resolves.toBe(false);
      await expect(selectedText('map-customer')).resolves.toBe('B: ご注文者さま');
    } finally {
      csv.remove();
    }
  });

  test('a detected sheet: the columns fold into one ✓ line that opens on demand', async () => {
    await open({ locale: words.locale });
    await expect(page.getByTestId('columns-summary').textContent()).resolves.toBe(words.read);
    await expect(columnsOpen()).resolves.toBe(false);
    await expect(page.getByTestId('map-date').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('run-hint').isHidden()).resolves.toBe(true);
    // The run button is on the first screen, not below ten selects.
    await expect(page.getByTestId('run').isVisible()).resolves.toBe(true);
    const runBottom = await page.getByTestId('run').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(runBottom).toBeLessThanOrEqual(600);

    await page.getByTestId('columns-summary').click();
    await expect(columnsOpen()).resolves.toBe(true);
    await expect(page.getByTestId('map-date').isVisible()).resolves.toBe(true);
    await expect(selectedText('map-date')).resolves.toBe('A: 日付');
    await expect(fitsWidth()).resolves.toBe(true);
  });
});
