// The results card of a run: the report month it describes, what to do first (the follow-ups due,
// a button each), the month's numbers against the month before, a small chart of the last twelve
// months, counts per stage and status with a one-line explanation of every term, the other
// headline answers (formatted by the server) and a button per tab written.

import { CardAction, CardFigure, TrendPoint } from '../core/card-figures';
import { parseIsoDay } from '../core/days';
import { Lang, classificationLabel, defineText } from '../core/labels';
import { dayLabel } from '../core/report-month';
import { termHint } from '../core/term-hints';
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
        h('span', { class: 'tile-label' }, term(classificationLabel(lang, key), termHint(lang, key))),
      ),
    ),
  );
}

function segmentList(lang: Lang, counts: Record<string, number>): HTMLElement {
  const rows = (SEGMENTS as readonly Segment[]).map((key) =>
    h(
      'tr',
      { 'data-testid': `segment-${key}` },
      h('th', {}, term(classificationLabel(lang, key), termHint(lang, key))),
      h('td', {}, counts[key] ?? 0),
    ),
  );
  return h(
    'details',
    { class: 'segments' },
    h('summary', { title: termHint(lang, 'cpm') }, SIDEBAR_TEXT(lang, 'segments')),
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

const TEXT = defineText({
  ja: {
    title: '{month}の分析',
    titleSoFar: '{month}の分析（{end}まで）',
    listAsOf: 'お客様の一覧とフォローは{asOf}時点',
    stagesAsOf: 'ステージ（{asOf}時点）',
    statusesAsOf: '状態（{asOf}時点）',
    todo: 'まずやること',
    action: '{label} {count}人',
    draft: '下書きを作る',
    nothingDue: '今日送るフォローはありません。',
    previous: '先月 {value}',
    trend: '売上の推移（直近12か月）',
    trendNew: '新規',
    trendRepeat: 'リピート',
    more: 'ほかの数字',
  },
  en: {
    title: '{month}',
    titleSoFar: '{month} (to {end})',
    listAsOf: 'Customer list and follow-ups as of {asOf}',
    stagesAsOf: 'Stages (as of {asOf})',
    statusesAsOf: 'Status (as of {asOf})',
    todo: 'Do first',
    action: '{label}: {count}',
    draft: 'Create drafts',
    nothingDue: 'No follow-up is due today.',
    previous: 'last month {value}',
    trend: 'Revenue, last 12 months',
    trendNew: 'New',
    trendRepeat: 'Repeat',
    more: 'More numbers',
  },
});

/** A term with its one-line explanation: shown on hover (title) and toggled by a tap or Enter. */
export function term(label: string, hint: string, testId?: string): HTMLElement {
  const tip = h('span', { class: 'term-hint', role: 'note', hidden: true }, hint);
  const el = h(
    'span',
    { class: 'term', title: hint, tabindex: 0, role: 'button', 'aria-expanded': 'false', 'data-testid': testId },
    label,
  );
  const toggle = () => {
    tip.hidden = !tip.hidden;
    el.setAttribute('aria-expanded', String(!tip.hidden));
  };
  el.addEventListener('click', toggle);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle();
    }
  });
  return h('span', { class: 'term-wrap' }, el, tip);
}

function actionLines(lang: Lang, actions: CardAction[], draft: (type: string) => void): HTMLElement {
  if (actions.length === 0) return h('p', { class: 'muted', 'data-testid': 'actions' }, TEXT(lang, 'nothingDue'));
  return h(
    'ul',
    { class: 'actions-list', 'data-testid': 'actions' },
    ...actions.map((a) => {
      const button = h(
        'button',
        { type: 'button', class: 'action-button', 'data-testid': 'action-draft', 'data-type': a.type },
        `→ ${TEXT(lang, 'draft')}`,
      );
      button.addEventListener('click', () => draft(a.type));
      return h(
        'li',
        { class: 'action-line', 'data-testid': 'action-line' },
        h('span', {}, TEXT(lang, 'action', { label: a.label, count: a.count })),
        button,
      );
    }),
  );
}

function figureList(lang: Lang, figures: CardFigure[]): HTMLElement {
  return h(
    'dl',
    { class: 'figures', 'data-testid': 'figures' },
    ...figures.map((f) =>
      h(
        'div',
        { class: 'figure', 'data-testid': `figure-${f.key}` },
        h('dt', {}, term(f.label, f.hint)),
        h(
          'dd',
          {},
          h('span', { class: 'figure-value' }, f.value),
          f.change
            ? h(
                'span',
                { class: `change ${f.good === null ? '' : f.good ? 'good' : 'bad'}`, 'data-testid': 'change' },
                f.change,
              )
            : null,
          f.previous ? h('span', { class: 'muted previous' }, TEXT(lang, 'previous', { value: f.previous })) : null,
        ),
      ),
    ),
  );
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>, title?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (title) {
    const t = document.createElementNS(SVG, 'title');
    t.textContent = title;
    el.appendChild(t);
  }
  return el;
}

