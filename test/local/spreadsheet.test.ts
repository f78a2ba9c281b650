// Spreadsheet, Sheet, Range, Filter and chart behaviour of the in-memory spreadsheet.

import vm from 'node:vm';
import { asMemorySheet, createServices, MemorySpreadsheet } from '../../src/local/memory';

function newSpreadsheet() {
  return createServices().spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
}

describe('spreadsheet and tabs', () => {
  test('a new Japanese spreadsheet has one tab シート1; others number on', () => {
    const ss = newSpreadsheet();
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['シート1']);
    ss.insertSheet();
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['シート1', 'シート2']);
    expect(new MemorySpreadsheet({ locale: 'en_US' }).getSheets()[0].getName()).toBe('Sheet1');
  });

  test('insertSheet places and activates the tab; duplicate names are refused like Sheets', () => {
    const ss = newSpreadsheet();
    const sales = ss.insertSheet('売上');
    const first = ss.insertSheet('先頭', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['先頭', 'シート1', '売上']);
    expect(ss.getActiveSheet()).toBe(first);
    expect(sales.getIndex()).toBe(3);
    expect(() => ss.insertSheet('売上')).toThrow(
      'A sheet with the name "売上" already exists. Please enter another name.',
    );
    expect(() => sales.setName('先頭')).toThrow('A sheet with the name "先頭" already exists.');
  });

  test('getSheetByName finds a tab or gives null; deleteSheet removes it but never the last one', () => {
    const ss = newSpreadsheet();
    const extra = ss.insertSheet('extra');
    expect(ss.getSheetByName('extra')).toBe(extra);
    expect(ss.getSheetByName('missing')).toBeNull();
    ss.deleteSheet(extra);
    expect(ss.getSheetByName('extra')).toBeNull();
    expect(ss.getActiveSheet().getName()).toBe('シート1');
    expect(() => ss.deleteSheet(ss.getSheets()[0])).toThrow("You can't remove all the sheets in a document.");
  });

  test('setActiveSheet, activate, and the spreadsheet settings', () => {
    const memory = createServices({ timeZone: 'America/New_York', locale: 'en_US', name: 'Shop', id: 'abc' });
    const ss = memory.spreadsheet;
    const b = ss.insertSheet('B');
    ss.setActiveSheet(ss.getSheets()[0]);
    expect(ss.getActiveSheet().getName()).toBe('Sheet1');
    b.activate();
    expect(ss.getActiveSheet()).toBe(b);
    expect([ss.getSpreadsheetTimeZone(), ss.getSpreadsheetLocale(), ss.getName(), ss.getId(), ss.getUrl()]).toEqual([
      'America/New_York',
      'en_US',
      'Shop',
      'abc',
      'https://docs.google.com/spreadsheets/d/abc/edit',
    ]);
  });

  test('hiding the only visible tab is refused', () => {
    const ss = newSpreadsheet();
    const other = ss.insertSheet('other');
    other.hideSheet();
    expect(other.isSheetHidden()).toBe(true);
    expect(() => ss.getSheets()[0].hideSheet()).toThrow("You can't hide all the sheets in a document.");
  });
});

