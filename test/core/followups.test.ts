import { CustomerListEntry, mergeCustomerList } from '../../src/core/customer-list';
import { dayOfDateIn, formatDay, parseIsoDay, DayOfDate } from '../../src/core/days';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  DueFollowUps,
  FollowUpSettingsError,
  ProspectTouchLog,
  dueFollowUps,
  followUpKey,
  parseFollowUpKey,
  prospectTouchLog,
  resolveFollowUpSettings,
  salutationName,
} from '../../src/core/followups';
import { analyzeSales } from '../../src/core/sales';
import { resolveThresholds, Thresholds } from '../../src/core/settings';
import { FOLLOW_UP_TYPES, FollowUpType } from '../../src/core/templates';

// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});
const day = (iso: string) => parseIsoDay(iso) as number;

interface Run {
  /** Sales rows: date, customer, amount, email, product. */
  rows?: unknown[][];
  asOf: string;
  list?: Partial<CustomerListEntry>[];
  logged?: string[];
  touches?: [string, ProspectTouchLog][];
  thresholds?: Thresholds;
  settings?: Partial<typeof DEFAULT_FOLLOW_UP_SETTINGS>;
  enabledTypes?: FollowUpType[];
}

function run(r: Run): DueFollowUps {
  const analysis = analyzeSales({
    rows: r.rows ?? [],
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, email: 3, product: 4 },
    asOf: day(r.asOf),
    dayOf,
    thresholds: r.thresholds,
  });
  const entries = (r.list ?? []).map((e, i) => ({
    key: e.key as string,
    name: e.key as string,
    email: '',
    birthday: null,
    optOut: false,
    note: '',
    rowNumber: i + 2,
    ...e,
  }));
  return dueFollowUps({
    analysis,
    customers: mergeCustomerList(analysis, { entries }),
    asOf: day(r.asOf),
    settings: { ...DEFAULT_FOLLOW_UP_SETTINGS, ...r.settings },
    loggedKeys: new Set(r.logged ?? []),
    prospectTouchesLogged: r.touches ? new Map(r.touches) : undefined,
    enabledTypes: r.enabledTypes,
  });
}

/** `key triggerDate` of the due follow-ups of one type. */
function dueOf(result: DueFollowUps, type: FollowUpType): string[] {
  return result.due.filter((d) => d.type === type).map((d) => `${d.key} ${formatDay(d.triggerDay)}`);
}

const mail = (name: string) => `${name.toLowerCase()}@example.jp`;

describe('new-customer follow-ups (3 / 14 / 30 days after the first visit)', () => {
  // As-of 2026-01-20: window [asOf − 29, asOf] = [2025-12-22, 2026-01-20].
  const rows = [
    ['2026-01-05', 'Aoki', 3000, mail('Aoki')], // one visit: New
    ['2026-01-02', 'Baba', 2000, mail('Baba')], // two visits: Repeat
    ['2026-01-10', 'Baba', 2000, ''],
    ['2026-01-19', 'Chiba', 1000, mail('Chiba')], // thanks due 01-22: not yet
  ];
  let result: DueFollowUps;
  beforeEach(() => {
    result = run({ rows, asOf: '2026-01-20' });
  });

  it('thanks every customer 3 days after the first visit, even one who came back since', () => {
    // Aoki 01-05 + 3 = 01-08; Baba 01-02 + 3 = 01-05; Chiba 01-19 + 3 = 01-22 > as-of.
    expect(dueOf(result, 'new_thanks')).toEqual([
      'Aoki|new_thanks@2026-01-05 2026-01-08',
      'Baba|new_thanks@2026-01-02 2026-01-05',
    ]);
  });

  it('sends the info mail 14 days after the first visit only while the customer is still New', () => {
    // Aoki 01-05 + 14 = 01-19 (New); Baba 01-02 + 14 = 01-16, but Baba is Repeat.
    expect(dueOf(result, 'new_info')).toEqual(['Aoki|new_info@2026-01-05 2026-01-19']);
    // Aoki 01-05 + 30 = 02-04: after as-of.
    expect(dueOf(result, 'new_second_offer')).toEqual([]);
  });

  it('sends the second-visit offer 30 days after the first visit while still New', () => {
    // As-of 2026-02-10: window [2026-01-12, 2026-02-10]. Aoki 01-05 + 30 = 02-04 (January has 31 days).
    // Aoki's info mail (01-19) is still in the window but logged; the thanks (01-08) left the window.
    const later = run({ rows, asOf: '2026-02-10', logged: ['Aoki|new_info@2026-01-05'] });
    expect(dueOf(later, 'new_second_offer')).toEqual(['Aoki|new_second_offer@2026-01-05 2026-02-04']);
    // Chiba 01-19 + 3 = 01-22 and + 14 = 02-02: both in the window.
    expect(dueOf(later, 'new_thanks')).toEqual(['Chiba|new_thanks@2026-01-19 2026-01-22']);
    expect(dueOf(later, 'new_info')).toEqual(['Chiba|new_info@2026-01-19 2026-02-02']);
  });

  it('follows the configured cadence', () => {
    // newInfoDays 10: Aoki 01-05 + 10 = 01-15.
    const custom = run({ rows, asOf: '2026-01-20', settings: { newInfoDays: 10 } });
    expect(dueOf(custom, 'new_info')).toEqual(['Aoki|new_info@2026-01-05 2026-01-15']);
  });
});

