// The sales pass over a few rows, as the sales-b-* tests call it: sheet row 2 on, in Tokyo. Called
// inside a test, so that a mutation tool sees which test ran the code.
import { ColumnMapping } from '../../src/core/columns';
import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { SalesAnalysis, SalesInput, analyzeSales } from '../../src/core/sales';

export const day = (iso: string) => parseIsoDay(iso) as number;

export function analyzeRows(
  rows: unknown[][],
  mapping: ColumnMapping,
  extra: Partial<SalesInput> = {},
  asOf = '2025-03-31',
): SalesAnalysis {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping,
    asOf: day(asOf),
    dayOf: dayOfDateIn('Asia/Tokyo'),
    ...extra,
  });
}
