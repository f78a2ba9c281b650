// The follow-ups panel against the real server functions: the preview, drafts created in batches
// with a progress bar, Stop and Resume, and a Gmail quota stop.

import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { Page } from 'playwright-core';
import { GAS_ERRORS } from '../../src/local/memory';
import type { PreviewServer } from '../../src/local/cli/preview';
import { Browser, launchBrowser, openSidebar, preview, rpc, runAnalysis, tempCsv, workbook } from './harness';

let browser: Browser;
let page: Page;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  page = await browser.context.newPage();
});
afterEach(async () => {
  await page.close();
  while (cleanups.length) await cleanups.pop()?.();
});

/** A preview server; `shopName` saves the sender first, as the panel's form does. */
async function start(data?: string, shopName?: string): Promise<PreviewServer> {
  const server = await preview(data ? { data } : {});
  cleanups.push(() => server.close());
  if (shopName) await rpc(server, 'saveSidebarSettings', { shopName });
  return server;
}

/** `n` customers whose first (and only) visit was ten days before the as-of: each is due a first-visit thanks. */
function newCustomers(n: number): string {
  const rows = [['日付', 'お客様名', 'メールアドレス', '金額']];
  for (let i = 1; i <= n; i++) rows.push(['2026/11/10', `顧客${i}`, `c${i}@example.jp`, '1000']);
  const csv = tempCsv('売上.csv', rows);
  cleanups.push(csv.remove);
  return csv.file;
}

const text = (testId: string) => page.getByTestId(testId).textContent();

async function waitForDrafting(): Promise<void> {
  await page.getByTestId('stop-drafts').waitFor({ state: 'hidden' });
}

test('asks who is writing, previews one draft per person, drafts them all once and points to Gmail', async () => {
  const server = await start();
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByRole('button', { name: 'フォローメールを確認', exact: true }).click();
  await page.getByTestId('followups-total').waitFor();

  // No shop name yet: the sender form is open and drafting is not offered.
  await expect(page.getByTestId('writer-section').getAttribute('open')).resolves.toBe('');
  await expect(page.getByTestId('create-drafts').isDisabled()).resolves.toBe(true);
  await expect(text('drafts-status')).resolves.toBe(
    '下書きを作る前に、「差出人と送り方」でショップ名を設定してください。',
  );
  await page.getByTestId('save-writer').click();
  await expect(text('shop-name-error')).resolves.toBe('ショップ名を入れてください。');
  await page.getByTestId('shop-name').fill('ことり珈琲');
  await page.getByTestId('sender-name').fill('山田 花子');
  await page.getByTestId('save-writer').click();
  await page.getByTestId('signed-as').waitFor();
  await expect(text('signed-as')).resolves.toBe('差出人: ことり珈琲 山田 花子（メールの言語: 日本語）');
  await expect(page.getByTestId('writer-section').getAttribute('open')).resolves.toBeNull();

  const [, total, people] = /^送る候補 (\d+)件（(\d+)人）$/.exec((await text('followups-total')) ?? '') ?? [];
  expect(Number(total)).toBeGreaterThan(0);
  expect(people).toBe(total);
  // Each person once, with the mail they will get.
  const listed = await page.getByTestId('followup-people').locator('li').allTextContents();
  expect(listed).toHaveLength(Number(total));
  expect(new Set(listed.map((line) => line.split(' — ')[0])).size).toBe(Number(total));
  const perType = await page.getByTestId('followup-counts').locator('dd').allTextContents();
  expect(perType.map(Number).reduce((a, b) => a + b, 0)).toBe(Number(total));
  await expect(text('followups-skipped')).resolves.toMatch(
    /^対象外: メールアドレスなし \d+人・配信停止 \d+人・14日以内に下書きを作成済み 0人$/,
  );
  // A sample per type, with the address it would go to and the rendered text, signed by the shop.
  const sample = page.getByTestId('followup-sample').first();
  await sample.locator('summary').click();
  await expect(sample.locator('summary').textContent()).resolves.toMatch(/ — \S+@example\.jp$/);
  await expect(sample.locator('.sample-body').textContent()).resolves.toContain('様');
  await expect(sample.locator('.sample-body').textContent()).resolves.toContain('ことり珈琲\n山田 花子');

  await page.getByRole('button', { name: `${total}件の下書きを作成`, exact: true }).click();
  await waitForDrafting();
  await expect(text('drafts-status')).resolves.toBe(`下書きを${total}件作成しました。`);
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuenow')).resolves.toBe(total);
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuemax')).resolves.toBe(total);
  const gmail = page.getByTestId('open-gmail');
  await expect(gmail.isVisible()).resolves.toBe(true);
  await expect(gmail.textContent()).resolves.toBe('Gmailの下書きを開く');
  await expect(gmail.getAttribute('href')).resolves.toBe('https://mail.google.com/mail/#drafts');
  await expect(gmail.getAttribute('target')).resolves.toBe('_blank');
  expect((await workbook(server)).drafts).toBe(Number(total));

  // Checked again: everything is in the log, nothing is due twice.
  await page.getByRole('button', { name: 'フォローメールを確認', exact: true }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="followups-total"]')?.textContent === '送る候補 0件（0人）',
  );
  await expect(text('drafts-status')).resolves.toBe('今回送る候補はありません。');
  await expect(page.getByTestId('create-drafts').isHidden()).resolves.toBe(true);
});

