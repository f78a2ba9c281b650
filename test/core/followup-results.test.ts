// Did the follow-ups work: a log of drafts and the sales after them give known counts, and the
// usual rate replays the same cadence over the 12 months before the first draft.
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { followUpResultLine, followUpResults, followUpResultsRows } from '../../src/core/followup-results';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '../../src/core/followups';
import { computeSummary, summaryJson } from '../../src/core/metrics';
import { summaryTable } from '../../src/core/report-tables';
import { SalesAnalysis, analyzeSales } from '../../src/core/sales';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { FOLLOW_UP_TYPES, FollowUpType, followUpTypeLabel } from '../../src/core/templates';

let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});
const day = (iso: string) => parseIsoDay(iso) as number;

function analyse(rows: unknown[][], asOf: string): SalesAnalysis {
  return analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2 },
    asOf: day(asOf),
    dayOf,
  });
}

// As-of 2025-06-30: drafts up to 2025-05-31 are judged. At risk after 90 days, lapsed after 240.
const SALES = [
  // A: at risk from 2025-03-01 (12-01 + 90), back 2025-04-20 (50 days later); drafted 04-02, back 18 days after.
  ['2024-12-01', 'A', 1000],
  ['2025-04-05', 'A', -500], // a refund is no visit
  ['2025-04-20', 'A', 1000],
  // B: drafted 04-10; a ¥0 sample on 04-15 is no visit; paid 05-15, 35 days after: not within 30.
  ['2025-01-05', 'B', 1000],
  ['2025-04-15', 'B', 0],
  ['2025-05-15', 'B', 1000],
  // C: at risk from 2025-03-20; drafted 05-31 (exactly 30 days before as-of), back 06-30 (day 30).
  ['2024-12-20', 'C', 1000],
  ['2025-06-30', 'C', 1000],
  // D: at risk from 2024-08-30, back 09-15 (16 days); at risk again from 12-14, not back until
  // 2025-06-20. Drafted 06-05: too recent to judge.
  ['2024-06-01', 'D', 1000],
  ['2024-09-15', 'D', 1000],
  ['2025-06-20', 'D', 1000],
  // E: drafted 05-01 and bought the same day (before the mail, as far as anyone can tell): not counted.
  ['2025-01-20', 'E', 1000],
  ['2025-05-01', 'E', 1000],
  // F: 85 days between the first two visits (never at risk), at risk from 2025-03-25, back 04-10.
  ['2024-10-01', 'F', 1000],
  ['2024-12-25', 'F', 1000],
  ['2025-04-10', 'F', 1000],
  // G: at risk from 2023-12-30 and 2024-03-31, both before the 12 months before the first draft.
  ['2023-10-01', 'G', 1000],
  ['2024-01-01', 'G', 1000],
];

const DRAFTS = [
  { key: 'A|at_risk@2025-03-01', day: day('2025-04-02') },
  { key: 'B|at_risk@2025-04-05', day: day('2025-04-10') },
  { key: 'C|at_risk@2025-03-20', day: day('2025-05-31') },
  { key: 'D|at_risk@2024-12-14', day: day('2025-06-05') },
  { key: 'E|at_risk@2025-04-20', day: day('2025-05-01') },
  { key: 'not a key', day: day('2025-04-01') },
];

