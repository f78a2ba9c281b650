// Writing workbook.xlsx with exceljs's streaming writer, from a compact plan of each tab: typed
// arrays and one joined string instead of a million cell objects. The plan is made on the main
// thread (it reads the in-memory sheet) and written by a worker thread (xlsx-worker.ts) while the
// main thread writes the CSVs: the plan moves between threads without copying its arrays, and the
// worker's heap holds only the plan and exceljs's garbage, so its collections stay short.
// Node only (exceljs).

import { Worker } from 'worker_threads';
import ExcelJS from 'exceljs';

/** What each cell of a plan holds (kinds[i]). */
export const CellKind = {
  Empty: 0,
  Text: 1,
  Number: 2,
  Boolean: 3,
  /** A date as the wall-clock time the sheet shows (Excel has no time zones), in ms. */
  Date: 4,
  /** A formula: its text and value are in `formulas`. */
  Formula: 5,
} as const;

/** A formula cell: its text without '=', and the value the sheet holds for it when that differs. */
export interface PlannedFormula {
  cell: number;
  formula: string;
  result?: string | number | boolean;
  /** The result is a date: `result` is its instant in ms (as the sheet holds it). */
  resultIsDate?: boolean;
}

/**
 * One tab of workbook.xlsx, ready to write. Row r's cells are at offsets[r] … offsets[r + 1] - 1,
 * in column order from column A: a row is as long as the sheet's row, so a sparse tab stays small.
 */
export interface XlsxSheetPlan {
  name: string;
  hidden: boolean;
  frozenRows: number;
  frozenColumns: number;
  /** Each column's width in characters. */
  widths: number[];
  offsets: Uint32Array;
  kinds: Uint8Array;
  /** Numbers, booleans (0/1) and dates (wall-clock ms), at their cell's index. */
  numbers: Float64Array;
  /** The text cells in cell order, each made XML-safe, joined by TEXT_SEPARATOR. */
  texts: string;
  /** Per cell, its look in `looks`. */
  styles: Uint16Array;
  /** The distinct number formats ('' for none) and weights of the tab. */
  looks: Array<{ numFmt: string; bold: boolean }>;
  formulas: PlannedFormula[];
}

/** A character no text of a plan holds: XML forbids it, so xmlSafe has replaced it already. */
export const TEXT_SEPARATOR = '\u0000';

/** The arrays of the plans, handed to the worker without a copy. */
export const transferablesOf = (plans: XlsxSheetPlan[]): ArrayBuffer[] =>
  plans.flatMap((p) => [p.offsets.buffer, p.kinds.buffer, p.numbers.buffer, p.styles.buffer] as ArrayBuffer[]);

/**
 * Rows written between two turns of the event loop (about 12 KB of XML). The zip's compression
 * moves on a step per turn, so it runs beside the rendering instead of after it: at 100 rows a
 * turn it fell behind, and by the end of the bench's Segments tab 54 MB of XML waited for it.
 */
const ROWS_PER_TURN = 20;

/**
 * One style object per look. exceljs works a cell's style out from its style object and
 * remembers the answer per object, so cells sharing one cost a lookup, where a style object of
 * each cell's own would be rendered and compared anew for each of a million cells.
 */
function styleObjects(looks: XlsxSheetPlan['looks']): Array<Partial<ExcelJS.Style>> {
  return looks.map(({ numFmt, bold }) => ({
    ...(numFmt ? { numFmt } : {}),
    ...(bold ? { font: { bold: true } } : {}),
  }));
}

/**
 * A row's own style (exceljs keeps it as `row.style`, untyped), one for every row: exceljs would
 * otherwise make an empty one per row and look each up anew. Never changed (no row-wide format is set).
 */
const ROW_STYLE: Partial<ExcelJS.Style> = {};

function formulaValue(f: PlannedFormula): ExcelJS.CellFormulaValue {
  if (f.result === undefined) return { formula: f.formula } as ExcelJS.CellFormulaValue;
  const result = f.resultIsDate ? new Date(f.result as number) : f.result;
  return { formula: f.formula, result } as ExcelJS.CellFormulaValue;
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, plan: XlsxSheetPlan): Promise<void> {
  const frozen = plan.frozenRows > 0 || plan.frozenColumns > 0;
  const ws = workbook.addWorksheet(plan.name, {
    views: frozen ? [{ state: 'frozen', ySplit: plan.frozenRows, xSplit: plan.frozenColumns }] : [],
    state: plan.hidden ? 'hidden' : 'visible',
  });
  ws.columns = plan.widths.map((width) => ({ width }));
  const styles = styleObjects(plan.looks);
  const texts = plan.texts;
  const formulas = new Map(plan.formulas.map((f) => [f.cell, f]));
  const { offsets, kinds, numbers } = plan;
  const rows = offsets.length - 1;
  // The next text cell's start in `texts`: each text is cut out as its cell is written, so that
  // a million of them never live at once.
  let at = 0;
  for (let r = 0; r < rows; r++) {
    if (r > 0 && r % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const row = ws.getRow(r + 1);
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE;
    const base = offsets[r];
    const end = offsets[r + 1];
    for (let i = base; i < end; i++) {
      const kind = kinds[i];
      if (kind === CellKind.Empty) continue;
      const cell = row.getCell(i - base + 1);
      if (kind === CellKind.Text) {
        let stop = texts.indexOf(TEXT_SEPARATOR, at);
        if (stop < 0) stop = texts.length;
        cell.value = texts.slice(at, stop);
        at = stop + 1;
      } else if (kind === CellKind.Number) cell.value = numbers[i];
      else if (kind === CellKind.Date) cell.value = new Date(numbers[i]);
      else if (kind === CellKind.Boolean) cell.value = numbers[i] === 1;
      else cell.value = formulaValue(formulas.get(i) as PlannedFormula);
      cell.style = styles[plan.styles[i]];
    }
    row.commit();
  }
  ws.commit();
}

/** Writes the plans as one .xlsx file (exceljs's streaming writer: rows go out as they are made). */
export async function writeXlsxPlans(plans: XlsxSheetPlan[], file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  for (const plan of plans) await writeSheet(workbook, plan);
  await workbook.commit();
}

/** What the worker answers: done, or the error that stopped it. */
export type XlsxWorkerAnswer = { ok: true } | { ok: false; error: string };

/**
 * Writes the plans as `file` in a worker thread (`workerFile`, the built xlsx-worker.cjs). The
 * plans' arrays are moved to it, not copied (they are unusable here afterwards).
 */
export function writeXlsxInWorker(plans: XlsxSheetPlan[], file: string, workerFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile);
    let answered = false;
    worker.once('message', (answer: XlsxWorkerAnswer) => {
      answered = true;
      if (answer.ok) resolve();
      else reject(new Error(answer.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the workbook writer stopped (exit code ${code}) before it was done`));
    });
    worker.postMessage({ plans, file }, transferablesOf(plans));
  });
}