test('Stop pauses after the current batch and Resume drafts the rest', async () => {
  const server = await start(newCustomers(60), 'ことり珈琲');
  // Slow the batches down so that Stop is clicked while the first one runs.
  await page.route('**/rpc', async (route) => {
    if (JSON.parse(route.request().postData() ?? '{}').name === 'createDraftBatch')
      await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByTestId('check-followups').click();
  await page.getByRole('button', { name: '60件の下書きを作成', exact: true }).click();
  // The count shows from the first moment, before the first batch answers.
  await expect(text('drafts-status')).resolves.toBe('作成中… 0/60');
  await page.getByRole('button', { name: '停止', exact: true }).click();
  await expect(text('drafts-status')).resolves.toBe('今の処理が終わったら止めます…');

  await page.getByTestId('resume-drafts').waitFor({ state: 'visible' });
  await expect(text('drafts-status')).resolves.toBe('25/60件作成済み。「再開」で続きを作成します。');
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuenow')).resolves.toBe('25');
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuemax')).resolves.toBe('60');
  expect((await workbook(server)).drafts).toBe(25);

  await page.getByRole('button', { name: '再開', exact: true }).click();
  await waitForDrafting();
  await expect(text('drafts-status')).resolves.toBe('下書きを60件作成しました。');
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuenow')).resolves.toBe('60');
  await expect(page.getByTestId('resume-drafts').isHidden()).resolves.toBe(true);
  expect((await workbook(server)).drafts).toBe(60);
});

test("Gmail's daily quota pauses the run with a message; Resume goes on the next day", async () => {
  const server = await start(newCustomers(30), 'ことり珈琲');
  server.services.faults.fail('Gmail.Users.Drafts.create', { after: 10, error: GAS_ERRORS.gmailDailyQuota });
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByTestId('check-followups').click();
  await page.getByRole('button', { name: '30件の下書きを作成', exact: true }).click();
  await page.getByTestId('resume-drafts').waitFor({ state: 'visible' });
  await expect(text('drafts-status')).resolves.toBe(
    'Gmailの1日の上限に達しました（10/30件作成済み）。明日「再開」で続きを作成してください。',
  );
  await expect(page.getByTestId('drafts-progress').getAttribute('aria-valuenow')).resolves.toBe('10');
  expect((await workbook(server)).drafts).toBe(10);

  server.services.faults.clear();
  await page.getByTestId('resume-drafts').click();
  await waitForDrafting();
  await expect(text('drafts-status')).resolves.toBe('下書きを30件作成しました。');
  expect((await workbook(server)).drafts).toBe(30);
});

test("the cadences are editable, each with its default; a problem is said in the owner's words", async () => {
  // Two customers whose first visit was ten days before as-of: the thanks (3 days) is due.
  const server = await start(newCustomers(2), 'ことり珈琲');
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByTestId('check-followups').click();
  await page.getByTestId('followups-total').waitFor();
  await expect(text('followups-total')).resolves.toBe('送る候補 2件（2人）');
  await page.getByTestId('writer-section').locator('summary').click();
  await expect(page.getByTestId('new-thanks-days').inputValue()).resolves.toBe('3');
  await expect(page.locator('label[for="new-thanks-days"]').textContent()).resolves.toBe(
    '初回のお礼：初回購入の何日後（初期値 3）',
  );
  // The second mail before the first: refused, naming the other field as the owner reads it.
  await page.getByTestId('new-info-days').fill('2');
  await page.getByTestId('save-writer').click();
  await expect(text('new-info-days-error')).resolves.toBe('「初回のお礼：初回購入の何日後」より大きくしてください。');
  // A thanks 11 days after the first visit is not due on the 10th: nothing to send.
  await page.getByTestId('new-info-days').fill('14');
  await page.getByTestId('new-thanks-days').fill('11');
  await page.getByTestId('save-writer').click();
  await page.getByTestId('drafts-status').filter({ hasText: '今回送る候補はありません。' }).waitFor();
  await expect(page.getByTestId('new-thanks-days').inputValue()).resolves.toBe('11');
});

test('the cap per run drafts that many and offers the rest next time', async () => {
  const server = await start(newCustomers(5));
  await rpc(server, 'saveSidebarSettings', { shopName: 'ことり珈琲', followUps: { maxPerRun: 2 } });
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByTestId('check-followups').click();
  await page.getByTestId('followups-total').waitFor();
  await expect(text('followups-total')).resolves.toBe('送る候補 2件（2人）');
  await expect(text('followups-later')).resolves.toBe(
    'ほかに3件あります。1回の上限は2件のため、残りは次回の確認で作成できます。',
  );
  await page.getByRole('button', { name: '2件の下書きを作成', exact: true }).click();
  await waitForDrafting();
  await expect(text('drafts-status')).resolves.toBe(
    '下書きを2件作成しました。残り3件は、次回「フォローメールを確認」すると作成できます。',
  );
  expect((await workbook(server)).drafts).toBe(2);
});

test('the panel shows whether past follow-ups worked, beside the usual rate, and why unsent drafts count', async () => {
  // Drafted 2026-09-05 (over 30 days before as-of 2026-11-20): 顧客1 came back on 09-20, 顧客2 did not.
  // Usual: first visits + 3 days in the 12 months before: 顧客1 and 顧客2 (09-04), 顧客3 (03-04, back
  // 03-20), 顧客4 and 顧客5: 2 of 5.
  const book = new ExcelJS.Workbook();
  book.addWorksheet('売上').addRows([
    ['日付', 'お客様名', 'メールアドレス', '金額'],
    ['2026/09/01', '顧客1', 'c1@example.jp', 1000],
    ['2026/09/20', '顧客1', 'c1@example.jp', 1000],
    ['2026/09/01', '顧客2', 'c2@example.jp', 1000],
    ['2026/03/01', '顧客3', 'c3@example.jp', 1000],
    ['2026/03/20', '顧客3', 'c3@example.jp', 1000],
    ['2026/04/01', '顧客4', 'c4@example.jp', 1000],
    ['2026/05/01', '顧客5', 'c5@example.jp', 1000],
  ]);
  const drafted = new Date(Date.UTC(2026, 8, 5, 3)); // 12:00 in Tokyo
  book.addWorksheet('フォロー履歴').addRows([
    ['顧客', 'メール', '種類', 'キー', '下書きID', '作成日時', '状態', 'エラー'],
    ['顧客1', 'c1@example.jp', '初回のお礼', '顧客1|new_thanks@2026-09-01', 'd1', drafted, '下書き作成済み', ''],
    ['顧客2', 'c2@example.jp', '初回のお礼', '顧客2|new_thanks@2026-09-01', 'd2', drafted, '下書き作成済み', ''],
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'shop.xlsx');
  await book.xlsx.writeFile(file);

  const server = await start(file, 'ことり珈琲');
  await openSidebar(page, server);
  await runAnalysis(page);
  await page.getByTestId('check-followups').click();
  await page.getByTestId('followup-results').waitFor();
  await expect(page.getByTestId('followup-results').locator('li').allTextContents()).resolves.toEqual([
    '初回のお礼: フォローあり 50%（2件中1件）・ふだん 40%（5件中2件）',
  ]);
  await expect(page.getByTestId('followup-results').locator('p').textContent()).resolves.toContain(
    '送らなかった下書きも区別できずに含まれます',
  );

  // The Templates tab now exists: the next analysis puts the same numbers on the Summary tab.
  await runAnalysis(page);
  const summary = (await workbook(server)).sheets.find((sheet) => sheet.name === 'サマリー');
  const title = summary?.rows.findIndex((row) => row[0] === 'フォローの成果') ?? -1;
  expect(title).toBeGreaterThan(0);
  expect(summary?.rows[title + 2].slice(0, 7)).toEqual(['初回のお礼', 2, 1, 0.5, 5, 2, 0.4]);
});
