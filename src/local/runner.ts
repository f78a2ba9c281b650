// The local runner: a shop's file in an in-memory spreadsheet, the built bundle's own entry points
// (the calls the sidebar makes), and the resulting workbook written out. Used by
// `npm run analyze`, the tests and the benchmark, so all three run what ships.

import { promises as fs } from 'fs';
import path from 'path';
import { createServices, MemoryServices, MemorySpreadsheet } from './memory';
import { fromVm, loadBundle, LoadedBundle } from './bundle';
import { loadWorkbookFile, saveWorkbook } from './workbook-io';
import type { AnalysisCard } from '../gas/analysis-card';

export interface RunOptions {
  /** A .csv (UTF-8 or Shift_JIS) or .xlsx file. */
  file: string;
  asOf?: string;
  lang?: 'ja' | 'en';
  /** Output folder; null writes nothing (tests, benchmark). */
  out?: string | null;
  timeZone?: string;
  sheet?: string;
  mapping?: Record<string, string | null>;
  drafts?: boolean;
  /** Signs the drafts ({{shop}}, the sender's name); without it --drafts creates none. */
  shopName?: string;
  /** The person writing ({{sender}}). */
  sender?: string;
  distDir?: string;
  /** A spreadsheet already loaded (benchmark); `file` is then only its name. */
  spreadsheet?: MemorySpreadsheet;
}

/** The card a step returns (plain JSON once out of the vm). */
export type StepCard = AnalysisCard;

export interface RunResult {
  card: StepCard;
  summary: Record<string, unknown>;
  drafts: {
    created: number;
    failed: number;
    remaining: number;
    /** Due beyond the cap per run: offered next time. */
    later: number;
    stopped?: string;
    /** 'no_shop_name': nothing was drafted (see --shop-name). */
    refused?: 'no_shop_name';
  } | null;
  services: MemoryServices;
  written: string[];
}

export async function runLocal(options: RunOptions): Promise<RunResult> {
  const timeZone = options.timeZone ?? 'Asia/Tokyo';
  const spreadsheet =
    options.spreadsheet ??
    (await loadWorkbookFile(options.file, {
      timeZone,
      name: path.basename(options.file, path.extname(options.file)),
      // Labels follow the spreadsheet's locale; without --lang the analysis picks the headers' language.
      locale: options.lang === 'en' ? 'en_US' : 'ja_JP',
    }));
  const services = createServices({ spreadsheet });
  const bundle = loadBundle({ distDir: options.distDir ?? 'dist', services });
  const analysisOptions = {
    asOf: options.asOf,
    lang: options.lang ?? 'auto',
    sheet: options.sheet,
    mapping: options.mapping,
  };

  let step: string | null = 'analyse';
  let card: StepCard | null = null;
  let runId: string | undefined;
  while (step) {
    const result: { next: string | null; card: StepCard; runId?: string } = fromVm(
      bundle.call('analysisStep', step, { ...analysisOptions, runId }),
    );
    card = result.card;
    runId = result.runId;
    step = result.next;
  }
  if (!card) throw new Error('the analysis returned nothing');

  const drafts = options.drafts ? draftsOf(bundle, analysisOptions, options) : null;
  const summary: Record<string, unknown> = fromVm(bundle.call('analysisSummaryJson', analysisOptions));

  const written: string[] = [];
  if (options.out) {
    await fs.mkdir(options.out, { recursive: true });
    written.push(...(await saveWorkbook(spreadsheet, options.out)));
    const summaryPath = path.join(options.out, 'summary.json');
    await fs.writeFile(summaryPath, JSON.stringify(summary, null, 2) + '\n');
    written.push(summaryPath);
    if (options.drafts) written.push(...(await writeDrafts(services, options.out)));
  }
  return { card, summary, drafts, services, written };
}

/** The drafts as the sidebar makes them, once the shop name is saved the way the sidebar saves it. */
function draftsOf(bundle: LoadedBundle, analysisOptions: object, options: RunOptions): RunResult['drafts'] {
  const shopName = options.shopName?.trim() ?? '';
  if (!shopName) return { created: 0, failed: 0, remaining: 0, later: 0, refused: 'no_shop_name' };
  bundle.call('saveSidebarSettings', { shopName, senderName: options.sender?.trim() ?? '' });
  return createAllDrafts(bundle, analysisOptions);
}

function createAllDrafts(bundle: LoadedBundle, analysisOptions: object): RunResult['drafts'] {
  const total = { created: 0, failed: 0, remaining: 0, later: 0, stopped: undefined as string | undefined };
  const exclude: string[] = [];
  let runId: string | undefined;
  let firstPlan = true;
  for (;;) {
    const batch: {
      runId: string;
      created: number;
      failed: number;
      failedKeys: string[];
      remaining: number;
      later: number;
      planned: boolean;
      done: boolean;
      stopped?: string;
    } = fromVm(bundle.call('createDraftBatch', { ...analysisOptions, batchSize: 25, exclude, runId }));
    runId = batch.runId;
    total.created += batch.created;
    total.failed += batch.failed;
    total.remaining = batch.remaining;
    total.later = batch.later;
    exclude.push(...batch.failedKeys);
    if (batch.stopped) total.stopped = batch.stopped;
    // A batch that analysed and ran out of time goes on: the next one drafts from the kept list
    // (once: without a kept list every batch would analyse again).
    const progress = batch.created + batch.failed > 0 || (firstPlan && batch.planned && batch.stopped === 'time');
    if (batch.planned) firstPlan = false;
    if (batch.done || batch.stopped === 'quota' || !progress) return total;
  }
}

/** Each draft created in this run as DIR/drafts/NNN.eml (the raw RFC 5322 message). */
async function writeDrafts(services: MemoryServices, out: string): Promise<string[]> {
  const dir = path.join(out, 'drafts');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const drafts = services.env.drafts;
  for (let i = 0; i < drafts.length; i++) {
    const file = path.join(dir, `${String(i + 1).padStart(3, '0')}.eml`);
    await fs.writeFile(file, drafts[i].text);
    written.push(file);
  }
  return written;
}
