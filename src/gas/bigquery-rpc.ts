// The BigQuery edition's functions: what its sidebar section calls through google.script.run, and
// their stubs' JSDoc. bigquery-index.ts adds them to the one entry list (main.ts) for this edition's
// bundle; the default edition never contains them.

import { Lang } from '../core/labels';
import { formatDay } from '../core/days';
import { sheetContext } from './context';
import { withUserMessages } from './errors';
import { EntryPoint } from './main';
import {
  BIGQUERY_COLUMNS,
  BigQueryColumn,
  BigQuerySettings,
  bigQueryColumnLabel,
  saveBigQuerySettings,
  storedBigQuerySettings,
} from './bigquery-settings';
import { BigQueryOptions, runBigQueryStep } from './bigquery-run';

export interface BigQueryState {
  lang: Lang;
  today: string;
  settings: BigQuerySettings;
  /** The table's columns the query reads, in order, with their names in the owner's language. */
  columns: { key: BigQueryColumn; label: string }[];
}

function bigQueryState(): BigQueryState {
  const ctx = sheetContext();
  return {
    lang: ctx.lang,
    today: formatDay(ctx.today),
    settings: storedBigQuerySettings(),
    columns: BIGQUERY_COLUMNS.map((key) => ({ key, label: bigQueryColumnLabel(ctx.lang, key) })),
  };
}

function saveBigQuery(input: unknown): BigQueryState {
  saveBigQuerySettings(input, sheetContext().lang);
  return bigQueryState();
}

export const BIGQUERY_FUNCTIONS = {
  bigQueryState: withUserMessages(bigQueryState),
  saveBigQuerySettings: withUserMessages(saveBigQuery),
  /** A step id is text from the client: the server checks it. */
  bigQueryStep: withUserMessages((step: string, options?: BigQueryOptions) => runBigQueryStep(step, options ?? {})),
};

export type BigQueryFunctions = typeof BIGQUERY_FUNCTIONS;
export type BigQueryFunctionName = keyof BigQueryFunctions;
export type { BigQueryCard, BigQueryStepResult } from './bigquery-run';
export type { BigQuerySettings } from './bigquery-settings';

const DOCS: Record<BigQueryFunctionName, Omit<EntryPoint, 'name' | 'fn'>> = {
  bigQueryState: {
    description: "The BigQuery edition's settings: project, table and columns (called by the sidebar).",
    params: [],
    returns: { type: 'Object', description: 'The BigQuery section state.' },
  },
  saveBigQuerySettings: {
    description: 'Validates and saves the BigQuery project, table and column names (called by the sidebar).',
    params: [{ name: 'settings', type: 'Object', description: 'project, table, columns.' }],
    returns: { type: 'Object', description: 'The BigQuery section state after saving.' },
  },
  bigQueryStep: {
    description: 'Runs one step of the monthly analysis on the BigQuery table (called by the sidebar).',
    params: [
      { name: 'step', type: 'string', description: 'segments, summary or history.' },
      { name: 'options', type: 'Object', description: 'runId (from the first step), month.', optional: true },
    ],
    returns: { type: 'Object', description: 'The step result, the next step and the run id.' },
  },
};

export const BIGQUERY_ENTRY_POINTS: EntryPoint[] = (Object.keys(BIGQUERY_FUNCTIONS) as BigQueryFunctionName[]).map(
  (name) => ({ name, ...DOCS[name], fn: BIGQUERY_FUNCTIONS[name] as EntryPoint['fn'] }),
);
