// The worker thread that writes workbook.xlsx (see xlsx-writer.ts): it receives the tabs' plans
// and the file to write, writes it, answers once and ends. Built to build/local/xlsx-worker.cjs.

import { setFlagsFromString } from 'v8';
import { parentPort } from 'worker_threads';
import { writeXlsxPlans, XlsxSheetPlan, XlsxWorkerAnswer } from './xlsx-writer';

// V8 pretenures an allocation site whose objects survived a few young collections: it then puts
// them straight in the old generation. exceljs makes millions of short-lived objects per sheet
// from a few sites, and a few collections that happen to find them alive (while the zip is behind,
// say) tenured them: from then on everything they made was collected by full collections, and
// the Segments tab of the bench's file took 9.1–10.2 s instead of 4.6 s, in about half the runs.
// The flag is read at each collection and is process-wide: the analysis is over by the time this
// thread starts (load + analyse with it: within the noise, bench/HISTORY.md).
setFlagsFromString('--no-allocation-site-pretenuring');

const port = parentPort;
if (!port) throw new Error('xlsx-worker runs as a worker thread');
port.once('message', ({ plans, file }: { plans: XlsxSheetPlan[]; file: string }) => {
  writeXlsxPlans(plans, file).then(
    () => port.postMessage({ ok: true } satisfies XlsxWorkerAnswer),
    (e: unknown) =>
      port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies XlsxWorkerAnswer),
  );
});
