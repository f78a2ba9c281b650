// The BigQuery edition's bundle (npm run build:bigquery): the default edition's entry points, then
// the edition's own. The build wraps this module as the global `AddOn`, as it does index.ts.

import { ENTRY_POINTS as DEFAULT_ENTRY_POINTS } from './main';
import { entriesOf } from './index';
import { BIGQUERY_ENTRY_POINTS } from './bigquery-rpc';

export const ENTRY_POINTS = [...DEFAULT_ENTRY_POINTS, ...BIGQUERY_ENTRY_POINTS];

export const entry = entriesOf(ENTRY_POINTS);
