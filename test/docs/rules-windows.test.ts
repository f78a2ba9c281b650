// docs/RULES.md section 7 says which numbers are settings and which windows are fixed: it must
// name every one, with the value the code uses.

import fs from 'fs';
import path from 'path';
import * as metrics from '../../src/core/metrics';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '../../src/core/followups';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import * as rhythm from '../../src/core/rhythm';
import * as results from '../../src/core/followup-results';

const rules = fs.readFileSync(path.resolve(__dirname, '../../docs/RULES.md'), 'utf8');
const section = rules.slice(rules.indexOf('## 7. Settings and fixed windows'));

/** `name` → the second cell of its table row in section 7. */
const documented = new Map(
  [...section.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()] as [string, string]),
);

test('every threshold is listed as a setting with its default', () => {
  for (const [key, value] of Object.entries(DEFAULT_THRESHOLDS))
    expect([key, documented.get(key)]).toEqual([key, value === null ? '(none: the multiple below)' : String(value)]);
});

test('every follow-up cadence is listed with its default', () => {
  for (const [key, value] of Object.entries(DEFAULT_FOLLOW_UP_SETTINGS))
    expect([key, documented.get(key)]).toEqual([key, String(value)]);
});

test('every fixed window of the analysis is listed with its value', () => {
  const windows = Object.entries(metrics).filter(([name, v]) => /^[A-Z0-9_]+$/.test(name) && typeof v === 'number');
  expect(windows.map(([name]) => name).sort()).toEqual(
    ['COHORT_MONTHS', 'F2_DAYS', 'NEW_CUSTOMER_DAYS', 'TOP_PRODUCT_COUNT', 'YEAR_DAYS'].sort(),
  );
  for (const [name, value] of windows) expect([name, documented.get(name)]).toEqual([name, String(value)]);
});

test('every fixed number of the rhythm and the follow-up results is listed with its value', () => {
  const constants = [...Object.entries(rhythm), ...Object.entries(results)].filter(
    ([name, v]) => /^[A-Z0-9_]+$/.test(name) && typeof v === 'number',
  );
  expect(constants.map(([name]) => name).sort()).toEqual(['RESULT_DAYS', 'USUAL_MIN_OVERDUE_DAYS', 'USUAL_MONTHS']);
  for (const [name, value] of constants) expect([name, documented.get(name)]).toEqual([name, String(value)]);
});
