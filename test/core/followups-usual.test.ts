// Time for your usual (usual_reminder): Repeat and Fan customers, not lapsed, whose days overdue
// reach max(7, half their usual interval); once per expected visit; its place in the priority order.
import { mergeCustomerList } from '../../src/core/customer-list';
import { DayOfDate, dayOfDateIn, formatDay, parseIsoDay } from '../../src/core/days';
import { selectOnePerCustomer } from '../../src/core/followup-priority';
import { DEFAULT_FOLLOW_UP_SETTINGS, DueFollowUps, dueFollowUps } from '../../src/core/followups';
import { analyzeSales } from '../../src/core/sales';
import { FollowUpType, defaultTemplates, renderTemplate } from '../../src/core/templates';

let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});
const day = (iso: string) => parseIsoDay(iso) as number;
const AS_OF = '2025-06-30'; // window 2025-06-01 … 2025-06-30

function visits(name: string, ...dates: string[]): unknown[][] {
  return dates.map((d) => [d, name, 1000, `${name.toLowerCase()}@example.jp`]);
}

function run(rows: unknown[][], logged: string[] = [], enabledTypes?: FollowUpType[]): DueFollowUps {
  const analysis = analyzeSales({
    rows,
    firstRowNumber: 2,
    mapping: { date: 0, customer: 1, amount: 2, email: 3 },
    asOf: day(AS_OF),
    dayOf,
  });
  return dueFollowUps({
    analysis,
    customers: mergeCustomerList(analysis, null),
    asOf: day(AS_OF),
    settings: DEFAULT_FOLLOW_UP_SETTINGS,
    loggedKeys: new Set(logged),
    enabledTypes,
  });
}

const usualOnly = (rows: unknown[][], logged: string[] = []) =>
  run(rows, logged, ['usual_reminder']).due.map((d) => `${d.key} ${formatDay(d.triggerDay)}`);

describe('who is due', () => {
  const rows = [
    // Gap 10 → expected 06-23; 7 days overdue reaches max(7, 5) = 7: due on 06-30.
    ...visits('Ten', '2025-06-03', '2025-06-13'),
    // Gap 10 → expected 06-24; 6 days overdue: not yet.
    ...visits('Six', '2025-06-04', '2025-06-14'),
    // Gaps 30, 30 → expected 05-30; 31 overdue ≥ 15: due since 05-30 + 15 = 06-14.
    ...visits('Month', '2025-03-01', '2025-03-31', '2025-04-30'),
    // Gaps 30, 30 → expected 06-16; 14 overdue < 15: not yet.
    ...visits('Month14', '2025-03-18', '2025-04-17', '2025-05-17'),
    // A Fan buying weekly: expected 06-05, due on 06-12.
    ...visits('Fan', '2025-05-01', '2025-05-08', '2025-05-15', '2025-05-22', '2025-05-29'),
    // Gap 150 → expected 2025-03-31, would be due on 06-14, but lapsed (241 days): the win-back is theirs.
    ...visits('Gone', '2024-06-04', '2024-11-01'),
    // New: the shop's gap (first gaps 7 10 10 10 30 30 150 → 10) gives expected 06-15, 15 days
    // overdue, but one visit is not a regular yet.
    ...visits('Once', '2025-06-05'),
    // Expected 02-21, due 02-28: before the 30-day window, so no longer offered.
    ...visits('Stale', '2025-02-01', '2025-02-11'),
  ];

  test('Repeat and Fan customers past max(7, half their interval), within the window', () => {
    expect(usualOnly(rows)).toEqual([
      'Ten|usual_reminder@2025-06-23 2025-06-30',
      'Month|usual_reminder@2025-05-30 2025-06-14',
      'Fan|usual_reminder@2025-06-05 2025-06-12',
    ]);
    // The Summary's who-to-contact list counts it like any type.
    expect(run(rows).countsByType.usual_reminder).toBe(3);
  });

  test('once per expected visit: a logged key is not drafted again, a new visit makes a new key', () => {
    expect(usualOnly(visits('Ten', '2025-06-03', '2025-06-13'), ['Ten|usual_reminder@2025-06-23'])).toEqual([]);
    // Drafted for the visit expected on 06-21 (visits 06-01, 06-11); the customer came on 06-15:
    // gaps 10, 4 → 7, expected 06-22, 8 days overdue: a new expected visit, a new key.
    expect(
      usualOnly(visits('Ten', '2025-06-01', '2025-06-11', '2025-06-15'), ['Ten|usual_reminder@2025-06-21']),
    ).toEqual(['Ten|usual_reminder@2025-06-22 2025-06-29']);
  });
});

describe('its place among the others', () => {
  const pick = (rows: unknown[][]) =>
    selectOnePerCustomer(run(rows).due, { asOf: day(AS_OF), cooldownDays: 14, lastDraft: new Map() }).chosen.map(
      (c) => `${c.pick.customerKey}:${c.pick.type} (${c.superseded.map((s) => s.type).join(', ')})`,
    );

  test('after the at-risk check-in, before the thanks for a visit', () => {
    expect(
      pick([
        // Gap 50, last 03-20: at risk since 06-18; expected 05-09, usual due since 05-09 + 25 = 06-03.
        ...visits('Drift', '2025-01-29', '2025-03-20'),
        // Gaps 2, 2: expected 06-07, due 06-14; the 3rd visit (06-05) and the first (06-01 + 3) are thanked too.
        ...visits('Quick', '2025-06-01', '2025-06-03', '2025-06-05'),
      ]),
    ).toEqual(['Drift:at_risk (usual_reminder)', 'Quick:usual_reminder (repeat_thanks, new_thanks)']);
  });
});

describe('its template', () => {
  test.each(['ja', 'en'] as const)('%s: renders with no placeholder left and carries the opt-out line', (lang) => {
    const template = defaultTemplates(lang).find((t) => t.type === 'usual_reminder');
    expect(template).toBeDefined();
    const mail = renderTemplate(
      template!,
      { name: '山田', last_purchase: '', top_product: '', visits: 3, days_since_last: 20 },
      { shop: '珈琲店', sender: '', signature: '' },
    );
    expect(mail.unknownPlaceholders).toEqual([]);
    expect(mail.missingValues).toEqual([]);
    expect(mail.body).toContain('珈琲店');
    expect(mail.body).toContain(lang === 'ja' ? '「配信停止」' : '"unsubscribe"');
  });
});
