// The real sidebar after an analysis with merge suggestions: how many pairs are open, and a
// button that opens the Merge suggestions tab; nothing for a shop without any.

import fs from 'fs';
import os from 'os';
import path from 'path';
import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { eventually, openSidebar, preview, runAnalysis, useBrowser, workbook } from './harness';

const browser = useBrowser();
let page: Page;

// Two open pairs: 髙橋 / 高橋 (old kanji) and さとう / サトウ (kana).
const CSV = [
  '日付,お客様名,金額',
  '2026/09/01,髙橋 健,1000',
  '2026/11/10,高橋 健,2000',
  '2026/10/01,さとう はなこ,1500',
  '2026/10/05,サトウ ハナコ,1500',
  '2026/10/07,伊藤 健,800',
].join('\n');

test('「同じお客様かもしれない組が 2組あります」 and a button to the tab', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-notice-'));
  const data = path.join(dir, 'sales.csv');
  fs.writeFileSync(data, CSV);
  const server: PreviewServer = await preview({ data });
  try {
    page = await browser().context.newPage();
    await openSidebar(page, server);
    await runAnalysis(page);
    await expect(page.getByTestId('merge-notice').textContent()).resolves.toContain(
      '同じお客様かもしれない組が 2組あります。',
    );
    await page.getByTestId('merge-button').click();
    await expect(eventually(async () => (await workbook(server)).activeSheet, '名寄せ候補')).resolves.toBe(
      '名寄せ候補',
    );
  } finally {
    await page.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the sample shop: no notice', async () => {
  const server: PreviewServer = await preview({});
  try {
    page = await browser().context.newPage();
    await openSidebar(page, server);
    await runAnalysis(page);
    expect(await page.getByTestId('merge-notice').count()).toBe(0);
  } finally {
    await page.close();
    await server.close();
  }
});
