// Anonymous sales in the Summary and summary.json: counted per period, one Summary row only when
// the shop has some.
import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { computeSummary, summaryJson } from '../../src/core/metrics';
import { summaryTable } from '../../src/core/report-tables';
import { analyzeSales } from '../../src/core/sales';

function summaryOf(rows: unknown[][]) {
  const a = analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2 },
    asOf: parseIsoDay('2025-03-20') as number,
    dayOf: dayOfDateIn('Asia/Tokyo'),
  });
  return computeSummary(a);
}

const QUESTION = 'お客様が特定できない売上';

test('anonymous visits and revenue of the month and of 12 months; a refund lowers the revenue, not the visits', () => {
  const s = summaryOf([
    ['2024/3/1', '', 900], // more than 12 months before as-of: in neither period
    ['2025/1/10', '', 500],
    ['2025/3/5', '', 700],
    ['2025/3/6', '', '-200'],
    ['2025/3/7', 'Aoi', 1000],
  ]);
  expect(s.anonymous).toEqual({ rows: 4, visits: { month: 1, last12m: 2 }, revenue: { month: 500, last12m: 1000 } });
  expect(summaryJson(s)).toMatchObject({
    anonymous_rows: 4,
    anonymous_visits_month: 1,
    anonymous_visits_12m: 2,
    anonymous_revenue_month: 500,
    anonymous_revenue_12m: 1000,
    profile: 'generic',
  });
  const table = summaryTable(s, 'ja');
  const r = table.rows.findIndex((row) => row[0] === QUESTION);
  // The month's value; History holds no previous month of it, so that and the change stay blank.
  expect(table.rows[r].slice(1, 4)).toEqual([500, '', '']);
  // The definition is the question's note.
  expect(table.notes.find((n) => n.row === r && n.col === 0)?.text).toContain('来店は対象月に1回、直近12か月で2回');
});

test('a shop without anonymous sales gets no such row', () => {
  const s = summaryOf([['2025/3/7', 'Aoi', 1000]]);
  expect(summaryTable(s, 'ja').rows.some((r) => r[0] === QUESTION)).toBe(false);
});
