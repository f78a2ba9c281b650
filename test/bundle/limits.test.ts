// Sheets' limits in the stand-in (10,000,000 cells per spreadsheet, 18,278 columns, 50,000
// characters per cell), and the add-on within them: its tabs cut to what they use, and no single
// read or write above its own cap of CELLS_PER_CALL, a smaller rerun after a large one included.
import { asMemorySheet, createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { segmentsHeader } from '../../src/core/customer-tables';

const CELLS_PER_CALL = 1_000_000; // src/gas/sheets.ts

describe('the stand-in refuses what Sheets refuses', () => {
  test('50,000 characters per cell', () => {
    const sheet = createServices().spreadsheet.getSheets()[0];
    sheet.getRange('A1').setValue('x'.repeat(50_000));
    expect(() => sheet.getRange('A1:B1').setValues([['x'.repeat(50_001), '']])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
  });

  test('18,278 columns per tab', () => {
    const sheet = asMemorySheet(createServices().spreadsheet.getSheets()[0]);
    sheet.loadRawValues([[1]]);
    sheet.getRange(1, 18_278).setValue(1);
    expect(() => sheet.getRange(1, 18_279).setValue(1)).toThrow(
      'This action would increase the number of columns in the sheet above the limit of 18278.',
    );
  });

  test("10,000,000 cells per spreadsheet, counting every tab's grid", () => {
    const ss = createServices().spreadsheet;
    const big = asMemorySheet(ss.getSheets()[0]);
    big.loadRawValues(Array.from({ length: 1_000_000 }, () => new Array(9).fill(1)));
    // An import is as large as its data: 9,000,000 cells.
    expect([big.getMaxRows(), big.getMaxColumns()]).toEqual([1_000_000, 9]);
    const tab = ss.insertSheet('tab'); // 1000 × 26
    expect(() => tab.getRange(1, 1, 40_000, 26).setValue('')).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
    expect(() => ss.insertSheet('more')).not.toThrow();
  });
});

// Segments without its Email, Top product, Referrals and Merged spellings columns: these shops have none.
const SEGMENT_WIDTH = segmentsHeader('ja').length - 4;

function shop(customers: number): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: 'ja_JP',
    firstSheetName: '売上',
    maxCellsPerCall: CELLS_PER_CALL,
  });
  const rows: unknown[][] = [['日付', '顧客名', '金額']];
  for (let i = 0; i < customers; i++) rows.push([`2025/${1 + (i % 12)}/${1 + (i % 28)}`, `お客様${i}`, '1000']);
  ss.inspect(() => ss.sheet('売上').loadRawValues(rows));
  return ss;
}

function analyse(ss: MemorySpreadsheet) {
  const services = createServices({ spreadsheet: ss });
  let step: string | null = 'analyse';
  let runId: string | undefined;
  while (step) {
    const result: { next: string | null; runId?: string } = fromVm(
      loadBundle({ services }).call('analysisStep', step, { asOf: '2025-12-31', runId }),
    );
    step = result.next;
    runId = result.runId;
  }
  return services;
}

describe('the add-on within the limits', () => {
  test('its tabs are cut to the rows and columns they use', () => {
    const ss = shop(40);
    analyse(ss);
    const segments = ss.sheet('顧客ステージ');
    expect(ss.inspect(() => [segments.getMaxRows(), segments.getMaxColumns()])).toEqual([41, SEGMENT_WIDTH]);
    const summary = ss.sheet('サマリー');
    // The table's own rows (its last may be blank), not Sheets' default 1000.
    expect(ss.inspect(() => summary.getMaxRows() - summary.getLastRow())).toBeLessThanOrEqual(1);
  });

  test('a 70,000-customer run then a 10-customer run: no call above the cap, nothing of the first left', () => {
    const ss = shop(70_000);
    const first = analyse(ss);
    // 70,001 rows × 16 columns: above the cap, so written in parts, each sized with fixed widths.
    expect(first.calls.get('Sheet.setColumnWidths')).toBeGreaterThan(0);
    ss.inspect(() =>
      ss.sheet('売上').loadRawValues(shop(10).inspect(() => ss.sheet('売上').peekValues().slice(0, 11))),
    );
    analyse(ss); // used to write 70,001 × 16 cells in one setValues
    const segments = ss.sheet('顧客ステージ');
    expect(ss.inspect(() => [segments.getMaxRows(), segments.getLastRow(), segments.getMaxColumns()])).toEqual([
      11,
      11,
      SEGMENT_WIDTH,
    ]);
    expect(ss.inspect(() => ss.totalCells())).toBeLessThan(10_000);
  });

  test('a large Segments tab grows only as wide as its table while it is written in parts', () => {
    const ss = shop(70_000); // 210,003 cells of sales
    // Another tab of 8,300,000 cells (8,300 rows × 1,000 columns): the workbook has 1.49 M left.
    ss.inspect(() => {
      const filler = asMemorySheet(ss.insertSheet('filler'));
      filler.loadRawValues(Array.from({ length: 8_300 }, (_, i) => (i === 0 ? new Array(1_000).fill('') : [''])));
    });
    // Segments: 70,001 × 16 = 1.12 M cells; 26 columns wide while written it would need 1.82 M.
    expect(() => analyse(ss)).not.toThrow();
    expect(ss.inspect(() => ss.totalCells())).toBeLessThanOrEqual(10_000_000);
  });

  test('autoResizeColumns and createFilter cost time per row; tabs over 5,000 rows get fixed widths instead', () => {
    const services = createServices({ clock: 'fake', start: 0 });
    const sheet = asMemorySheet(services.spreadsheet.getSheets()[0]);
    sheet.loadRawValues(Array.from({ length: 10_000 }, () => ['a', 'b', 'c', 'd', 'e']));
    services.clock.setCellCost(0.01, 'Sheet.autoResizeColumns');
    services.clock.setCellCost(0.002, 'Range.createFilter');
    sheet.autoResizeColumns(1, 5);
    expect(services.clock.now()).toBe(500); // 50,000 cells × 0.01 ms
    sheet.getRange(1, 1, 10_000, 5).createFilter();
    expect(services.clock.now()).toBe(600);

    const ss = shop(6_000);
    const run = analyse(ss);
    const segments = ss.sheet('顧客ステージ');
    expect(run.calls.get('Sheet.setColumnWidths')).toBe(1);
    expect(ss.inspect(() => segments.getColumnWidth(1))).toBe(120);
  });
});