describe('repeat thanks on the 3rd, 6th, 9th… visit', () => {
  // As-of 2026-03-31: window [2026-03-02, 2026-03-31].
  const endo = [
    ['2025-01-10', 'Endo', 1000, mail('Endo')],
    ['2025-02-10', 'Endo', 1000, ''],
    ['2025-03-10', 'Endo', 1000, ''], // #3: a year ago
    ['2025-06-01', 'Endo', 1000, ''],
    ['2025-09-01', 'Endo', 1000, ''],
    ['2026-03-15', 'Endo', 1000, ''], // #6: in the window
    ['2026-03-25', 'Endo', 1000, ''], // #7
  ];

  it('thanks a 7-visit customer for the 6th visit in the window, not for the 3rd long ago', () => {
    expect(dueOf(run({ rows: endo, asOf: '2026-03-31' }), 'repeat_thanks')).toEqual([
      'Endo|repeat_thanks#6 2026-03-15',
    ]);
  });

  it('thanks on the day of the 3rd visit', () => {
    const fujita = [
      ['2026-03-01', 'Fujita', 1000, mail('Fujita')],
      ['2026-03-05', 'Fujita', 1000, ''],
      ['2026-03-20', 'Fujita', 1000, ''],
    ];
    expect(dueOf(run({ rows: fujita, asOf: '2026-03-31' }), 'repeat_thanks')).toEqual([
      'Fujita|repeat_thanks#3 2026-03-20',
    ]);
    // On 2026-03-19 Fujita has 2 visits: nothing yet.
    expect(dueOf(run({ rows: fujita, asOf: '2026-03-19' }), 'repeat_thanks')).toEqual([]);
  });

  it('thanks once when the 3rd and 6th visits both fall in the window, and never for the 3rd once the 6th is logged', () => {
    const goto = [3, 4, 5, 6, 7, 8].map((d) => [`2026-03-0${d}`, 'Goto', 1000, mail('Goto')]);
    expect(dueOf(run({ rows: goto, asOf: '2026-03-31' }), 'repeat_thanks')).toEqual([
      'Goto|repeat_thanks#6 2026-03-08',
    ]);
    expect(dueOf(run({ rows: goto, asOf: '2026-03-31', logged: ['Goto|repeat_thanks#6'] }), 'repeat_thanks')).toEqual(
      [],
    );
  });

  it('needs the customer to be Repeat or Fan at as-of', () => {
    // With Repeat from 4 visits, a 3-visit customer is still New: no thanks for the 3rd.
    const t = resolveThresholds({ repeatVisits: 4, fanVisits: 6 });
    const three = [1, 2, 3].map((d) => [`2026-03-0${d}`, 'Hori', 1000, mail('Hori')]);
    expect(dueOf(run({ rows: three, asOf: '2026-03-31', thresholds: t }), 'repeat_thanks')).toEqual([]);
  });
});

describe('fan VIP on the first day of each calendar quarter', () => {
  // Five visits make Ito a Fan.
  const ito = ['2025-10-01', '2025-10-15', '2025-11-01', '2025-11-15', '2025-12-01'].map((d) => [
    d,
    'Ito',
    1000,
    mail('Ito'),
  ]);

  it('as-of 2026-01-15: Q1 began 2026-01-01, inside [2025-12-17, 2026-01-15]', () => {
    expect(dueOf(run({ rows: ito, asOf: '2026-01-15' }), 'fan_vip')).toEqual(['Ito|fan_vip#2026Q1 2026-01-01']);
  });

  it('as-of 2026-03-31: Q1 began 2026-01-01, before [2026-03-02, 2026-03-31]: nothing', () => {
    expect(dueOf(run({ rows: ito, asOf: '2026-03-31' }), 'fan_vip')).toEqual([]);
  });

  it('as-of 2026-04-01: Q2 begins that day', () => {
    expect(dueOf(run({ rows: ito, asOf: '2026-04-01' }), 'fan_vip')).toEqual(['Ito|fan_vip#2026Q2 2026-04-01']);
  });

  it('not for a Repeat customer', () => {
    expect(dueOf(run({ rows: ito.slice(0, 4), asOf: '2026-01-15' }), 'fan_vip')).toEqual([]);
  });
});

