// What an owner meets first, at a laptop's sidebar height (600 px) and a tall one (900 px), in
// Japanese and English: one line saying what to do, the run, the card scrolled into view naming
// the report month, the action lines with a button each, ▲/▼ against the month before, the
// trend chart, explanations on tap, and the last result again after reopening. The Japanese
// 900 px run writes the README's screenshots (docs/usage-*.png), so they show the real sidebar.

import path from 'path';
import { Page } from 'playwright-core';
import type { PreviewServer } from '../../src/local/cli/preview';
import { Browser, launchBrowser, openSidebar, preview, runAnalysis } from './harness';

const DOCS = path.resolve(__dirname, '../../docs');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CASES = [
  {
    lang: 'ja',
    locale: 'ja_JP',
    run: '月次分析を実行',
    intro: 'まず下の列の対応を確かめて、「月次分析を実行」を押してください。',
    // As of 2026-11-20 (the preview's as-of) the report month is October.
    title: '2026年10月の分析',
    // The tiles count the customer list, as of as-of: the heading says so.
    stagesAsOf: 'ステージ（2026年11月20日時点）',
    action: /^.+ \d+人→ 下書きを作る$/,
  },
  {
    lang: 'en',
    locale: 'en_US',
    run: 'Run monthly analysis',
    intro: 'First check the columns below, then press “Run monthly analysis”.',
    title: 'October 2026',
    stagesAsOf: 'Stages (as of 20 November 2026)',
    action: /^.+: \d+→ Create drafts$/,
  },
] as const;

describe.each(CASES)('$lang', (c) => {
  describe.each([600, 900])('300×%i', (height) => {
    let server: PreviewServer;
    let page: Page;
    const errors: string[] = [];
    beforeAll(async () => {
      server = await preview({ locale: c.locale });
      page = await browser.context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setViewportSize({ width: 300, height });
    });
    afterAll(async () => {
      await page.close();
      await server.close();
      expect(errors).toEqual([]);
    });
    const shoot = async (name: string) => {
      if (c.lang === 'ja' && height === 900) await page.screenshot({ path: path.join(DOCS, name) });
    };

    test('one line says what to do first; the month choice offers last month by default', async () => {
      await openSidebar(page, server);
      await expect(page.getByTestId('intro').textContent()).resolves.toBe(c.intro);
      const first = await page.getByTestId('month').locator('option').first().textContent();
      expect(first).toBe(c.lang === 'ja' ? '先月（2026年10月）' : 'Last month (October 2026)');
      await shoot('usage-1-open.png');
    });

    test('after a run the card is in view, names the month and opens with action lines', async () => {
      await runAnalysis(page, c.run);
      await expect(page.getByTestId('error').isHidden()).resolves.toBe(true);
      await expect(page.getByTestId('result-title').textContent()).resolves.toBe(c.title);
      // Scrolled to: the card's top is inside the window, though below the fold before the run.
      const top = await page.getByTestId('result').evaluate((el) => el.getBoundingClientRect().top);
      expect(top).toBeGreaterThan(-1); // sub-pixel rounding
      expect(top).toBeLessThan(height / 2);
      const lines = await page.getByTestId('action-line').allTextContents();
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const line of lines) expect(line).toMatch(c.action);
      // The month against the month before, and the twelve months' chart.
      const changes = await page.getByTestId('change').allTextContents();
      expect(changes.length).toBe(6);
      for (const change of changes) expect(change).toMatch(/^[▲▼±]/);
      await expect(page.getByTestId('trend-chart').locator('rect').count()).resolves.toBe(24);
      await expect(page.getByTestId('stages-as-of').textContent()).resolves.toBe(c.stagesAsOf);
      await shoot('usage-2-card.png');
    });

    test('every term explains itself on tap', async () => {
      const term = page.getByTestId('figure-at_risk').locator('.term');
      const hint = await term.getAttribute('title');
      expect(hint).toMatch(c.lang === 'ja' ? /90日以上/ : /90 or more days/);
      await term.click();
      await expect(page.getByTestId('figure-at_risk').locator('.term-hint').textContent()).resolves.toBe(hint);
      const tiles = await page.locator('.tile .term').count();
      expect(tiles).toBe(7);
    });

    test('an action’s button opens the follow-ups, in view', async () => {
      await page.getByTestId('action-draft').first().click();
      await page.getByTestId('create-drafts').waitFor({ state: 'attached' });
      await page.waitForTimeout(200);
      const top = await page.getByTestId('followups').evaluate((el) => el.getBoundingClientRect().top);
      expect(top).toBeGreaterThan(-1);
      expect(top).toBeLessThan(height / 4);
      await shoot('usage-3-drafts.png');
    });

    test('reopening the sidebar shows the last result', async () => {
      await page.reload();
      await page.getByTestId('result-title').waitFor({ state: 'visible' });
      await expect(page.getByTestId('result-title').textContent()).resolves.toBe(c.title);
      await expect(page.getByTestId('action-line').count()).resolves.toBeGreaterThanOrEqual(1);
    });
  });
});
