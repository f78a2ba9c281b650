// The real sidebar (dist/sidebar.html) in Chromium against the preview server: the sample shop's
// columns, a run with its progress and card, corrections, validation and errors.

import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { Page } from 'playwright-core';
import type { SidebarState } from '../../src/gas/sidebar-api';
import { classificationLabel } from '../../src/core/labels';
import { tabName } from '../../src/core/tabs';
import { STAGES, STATUSES } from '../../src/core/stages';
import type { PreviewServer } from '../../src/local/cli/preview';
import {
  Browser,
  countColumn,
  eventually,
  launchBrowser,
  openSidebar,
  preview,
  progressSeen,
  recordProgress,
  rpc,
  runAnalysis,
  stageCounts,
  workbook,
} from './harness';

let browser: Browser;
let server: PreviewServer;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// A fresh spreadsheet per test: saved settings must not leak from one test into the next.
beforeEach(async () => {
  server = await preview();
  page = await browser.context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterEach(async () => {
  await page.close();
  await server.close();
  expect(pageErrors).toEqual([]);
});

const selectedText = (testId: string) =>
  page.getByTestId(testId).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

test('shows the sales sheet and the columns it detected', async () => {
  await openSidebar(page, server);
  await expect(selectedText('sales-sheet')).resolves.toBe('sample-shop');
  await expect(selectedText('map-date')).resolves.toBe('A: 日付');
  await expect(selectedText('map-customer')).resolves.toBe('B: お客様名');
  await expect(selectedText('map-email')).resolves.toBe('C: メールアドレス');
  await expect(selectedText('map-amount')).resolves.toBe('F: 金額');
  await expect(selectedText('map-referrer')).resolves.toBe('G: 紹介者');
  await expect(selectedText('map-orderId')).resolves.toBe('（なし）');
  // Date and amount cannot be removed: no "(none)" to pick.
  const dateOptions = await page.getByTestId('map-date').locator('option').allTextContents();
  expect(dateOptions).not.toContain('（なし）');
  await expect(page.getByTestId('th-lapsedDays').inputValue()).resolves.toBe('240');
});

test('runs every step with a progress bar, then shows counts that match the Segments tab', async () => {
  await openSidebar(page, server);
  await recordProgress(page);
  await runAnalysis(page, '月次分析を実行');

  await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
  // Each step named while it runs, counted against the full list the server gives.
  const seen = (await progressSeen(page)).filter((line, i, all) => line !== all[i - 1]);
  const expected = [
    '設定を保存中… 0/0',
    '実行中: 売上の分析 0/0',
    '実行中: サマリー 1/5',
    '実行中: 推移 2/5',
    '実行中: ステージ移動 3/5',
    '実行中: グラフ 4/5',
    '完了 5/5',
  ];
  const positions = expected.map((line) => seen.indexOf(line));
  expect(positions).not.toContain(-1);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  await expect(page.getByTestId('progress-step').textContent()).resolves.toBe('完了');
  await expect(page.getByTestId('progress-count').textContent()).resolves.toBe('5/5');
  await expect(page.getByTestId('progress-bar').getAttribute('aria-valuenow')).resolves.toBe('5');

  // As of 2026-11-20 the report month is October; the customer list is as of as-of.
  await expect(page.getByTestId('result-title').textContent()).resolves.toBe('2026年10月の分析');
  await expect(page.getByTestId('result-as-of').textContent()).resolves.toBe(
    'お客様の一覧とフォローは2026年11月20日時点',
  );
  const book = await workbook(server);
  const stages = countColumn(book, tabName('segments', 'ja'), 'ステージ');
  const statuses = countColumn(book, tabName('segments', 'ja'), '状態');
  const shown = await stageCounts(page);
  for (const stage of STAGES) expect(shown[stage]).toBe(stages.get(classificationLabel('ja', stage)) ?? 0);
  for (const status of STATUSES) {
    const count = Number(await page.getByTestId(`status-${status}-count`).textContent());
    expect(count).toBe(statuses.get(classificationLabel('ja', status)) ?? 0);
  }
  expect(shown.fan).toBeGreaterThan(0);

  // Headline answers as the server formatted them.
  // Each label is a term with its one-line meaning (hidden until tapped), then the value.
  const headlines = await page
    .getByTestId('headlines')
    .locator('.headline')
    .evaluateAll((els) =>
      els.map((e) => [
        e.querySelector('dt .term')?.textContent,
        e.querySelector('dd')?.textContent,
        e.querySelector('dt .term')?.getAttribute('title'),
      ]),
    );
  expect(headlines.length).toBeGreaterThan(5);
  expect(headlines.some(([label, value]) => label === 'リピート売上比率' && /^\d+\.\d%$/.test(String(value)))).toBe(
    true,
  );
  expect(headlines.find(([label]) => label === 'F2転換率（90日）')?.[2]).toContain('90日以内にまた来てくださった割合');

  // One button per tab written; a click asks the server to show that tab.
  const tabNames = await page.getByTestId('tab-button').allTextContents();
  expect(tabNames).toEqual(expect.arrayContaining([tabName('segments', 'ja'), 'サマリー', '推移', 'ステージ移動']));
  for (const name of tabNames) expect(book.sheets.map((s) => s.name)).toContain(name);
  await page.getByRole('button', { name: 'サマリー', exact: true }).click();
  await expect(eventually(async () => (await workbook(server)).activeSheet, 'サマリー')).resolves.toBe('サマリー');

  await page.screenshot({ path: '/tmp/sidebar.png', fullPage: true });
});

test('a step that ran out of time is called again with its run, shows the rows written, and counts once', async () => {
  await openSidebar(page, server);
  await recordProgress(page);
  // The first analyse call answers as a step stopped by the time guard does (the real step ran).
  const calls: { step: string; runId?: string }[] = [];
  await page.route('**/rpc', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (body.name !== 'analysisStep') return route.continue();
    calls.push({ step: body.args[0], runId: body.args[1]?.runId });
    const response = await route.fetch();
    const reply = await response.json();
    if (calls.length === 1) {
      reply.value.next = 'analyse';
      reply.value.card.progress = { rowsWritten: 66666, rows: 70002 };
    }
    await route.fulfill({ response, json: reply });
  });
  await runAnalysis(page);

  await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
  expect(calls.map((c) => c.step)).toEqual(['analyse', 'analyse', 'summary', 'history', 'transitions', 'charts']);
  // The second call carries the run of the first, and so do the later steps.
  expect(calls[1].runId).toBeTruthy();
  expect(new Set(calls.slice(1).map((c) => c.runId)).size).toBe(1);
  const seen = (await progressSeen(page)).filter((line, i, all) => line !== all[i - 1]);
  expect(seen).toContain('実行中: 売上の分析（70002 行のうち 66666 行を書き込み済み・続けています） 0/0');
  const after = seen.indexOf('実行中: 売上の分析（70002 行のうち 66666 行を書き込み済み・続けています） 0/0');
  expect(seen.slice(after + 1)).toEqual([
    '実行中: サマリー 1/5',
    '実行中: 推移 2/5',
    '実行中: ステージ移動 3/5',
    '実行中: グラフ 4/5',
    '完了 5/5',
  ]);
  await expect(page.getByTestId('progress-count').textContent()).resolves.toBe('5/5');
  await page.unroute('**/rpc');
});

test('a column corrected in its select is saved and changes the result', async () => {
  await openSidebar(page, server);
  await runAnalysis(page);
  const before = await stageCounts(page);

  // Customers known by email instead of name: referrals (given by name) no longer find their referrer.
  // The detected columns are folded into their ✓ line: opened first.
  await page.getByTestId('columns-summary').click();
  await page.getByTestId('map-customer').selectOption({ label: 'C: メールアドレス' });
  // A column belongs to one field: the email field lets go of it.
  await expect(selectedText('map-email')).resolves.toBe('（なし）');
  await runAnalysis(page);

  await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
  const after = await stageCounts(page);
  expect(after.fan).toBeLessThan(before.fan);
  const state = await rpc<SidebarState>(server, 'sidebarState');
  expect(state.mapping.customer).toBe(2);
  expect(state.mapping.email).toBeNull();
  const fans = countColumn(await workbook(server), tabName('segments', 'ja'), 'ステージ').get(
    classificationLabel('ja', 'fan'),
  );
  expect(after.fan).toBe(fans ?? 0);

  // The page reloaded shows the saved choice.
  await openSidebar(page, server);
  await expect(selectedText('map-customer')).resolves.toBe('C: メールアドレス');
});

test('an invalid threshold is shown next to its field and nothing runs', async () => {
  await openSidebar(page, server);
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/rpc')) calls.push(String(JSON.parse(r.postData() ?? '{}').name));
  });
  await page.locator('#settings-section > summary').click();
  await page.getByTestId('th-lapsedDays').fill('60');
  await page.getByRole('button', { name: '月次分析を実行', exact: true }).click();

  const message = page.getByTestId('th-lapsedDays-error');
  await expect(message.isVisible()).resolves.toBe(true);
  await expect(message.textContent()).resolves.toBe('「要フォローになる日数（最終来店から）」より大きくしてください。');
  await expect(page.getByTestId('error').textContent()).resolves.toContain('設定に誤りがあります');
  await expect(page.getByTestId('th-lapsedDays').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByTestId('result').isHidden()).resolves.toBe(true);

  // Whole numbers and the VIP share's range, each at its own field.
  await page.getByTestId('th-lapsedDays').fill('240');
  await page.getByTestId('th-fanVisits').fill('2.5');
  await page.getByTestId('th-vipShare').fill('150'); // 150%: 20, 20% and 0.2 are all fine
  await page.getByTestId('th-vipShare').blur();
  await expect(page.getByTestId('th-lapsedDays-error').isHidden()).resolves.toBe(true);
  await expect(page.getByTestId('th-fanVisits-error').textContent()).resolves.toBe('整数を入力してください。');
  await expect(page.getByTestId('th-vipShare-error').textContent()).resolves.toBe('値が大きすぎます。');
  await page.getByRole('button', { name: '月次分析を実行', exact: true }).click();
  await page.waitForTimeout(300);
  expect(calls).toEqual([]);

  // Fixed: it saves and runs, and the server has the new value.
  await page.getByTestId('th-fanVisits').fill('6');
  await page.getByTestId('th-vipShare').fill('0.3');
  await runAnalysis(page);
  expect(calls[0]).toBe('saveSidebarSettings');
  expect(calls).toContain('analysisStep');
  const state = await rpc<SidebarState>(server, 'sidebarState');
  expect(state.thresholds.fanVisits).toBe(6);
  expect(state.thresholds.vipShare).toBe(0.3);
});

