// The results card of a run: counts per stage and status, the Summary's headline answers (already
// formatted by the server) and a button per tab written.

import { Lang, classificationLabel } from '../core/labels';
import { SEGMENTS, STAGES, STATUSES, Segment, Stage, Status } from '../core/stages';
import type { AnalysisCard } from './server';
import { fill, h } from './dom';
import { SIDEBAR_TEXT } from './words';

function tiles(
  lang: Lang,
  prefix: string,
  keys: readonly (Stage | Status)[],
  counts: Record<string, number>,
): HTMLElement {
  return h(
    'div',
    { class: 'tiles', 'data-testid': `${prefix}-counts` },
    ...keys.map((key) =>
      h(
        'div',
        { class: `tile tile-${key}`, 'data-testid': `${prefix}-${key}` },
        h('span', { class: 'tile-count', 'data-testid': `${prefix}-${key}-count` }, counts[key] ?? 0),
        h('span', { class: 'tile-label' }, classificationLabel(lang, key)),
      ),
    ),
  );
}

function segmentList(lang: Lang, counts: Record<string, number>): HTMLElement {
  const rows = (SEGMENTS as readonly Segment[]).map((key) =>
    h(
      'tr',
      { 'data-testid': `segment-${key}` },
      h('th', {}, classificationLabel(lang, key)),
      h('td', {}, counts[key] ?? 0),
    ),
  );
  return h(
    'details',
    { class: 'segments' },
    h('summary', {}, SIDEBAR_TEXT(lang, 'segments')),
    h('table', {}, h('tbody', {}, ...rows)),
  );
}

/** Open merge suggestions: how many, and a button to the tab (nothing when none is open). */
function mergeNotice(card: AnalysisCard, lang: Lang, openTab: (name: string) => void): HTMLElement | null {
  const merge = card.mergeSuggestions;
  if (!merge || merge.open === 0) return null;
  const button = h('button', { type: 'button', 'data-testid': 'merge-button' }, SIDEBAR_TEXT(lang, 'mergeButton'));
  button.addEventListener('click', () => openTab(merge.tab));
  return h(
    'div',
    { class: 'merge-notice', 'data-testid': 'merge-notice' },
    h('p', {}, SIDEBAR_TEXT(lang, 'mergeOpen', { count: merge.open })),
    button,
  );
}

export function renderCard(root: HTMLElement, card: AnalysisCard, lang: Lang, openTab: (name: string) => void): void {
  const headlines = card.headlines ?? [];
  const tabButtons = card.tabs.map((tab) => {
    const button = h(
      'button',
      { type: 'button', class: 'tab-button', 'data-testid': 'tab-button', 'data-tab': tab.name },
      tab.name,
    );
    button.addEventListener('click', () => openTab(tab.name));
    return button;
  });
  fill(
    root,
    h(
      'h2',
      {},
      SIDEBAR_TEXT(lang, 'resultTitle'),
      ' ',
      h('span', { class: 'muted', 'data-testid': 'result-as-of' }, SIDEBAR_TEXT(lang, 'asOf', { asOf: card.asOf })),
    ),
    h(
      'p',
      { class: 'muted', 'data-testid': 'result-summary' },
      SIDEBAR_TEXT(lang, 'summaryLine', {
        customers: card.customers,
        used: card.rows.used,
        rejected: card.rows.rejected,
      }),
    ),
    card.profileLine && h('p', { class: 'muted', 'data-testid': 'result-profile' }, card.profileLine),
    h('h3', {}, SIDEBAR_TEXT(lang, 'stages')),
    tiles(lang, 'stage', STAGES, card.stageCounts),
    h('h3', {}, SIDEBAR_TEXT(lang, 'statuses')),
    tiles(lang, 'status', STATUSES, card.statusCounts),
    segmentList(lang, card.segmentCounts),
    mergeNotice(card, lang, openTab),
    headlines.length > 0 ? h('h3', {}, SIDEBAR_TEXT(lang, 'headlines')) : null,
    headlines.length > 0
      ? h(
          'dl',
          { class: 'headlines', 'data-testid': 'headlines' },
          ...headlines.map((line) => h('div', { class: 'headline' }, h('dt', {}, line.label), h('dd', {}, line.value))),
        )
      : null,
    tabButtons.length > 0 ? h('h3', {}, SIDEBAR_TEXT(lang, 'tabs')) : null,
    tabButtons.length > 0 ? h('div', { class: 'tab-buttons', 'data-testid': 'tab-buttons' }, ...tabButtons) : null,
  );
  root.hidden = false;
}