describe('follow-up results', () => {
  test('drafts 30+ days old, and the customers back within 30 days after; the usual rate beside it', () => {
    const results = followUpResults({
      analysis: analyse(SALES, '2025-06-30'),
      drafts: DRAFTS,
      settings: DEFAULT_FOLLOW_UP_SETTINGS,
    });
    // Drafted A B C E (D too recent); back: A (04-20) and C (06-30).
    // Usual: the first draft is 2025-04-02, so due days in [2024-04-02, 2025-04-01]:
    // A 03-01 (no), C 03-20 (no), D 2024-08-30 (yes), D 2024-12-14 (no), F 03-25 (yes).
    // B (04-05) and E (04-20) became due after; G's days lie before.
    expect(results.at_risk).toEqual({
      drafted: 4,
      returned30d: 2,
      rate: 0.5,
      usualDue: 5,
      usualReturned30d: 2,
      usualRate: 0.4,
    });
    for (const type of FOLLOW_UP_TYPES.filter((t) => t !== 'at_risk'))
      expect(results[type]).toEqual({
        drafted: 0,
        returned30d: 0,
        rate: null,
        usualDue: 0,
        usualReturned30d: 0,
        usualRate: null,
      });
    expect(followUpResultLine(results.at_risk, 'en')).toBe('with a follow-up 50% (2/4) · usual 40% (2/5)');
    expect(followUpResultLine(results.at_risk, 'ja')).toBe('フォローあり 50%（4件中2件）・ふだん 40%（5件中2件）');
  });

  test('summary.json: follow_up_results per type with the issue’s keys; the Summary tab’s block', () => {
    const analysis = analyse(SALES, '2025-06-30');
    const followUpResultsOf = followUpResults({ analysis, drafts: DRAFTS, settings: DEFAULT_FOLLOW_UP_SETTINGS });
    const summary = computeSummary(analysis, { followUpResults: followUpResultsOf });
    const json = summaryJson(summary);
    expect(Object.keys(json.follow_up_results)).toEqual([...FOLLOW_UP_TYPES]);
    expect(json.follow_up_results.at_risk).toEqual({
      drafted: 4,
      returned_30d: 2,
      rate: 0.5,
      usual_due: 5,
      usual_returned_30d: 2,
      usual_rate: 0.4,
    });
    expect(json.follow_up_results.winback).toEqual({
      drafted: 0,
      returned_30d: 0,
      rate: null,
      usual_due: 0,
      usual_returned_30d: 0,
      usual_rate: null,
    });

    const table = summaryTable(summary, 'ja', { contactLabel: (k, lang) => k + lang });
    const title = table.rows.findIndex((r) => r[0] === 'フォローの成果');
    expect(title).toBeGreaterThan(0);
    expect(table.rows[title + 2].slice(0, 7)).toEqual(['at_riskja', 4, 2, 0.5, 5, 2, 0.4]);
    expect(table.notes.find((n) => n.row === title)?.text).toContain('送らなかった下書きも区別できずに含まれます');
    expect(table.formats).toContainEqual({ kind: 'percent', row: title + 2, col: 3, numRows: 1, numCols: 1 });
  });

  test('no draft old enough: the block says so; without a log the Summary has no block', () => {
    const analysis = analyse(SALES, '2025-06-30');
    const none = followUpResults({ analysis, drafts: [], settings: DEFAULT_FOLLOW_UP_SETTINGS });
    expect(followUpResultsRows(none, 'en', (t) => followUpTypeLabel('en', t)).rows.slice(2)).toEqual([
      ['(no draft old enough to judge yet)'],
    ]);
    const table = summaryTable(computeSummary(analysis), 'en');
    expect(table.rows.some((r) => r[0] === 'Follow-up results')).toBe(false);
  });
});

