// The worker thread that writes workbook.xlsx (see xlsx-writer.ts): it receives the tabs' plans
// and the file to write, writes it, answers once and ends. Built to build/local/xlsx-worker.cjs.

import { parentPort } from 'worker_threads';
import { writeXlsxPlans, XlsxSheetPlan, XlsxWorkerAnswer } from './xlsx-writer';

const port = parentPort;
if (!port) throw new Error('xlsx-worker runs as a worker thread');
port.once('message', ({ plans, file }: { plans: XlsxSheetPlan[]; file: string }) => {
  writeXlsxPlans(plans, file).then(
    () => port.postMessage({ ok: true } satisfies XlsxWorkerAnswer),
    (e: unknown) =>
      port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies XlsxWorkerAnswer),
  );
});