describe('ranges', () => {
  test('A1 notation, with or without a tab name', () => {
    const ss = newSpreadsheet();
    const sheet = ss.getSheets()[0];
    const describe = (r: GoogleAppsScript.Spreadsheet.Range) => [
      r.getRow(),
      r.getColumn(),
      r.getNumRows(),
      r.getNumColumns(),
      r.getA1Notation(),
    ];
    expect(describe(sheet.getRange('B3'))).toEqual([3, 2, 1, 1, 'B3']);
    expect(describe(sheet.getRange('A1:C3'))).toEqual([1, 1, 3, 3, 'A1:C3']);
    expect(describe(sheet.getRange('$AA$10:AB11'))).toEqual([10, 27, 2, 2, 'AA10:AB11']);
    // Whole columns run to the sheet's 1000 rows, whole rows to its 26 columns.
    expect(describe(sheet.getRange('A:B'))).toEqual([1, 1, 1000, 2, 'A1:B1000']);
    expect(describe(sheet.getRange('2:3'))).toEqual([2, 1, 2, 26, 'A2:Z3']);
    expect(describe(ss.getRange("'シート1'!C2:D4"))).toEqual([2, 3, 3, 2, 'C2:D4']);
    expect(() => sheet.getRange('A1:')).toThrow('Range not found');
  });

  test('coordinates are checked like Sheets', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    expect(() => sheet.getRange(0, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1, 1, 1, 0)).toThrow('The number of columns in the range must be at least 1.');
  });

  test('writing past the grid grows it; last row and column follow the content', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    expect([sheet.getLastRow(), sheet.getLastColumn(), sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([
      0, 0, 1000, 26,
    ]);
    sheet.getRange(1500, 30).setValue('far');
    expect([sheet.getLastRow(), sheet.getLastColumn(), sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([
      1500, 30, 1500, 30,
    ]);
    sheet.getRange(1500, 30).clearContent();
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
  });

  test('getDataRange spans A1 to the last row and column; appendRow writes after the last row', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    sheet.getRange('A1:B1').setValues([['name', 'amount']]);
    sheet.appendRow(['山田', '1,080']);
    sheet.getRange('C1').setValue('note');
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:C2');
    expect(sheet.getDataRange().getValues()).toEqual([
      ['name', 'amount', 'note'],
      ['山田', 1080, ''],
    ]);
  });

  test('clearContents keeps formats, clear removes them', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    sheet.getRange('A1').setValue('header').setFontWeight('bold').setNote('why');
    sheet.clearContents();
    expect([
      sheet.getRange('A1').getValue(),
      sheet.getRange('A1').getFontWeight(),
      sheet.getRange('A1').getNote(),
    ]).toEqual(['', 'bold', 'why']);
    sheet.clear();
    expect([sheet.getRange('A1').getFontWeight(), sheet.getRange('A1').getNote()]).toEqual(['normal', '']);
  });

  test('formats are stored per cell: bold header, notes, backgrounds, alignment', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    sheet.getRange('A1:C1').setFontWeight('bold');
    sheet.getRange('B1').setFontWeight(null);
    sheet.getRange('A2:B2').setNotes([['first', null]]);
    sheet.getRange('C2').setBackground('#ff0000').setHorizontalAlignment('right').setWrap(true);
    expect(sheet.getRange('A1:C2').getFontWeights()).toEqual([
      ['bold', 'normal', 'bold'],
      ['normal', 'normal', 'normal'],
    ]);
    expect(sheet.getRange('A2:C2').getNotes()).toEqual([['first', '', '']]);
    expect(sheet.getRange('B2:C2').getBackgrounds()).toEqual([['#ffffff', '#ff0000']]);
    expect(sheet.getRange('C2').getHorizontalAlignment()).toBe('right');
    expect(sheet.getRange('C2').getWrap()).toBe(true);
  });

  test('values written into new rows are copied and typed: the grid changed afterwards leaves the sheet alone', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    // Rows made in another realm, as the bundle's are in its vm.
    const grid = vm.runInNewContext(
      `[['山田', '1,080', 3, true, null, new Date(Date.UTC(2025, 0, 2))], ['=A1', "'0120", 5, '', undefined, 'x']]`,
    );
    sheet.getRange('A1:F2').setValues(grid);
    grid[0][0] = 'changed';
    grid[0][5].setTime(0);
    grid[1].length = 0;
    expect(sheet.getRange('A1:F1').getValues()).toEqual([['山田', 1080, 3, true, '', new Date(Date.UTC(2025, 0, 2))]]);
    expect(sheet.getRange('B2:F2').getValues()).toEqual([['0120', 5, '', '', 'x']]);
    expect(sheet.getRange('A2').getFormula()).toBe('=A1');
    expect(asMemorySheet(sheet).data.rows.every((row) => row instanceof Array)).toBe(true);
  });

  test('a grid of formats or notes is copied: rows given as one array and changed afterwards leave the sheet alone', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    const body = ['#,##0', 'yyyy-mm-dd'];
    const grid = [['General', 'General'], body, body, ['#,##0', 'yyyy-mm-dd'], ['@', null as unknown as string]];
    const range = sheet.getRange('A1:B5');
    range.setNumberFormats(grid);
    body[0] = '0.00';
    grid[3][1] = '@';
    expect(range.getNumberFormats()).toEqual([
      ['General', 'General'],
      ['#,##0', 'yyyy-mm-dd'],
      ['#,##0', 'yyyy-mm-dd'],
      ['#,##0', 'yyyy-mm-dd'],
      ['@', '0.###############'],
    ]);
    const notes = [
      ['', 'x'],
      ['', 'x'],
      ['', ''],
    ];
    sheet.getRange('A1:B3').setNotes(notes);
    notes[1][1] = 'changed';
    expect(sheet.getRange('A1:B3').getNotes()).toEqual([
      ['', 'x'],
      ['', 'x'],
      ['', ''],
    ]);
  });

  test('frozen rows, column widths and offset', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    sheet.setFrozenRows(1);
    sheet.setColumnWidth(2, 180);
    sheet.setColumnWidths(3, 2, 60);
    sheet.autoResizeColumns(1, 4);
    expect([sheet.getFrozenRows(), sheet.getColumnWidth(1), sheet.getColumnWidth(2), sheet.getColumnWidth(4)]).toEqual([
      1, 100, 180, 60,
    ]);
    expect(sheet.getRange('B2').offset(1, 2, 2, 3).getA1Notation()).toBe('D3:F4');
  });

  test('a method the stand-in lacks fails with a clear message', () => {
    const range = newSpreadsheet().getSheets()[0].getRange('A1');
    expect(() => range.setFontColor('red')).toThrow('not implemented in the in-memory spreadsheet: Range.setFontColor');
  });
});

