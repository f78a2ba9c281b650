// The owner's own tabs — the sales sheet and the customer list — are read, never written: after
// every kind of call their values and formatting are exactly what they were.
import { MemorySpreadsheet } from '../../src/local/memory';
import { AS_OF, LIST_TAB, STEPS, SHOP, analyse, call, salesRows, shop, tabState, AS_OF_DATE, formula } from './shop';

type Call = [string, (ss: MemorySpreadsheet) => unknown];

let runId: string | undefined;

const CALLS: Call[] = [
  ['onOpen', (ss) => call(ss, 'onOpen', {})],
  ['sidebarState', (ss) => call(ss, 'sidebarState')],
  ['saveSidebarSettings', (ss) => call(ss, 'saveSidebarSettings', { shopName: SHOP, thresholds: { atRiskDays: 60 } })],
  ['showSidebar', (ss) => call(ss, 'showSidebar')],
  // One run, a step per call as the sidebar makes them: the first gives the run id the others pass on.
  ...STEPS.map((step): Call => [
    `analysisStep ${step}`,
    (ss) => {
      const result = call<{ runId?: string }>(ss, 'analysisStep', step, {
        asOf: AS_OF,
        runId: step === 'analyse' ? undefined : runId,
      });
      runId = result.runId;
    },
  ]),
  ['analysisSummaryJson', (ss) => call(ss, 'analysisSummaryJson', { asOf: AS_OF })],
  ['runMonthlyAnalysis', (ss) => call(ss, 'runMonthlyAnalysis')],
  ['activateTab', (ss) => call(ss, 'activateTab', LIST_TAB)],
  ['followUpPreview', (ss) => call(ss, 'followUpPreview', { asOf: AS_OF })],
  ['createDraftBatch', (ss) => call(ss, 'createDraftBatch', { asOf: AS_OF })],
  ['createDraftBatch again', (ss) => call(ss, 'createDraftBatch', { asOf: AS_OF })],
  ['CUSTOMER_STAGE', (ss) => formula(ss, 'CUSTOMER_STAGE', [['00123'], ['-1']], salesRows(), AS_OF_DATE)],
  ['CUSTOMER_SEGMENT', (ss) => formula(ss, 'CUSTOMER_SEGMENT', '00123', salesRows(), AS_OF_DATE)],
  ['REPEAT_RATE', (ss) => formula(ss, 'REPEAT_RATE', salesRows(), '', '', 90, AS_OF_DATE)],
];

describe.each([
  ['ja_JP', '売上'],
  ['en_US', 'Sales'],
] as const)('in a %s spreadsheet', (locale, salesTab) => {
  const ss = shop({ locale, salesTab });
  const sales = tabState(ss, salesTab);
  const list = tabState(ss, LIST_TAB);

  test('the fixture has the owner’s formatting to lose', () => {
    expect(sales?.weights[0][0]).toBe('bold');
    expect(sales?.formats[1][4]).toBe('¥#,##0');
    expect(sales?.notes[0][1]).toBe('名前はフォームから');
    expect(list?.formats[1][2]).toBe('@');
  });

  test.each(CALLS)('%s leaves the sales sheet and the customer list as they were', (_name, run) => {
    run(ss);
    expect(tabState(ss, salesTab)).toEqual(sales);
    expect(tabState(ss, LIST_TAB)).toEqual(list);
  });
});

describe('a sales tab named like a tab the add-on writes', () => {
  // Picked in the sidebar (it lists every tab), such a tab would be overwritten by the analysis
  // (History is read, merged and rewritten) or appended to by drafting (Templates, Follow-up log).
  test.each([
    ['ja_JP', '推移', 'シート「推移」'],
    ['ja_JP', 'テンプレート', 'シート「テンプレート」'],
    ['ja_JP', 'フォロー履歴', 'シート「フォロー履歴」'],
    ['en_US', 'History', 'sheet "History"'],
    ['en_US', 'Segments', 'sheet "Segments"'],
    ['en_US', 'Templates', 'sheet "Templates"'],
    ['en_US', 'Follow-up log', 'sheet "Follow-up log"'],
  ] as const)('%s %s: refused with a message naming it, nothing written', (locale, salesTab, named) => {
    const ss = shop({ locale, salesTab });
    const before = tabState(ss, salesTab);
    call(ss, 'saveSidebarSettings', { salesSheet: salesTab });
    expect(() => analyse(ss)).toThrow(named);
    expect(() => call(ss, 'createDraftBatch', { asOf: AS_OF })).toThrow(named);
    expect(() => call(ss, 'followUpPreview', { asOf: AS_OF })).toThrow(named);
    expect(() => call(ss, 'analysisStep', 'analyse', { asOf: AS_OF, sheet: salesTab })).toThrow(named);
    expect(tabState(ss, salesTab)).toEqual(before);
    expect(ss.env.drafts).toHaveLength(0);
  });
});