describe('the usual rate replays each type’s cadence over the sales', () => {
  // As-of 2026-06-30; a draft on 2026-05-01 makes the window [2025-05-01, 2026-04-30].
  const cases: [FollowUpType, unknown[][], [number, number], Map<number, number>?][] = [
    [
      'usual_reminder',
      [
        // U: after 01-11 (interval 10) due 01-28, but back 01-21; after 01-21 due 02-07, never back.
        ['2026-01-01', 'U', 1000],
        ['2026-01-11', 'U', 1000],
        ['2026-01-21', 'U', 1000],
        // V: after 02-21 (interval 20) expected 03-13, due 10 days later (03-23), back 03-28; after
        // 03-28 (gaps 20, 35 → 28) due 03-28 + 28 + 14 = 05-09, after the window.
        ['2026-02-01', 'V', 1000],
        ['2026-02-21', 'V', 1000],
        ['2026-03-28', 'V', 1000],
      ],
      [2, 1],
    ],
    [
      'new_info',
      [
        ['2026-01-01', 'N1', 1000], // due 01-15, back 01-20
        ['2026-01-20', 'N1', 1000],
        ['2026-02-01', 'N2', 1000], // due 02-15
      ],
      [2, 1],
    ],
    [
      'new_second_offer',
      [
        ['2026-01-01', 'N1', 1000], // a Repeat by 01-31: not due
        ['2026-01-20', 'N1', 1000],
        ['2026-02-01', 'N2', 1000], // due 03-03
      ],
      [1, 0],
    ],
    [
      'repeat_thanks',
      // The 3rd visit (01-15, back 01-22) and the 6th (02-05).
      ['2026-01-01', '2026-01-08', '2026-01-15', '2026-01-22', '2026-01-29', '2026-02-05'].map((d) => [d, 'R', 1000]),
      [2, 1],
    ],
    [
      'winback',
      [
        ['2025-03-01', 'W', 1000], // lapsed from 2025-10-27, back 12-01 (35 days later)
        ['2025-12-01', 'W', 1000],
      ],
      [1, 0],
    ],
    [
      'anniversary',
      [
        ['2024-06-10', 'A', 1000], // 2025-06-10, back 06-20; 2026-06-10 lies after the window
        ['2025-06-20', 'A', 1000],
      ],
      [1, 1],
    ],
    [
      'fan_vip',
      // Five visits before 2026-01-01 (back 01-05) and six before 04-01; none before 2025-10-01.
      ['2025-11-01', '2025-11-10', '2025-11-20', '2025-12-01', '2025-12-10', '2026-01-05'].map((d) => [d, 'F', 1000]),
      [2, 1],
    ],
    [
      'prospect_touch',
      [
        ['2026-02-01', 'P', 0], // first seen 02-01, bought 02-10
        ['2026-02-10', 'P', 1000],
        ['2026-03-01', 'P2', 0],
      ],
      [2, 1],
    ],
    [
      'birthday',
      [
        ['2025-01-10', 'B', 1000], // born in March: 2025-03-01 lies before the window, 2026-03-01 back 03-15
        ['2026-03-15', 'B', 1000],
        ['2025-01-10', 'C', 1000], // no birthday known
      ],
      [1, 1],
      new Map([[0, 3]]),
    ],
  ];

  // One case as one argument: a 4th parameter would make jest wait for a done callback.
  test.each(cases.map((c) => [c[0], c] as const))('%s', (_name, [type, rows, [due, returned], birthMonths]) => {
    const results = followUpResults({
      analysis: analyse(rows, '2026-06-30'),
      drafts: [{ key: `Z|${type}@2026-04-01`, day: day('2026-05-01') }],
      settings: DEFAULT_FOLLOW_UP_SETTINGS,
      birthMonths,
    });
    expect([results[type].usualDue, results[type].usualReturned30d]).toEqual([due, returned]);
    expect([results[type].drafted, results[type].returned30d]).toEqual([1, 0]);
  });
});

