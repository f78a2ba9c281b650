// The one list of functions Apps Script can call by name: custom functions, menu handlers,
// triggers and google.script.run targets. The build generates a top-level stub for each (with its
// JSDoc, and @customfunction where it applies), because esbuild hides them inside the bundle.

import { SIDEBAR_FUNCTIONS, SidebarFunctionName } from './sidebar-rpc';
import { analysisSummaryJson, runMonthlyAnalysis } from './analysis-run';
import { withUserMessages } from './errors';
import { CUSTOMER_SEGMENT, CUSTOMER_STAGE, NEXT_VISIT, REPEAT_RATE } from './custom-functions';
import { onInstall, onOpen, showSidebar } from './menu';

export interface EntryParam {
  name: string;
  type: string;
  description: string;
  optional?: boolean;
}

export interface EntryPoint {
  name: string;
  description: string;
  params: EntryParam[];
  returns?: { type: string; description: string };
  customFunction?: boolean;
  fn: (...args: never[]) => unknown;
}

const TABLE_PARAM: EntryParam = {
  name: 'sales_table',
  type: 'Array<Array<any>>',
  description: 'The sales table including its header row (date, customer, amount), e.g. Sales!A1:F5000.',
};
const AS_OF_PARAM: EntryParam = {
  name: 'as_of',
  type: 'Date',
  description: 'The analysis date; today when omitted.',
  optional: true,
};
const CUSTOMER_PARAM: EntryParam = {
  name: 'customer',
  type: 'string|Array<Array<string>>',
  description: 'A customer name or email, or a column of them (the result is then a column).',
};

/** What each sidebar function's stub says; the type makes every function of the contract have one. */
const SIDEBAR_DOCS: Record<SidebarFunctionName, Omit<EntryPoint, 'name' | 'fn'>> = {
  sidebarState: {
    description: 'The detected sales sheet, columns and thresholds (called by the sidebar).',
    params: [],
    returns: { type: 'Object', description: 'The sidebar state.' },
  },
  saveSidebarSettings: {
    description: "Validates and saves the owner's column mapping and thresholds (called by the sidebar).",
    params: [
      {
        name: 'settings',
        type: 'Object',
        description: 'salesSheet, mapping, thresholds, shopName, senderName, signature, followUps.',
      },
    ],
    returns: { type: 'Object', description: 'The sidebar state after saving.' },
  },
  analysisStep: {
    description: 'Runs one step of the monthly analysis (called by the sidebar).',
    params: [
      { name: 'step', type: 'string', description: 'The step name.' },
      {
        name: 'options',
        type: 'Object',
        description:
          'asOf (YYYY-MM-DD), lang, sheet, mapping, thresholds; runId (from the first step) for the later steps.',
        optional: true,
      },
    ],
    returns: { type: 'Object', description: 'The step result, the next step and the run id.' },
  },
  activateTab: {
    description: 'Shows a tab the analysis wrote (called by the sidebar).',
    params: [{ name: 'name', type: 'string', description: 'The tab name.' }],
  },
  followUpPreview: {
    description: 'Follow-ups due now: counts per type, a rendered sample per type, customers skipped.',
    params: [{ name: 'options', type: 'Object', description: 'asOf (YYYY-MM-DD), lang.', optional: true }],
    returns: { type: 'Object', description: 'The preview.' },
  },
  createDraftBatch: {
    description: 'Creates the next batch of follow-up drafts in Gmail (drafts only; nothing is sent).',
    params: [
      {
        name: 'request',
        type: 'Object',
        description:
          'batchSize, exclude (keys failed in this run), runId (from the preview or the first batch), asOf, lang.',
        optional: true,
      },
    ],
    returns: { type: 'Object', description: 'runId, created, failed, remaining, later, done, stopped.' },
  },
};

export const ENTRY_POINTS: EntryPoint[] = [
  {
    name: 'CUSTOMER_STAGE',
    description:
      "Returns a customer's stage: Prospect, New, Repeat or Fan (見込み客・新規客・リピート客・ファン客), from the sales table.",
    params: [CUSTOMER_PARAM, TABLE_PARAM, AS_OF_PARAM],
    returns: { type: 'string|Array<Array<string>>', description: 'The stage label, or "" for an unknown customer.' },
    customFunction: true,
    fn: CUSTOMER_STAGE,
  },
  {
    name: 'CUSTOMER_SEGMENT',
    description:
      "Returns a customer's CPM segment (初回・よちよち・コツコツ・流行・優良, or lapsed) from the sales table.",
    params: [CUSTOMER_PARAM, TABLE_PARAM, AS_OF_PARAM],
    returns: {
      type: 'string|Array<Array<string>>',
      description: 'The segment label, or "" for an unknown customer or a prospect.',
    },
    customFunction: true,
    fn: CUSTOMER_SEGMENT,
  },
  {
    name: 'NEXT_VISIT',
    description:
      "Returns the date a customer is expected back (次回来店の目安): the last visit plus the customer's usual interval between visits, from the sales table.",
    params: [CUSTOMER_PARAM, TABLE_PARAM, AS_OF_PARAM],
    returns: {
      type: 'Date|string|Array<Array<Date|string>>',
      description:
        'The expected date, or "" for an unknown customer, a prospect, or a single-visit customer when nobody has come back yet.',
    },
    customFunction: true,
    fn: NEXT_VISIT,
  },
  {
    name: 'REPEAT_RATE',
    description:
      'Returns the repeat (F2) rate: of customers whose first purchase lies in the period, the share who came back.',
    params: [
      TABLE_PARAM,
      {
        name: 'first_from',
        type: 'Date',
        description: 'First purchases from this date (all when omitted).',
        optional: true,
      },
      {
        name: 'first_to',
        type: 'Date',
        description: 'First purchases up to this date (all when omitted).',
        optional: true,
      },
      {
        name: 'within_days',
        type: 'number',
        description: 'Count a second purchase only within this many days of the first.',
        optional: true,
      },
      AS_OF_PARAM,
    ],
    returns: { type: 'number', description: 'A fraction between 0 and 1.' },
    customFunction: true,
    fn: REPEAT_RATE,
  },
  {
    name: 'onOpen',
    description: 'Adds the add-on menu (runs in AuthMode.NONE too).',
    params: [{ name: 'e', type: 'Object', description: 'The open event.', optional: true }],
    fn: onOpen,
  },
  {
    name: 'onInstall',
    description: 'Adds the menu right after installation.',
    params: [{ name: 'e', type: 'Object', description: 'The install event.', optional: true }],
    fn: onInstall,
  },
  { name: 'showSidebar', description: 'Opens the sidebar.', params: [], fn: showSidebar },
  {
    name: 'runMonthlyAnalysis',
    description: 'Runs every step of the monthly analysis from the menu.',
    params: [],
    fn: runMonthlyAnalysis,
  },
  {
    name: 'analysisSummaryJson',
    description: 'The headline numbers of the latest analysis, with stable keys.',
    params: [{ name: 'options', type: 'Object', description: 'The options of the analysis.', optional: true }],
    returns: { type: 'Object', description: 'summary.json' },
    fn: withUserMessages(analysisSummaryJson),
  },
  ...(Object.keys(SIDEBAR_FUNCTIONS) as SidebarFunctionName[]).map((name) => ({
    name,
    ...SIDEBAR_DOCS[name],
    fn: SIDEBAR_FUNCTIONS[name] as EntryPoint['fn'],
  })),
];
