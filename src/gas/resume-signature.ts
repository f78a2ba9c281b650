// Whether the rows the analyse step wrote in an earlier execution are still the rows it would
// write now: if not, a paused write starts its tabs again from the top.

import { TableAnalysis } from '../core/analysis';
import { Lang } from '../core/labels';
import { SEGMENTS, STAGES, STATUSES } from '../core/stages';

/**
 * Tells whether two analyses would write the same rows: the row counts, the language, the time
 * zone (of the dates written) and a hash over every Segments field that is not worked out from
 * the others (days since and tenure follow from the days and as-of; labels are hashed as their
 * place in their lists). An edit to the sheet or to the settings between two executions changes
 * it, and the tabs are then written again from the top.
 */
export function resumeSignature(sales: TableAnalysis['sales'], lang: Lang, timeZone: string): string {
  let hash = 0x811c9dc5; // FNV-1a
  const mixNumber = (x: number | null) => {
    hash = Math.imul(hash ^ (x === null ? -1 : Math.round(x * 100) | 0), 0x01000193);
  };
  const mixText = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    mixNumber(text.length);
  };
  const customers = sales.customers;
  // Indexed: run once per analysis, a for…of would make an iterator result per customer.
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    mixText(c.name);
    mixText(c.email);
    mixText(c.topProduct);
    mixNumber(STAGES.indexOf(c.stage));
    mixNumber(c.status === null ? -1 : STATUSES.indexOf(c.status));
    mixNumber(c.segment === null ? -1 : SEGMENTS.indexOf(c.segment));
    mixNumber(c.visits);
    mixNumber(c.firstDay);
    mixNumber(c.lastDay);
    mixNumber(c.revenue);
    mixNumber(c.averageOrder);
    mixNumber(c.referrals);
    mixNumber(c.vip ? 1 : 0);
  }
  for (const r of sales.rejected) {
    mixNumber(r.rowNumber);
    mixText(r.reason);
  }
  const k = sales.counts;
  return [
    lang,
    timeZone,
    k.rows,
    k.used,
    k.rejected,
    k.future,
    k.blank,
    sales.customers.length,
    sales.asOf,
    hash >>> 0,
  ].join(':');
}