describe('at risk and win-back on the day the status turned', () => {
  // As-of 2026-02-01: window [2026-01-03, 2026-02-01].
  const rows = [
    // Last visit 2025-11-01: 92 days (30 + 31 + 31) → At risk since 11-01 + 90 = 2026-01-30.
    ['2025-11-01', 'Hara', 1000, mail('Hara')],
    // Last visit 2025-06-01: 245 days → Lapsed since 06-01 + 240 = 2026-01-27 (06-01 + 214 = 01-01).
    ['2025-06-01', 'Ishii', 1000, mail('Ishii')],
    // Last visit 2025-09-01: 153 days → At risk since 09-01 + 90 = 2025-11-30, before the window.
    ['2025-09-01', 'Jo', 1000, mail('Jo')],
  ];
  let result: DueFollowUps;
  beforeEach(() => {
    result = run({ rows, asOf: '2026-02-01' });
  });

  it('keys each by the day the status turned', () => {
    expect(dueOf(result, 'at_risk')).toEqual(['Hara|at_risk@2026-01-30 2026-01-30']);
    expect(dueOf(result, 'winback')).toEqual(['Ishii|winback@2026-01-27 2026-01-27']);
  });

  it("uses the analysis' thresholds", () => {
    // At risk from 60 days: Hara turned on 11-01 + 60 = 2025-12-31; as-of 2026-01-05 → window [2025-12-07, 2026-01-05].
    const t = resolveThresholds({ atRiskDays: 60, lapsedDays: 120 });
    expect(dueOf(run({ rows, asOf: '2026-01-05', thresholds: t }), 'at_risk')).toEqual([
      'Hara|at_risk@2025-12-31 2025-12-31',
    ]);
  });
});

describe('prospect touches every 14 days, 7 at most', () => {
  // Kato left a ¥0 sample row; Kimura is only in the customer list. As-of 2026-05-01.
  // A sample row older than the 30-day window drafts no first touch (see below).
  const rows = [['2026-04-25', 'Kato', 0, mail('Kato')]];
  const list = [{ key: 'Kimura', email: mail('Kimura') }];
  const asOf = '2026-05-01';

  it('drafts the first touch on the day the prospect was first seen, else at as-of', () => {
    // Kato's sample row is dated 2026-04-25 (in the window); Kimura has no date at all.
    expect(dueOf(run({ rows, list, asOf }), 'prospect_touch')).toEqual([
      'Kato|prospect_touch#1 2026-04-25',
      'Kimura|prospect_touch#1 2026-05-01',
    ]);
  });

  it('a sample left long before the window drafts no first touch', () => {
    // 2026-01-05 lies before the window [2026-04-02, 2026-05-01].
    expect(dueOf(run({ rows: [['2026-01-05', 'Old', 0, mail('Old')]], asOf }), 'prospect_touch')).toEqual([]);
  });

  it('drafts the next touch 14 days after the previous one was drafted', () => {
    // Kato's 1st touch drafted 2026-04-17: 04-17 + 14 = 05-01, due. Kimura's on 04-20: 05-04, not yet.
    const logged = ['Kato|prospect_touch#1', 'Kimura|prospect_touch#1'];
    const touches: [string, ProspectTouchLog][] = [
      ['Kato', { touches: 1, lastDay: day('2026-04-17') }],
      ['Kimura', { touches: 1, lastDay: day('2026-04-20') }],
    ];
    expect(dueOf(run({ rows, list, asOf, logged, touches }), 'prospect_touch')).toEqual([
      'Kato|prospect_touch#2 2026-05-01',
    ]);
  });

  it('drafts the 7th touch and never an 8th', () => {
    const logged = [1, 2, 3, 4, 5, 6].map((n) => `Kimura|prospect_touch#${n}`);
    // 6th drafted 2026-04-10: 7th due 04-24.
    const six = run({ list, asOf, logged, touches: [['Kimura', { touches: 6, lastDay: day('2026-04-10') }]] });
    expect(dueOf(six, 'prospect_touch')).toEqual(['Kimura|prospect_touch#7 2026-04-24']);
    const seven = run({
      list,
      asOf,
      logged: [...logged, 'Kimura|prospect_touch#7'],
      touches: [['Kimura', { touches: 7, lastDay: day('2026-04-10') }]],
    });
    expect(dueOf(seven, 'prospect_touch')).toEqual([]);
    // The log's keys alone hold the cap.
    expect(dueOf(run({ list, asOf, logged: ['Kimura|prospect_touch#7'] }), 'prospect_touch')).toEqual([]);
  });

  it('does not draft a further touch without the day of the previous one', () => {
    expect(dueOf(run({ list, asOf, logged: ['Kimura|prospect_touch#1'] }), 'prospect_touch')).toEqual([]);
  });

  it('lets a touch whose day left the window go, like any follow-up', () => {
    // Drafted 2026-03-01: next due 03-15, before [2026-04-02, 2026-05-01].
    const stale = run({
      list,
      asOf,
      logged: ['Kimura|prospect_touch#1'],
      touches: [['Kimura', { touches: 1, lastDay: day('2026-03-01') }]],
    });
    expect(dueOf(stale, 'prospect_touch')).toEqual([]);
  });

  it('stops once the prospect has bought', () => {
    const bought = [...rows, ['2026-04-28', 'Kato', 2000, '']];
    expect(dueOf(run({ rows: bought, asOf }), 'prospect_touch')).toEqual([]);
  });

  it('reads the touches from the log rows', () => {
    const log = prospectTouchLog([
      { key: 'Kato|prospect_touch#1', day: day('2026-04-03') },
      { key: 'Kato|prospect_touch#2', day: day('2026-04-17') },
      { key: 'Kato|new_thanks@2026-01-01', day: day('2026-04-20') },
      { key: 'A|B|prospect_touch#1', day: day('2026-04-01') },
    ]);
    expect([...log]).toEqual([
      ['Kato', { touches: 2, lastDay: day('2026-04-17') }],
      ['A|B', { touches: 1, lastDay: day('2026-04-01') }],
    ]);
  });
});

