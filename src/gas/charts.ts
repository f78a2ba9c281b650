// Charts on the Summary tab: monthly new vs repeat revenue and the stage trend (from History), the
// F2 cohorts and the stage mix (from the Summary). A rerun removes the charts it made before, so
// they never stack up.

import { Lang } from '../core/labels';
import { HISTORY_KEYS } from '../core/metrics';
import { SummaryTable } from '../core/report-tables';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const TITLES: Record<Lang, { mix: string; trend: string; revenue: string; cohorts: string }> = {
  ja: {
    mix: 'ステージ別の顧客数',
    trend: 'ステージ別の顧客数の推移',
    revenue: '毎月の売上（新規とリピート）',
    cohorts: '2回目の来店（初回来店月別）',
  },
  en: {
    mix: 'Customers by stage',
    trend: 'Customers by stage, month by month',
    revenue: 'Monthly revenue, new and repeat',
    cohorts: 'Second visits by first-visit month',
  },
};

/** Charts sit beside the Summary's numbers (the definitions are at the bottom), from this column. */
const CHART_COLUMN = 6;
/** Rows between two charts stacked in that column. */
const CHART_ROWS = 19;

/** History's columns (1-based) of the month's new and repeat revenue. */
const REVENUE_COLUMN = 2 + HISTORY_KEYS.indexOf('revenue_new');

/**
 * Monthly new vs repeat revenue first, then the stage mix over the months, the F2 cohorts and the
 * stage mix now, one under the other beside the numbers: in view without scrolling far sideways.
 */
export function writeSummaryCharts(summary: Sheet, history: Sheet | null, table: SummaryTable, lang: Lang): void {
  for (const chart of summary.getCharts()) summary.removeChart(chart);
  let slot = 0;
  const place = (builder: GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder, title: string) => {
    summary.insertChart(
      builder
        .setPosition(1 + slot * CHART_ROWS, CHART_COLUMN, 0, 0)
        .setOption('title', title)
        .build(),
    );
    slot++;
  };
  const months = history ? history.getLastRow() : 0;
  if (history && months >= 2) {
    place(
      summary
        .newChart()
        .setChartType(Charts.ChartType.COLUMN)
        .addRange(history.getRange(1, 1, months, 1))
        .addRange(history.getRange(1, REVENUE_COLUMN, months, 2))
        .setNumHeaders(1)
        .setOption('isStacked', true),
      TITLES[lang].revenue,
    );
    // Month and the four stage columns, header included: one line per stage.
    place(
      summary
        .newChart()
        .setChartType(Charts.ChartType.LINE)
        .addRange(history.getRange(1, 1, months, 5))
        .setNumHeaders(1),
      TITLES[lang].trend,
    );
  }
  const cohorts = table.chartData.cohorts;
  place(
    summary
      .newChart()
      .setChartType(Charts.ChartType.COLUMN)
      .addRange(summary.getRange(cohorts.row + 1, cohorts.col + 1, cohorts.numRows, cohorts.numCols))
      .setNumHeaders(1),
    TITLES[lang].cohorts,
  );
  const mix = table.chartData.stageMix;
  place(
    summary
      .newChart()
      .setChartType(Charts.ChartType.PIE)
      .addRange(summary.getRange(mix.row + 1, mix.col + 1, mix.numRows, mix.numCols)),
    TITLES[lang].mix,
  );
}