test('a failing step shows its message and keeps the last results', async () => {
  await openSidebar(page, server);
  await runAnalysis(page);
  const shown = await stageCounts(page);
  // The second run's "summary" step fails as Apps Script reports a failure: the owner's message.
  await page.route('**/rpc', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (body.name === 'analysisStep' && body.args[0] === 'summary') {
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { message: '別の分析が実行中です。<b>少し</b>待ってください。' } }),
      });
    } else await route.continue();
  });
  await runAnalysis(page);
  await expect(page.getByTestId('error').textContent()).resolves.toBe(
    '別の分析が実行中です。<b>少し</b>待ってください。',
  );
  await expect(page.getByTestId('result').isVisible()).resolves.toBe(true);
  await expect(stageCounts(page)).resolves.toEqual(shown);
  await expect(page.getByRole('button', { name: '月次分析を実行', exact: true }).isEnabled()).resolves.toBe(true);
});

test('the server function list decides what is offered: a missing one hides its feature', async () => {
  // As when the add-on's server code is older than the sidebar: no follow-ups, no tab switching.
  await page.route(server.url, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/,"(activateTab|followUpPreview|createDraftBatch)"/g, '');
    await route.fulfill({ response, body: html });
  });
  await openSidebar(page, server);
  await runAnalysis(page);
  await expect(page.getByTestId('result').isVisible()).resolves.toBe(true);
  await expect(page.getByTestId('followups').isHidden()).resolves.toBe(true);
  await page.getByTestId('tab-button').first().click();
  await expect(page.getByTestId('error').textContent()).resolves.toBe('この機能はまだ利用できません。');
});