describe('birthday on the 1st of the birthday month', () => {
  const rows = [['2025-08-01', 'Kudo', 1000, mail('Kudo')]];
  const list = [{ key: 'Kudo', birthday: { month: 5, day: 12 } }];

  it('as-of 2026-05-20: 2026-05-01 lies in [2026-04-21, 2026-05-20]', () => {
    expect(dueOf(run({ rows, list, asOf: '2026-05-20' }), 'birthday')).toEqual(['Kudo|birthday#2026 2026-05-01']);
  });

  it('as-of 2026-06-01: 2026-05-01 is 31 days earlier, before [2026-05-03, 2026-06-01]', () => {
    expect(dueOf(run({ rows, list, asOf: '2026-06-01' }), 'birthday')).toEqual([]);
  });

  it("as-of 2026-04-20: May's 1st is ahead, and last May's long past", () => {
    expect(dueOf(run({ rows, list, asOf: '2026-04-20' }), 'birthday')).toEqual([]);
  });

  it('reaches back to December from early January, keyed by the trigger year', () => {
    // As-of 2026-01-10: window [2025-12-12, 2026-01-10]; 2025-12-01 lies before it, 2026-01-01 inside.
    const winter = [{ key: 'Kudo', birthday: { month: 1, day: 20 } }];
    expect(dueOf(run({ rows, list: winter, asOf: '2026-01-10' }), 'birthday')).toEqual([
      'Kudo|birthday#2026 2026-01-01',
    ]);
    const december = [{ key: 'Kudo', birthday: { month: 12, day: 3 } }];
    // 2026-12-01 is ahead, so last year's 2025-12-01 is the latest; with a 45-day window
    // [2025-11-27, 2026-01-10] it is due, keyed by 2025.
    expect(dueOf(run({ rows, list: december, asOf: '2026-01-10', settings: { windowDays: 45 } }), 'birthday')).toEqual([
      'Kudo|birthday#2025 2025-12-01',
    ]);
    // With the default 30 days, [2025-12-12, 2026-01-10], it has left the window.
    expect(dueOf(run({ rows, list: december, asOf: '2026-01-10' }), 'birthday')).toEqual([]);
    // As-of 2025-12-20: window [2025-11-21, 2025-12-20] holds 2025-12-01.
    expect(dueOf(run({ rows, list: december, asOf: '2025-12-20' }), 'birthday')).toEqual([
      'Kudo|birthday#2025 2025-12-01',
    ]);
  });

  it('also for a list-only prospect', () => {
    expect(
      dueOf(
        run({ list: [{ key: 'Mori', email: mail('Mori'), birthday: { month: 5, day: 30 } }], asOf: '2026-05-20' }),
        'birthday',
      ),
    ).toEqual(['Mori|birthday#2026 2026-05-01']);
  });
});

