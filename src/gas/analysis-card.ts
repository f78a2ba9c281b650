// The card the sidebar shows after each step of the analysis (and the menu's closing message):
// counts, the tabs written so far and the headline numbers.

import { formatDay } from '../core/days';
import { CardAction, CardFigure, TrendPoint } from '../core/card-figures';
import { profileLine } from '../core/export-profiles';
import { Lang } from '../core/labels';
import { monthLabel } from '../core/report-month';
import { SalesSheetAnalysis } from './sales-source';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface AnalysisCard {
  /** YYYY-MM-DD: the day the Segments tab and the follow-ups are as of. */
  asOf: string;
  /** The report month ('YYYY-MM'), its name (「2026年11月」) and the day its figures are as of. */
  month: string;
  monthLabel: string;
  monthEnd: string;
  /** The report month had not ended by as-of. */
  soFar: boolean;
  lang: Lang;
  salesSheet: string;
  /** The export recognised ('shopify' …) or 'generic', and the card's line saying so ('' for generic). */
  profile: string;
  profileLine: string;
  rows: { rows: number; used: number; rejected: number; future: number; blank: number };
  customers: number;
  stageCounts: Record<string, number>;
  statusCounts: Record<string, number>;
  segmentCounts: Record<string, number>;
  tabs: { name: string; sheetId: number }[];
  /** The Merge suggestions tab and its rows the owner has yet to answer (absent without the tab). */
  mergeSuggestions?: { open: number; tab: string };
  /** The headline answers, formatted in the card's language. */
  headlines?: { label: string; value: string; hint?: string }[];
  /** What to do first: the follow-ups due now, in their priority order (at most three). */
  actions?: CardAction[];
  /** The report month's numbers beside the month before's. */
  figures?: CardFigure[];
  /** The last twelve months' new and repeat revenue, oldest first. */
  trend?: TrendPoint[];
  /** Every step of a run, for the progress bar. */
  steps?: string[];
  /**
   * Set when the step stopped short of Apps Script's time limit with rows still to write: the
   * same step is called again (StepResult.next) and goes on from there.
   */
  progress?: { rowsWritten: number; rows: number };
}

export function cardOf(analysis: SalesSheetAnalysis, tabs: Sheet[]): AnalysisCard {
  const { sales } = analysis.table;
  const { reportMonth } = analysis;
  return {
    asOf: formatDay(analysis.asOf),
    month: reportMonth.month,
    monthLabel: monthLabel(reportMonth.month, analysis.lang),
    monthEnd: formatDay(reportMonth.end),
    soFar: reportMonth.soFar,
    lang: analysis.lang,
    salesSheet: analysis.sheet.getName(),
    profile: analysis.table.header.profile,
    profileLine: profileLine(analysis.table.header.profile, analysis.lang),
    rows: { ...sales.counts },
    // Every customer has one stage: the stage counts add up to the buyers and the listed prospects.
    customers: Object.values(sales.labelCounts.stage).reduce((sum, n) => sum + n, 0),
    stageCounts: { ...sales.labelCounts.stage },
    statusCounts: { ...sales.labelCounts.status },
    segmentCounts: { ...sales.labelCounts.segment },
    tabs: tabs.map((t) => ({ name: t.getName(), sheetId: t.getSheetId() })),
  };
}

/** The card with `sheet` among its tabs (replacing a tab of that name). */
export function withTab(card: AnalysisCard, sheet: Sheet): AnalysisCard {
  const tabs = card.tabs.filter((t) => t.name !== sheet.getName());
  tabs.push({ name: sheet.getName(), sheetId: sheet.getSheetId() });
  return { ...card, tabs };
}
