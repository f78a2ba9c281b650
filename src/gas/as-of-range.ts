// The analysis' as-of date in a named cell, 基準日 (ja) / AS_OF (en), that owners pass to the
// custom functions as `as_of`. Sheets recalculates a custom function only when an argument
// changes, and today's date cannot be one (TODAY() is refused as an argument), so a formula that
// takes this cell is recalculated by every analysis that moves the date.

import { Day } from '../core/days';
import { Lang, defineText } from '../core/labels';
import { OutTable, dayCell } from '../core/table';
import { WriteOptions, writeTable } from './sheets';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const AS_OF_RANGE_NAMES: Record<Lang, string> = { ja: '基準日', en: 'AS_OF' };

// The explanation sits right of the date, where it runs on over empty cells: in the label's column
// it would widen or be cut off by the date.
const TEXT = defineText({
  ja: { asOfLabel: '基準日', asOfUse: '関数の as_of に 基準日 か AS_OF と書くと、分析のたびに計算し直されます' },
  en: { asOfLabel: 'As-of date', asOfUse: 'Pass AS_OF as as_of: formulas recalculate after each analysis' },
});

/**
 * writeTable with the as-of date two rows below the table (in the same setValues), then the name
 * pointed at that cell — whether it is new, still in place, or broken by a rerun that cut the rows
 * it stood on.
 */
export function writeTableWithAsOf(
  ss: Spreadsheet,
  name: string,
  table: OutTable,
  options: WriteOptions,
  asOf: Day,
): Sheet {
  const row = table.rows.length + 1; // 0-based, after one blank row
  const sheet = writeTable(
    ss,
    name,
    {
      ...table,
      rows: [...table.rows, [], [TEXT(options.lang, 'asOfLabel'), dayCell(asOf), TEXT(options.lang, 'asOfUse')]],
      formatRanges: [...(table.formatRanges ?? []), { row, col: 1, numRows: 1, numCols: 1, format: 'date' }],
    },
    options,
  );
  const cell = sheet.getRange(row + 1, 2);
  // AS_OF always; in Japanese also 基準日. Google does not document whether a named range may be
  // named in Japanese: if Sheets refuses it, AS_OF still works and the analysis goes on.
  nameCell(ss, 'AS_OF', cell);
  if (options.lang === 'ja') {
    try {
      nameCell(ss, AS_OF_RANGE_NAMES.ja, cell);
    } catch {
      // Refused: the label names AS_OF too.
    }
  }
  return sheet;
}

/** Points `rangeName` at `cell`, whether the name is new, still in place, or broken by a rerun. */
function nameCell(ss: Spreadsheet, rangeName: string, cell: GoogleAppsScript.Spreadsheet.Range): void {
  const existing = ss.getNamedRanges().find((r) => r.getName() === rangeName);
  if (existing) existing.setRange(cell);
  else ss.setNamedRange(rangeName, cell);
}