describe('anniversary of the first visit', () => {
  it('on the same day a year later, from the first full year on', () => {
    const rows = [['2025-04-15', 'Maeda', 1000, mail('Maeda')]];
    // As-of 2026-04-20: 2026-04-15 lies in [2026-03-22, 2026-04-20].
    expect(dueOf(run({ rows, asOf: '2026-04-20' }), 'anniversary')).toEqual(['Maeda|anniversary#2026 2026-04-15']);
    // As-of 2025-04-20: the first visit itself is no anniversary.
    expect(dueOf(run({ rows, asOf: '2025-04-20' }), 'anniversary')).toEqual([]);
  });

  it('moves Feb 29 to Feb 28 in a common year, and keeps it in a leap year', () => {
    const rows = [['2024-02-29', 'Matsui', 1000, mail('Matsui')]];
    // As-of 2025-03-10: window [2025-02-09, 2025-03-10] (February 2025 has 28 days) holds 2025-02-28.
    expect(dueOf(run({ rows, asOf: '2025-03-10' }), 'anniversary')).toEqual(['Matsui|anniversary#2025 2025-02-28']);
    // As-of 2028-03-10: window [2028-02-10, 2028-03-10] (leap February) holds 2028-02-29.
    expect(dueOf(run({ rows, asOf: '2028-03-10' }), 'anniversary')).toEqual(['Matsui|anniversary#2028 2028-02-29']);
    // As-of 2025-02-27: 2025-02-28 is ahead and 2024-02-29 is the first visit.
    expect(dueOf(run({ rows, asOf: '2025-02-27' }), 'anniversary')).toEqual([]);
  });
});

describe('the window of 30 days ending at as-of', () => {
  // As-of 2026-03-31: asOf − 29 = 2026-03-02, asOf − 30 = 2026-03-01. Thanks fall on first visit + 3.
  const rows = [
    ['2026-02-27', 'Edge', 1000, mail('Edge')], // + 3 = 03-02 (February 2026 has 28 days): first day in
    ['2026-02-26', 'Out', 1000, mail('Out')], // + 3 = 03-01: one day too early
    ['2026-03-28', 'Today', 1000, mail('Today')], // + 3 = 03-31: as-of itself
  ];

  it('includes asOf − 29 and as-of, excludes asOf − 30', () => {
    expect(dueOf(run({ rows, asOf: '2026-03-31' }), 'new_thanks')).toEqual([
      'Edge|new_thanks@2026-02-27 2026-03-02',
      'Today|new_thanks@2026-03-28 2026-03-31',
    ]);
  });

  it('follows the windowDays setting', () => {
    // 3 days: [2026-03-29, 2026-03-31].
    expect(dueOf(run({ rows, asOf: '2026-03-31', settings: { windowDays: 3 } }), 'new_thanks')).toEqual([
      'Today|new_thanks@2026-03-28 2026-03-31',
    ]);
  });
});

describe('the log, the skipped and the order', () => {
  // As-of 2026-01-20; every customer's first visit + 3 lies in [2025-12-22, 2026-01-20].
  const rows = [
    ['2026-01-05', 'Aoki', 3000, 'aoki@sales.example', 'Tea'],
    ['2026-01-06', 'NoMail', 3000, ''],
    ['2026-01-07', 'Quiet', 3000, mail('Quiet')],
    ['2026-01-08', 'Both', 3000, ''],
    ['2026-01-09', 'Done', 3000, mail('Done')],
  ];
  const list = [
    { key: 'Aoki', email: 'aoki@list.example' },
    { key: 'Quiet', optOut: true },
    { key: 'Both', optOut: true },
  ];
  let result: DueFollowUps;
  beforeEach(() => {
    result = run({
      rows,
      list,
      asOf: '2026-01-20',
      logged: ['Done|new_thanks@2026-01-09', 'NoMail|new_info@2026-01-06'],
    });
  });

  it('drafts a logged key never again', () => {
    expect(dueOf(result, 'new_thanks')).toEqual(['Aoki|new_thanks@2026-01-05 2026-01-08']);
  });

  it("mails the list's address over the sales sheet's", () => {
    expect(result.due[0].email).toBe('aoki@list.example');
  });

  it('reports what would be due but cannot be sent: opted out before no email', () => {
    // new_info: Aoki 01-05 + 14 = 01-19 due; NoMail's (01-20) is logged; Quiet's 01-21, Both's 01-22 are ahead.
    expect(result.skipped).toEqual([
      { customerKey: 'NoMail', name: 'NoMail', type: 'new_thanks', reason: 'no_email' },
      { customerKey: 'Quiet', name: 'Quiet', type: 'new_thanks', reason: 'opted_out' },
      { customerKey: 'Both', name: 'Both', type: 'new_thanks', reason: 'opted_out' },
    ]);
  });

  it('orders by type, then customer, and counts every type', () => {
    expect(result.due.map((d) => d.key)).toEqual(['Aoki|new_thanks@2026-01-05', 'Aoki|new_info@2026-01-05']);
    expect(result.countsByType).toEqual({
      ...Object.fromEntries(FOLLOW_UP_TYPES.map((t) => [t, 0])),
      new_thanks: 1,
      new_info: 1,
    });
  });

  it('fills the placeholders', () => {
    expect(result.due[0]).toMatchObject({
      customerKey: 'Aoki',
      name: 'Aoki',
      occurrence: '@2026-01-05',
      triggerDay: day('2026-01-08'),
      placeholders: { name: 'Aoki', last_purchase: '2026-01-05', top_product: 'Tea', visits: 1, days_since_last: 15 },
    });
  });

  it('computes only the enabled types', () => {
    // Nothing logged this time: NoMail's info mail (01-06 + 14 = 01-20, as-of) would be due.
    const some = run({ rows, list, asOf: '2026-01-20', enabledTypes: ['new_info'] });
    expect(some.due.map((d) => d.key)).toEqual(['Aoki|new_info@2026-01-05']);
    expect(some.skipped).toEqual([{ customerKey: 'NoMail', name: 'NoMail', type: 'new_info', reason: 'no_email' }]);
    expect(some.countsByType.new_thanks).toBe(0);
  });

  it('refuses an as-of other than the analysis one', () => {
    const analysis = analyzeSales({
      rows,
      firstRowNumber: 2,
      mapping: { date: 0, customer: 1, amount: 2 },
      asOf: day('2026-01-20'),
      dayOf,
    });
    expect(() =>
      dueFollowUps({
        analysis,
        customers: mergeCustomerList(analysis),
        asOf: day('2026-01-21'),
        settings: DEFAULT_FOLLOW_UP_SETTINGS,
        loggedKeys: new Set(),
      }),
    ).toThrow(new RangeError("as-of 2026-01-21 differs from the analysis' as-of 2026-01-20"));
  });
});