describe('filters', () => {
  test('one filter per sheet, as in Sheets; remove frees the sheet', () => {
    const sheet = newSpreadsheet().getSheets()[0];
    expect(sheet.getFilter()).toBeNull();
    const filter = sheet.getRange('A1:C10').createFilter();
    expect(filter.getRange().getA1Notation()).toBe('A1:C10');
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe('A1:C10');
    expect(() => sheet.getRange('A1:B2').createFilter()).toThrow(
      "You can't create a filter in a sheet that already has a filter.",
    );
    filter.remove();
    expect(sheet.getFilter()).toBeNull();
    expect(sheet.getRange('B1:B5').createFilter().getRange().getA1Notation()).toBe('B1:B5');
  });
});

describe('charts', () => {
  test('build, insert, read back, modify and update, remove', () => {
    const memory = createServices();
    const { Charts } = memory.globals;
    const sheet = memory.spreadsheet.getSheets()[0];
    const chart = sheet
      .newChart()
      .setChartType(Charts.ChartType.PIE)
      .addRange(sheet.getRange('A1:B5'))
      .setPosition(2, 4, 0, 0)
      .setOption('title', '顧客ステージ')
      .build();
    expect(chart.getChartId()).toBeNull();
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    expect(inserted.getChartId()).toEqual(expect.any(Number));
    expect(inserted.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B5']);
    expect(inserted.getOptions().get('title')).toBe('顧客ステージ');
    expect([inserted.getContainerInfo().getAnchorRow(), inserted.getContainerInfo().getAnchorColumn()]).toEqual([2, 4]);

    sheet.updateChart(inserted.modify().asLineChart().setOption('title', '月次').build());
    const [updated] = sheet.getCharts();
    expect(updated.getChartId()).toBe(inserted.getChartId());
    expect(updated.getOptions().get('title')).toBe('月次');

    sheet.removeChart(updated);
    expect(sheet.getCharts()).toEqual([]);
    expect(() => sheet.updateChart(updated)).toThrow('The chart was not found in this sheet.');
  });

  test('options given as objects are read by dotted path', () => {
    const memory = createServices();
    const sheet = memory.spreadsheet.getSheets()[0];
    sheet.insertChart(sheet.newChart().setOption('hAxis', { title: '月' }).build());
    expect(sheet.getCharts()[0].getOptions().get('hAxis.title')).toBe('月');
    expect(sheet.getCharts()[0].getOptions().get('vAxis.title')).toBeNull();
  });
});

describe('large sheets', () => {
  test('a million-row sheet loads and reads back', () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [`c${i % 1000}`, String(i), '2025/1/5']);
    const ss = new MemorySpreadsheet();
    const sheet = asMemorySheet(ss.getSheets()[0]);
    sheet.loadRawValues(rows);
    expect(ss.inspect(() => [sheet.getLastRow(), sheet.getLastColumn()])).toEqual([1_000_000, 3]);
    const values = ss.inspect(() => sheet.getRange(999_999, 1, 2, 3).getValues());
    expect(values).toEqual([
      ['c998', '999998', '2025/1/5'],
      ['c999', '999999', '2025/1/5'],
    ]);
  });
});
