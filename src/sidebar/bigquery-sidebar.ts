// The BigQuery edition's sidebar (npm run build:bigquery): the default sidebar, then the section
// 「BigQuery の売上」/ "Sales in BigQuery" after its own sections.

import './sidebar';
import { byId, h } from './dom';
import { BigQuerySection } from './bigquery-section';

const root = h('section', { id: 'bigquery', class: 'card', 'data-testid': 'bigquery', hidden: true });
byId('app').append(root);
void new BigQuerySection(root).load();
