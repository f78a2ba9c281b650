// The Rejected tab of a sheet where most rows are refused: its width is the widest row's.

import { rejectedTable } from '../../src/core/customer-tables';
import { RejectedRow } from '../../src/core/sales';

test('200,000 rejected rows make one table (no argument list as long as the rows)', () => {
  const rejected: RejectedRow[] = [];
  for (let i = 0; i < 200_000; i++)
    rejected.push({
      rowNumber: i + 2,
      reason: 'date_unreadable',
      values: i === 123_456 ? ['x', 1, 2, 3, 4, 5] : ['x', 1],
    });
  const table = rejectedTable(rejected, 'en', ['Date', 'Customer', 'Amount']);
  expect(table.rows).toHaveLength(200_001);
  // Row number, reason, then 6 value columns: the widest row (6) is wider than the header (3).
  expect(table.rows[0]).toEqual(['Row', 'Reason', 'Date', 'Customer', 'Amount', 'Values 4', 'Values 5', 'Values 6']);
  expect(table.rows[123_456 + 1]).toEqual([123_458, 'The date cannot be read', 'x', 1, 2, 3, 4, 5]);
  expect(table.rows[1]).toEqual([2, 'The date cannot be read', 'x', 1, '', '', '', '']);
});