test('picking another sales sheet detects its columns afresh', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-xlsx-'));
  try {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('メモ').addRows([['仕入れ先の電話番号'], ['03-0000-0000']]);
    book.addWorksheet('売上').addRows([
      ['注文日', '顧客', '合計金額'],
      ['2026/10/01', '佐藤 一郎', '1500'],
      ['2026/11/01', '佐藤 一郎', '2000'],
    ]);
    const file = path.join(dir, 'shop.xlsx');
    await book.xlsx.writeFile(file);
    await page.close();
    await server.close();
    server = await preview({ data: file });
    page = await browser.context.newPage();
    await openSidebar(page, server);
    await expect(selectedText('sales-sheet')).resolves.toBe('売上');
    await expect(selectedText('map-amount')).resolves.toBe('C: 合計金額');

    await page.getByTestId('sales-sheet').selectOption('メモ');
    await page.getByTestId('sheet-problem').waitFor();
    await expect(page.getByTestId('sheet-problem').textContent()).resolves.toContain('日付・お客様・金額');
    // Its headers are offered to pick from; running anyway says what is still to pick.
    const offered = await page.getByTestId('map-date').locator('option').allTextContents();
    expect(offered.slice(1)).toEqual(['A: 仕入れ先の電話番号']);
    await runAnalysis(page);
    await expect(page.getByTestId('error').textContent()).resolves.toBe(
      '実行するには、「列の対応」で日付・お客様・金額の列を選んでください。',
    );

    await page.getByTestId('sales-sheet').selectOption('売上');
    // Detected: the columns fold into their ✓ line.
    await page.getByTestId('columns-summary').filter({ hasText: '✓' }).waitFor();
    await expect(selectedText('map-customer')).resolves.toBe('B: 顧客');
    await runAnalysis(page);
    await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
    await expect(page.getByTestId('stage-repeat-count').textContent()).resolves.toBe('1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an English spreadsheet gets English labels', async () => {
  await page.close();
  await server.close();
  server = await preview({ locale: 'en_US' });
  page = await browser.context.newPage();
  await openSidebar(page, server);
  await expect(page.getByTestId('run').textContent()).resolves.toBe('Run monthly analysis');
  await expect(page.locator('label[for="map-customer"]').textContent()).resolves.toBe('Customer');
  await expect(selectedText('map-orderId')).resolves.toBe('(none)');
  await runAnalysis(page, 'Run monthly analysis');
  await expect(page.getByTestId('stage-fan').textContent()).resolves.toContain('Fan');
  await expect(page.getByTestId('progress-step').textContent()).resolves.toBe('Done');
});