describe('salutationName', () => {
  it.each([
    ['山田様', '山田'],
    ['山田 花子 さま', '山田 花子'],
    ['Aoki', 'Aoki'],
    ['solo@example.com', ''], // {{name}} then stays visible in the draft
  ])('%s → %s', (name, expected) => {
    expect(salutationName(name)).toBe(expected);
  });

  it('is what the placeholders carry', () => {
    const r = run({ rows: [['2026-01-05', '山田様', 1000, mail('yamada')]], asOf: '2026-01-10' });
    expect(r.due[0].placeholders.name).toBe('山田');
    expect(r.due[0].name).toBe('山田様');
  });
});

describe('keys', () => {
  it('joins the customer key and type+occurrence with |, parsed from the right', () => {
    expect(followUpKey('山田', 'fan_vip', '#2026Q1')).toBe('山田|fan_vip#2026Q1');
    expect(parseFollowUpKey('A|B|at_risk@2025-11-03')).toEqual({
      customerKey: 'A|B',
      type: 'at_risk',
      occurrence: '@2025-11-03',
    });
    expect(parseFollowUpKey('山田|nope#1')).toBeNull();
    expect(parseFollowUpKey('no bar')).toBeNull();
    // An empty customer key still parses (the bar is the first character); an empty occurrence does not.
    expect(parseFollowUpKey('|at_risk@2025-11-03')).toStrictEqual({
      customerKey: '',
      type: 'at_risk',
      occurrence: '@2025-11-03',
    });
    expect(parseFollowUpKey('山田|birthday#')).toBeNull();
    expect(parseFollowUpKey('山田|birthday2026')).toBeNull();
    expect(parseFollowUpKey('山田|Birthday#2026')).toBeNull();
    expect(parseFollowUpKey('山田|x birthday#2026')).toBeNull();
    expect(parseFollowUpKey('山田|birthday#2026\nmemo')).toBeNull(); // a second line in the cell
  });
});

