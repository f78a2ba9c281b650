// A CSV tab kept as columns of shared texts (ColumnStore) reads back exactly as the rows it was given.
import fc from 'fast-check';
import { ColumnStore } from '../../src/local/memory/column-store';
import { SheetData } from '../../src/local/memory/sheet-data';
import { Zone } from '../../src/local/memory/zone';

function storeOf(records: string[][]): ColumnStore {
  const store = new ColumnStore();
  for (const record of records) store.add(record);
  return store;
}

const newDate = (ms: number) => new Date(ms);

describe('ColumnStore', () => {
  test('rows of different widths, blanks and repeats: cells, rows and the last filled row and column', () => {
    const records = [
      ['customer', 'date', 'amount'],
      ['山田', '2025-01-05', '1,080'],
      ['山田', '2025-01-05', ''],
      [''],
      ['佐藤', '2025-02-01', '500', 'note', ''],
      ['', ''],
    ];
    const store = storeOf(records);
    expect(store.count).toBe(6);
    expect(store.width).toBe(5);
    // Row 5 is the last with text; its 'note' (column 4) is the rightmost text anywhere.
    expect([store.lastRow, store.lastColumn]).toEqual([5, 4]);
    expect([store.cell(1, 0), store.cell(2, 2), store.cell(4, 3), store.cell(3, 1), store.cell(9, 0)]).toEqual([
      '山田',
      '',
      'note',
      '',
      '',
    ]);
    expect(store.toRows()).toEqual(records);
  });

  test('nothing added: no rows, no last row or column', () => {
    const store = new ColumnStore();
    expect([store.count, store.width, store.lastRow, store.lastColumn]).toEqual([0, 0, 0, 0]);
    expect(store.toRows()).toEqual([]);
  });

  test('a column with more distinct texts than it looks up in a map (65,536) still reads back each one', () => {
    const records = Array.from({ length: 70_000 }, (_, i) => [`C${i % 69_000}`, i % 3 === 0 ? 'a' : 'b']);
    const store = storeOf(records);
    expect(store.cell(68_999, 0)).toBe('C68999');
    expect(store.cell(69_000, 0)).toBe('C0');
    expect(store.cell(69_999, 0)).toBe('C999');
    expect(store.cell(69_999, 1)).toBe('a');
    expect(store.toRows()).toEqual(records);
  });

  test('any records (past the first arrays, ragged, repeated) read back as given, with the last row and column of their text', () => {
    const cell = fc.constantFrom('', 'a', 'b', '山田', '1,080', ' ');
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 1500 }), (records) => {
        const store = storeOf(records);
        expect(store.toRows()).toEqual(records);
        let lastRow = 0;
        let lastColumn = 0;
        records.forEach((row, r) => {
          row.forEach((text, c) => {
            if (text === '') return;
            lastRow = r + 1;
            lastColumn = Math.max(lastColumn, c + 1);
          });
        });
        expect([store.lastRow, store.lastColumn]).toEqual([lastRow, lastColumn]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a sheet loaded from a ColumnStore', () => {
  const records = [['customer', 'amount'], ['山田', '1,080'], ['佐藤'], ['', ''], ['鈴木', '500', 'x']];

  function loaded(): SheetData {
    const data = new SheetData('Sales', 1, Zone.of('Asia/Tokyo'));
    data.loadStore(storeOf(records));
    return data;
  }

  test('reads, sizes and last row and column as the same rows loaded raw', () => {
    const raw = new SheetData('Sales', 1, Zone.of('Asia/Tokyo'));
    raw.loadRaw(records.map((row) => [...row]));
    const data = loaded();
    expect([data.maxRows, data.maxColumns, data.lastRow(), data.lastColumn()]).toEqual([5, 3, 5, 3]);
    expect([data.maxRows, data.maxColumns, data.lastRow(), data.lastColumn()]).toEqual([
      raw.maxRows,
      raw.maxColumns,
      raw.lastRow(),
      raw.lastColumn(),
    ]);
    for (const [r0, c0, rows, columns] of [
      [0, 0, 5, 3],
      [1, 1, 3, 2],
      [4, 2, 3, 1],
    ])
      expect(data.read(r0, c0, rows, columns, newDate)).toEqual(raw.read(r0, c0, rows, columns, newDate));
    expect(data.read(0, 0, 2, 2, newDate)).toEqual([
      ['customer', 'amount'],
      ['山田', '1,080'],
    ]);
  });

  test('each read is a fresh copy: changing it changes nothing in the sheet', () => {
    const data = loaded();
    data.read(1, 0, 1, 2, newDate)[0][0] = 'changed';
    expect(data.read(1, 0, 1, 2, newDate)).toEqual([['山田', '1,080']]);
  });

  test('anything but a read makes the rows first: a write lands among the file rows', () => {
    const data = loaded();
    data.write(2, 1, [['=A2', 7]], 'typed');
    expect(data.rows.map((row) => row?.slice())).toEqual([
      ['customer', 'amount'],
      ['山田', '1,080'],
      ['佐藤', '=A2', 7],
      ['', ''],
      ['鈴木', '500', 'x'],
    ]);
    expect(data.formulaAt(2, 1)).toBe('=A2');
    expect(data.read(4, 0, 1, 3, newDate)).toEqual([['鈴木', '500', 'x']]);
  });
});
