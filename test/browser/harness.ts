// Debian's Chromium driven by playwright-core, and the preview server, for the browser tests.
// The flags keep Chromium from calling home: this machine has no network but the registries.

import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { PreviewOptions, PreviewServer, startPreview } from '../../src/local/cli/preview';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time, so no state leaks between runs. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sidebar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    // The sidebar is 300 px wide in Sheets.
    viewport: { width: 300, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One Chromium for a test file: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser as Browser;
}

export const AS_OF = '2026-11-20';

export function preview(options: PreviewOptions = {}): Promise<PreviewServer> {
  return startPreview({ port: 0, asOf: AS_OF, ...options });
}

/** A CSV in a temp folder; the file name (without .csv) becomes the tab's name. */
export function tempCsv(fileName: string, rows: string[][]): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-data-'));
  const file = path.join(dir, fileName);
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  writeFileSync(file, rows.map((row) => row.map(quote).join(',')).join('\n') + '\n');
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WorkbookJson {
  activeSheet: string;
  drafts: number;
  sheets: { name: string; lastRow: number; lastColumn: number; rows: unknown[][] }[];
}

export async function workbook(server: PreviewServer): Promise<WorkbookJson> {
  const response = await fetch(`${server.url}workbook?rows=all`);
  return (await response.json()) as WorkbookJson;
}

/** A server function called as the sidebar calls it, from the test. */
export async function rpc<T>(server: PreviewServer, name: string, ...args: unknown[]): Promise<T> {
  const response = await fetch(`${server.url}rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, args }),
  });
  const reply = (await response.json()) as { value?: T; error?: { message: string } };
  if (reply.error) throw new Error(reply.error.message);
  return reply.value as T;
}

/** Counts of a column's values in a tab, by the column's header text. */
export function countColumn(book: WorkbookJson, tab: string, header: string): Map<string, number> {
  const sheet = book.sheets.find((s) => s.name === tab);
  if (!sheet) throw new Error(`no tab ${tab} (tabs: ${book.sheets.map((s) => s.name).join(', ')})`);
  const [head, ...rows] = sheet.rows;
  const col = head.indexOf(header);
  if (col < 0) throw new Error(`no column ${header} in ${tab}`);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = String(row[col] ?? '');
    if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** Opens the sidebar and waits until the state has loaded. */
export async function openSidebar(page: Page, server: PreviewServer): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId('run').waitFor({ state: 'visible' });
}

/** Records every text the progress line shows while a run goes on (steps pass too fast to poll). */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const target = document.getElementById('progress') as HTMLElement;
    new MutationObserver(() => {
      const bar = target.querySelector('[role="progressbar"]');
      seen.push(
        `${target.querySelector('[data-testid="progress-step"]')?.textContent} ${bar?.getAttribute('aria-valuenow')}/${bar?.getAttribute('aria-valuemax')}`,
      );
    }).observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
}

/** Clicks the run button by its visible text and waits for the run to end (card or error). */
export async function runAnalysis(page: Page, label = '月次分析を実行'): Promise<void> {
  // The click handler marks the page busy before it returns, so "not busy" afterwards means finished.
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForFunction(() => document.body.getAttribute('aria-busy') !== 'true');
}

export async function stageCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const stage of ['prospect', 'new', 'repeat', 'fan'])
    counts[stage] = Number(await page.getByTestId(`stage-${stage}-count`).textContent());
  return counts;
}

/** The value of `read` once it equals `expected`, or its last value after `ms` (for the assertion to show). */
export async function eventually<T>(read: () => Promise<T>, expected: T, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (value !== expected && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