describe('resolveFollowUpSettings', () => {
  it('keeps the defaults for empty values and reads numbers as owners type them', () => {
    expect(resolveFollowUpSettings()).toEqual(DEFAULT_FOLLOW_UP_SETTINGS);
    expect(resolveFollowUpSettings({ newInfoDays: '１０', windowDays: 45, repeatEvery: '', other: 'ignored' })).toEqual(
      {
        ...DEFAULT_FOLLOW_UP_SETTINGS,
        newInfoDays: 10,
        windowDays: 45,
      },
    );
  });

  it('lists every problem with its code', () => {
    let error: unknown;
    try {
      resolveFollowUpSettings({ newThanksDays: 'abc', repeatEvery: 1, prospectIntervalDays: 2.5, windowDays: 400 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FollowUpSettingsError);
    expect((error as FollowUpSettingsError).problems).toEqual([
      { key: 'newThanksDays', code: 'not_number' },
      { key: 'repeatEvery', code: 'too_small', bound: 2 },
      { key: 'prospectIntervalDays', code: 'not_whole' },
      { key: 'windowDays', code: 'too_large', bound: 366 },
    ]);
  });

  it('keeps the New-customer mails in their order', () => {
    expect(() => resolveFollowUpSettings({ newInfoDays: 3 })).toThrow('newInfoDays: order (newThanksDays)');
    expect(() => resolveFollowUpSettings({ newSecondOfferDays: 14 })).toThrow(
      'newSecondOfferDays: order (newInfoDays)',
    );
  });
});

describe('anniversary from last year', () => {
  it('is due early in January for a first visit late in December', () => {
    // First visit 2024-12-20; as-of 2026-01-05: 2026-12-20 is ahead, 2025-12-20 lies in [2025-12-07, 2026-01-05].
    const rows = [['2024-12-20', 'Nishi', 1000, mail('Nishi')]];
    expect(dueOf(run({ rows, asOf: '2026-01-05' }), 'anniversary')).toEqual(['Nishi|anniversary#2025 2025-12-20']);
    // As-of 2025-01-05: last year's date is the first visit itself, no anniversary.
    expect(dueOf(run({ rows, asOf: '2025-01-05' }), 'anniversary')).toEqual([]);
  });
});

describe('only prospect_touch#n keys count as touches', () => {
  const list = [{ key: 'Kimura', email: mail('Kimura') }];

  it.each([
    ['Kimura|birthday#2026'],
    ['Kimura|prospect_touch@2026-04-01'],
    ['Kimura|prospect_touch#'],
    ['Kimura|prospect_touch#7x'],
    ['Kimurb|prospect_touch#7'],
    ['Kimura|prospect_touch@2026#7'],
  ])('logged %s leaves the first touch due', (logged) => {
    expect(dueOf(run({ list, asOf: '2026-05-01', logged: [logged] }), 'prospect_touch')).toEqual([
      'Kimura|prospect_touch#1 2026-05-01',
    ]);
  });

  it('reads the touch number of each key, not only the first', () => {
    const log = prospectTouchLog([
      { key: 'Kimura|prospect_touch#2', day: day('2026-04-17') },
      { key: 'Kimura|prospect_touch#1', day: day('2026-04-03') },
      { key: 'Kimura|birthday#2026', day: day('2026-04-20') },
    ]);
    // The later day and the higher number, whatever the rows' order; the birthday row is not a touch.
    expect([...log]).toEqual([['Kimura', { touches: 2, lastDay: day('2026-04-17') }]]);
  });
});

describe("a prospect's placeholders", () => {
  it('has no purchase, no product, no visits and no days since last', () => {
    const r = run({ list: [{ key: 'Kimura', name: '木村様', email: mail('Kimura') }], asOf: '2026-05-01' });
    expect(r.due).toHaveLength(1);
    expect(r.due[0].placeholders).toStrictEqual({
      name: '木村',
      last_purchase: '',
      top_product: '',
      visits: 0,
      days_since_last: null,
    });
  });

  it('a sample left in the sales sheet does not count as a purchase', () => {
    const r = run({ rows: [['2026-04-25', 'Kato', 0, mail('Kato'), 'Tea']], asOf: '2026-05-01' });
    expect(r.due.map((d) => d.key)).toEqual(['Kato|prospect_touch#1']);
    expect(r.due[0].placeholders).toStrictEqual({
      name: 'Kato',
      last_purchase: '',
      top_product: '',
      visits: 0,
      days_since_last: null,
    });
  });
});

describe('resolveFollowUpSettings: each bound', () => {
  /** 'ok', or the problems as `key code`. */
  function check(input: Record<string, number>): string[] | 'ok' {
    try {
      resolveFollowUpSettings(input);
      return 'ok';
    } catch (e) {
      return (e as FollowUpSettingsError).problems.map((p) => `${p.key} ${p.code}`);
    }
  }

  it.each<[Record<string, number>, string[] | 'ok']>([
    [{ newThanksDays: 0 }, 'ok'],
    [{ newThanksDays: -1 }, ['newThanksDays too_small']],
    [{ newThanksDays: 365 }, ['newInfoDays order']], // 365 is allowed, but not before 14
    [{ newThanksDays: 366 }, ['newThanksDays too_large']],
    [{ newThanksDays: 0, newInfoDays: 1 }, 'ok'],
    [{ newThanksDays: 0, newInfoDays: 0 }, ['newInfoDays too_small']],
    [{ newInfoDays: 29, newSecondOfferDays: 30 }, 'ok'],
    [{ newInfoDays: 30 }, ['newSecondOfferDays order']],
    [{ newInfoDays: 364, newSecondOfferDays: 365 }, 'ok'],
    [{ newInfoDays: 366 }, ['newInfoDays too_large']],
    [{ newSecondOfferDays: 0 }, ['newSecondOfferDays too_small']],
    [{ newSecondOfferDays: 366 }, ['newSecondOfferDays too_large']],
    [{ repeatEvery: 2 }, 'ok'],
    [{ repeatEvery: 1 }, ['repeatEvery too_small']],
    [{ repeatEvery: 1000 }, 'ok'],
    [{ repeatEvery: 1001 }, ['repeatEvery too_large']],
    [{ prospectIntervalDays: 1 }, 'ok'],
    [{ prospectIntervalDays: 0 }, ['prospectIntervalDays too_small']],
    [{ prospectIntervalDays: 365 }, 'ok'],
    [{ prospectIntervalDays: 366 }, ['prospectIntervalDays too_large']],
    [{ prospectMaxTouches: 1 }, 'ok'],
    [{ prospectMaxTouches: 0 }, ['prospectMaxTouches too_small']],
    [{ prospectMaxTouches: 100 }, 'ok'],
    [{ prospectMaxTouches: 101 }, ['prospectMaxTouches too_large']],
    [{ windowDays: 1 }, 'ok'],
    [{ windowDays: 0 }, ['windowDays too_small']],
    [{ windowDays: 366 }, 'ok'],
    [{ windowDays: 367 }, ['windowDays too_large']],
    [{ cooldownDays: 0 }, 'ok'],
    [{ cooldownDays: -1 }, ['cooldownDays too_small']],
    [{ cooldownDays: 365 }, 'ok'],
    [{ cooldownDays: 366 }, ['cooldownDays too_large']],
    [{ maxPerRun: 1 }, 'ok'],
    [{ maxPerRun: 0 }, ['maxPerRun too_small']],
    [{ maxPerRun: 500 }, 'ok'],
    [{ maxPerRun: 501 }, ['maxPerRun too_large']],
    // The order is checked only once every value is readable.
    [{ newThanksDays: -1, newInfoDays: 3 }, ['newThanksDays too_small']],
  ])('%p → %p', (input, expected) => {
    expect(check(input)).toEqual(expected);
  });

  it('takes each accepted value, not the default', () => {
    expect(
      resolveFollowUpSettings({
        newThanksDays: 0,
        newInfoDays: 1,
        newSecondOfferDays: 365,
        repeatEvery: 1000,
        prospectIntervalDays: 365,
        prospectMaxTouches: 100,
        windowDays: 366,
        cooldownDays: 0,
        maxPerRun: 500,
      }),
    ).toStrictEqual({
      newThanksDays: 0,
      newInfoDays: 1,
      newSecondOfferDays: 365,
      repeatEvery: 1000,
      prospectIntervalDays: 365,
      prospectMaxTouches: 100,
      windowDays: 366,
      cooldownDays: 0,
      maxPerRun: 500,
    });
  });

  it('names every problem in the message', () => {
    let error: unknown;
    try {
      resolveFollowUpSettings({ newThanksDays: 'abc', windowDays: 0 });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('FollowUpSettingsError');
    expect((error as Error).message).toBe('newThanksDays: not_number; windowDays: too_small');
    expect(() => resolveFollowUpSettings({ newInfoDays: 3 })).toThrow(
      expect.objectContaining({ message: 'newInfoDays: order (newThanksDays)' }),
    );
  });

  it('refuses values that are not a number or a numeric text', () => {
    expect(() => resolveFollowUpSettings({ windowDays: true })).toThrow('windowDays: not_number');
    expect(resolveFollowUpSettings({ windowDays: null, repeatEvery: undefined })).toStrictEqual(
      DEFAULT_FOLLOW_UP_SETTINGS,
    );
  });
});

describe('a touch number past the cap', () => {
  it('holds the cap with a two-digit touch number in the log', () => {
    const list = [{ key: 'Kimura', email: mail('Kimura') }];
    expect(dueOf(run({ list, asOf: '2026-05-01', logged: ['Kimura|prospect_touch#12'] }), 'prospect_touch')).toEqual(
      [],
    );
  });
});

describe('yearly and quarterly triggers on their own day', () => {
  it('a birthday on as-of itself is due this year', () => {
    const rows = [['2025-08-01', 'Kudo', 1000, mail('Kudo')]];
    const list = [{ key: 'Kudo', birthday: { month: 5, day: 12 } }];
    expect(dueOf(run({ rows, list, asOf: '2026-05-01' }), 'birthday')).toEqual(['Kudo|birthday#2026 2026-05-01']);
  });

  it('February is in the first quarter', () => {
    // Five visits: a Fan. As-of 2026-02-15, a 60-day window [2025-12-18, 2026-02-15] holds Q1's 2026-01-01.
    const ito = [1, 2, 3, 4, 5].map((d) => [`2026-02-0${d}`, 'Ito', 1000, mail('Ito')]);
    const wide = { windowDays: 60 };
    expect(dueOf(run({ rows: ito, asOf: '2026-02-15', settings: wide }), 'fan_vip')).toEqual([
      'Ito|fan_vip#2026Q1 2026-01-01',
    ]);
  });
});

describe('salutationName of an untrimmed name', () => {
  it('trims before it takes the honorific off', () => {
    expect(salutationName(' 山田様 ')).toBe('山田');
  });
});
