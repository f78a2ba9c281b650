// Charts on the Summary tab: monthly new vs repeat revenue and the stage trend (from History) and
// the F2 cohorts (from the Summary). A rerun removes the charts it made before, so they never stack up.

import { Lang } from '../core/labels';
import { HISTORY_KEYS } from '../core/metrics';
import { SummaryTable } from '../core/report-tables';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const TITLES: Record<Lang, { trend: string; revenue: string; cohorts: string }> = {
  ja: {
    trend: 'ステージ別の顧客数の推移',
    revenue: '毎月の売上（新規とリピート）',
    cohorts: '2回目の来店（初回来店月別）',
  },
  en: {
    trend: 'Customers by stage, month by month',
    revenue: 'Monthly revenue, new and repeat',
    cohorts: 'Second visits by first-visit month',
  },
};

/** Each chart's size in pixels: three side by side fit a laptop's grid beside the 300 px sidebar. */
export const CHART_WIDTH = 320;
export const CHART_HEIGHT = 240;
/** Pixels between two charts. */
const CHART_GAP = 10;

/** History's columns (1-based) of the month's new and repeat revenue. */
const REVENUE_COLUMN = 2 + HISTORY_KEYS.indexOf('revenue_new');

type Range = GoogleAppsScript.Spreadsheet.Range;

interface ChartSpec {
  type: GoogleAppsScript.Charts.ChartType;
  ranges: Range[];
  title: string;
  /** The ranges' first row is a header (series names). */
  header: boolean;
  stacked?: boolean;
}

/** Monthly new vs repeat revenue and the stage mix month by month, from History (two months at least). */
function historySpecs(history: Sheet | null, lang: Lang): ChartSpec[] {
  const months = history ? history.getLastRow() : 0;
  if (!history || months < 2) return [];
  return [
    {
      type: Charts.ChartType.COLUMN,
      ranges: [history.getRange(1, 1, months, 1), history.getRange(1, REVENUE_COLUMN, months, 2)],
      title: TITLES[lang].revenue,
      header: true,
      stacked: true,
    },
    // Month and the four stage columns, header included: one line per stage.
    {
      type: Charts.ChartType.LINE,
      ranges: [history.getRange(1, 1, months, 5)],
      title: TITLES[lang].trend,
      header: true,
    },
  ];
}

/**
 * Monthly new vs repeat revenue, the stage mix over the months and the F2 cohorts, side by side in
 * the empty rows the Summary keeps under its title (table.chartBand): the first thing an owner
 * sees, from column A, with the figures below. Each is placed by its pixel offset from column A,
 * so the widths Sheets gives the columns cannot push one onto another.
 */
export function writeSummaryCharts(summary: Sheet, history: Sheet | null, table: SummaryTable, lang: Lang): void {
  for (const chart of summary.getCharts()) summary.removeChart(chart);
  const cohorts = table.chartData.cohorts;
  const specs: ChartSpec[] = [
    ...historySpecs(history, lang),
    {
      type: Charts.ChartType.COLUMN,
      ranges: [summary.getRange(cohorts.row + 1, cohorts.col + 1, cohorts.numRows, cohorts.numCols)],
      title: TITLES[lang].cohorts,
      header: true,
    },
  ];
  specs.forEach((spec, slot) => {
    let builder = summary.newChart().setChartType(spec.type);
    for (const range of spec.ranges) builder = builder.addRange(range);
    if (spec.header) builder = builder.setNumHeaders(1);
    if (spec.stacked) builder = builder.setOption('isStacked', true);
    summary.insertChart(
      builder
        .setPosition(table.chartBand.row + 1, 1, slot * (CHART_WIDTH + CHART_GAP), 0)
        .setOption('title', spec.title)
        .setOption('width', CHART_WIDTH)
        .setOption('height', CHART_HEIGHT)
        .build(),
    );
  });
}
