// docs/RULES.md section 5 states the report month's rule with an example and the runner's flag:
// both must be what the code does.
import fs from 'fs';
import path from 'path';
import { parseIsoDay } from '../../src/core/days';
import { CURRENT_MONTH, reportMonthOf } from '../../src/core/report-month';

const rules = fs.readFileSync(path.resolve(__dirname, '../../docs/RULES.md'), 'utf8');

test('the example "run on 2 December: November, as of 30 November" is the code’s default', () => {
  expect(rules).toContain('(run on 2 December: November, as of 30 November)');
  const month = reportMonthOf(parseIsoDay('2026-12-02') as number);
  expect([month?.month, month?.end]).toEqual(['2026-11', parseIsoDay('2026-11-30')]);
});

test('"this month so far" is the flag value the code reads', () => {
  expect(rules).toContain(`\`--month ${CURRENT_MONTH}\``);
  expect(reportMonthOf(parseIsoDay('2026-12-02') as number, CURRENT_MONTH)?.soFar).toBe(true);
});