/** Stacked bars, new below repeat, one per month: inline SVG, nothing fetched. */
function trendChart(lang: Lang, trend: TrendPoint[]): HTMLElement | null {
  if (trend.length === 0) return null;
  const width = 240;
  const height = 80;
  const gap = 2;
  const bar = width / trend.length - gap;
  const top = Math.max(1, ...trend.map((p) => Math.max(0, p.newRevenue) + Math.max(0, p.repeatRevenue)));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 12}`, class: 'trend', role: 'img' });
  chart.setAttribute('aria-label', TEXT(lang, 'trend'));
  chart.setAttribute('data-testid', 'trend-chart');
  trend.forEach((p, i) => {
    const x = i * (bar + gap);
    const hNew = (Math.max(0, p.newRevenue) / top) * height;
    const hRepeat = (Math.max(0, p.repeatRevenue) / top) * height;
    const tip = `${p.month} ${TEXT(lang, 'trendNew')} ${p.newRevenue.toLocaleString()} / ${TEXT(lang, 'trendRepeat')} ${p.repeatRevenue.toLocaleString()}`;
    chart.appendChild(svg('rect', { x, y: height - hNew, width: bar, height: hNew, class: 'bar-new' }, tip));
    chart.appendChild(
      svg('rect', { x, y: height - hNew - hRepeat, width: bar, height: hRepeat, class: 'bar-repeat' }, tip),
    );
    if (i === 0 || i === trend.length - 1) {
      const label = svg('text', {
        x: i === 0 ? 0 : width,
        y: height + 11,
        class: 'axis',
        'text-anchor': i === 0 ? 'start' : 'end',
      });
      label.textContent = p.month;
      chart.appendChild(label);
    }
  });
  return h(
    'figure',
    { class: 'trend-figure' },
    h('figcaption', {}, TEXT(lang, 'trend')),
    chart as unknown as HTMLElement,
    h(
      'p',
      { class: 'legend' },
      h('span', { class: 'key key-new' }),
      TEXT(lang, 'trendNew'),
      ' ',
      h('span', { class: 'key key-repeat' }),
      TEXT(lang, 'trendRepeat'),
    ),
  );
}

export interface CardHandlers {
  openTab: (name: string) => void;
  /** An action line's button: the follow-ups panel, ready to draft. */
  draft: (type: string) => void;
}

export function renderCard(root: HTMLElement, card: AnalysisCard, lang: Lang, handlers: CardHandlers): void {
  const headlines = card.headlines ?? [];
  const tabButtons = card.tabs.map((tab) => {
    const button = h(
      'button',
      { type: 'button', class: 'tab-button', 'data-testid': 'tab-button', 'data-tab': tab.name },
      tab.name,
    );
    button.addEventListener('click', () => handlers.openTab(tab.name));
    return button;
  });
  const asOf = dayText(card.asOf, lang);
  fill(
    root,
    h(
      'h2',
      { 'data-testid': 'result-title' },
      card.soFar
        ? TEXT(lang, 'titleSoFar', { month: card.monthLabel, end: dayText(card.monthEnd, lang) })
        : TEXT(lang, 'title', { month: card.monthLabel }),
    ),
    h('p', { class: 'muted', 'data-testid': 'result-as-of' }, TEXT(lang, 'listAsOf', { asOf })),
    h('h3', {}, TEXT(lang, 'todo')),
    actionLines(lang, card.actions ?? [], handlers.draft),
    card.figures ? figureList(lang, card.figures) : null,
    trendChart(lang, card.trend ?? []),
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
    // The tiles count the customer list (as of as-of), not the month's end as the figures above do:
    // the heading says so, or 要フォロー 6 above and 4 here would read as a contradiction.
    h('h3', { 'data-testid': 'stages-as-of' }, TEXT(lang, 'stagesAsOf', { asOf })),
    tiles(lang, 'stage', STAGES, card.stageCounts),
    h('h3', {}, TEXT(lang, 'statusesAsOf', { asOf })),
    tiles(lang, 'status', STATUSES, card.statusCounts),
    segmentList(lang, card.segmentCounts),
    mergeNotice(card, lang, handlers.openTab),
    headlines.length > 0
      ? h(
          'details',
          { class: 'more' },
          h('summary', {}, TEXT(lang, 'more')),
          h(
            'dl',
            { class: 'headlines', 'data-testid': 'headlines' },
            ...headlines.map((line) =>
              h(
                'div',
                { class: 'headline' },
                h('dt', {}, line.hint ? term(line.label, line.hint) : line.label),
                h('dd', {}, line.value),
              ),
            ),
          ),
        )
      : null,
    tabButtons.length > 0 ? h('h3', {}, SIDEBAR_TEXT(lang, 'tabs')) : null,
    tabButtons.length > 0 ? h('div', { class: 'tab-buttons', 'data-testid': 'tab-buttons' }, ...tabButtons) : null,
  );
  root.hidden = false;
}

/** 2026-11-30 → 2026年11月30日 / 30 November 2026. */
function dayText(iso: string, lang: Lang): string {
  const day = parseIsoDay(iso);
  return day === null ? iso : dayLabel(day, lang);
}
