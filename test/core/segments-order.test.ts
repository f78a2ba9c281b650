// The Segments tab in the order of work: customers with a suggested contact first, in the
// follow-ups' priority order, then the rest as first seen.
import { segmentsTable } from '../../src/core/customer-tables';
import { analyze } from './metrics-fixture';

test('suggested first, in the given order, with the contact named; the rest in first-seen order', () => {
  const a = analyze([
    ['2025-03-01', 'Ann', 1000],
    ['2025-03-02', 'Bo', 1000],
    ['2025-03-03', 'Cy', 1000],
    ['2025-03-04', 'Di', 1000],
  ]);
  const table = segmentsTable(
    a,
    'ja',
    [],
    [
      { customerKey: 'Cy', label: '離脱したお客様へ' },
      { customerKey: 'Ann', label: '2回目のお誘い' },
      { customerKey: 'Ann', label: 'ignored: one per customer' },
      { customerKey: 'nobody', label: 'ignored: not a customer' },
    ],
  );
  const contact = table.rows[0].indexOf('おすすめの連絡');
  expect(contact).toBe(4); // after the labels (no Email column: nobody has one)
  expect(table.rows.slice(1).map((r) => [r[0], r[contact]])).toStrictEqual([
    ['Cy', '離脱したお客様へ'],
    ['Ann', '2回目のお誘い'],
    ['Bo', ''],
    ['Di', ''],
  ]);
});

test('English header', () => {
  const table = segmentsTable(analyze([['2025-03-01', 'Ann', 1000]]), 'en');
  expect(table.rows[0][4]).toBe('Suggested contact');
  expect(table.rows.slice(1).map((r) => r[0])).toStrictEqual(['Ann']);
});
