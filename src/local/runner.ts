// The local runner: a shop's file in an in-memory spreadsheet, the built bundle's own entry points
// (the calls the sidebar makes), and the resulting workbook written out. Used by
// `npm run analyze`, the tests and the benchmark, so all three run what ships.

import { promises as fs } from 'fs';
import path from 'path';
import { asMemorySheet, createServices, MemoryServices, MemorySpreadsheet } from './memory';
import { fromVm, loadBundle, LoadedBundle } from './bundle';
import {
  loadXlsx,
  placeSalesTab,
  readWorkbookFile,
  SalesFileRecord,
  saveWorkbook,
  WorkbookInput,
  writeAtomically,
} from './workbook-io';
import { CsvRead, encodingName, LoadProblem, Reason, TextEncoding } from './csv-input';
import { tabName } from '../core/tabs';
import type { Lang } from '../core/labels';
import type { AnalysisCard } from '../gas/analysis-card';
import type { DraftBatchResult } from '../gas/followups';

export interface RunOptions {
  /** A .csv (UTF-8 or Shift_JIS) or .xlsx file. */
  file: string;
  asOf?: string;
  /** The report month: YYYY-MM or 'current' (default: the last month ended by as-of). */
  month?: string;
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

/** How the file was read: its encoding and why, the rows it could not read, the rows read with a caveat. */
export interface LoadReport {
  encoding: TextEncoding;
  /** Why that encoding, in English; `reason` counted, for the CLI's line in the run's language. */
  evidence: string;
  reason: Reason;
  /** The delimiter the content showed (or the one given). */
  delimiter: string;
  rejected: LoadProblem[];
  warnings: LoadProblem[];
}

export interface RunResult {
  card: StepCard;
  /** CSV input only. */
  load: LoadReport | null;
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
  const { spreadsheet, csv, salesFile } = options.spreadsheet
    ? { spreadsheet: options.spreadsheet, csv: null, salesFile: null }
    : await openInput(options, timeZone);
  const services = createServices({ spreadsheet });
  const bundle = loadBundle({ distDir: options.distDir ?? 'dist', services });
  const analysisOptions = {
    asOf: options.asOf,
    month: options.month,
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
  const load = csv ? reportLoad(spreadsheet, card, summary, csv) : null;

  const written: string[] = [];
  if (options.out) {
    const input = options.spreadsheet ? null : options.file;
    written.push(...(await writeOut(spreadsheet, options.out, input, salesFile)));
    const summaryPath = path.join(options.out, 'summary.json');
    const json = JSON.stringify(load ? { ...summary, load } : summary, null, 2) + '\n';
    await writeAtomically(summaryPath, (temporary) => fs.writeFile(temporary, json));
    written.push(summaryPath);
    if (options.drafts) written.push(...(await writeDrafts(services, options.out)));
  }
  return { card, load, summary, drafts, services, written };
}

/**
 * The spreadsheet a run works on. The out dir is the workbook: a CSV run into a folder that holds
 * a workbook.xlsx from an earlier run opens that workbook and puts the CSV's rows in place of its
 * sales tab, so that History, Templates, Customers and the Follow-up log carry on.
 */
async function openInput(options: RunOptions, timeZone: string): Promise<WorkbookInput> {
  const loadOptions = {
    timeZone,
    name: path.basename(options.file, path.extname(options.file)),
    // Labels follow the spreadsheet's locale; without --lang the analysis picks the headers' language.
    locale: options.lang === 'en' ? 'en_US' : 'ja_JP',
  };
  const input = await readWorkbookFile(options.file, loadOptions);
  const earlier = options.out ? path.join(options.out, 'workbook.xlsx') : null;
  if (!input.csv || !earlier || path.resolve(earlier) === path.resolve(options.file) || !(await exists(earlier)))
    return input;
  const workbook = await loadXlsx(await fs.readFile(earlier), loadOptions).catch((e: unknown) => {
    throw new Error(
      `${earlier} (the workbook of an earlier run) cannot be read, so its History and Follow-up log cannot be kept: ` +
        `${e instanceof Error ? e.message : String(e)}. Move it away or choose another --out folder.`,
    );
  });
  placeSalesTab(workbook, input.spreadsheet);
  return { ...input, spreadsheet: workbook };
}

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/**
 * Every tab to the out dir. The input is never written over: the sales tab of a CSV is that CSV
 * (not written again, its record names it), and any other output that would land on the input
 * stops the save. The out dir's own workbook.xlsx given as input is the one exception: it is the
 * workbook, replaced whole.
 */
async function writeOut(
  spreadsheet: MemorySpreadsheet,
  out: string,
  input: string | null,
  salesFile: SalesFileRecord | null,
): Promise<string[]> {
  const ownWorkbook = path.resolve(out, 'workbook.xlsx');
  const protect = input && path.resolve(input) !== ownWorkbook ? [input] : [];
  if (salesFile) protect.push(salesFile.file);
  return saveWorkbook(spreadsheet, out, { salesFile, protect });
}

const LOAD_WORDS: Record<Lang, Record<LoadProblem['reason'], string>> = {
  ja: {
    quote_unclosed: 'この行で開いた引用符（"）が閉じていません（この行を除き、次の行から読み直しました）',
    quote_closes_other_row: '{row} 行目で開いた引用符（"）がこの行で閉じています',
    bytes_replaced: '文字コード {encoding} として読めないバイトを「\ufffd」に置き換えました',
  },
  en: {
    quote_unclosed: 'A quote (") opened in this row is not closed (the rows after it were read on their own)',
    quote_closes_other_row: 'This row closes the quote (") opened in row {row}',
    bytes_replaced: 'Bytes that are not valid {encoding} were replaced with \ufffd',
  },
};

export function loadProblemText(lang: Lang, problem: LoadProblem, encoding: TextEncoding): string {
  return LOAD_WORDS[lang][problem.reason]
    .replace('{row}', String(problem.openedIn ?? ''))
    .replace('{encoding}', encodingName(encoding));
}

/**
 * The rows the CSV reader could not read are rejected rows like any other: listed in the Rejected
 * rows tab in row order, with their reason and text, and counted there instead of as blank (the
 * reader left their rows blank, so that later rows keep their numbers).
 */
function reportLoad(ss: MemorySpreadsheet, card: StepCard, summary: Record<string, unknown>, csv: CsvRead): LoadReport {
  const report = {
    encoding: csv.decoded.encoding,
    evidence: csv.decoded.evidence,
    reason: csv.decoded.reason,
    delimiter: csv.delimiter,
    rejected: csv.rejected,
    warnings: csv.warnings,
  };
  if (csv.rejected.length === 0) return report;
  const tab = ss.inspect(() => ss.getSheetByName(tabName('rejected', card.lang)));
  if (tab) {
    const [header, ...rows] = asMemorySheet(tab).peekValues();
    for (const problem of csv.rejected)
      rows.push([problem.row, loadProblemText(card.lang, problem, report.encoding), problem.text ?? '']);
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    asMemorySheet(tab).loadRawValues([header, ...rows]);
  }
  const k = csv.rejected.length;
  card.rows = { ...card.rows, rejected: card.rows.rejected + k, blank: card.rows.blank - k };
  if (typeof summary.rejected_rows === 'number') summary.rejected_rows += k;
  return report;
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
    const batch: DraftBatchResult = fromVm(
      bundle.call('createDraftBatch', { ...analysisOptions, batchSize: 25, exclude, runId }),
    );
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

/**
 * Each draft created in this run as DIR/drafts/NNN.eml (the raw RFC 5322 message), numbered on
 * from the drafts of earlier runs, which stay: the Follow-up log still lists them as drafted.
 */
async function writeDrafts(services: MemoryServices, out: string): Promise<string[]> {
  const dir = path.join(out, 'drafts');
  await fs.mkdir(dir, { recursive: true });
  const numbers = (await fs.readdir(dir)).map((f) => /^(\d+)\.eml$/.exec(f)).map((m) => (m ? Number(m[1]) : 0));
  const last = Math.max(0, ...numbers);
  const written: string[] = [];
  const drafts = services.env.drafts;
  for (let i = 0; i < drafts.length; i++) {
    const file = path.join(dir, `${String(last + i + 1).padStart(3, '0')}.eml`);
    await writeAtomically(file, (temporary) => fs.writeFile(temporary, drafts[i].text, { flag: 'wx' }));
    written.push(file);
  }
  return written;
}