describe('the edges of the drafts and of the usual window', () => {
  test('drafts in any order: the first draft by day sets the window; an unknown customer’s draft counts, not back', () => {
    const analysis = analyse(SALES, '2025-06-30');
    const drafts = [...DRAFTS, { key: 'Nobody|at_risk@2025-03-01', day: day('2025-04-03') }].reverse();
    // As the first test, with one more draft judged (5) and nobody of that name back: 2 of 5.
    expect(followUpResults({ analysis, drafts, settings: DEFAULT_FOLLOW_UP_SETTINGS }).at_risk).toEqual({
      drafted: 5,
      returned30d: 2,
      rate: 0.4,
      usualDue: 5,
      usualReturned30d: 2,
      usualRate: 0.4,
    });
  });

  // As-of 2026-06-30 and one draft on 2026-05-01: the window is [2025-05-01, 2026-04-30].
  const usualOf = (type: FollowUpType, rows: unknown[][], draftDay = '2026-05-01') => {
    const r = followUpResults({
      analysis: analyse(rows, '2026-06-30'),
      drafts: [{ key: `Z|${type}@2026-04-01`, day: day(draftDay) }],
      settings: DEFAULT_FOLLOW_UP_SETTINGS,
    })[type];
    return [r.usualDue, r.usualReturned30d];
  };

  test('a due day on the window’s first or last day is counted; a day either side is not', () => {
    // Thanks 3 days after the first visit.
    const rows = [
      ['2025-04-28', 'F1', 1000], // due 2025-05-01, the first day; back 05-20
      ['2025-05-20', 'F1', 1000],
      ['2026-04-27', 'F2', 1000], // due 2026-04-30, the last day
      ['2025-04-27', 'F3', 1000], // due 2025-04-30: before
      ['2026-04-28', 'F4', 1000], // due 2026-05-01: after
    ];
    expect(usualOf('new_thanks', rows)).toEqual([2, 1]);
  });

  test('back on the very day the status would turn: never at risk then', () => {
    const rows = [
      // 2025-06-01 + 90 = 08-30, the day of the next visit: not at risk; 08-30 + 90 = 11-28, never back.
      ['2025-06-01', 'X', 1000],
      ['2025-08-30', 'X', 1000],
    ];
    expect(usualOf('at_risk', rows)).toEqual([1, 0]);
  });

  test('a window that starts on a quarter’s first day counts that quarter', () => {
    // Draft 2026-04-01: window [2025-04-01, 2026-03-31]; quarters 2025-04-01, 07-01, 10-01, 2026-01-01.
    // Five visits before 2025-04-01, so a Fan on each; back 04-10 after the first only.
    const rows = ['2025-01-05', '2025-01-20', '2025-02-05', '2025-02-20', '2025-03-05', '2025-04-10'].map((d) => [
      d,
      'V',
      1000,
    ]);
    expect(usualOf('fan_vip', rows, '2026-04-01')).toEqual([4, 1]);
  });
});

