// Every tab the add-on reads or writes, in one list: its name in each language, what it holds and
// who writes it. Tab names are looked up here and nowhere else.

import { Lang } from './labels';

/**
 * analysis: rewritten by every analysis (an owner's edits there are lost) · drafting: a row
 * appended per draft · shared: created by the add-on with defaults, then the owner's (the add-on
 * only appends what is missing) · owner: the owner's alone; the add-on only reads it.
 */
export type TabWriter = 'analysis' | 'drafting' | 'shared' | 'owner';

export interface TabSpec {
  names: Record<Lang, string>;
  role: string;
  writer: TabWriter;
}

export const TABS = {
  segments: {
    names: { ja: '顧客ステージ', en: 'Segments' },
    role: 'One row per customer: stage, status, CPM segment and the figures they follow from.',
    writer: 'analysis',
  },
  rejected: {
    names: { ja: '取り込めなかった行', en: 'Rejected rows' },
    role: 'Every sales row not used, with its row number, the reason and its values.',
    writer: 'analysis',
  },
  summary: {
    names: { ja: 'サマリー', en: 'Summary' },
    role: "The month's headline answers with their definitions, and the blocks behind them.",
    writer: 'analysis',
  },
  history: {
    names: { ja: '推移', en: 'History' },
    role: 'One row per analysis month: counts per stage, status and segment (rerunning a month replaces its row).',
    writer: 'analysis',
  },
  transitions: {
    names: { ja: 'ステージ移動', en: 'Transitions' },
    role: 'Stage at the end of last month → stage at as-of.',
    writer: 'analysis',
  },
  templates: {
    names: { ja: 'テンプレート', en: 'Templates' },
    role: 'Subject and body per follow-up type.',
    writer: 'shared',
  },
  followUpLog: {
    names: { ja: 'フォロー履歴', en: 'Follow-up log' },
    role: 'One row per draft made: its key keeps a follow-up from being drafted twice.',
    writer: 'drafting',
  },
  mergeSuggestions: {
    names: { ja: '名寄せ候補', en: 'Merge suggestions' },
    role: 'Pairs of customers that may be one person, with the evidence; a ticked Same person counts them as one from the next analysis on (unticking splits them again). Rewritten by each analysis, ticked rows kept as they are.',
    writer: 'shared',
  },
  customerList: {
    names: { ja: '顧客名簿', en: 'Customers' },
    role: 'Optional: emails, birthdays, opt-outs and prospects the sales sheet lacks.',
    writer: 'owner',
  },
} as const satisfies Record<string, TabSpec>;

export type TabId = keyof typeof TABS;

export const TAB_IDS = Object.keys(TABS) as TabId[];

export function tabName(tab: TabId, lang: Lang): string {
  return TABS[tab].names[lang];
}

/** A tab the add-on writes, by its name in either language: never mistaken for (or allowed as) the sales sheet. */
export function isAddOnTab(name: string): boolean {
  return TAB_IDS.some((id) => {
    const spec: TabSpec = TABS[id];
    return spec.writer !== 'owner' && (spec.names.ja === name || spec.names.en === name);
  });
}
