// A shop system's export in the real sidebar: the results card says which export it was read as;
// a sheet kept by hand gets no such line.

import path from 'path';
import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { openSidebar, preview, runAnalysis, useBrowser } from './harness';

const browser = useBrowser();
let page: Page;

async function cardOf(data?: string): Promise<{ profile: string[]; error: boolean }> {
  const server: PreviewServer = await preview(data ? { data } : {});
  try {
    page = await browser().context.newPage();
    await openSidebar(page, server);
    await runAnalysis(page);
    return {
      profile: await page.getByTestId('result-profile').allTextContents(),
      error: !(await page.getByTestId('error').isHidden()),
    };
  } finally {
    await page.close();
    await server.close();
  }
}

test('a BASE export: 「BASE の注文CSVとして読みました」', async () => {
  const card = await cardOf(path.resolve(__dirname, '../fixtures/exports/base.csv'));
  expect(card.error).toBe(false);
  expect(card.profile).toEqual(['BASE の注文CSVとして読みました']);
});

test('the sample shop, kept by hand: no such line', async () => {
  const card = await cardOf();
  expect(card.error).toBe(false);
  expect(card.profile).toEqual([]);
});