describe('each rule of the replay at its edges', () => {
  // As-of 2026-06-30 and one draft on 2026-05-01 (unless given): the window is [2025-05-01, 2026-04-30].
  const usual = (
    type: FollowUpType,
    rows: unknown[][],
    opts: { draftDay?: string; birthMonths?: Map<number, number>; repeatVisits?: number; repeatEvery?: number } = {},
  ) => {
    const analysis = analyzeSales({
      rows,
      firstRowNumber: 2,
      mapping: { date: 0, customer: 1, amount: 2, orderId: 3 },
      asOf: day('2026-06-30'),
      dayOf,
      thresholds: { ...DEFAULT_THRESHOLDS, repeatVisits: opts.repeatVisits ?? DEFAULT_THRESHOLDS.repeatVisits },
    });
    const r = followUpResults({
      analysis,
      drafts: [{ key: `Z|${type}@2026-04-01`, day: day(opts.draftDay ?? '2026-05-01') }],
      settings: {
        ...DEFAULT_FOLLOW_UP_SETTINGS,
        repeatEvery: opts.repeatEvery ?? DEFAULT_FOLLOW_UP_SETTINGS.repeatEvery,
      },
      birthMonths: opts.birthMonths,
    })[type];
    return [r.usualDue, r.usualReturned30d];
  };
  const visits = (name: string, ...days: string[]) => days.map((d) => [d, name, 1000]);

  test('usual: never for a New customer, from the first day with two orders, not when back on the due day or lapsed by then', () => {
    const rows = [
      // S, T, U, W: first repeat gap 10 days (the shop's median); due 10 + 7 days after the second visit.
      ...visits('S', '2025-05-10', '2025-05-20'), // due 06-06
      ...visits('T', '2025-05-12', '2025-05-22'), // due 06-08
      ...visits('U', '2025-05-14', '2025-05-24'), // due 06-10
      // W back on 07-28, the very due day: not due then; gaps 10 and 17 → 14, due 07-28 + 14 + 7 = 08-18.
      ...visits('W', '2025-07-01', '2025-07-11', '2025-07-28'),
      // M: two orders on its first day make a Repeat: the shop's gap, due 06-01 + 17 = 06-18, back only
      // 12-01; after 12-01 the interval is 183, due 183 + 92 = 275 days later: lapsed by then.
      ['2025-06-01', 'M', 1000, 'o1'],
      ['2025-06-01', 'M', 1000, 'o2'],
      ['2025-12-01', 'M', 1000, 'o3'],
      // V: 160 days between, due 160 + 80 = 240 days after 09-02, 2026-04-30, the day it lapses.
      ...visits('V', '2025-03-26', '2025-09-02'),
      // L: New until 10-01 (nothing after its first visit); interval 122, due 10-01 + 183 = 2026-04-02.
      ...visits('L', '2025-06-01', '2025-10-01'),
    ];
    // S T U W M L once each.
    expect(usual('usual_reminder', rows)).toStrictEqual([6, 0]);
  });

  test('new info: not once a second visit came, on the due day itself too', () => {
    const rows = [
      ...visits('N1', '2026-01-01', '2026-01-15'), // 14 days: a Repeat on the due day
      ...visits('N2', '2026-01-01', '2026-01-10'),
      ...visits('N3', '2026-02-01'), // due 02-15
    ];
    expect(usual('new_info', rows)).toStrictEqual([1, 0]);
  });

  test('new thanks: a customer with only a ¥0 sample is never due', () => {
    expect(usual('new_thanks', [['2025-06-01', 'P', 0], ...visits('F', '2025-06-01')])).toStrictEqual([1, 0]);
  });

  test('fan VIP: a fifth visit on a quarter’s first day counts from the next quarter; a window ending on a quarter’s first day', () => {
    // Draft 2026-04-02: the window is [2025-04-02, 2026-04-01]: quarters 07-01, 10-01, 01-01, 04-01.
    const rows = visits('F', '2025-06-01', '2025-06-05', '2025-06-10', '2025-06-15', '2025-07-01');
    expect(usual('fan_vip', rows, { draftDay: '2026-04-02' })).toStrictEqual([3, 0]);
  });

  test('repeat thanks: the visit the count reaches, from the Repeat threshold on', () => {
    // Every 2nd visit with Repeat from the 4th: the 2nd is not yet a Repeat, the 4th (06-22) is.
    const four = visits('R', '2025-06-01', '2025-06-08', '2025-06-15', '2025-06-22');
    expect(usual('repeat_thanks', four, { repeatVisits: 4, repeatEvery: 2 })).toStrictEqual([1, 0]);
    // Every 3rd: the 3rd visit (04-30) lies before the window; the 5th is no 3rd.
    const five = visits('Q', '2025-04-20', '2025-04-25', '2025-04-30', '2025-05-05', '2025-05-10');
    expect(usual('repeat_thanks', five)).toStrictEqual([0, 0]);
  });

  test('prospect touch: not for a customer whose first row was a purchase', () => {
    expect(usual('prospect_touch', visits('Q', '2025-06-01', '2025-06-20'))).toStrictEqual([0, 0]);
  });

  test('birthday: the first of the month from the day first seen on, a prospect’s too', () => {
    const rows = [
      ...visits('B1', '2025-09-10'), // born in June: 2025-06-01 lies before, 2026-06-01 after the window
      ...visits('B2', '2025-09-01'), // born in September: 2025-09-01, the day first seen
      ['2025-10-05', 'B3', 0], // only a sample; born in November: 2025-11-01
    ];
    const birthMonths = new Map([
      [0, 6],
      [1, 9],
      [2, 11],
    ]);
    expect(usual('birthday', rows, { birthMonths })).toStrictEqual([2, 0]);
  });

  test('anniversary: none in the first year; the second one two years on', () => {
    // A1's first visit is in the window (no anniversary yet); A2's second anniversary 2025-06-10 is.
    const rows = [...visits('A1', '2025-06-10'), ...visits('A2', '2023-06-10')];
    expect(usual('anniversary', rows)).toStrictEqual([1, 0]);
  });

  test('the block’s rate columns only with a body', () => {
    const analysis = analyse(SALES, '2025-06-30');
    const label = (t: FollowUpType) => followUpTypeLabel('en', t);
    const some = followUpResults({ analysis, drafts: DRAFTS, settings: DEFAULT_FOLLOW_UP_SETTINGS });
    const none = followUpResults({ analysis, drafts: [], settings: DEFAULT_FOLLOW_UP_SETTINGS });
    expect(followUpResultsRows(some, 'en', label).rateColumns).toStrictEqual([3, 6]);
    expect(followUpResultsRows(none, 'en', label).rateColumns).toStrictEqual([]);
  });
});
