// Charts on the Summary tab: the stage mix (pie) and the monthly trend of stages from History
// (line). A rerun removes the charts it made before, so they never stack up.

import { Lang } from '../core/labels';
import { SummaryTable } from '../core/report-tables';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const TITLES: Record<Lang, { mix: string; trend: string }> = {
  ja: { mix: 'ステージ別の顧客数', trend: 'ステージ別の顧客数の推移' },
  en: { mix: 'Customers by stage', trend: 'Customers by stage, month by month' },
};

/** Charts sit to the right of the Summary's text, from this column. */
const CHART_COLUMN = 7;

export function writeSummaryCharts(summary: Sheet, history: Sheet | null, table: SummaryTable, lang: Lang): void {
  for (const chart of summary.getCharts()) summary.removeChart(chart);
  const mix = table.chartData.stageMix;
  summary.insertChart(
    summary
      .newChart()
      .setChartType(Charts.ChartType.PIE)
      .addRange(summary.getRange(mix.row + 1, mix.col + 1, mix.numRows, mix.numCols))
      .setPosition(1, CHART_COLUMN, 0, 0)
      .setOption('title', TITLES[lang].mix)
      .build(),
  );
  const months = history ? history.getLastRow() : 0;
  if (history && months >= 2) {
    // Month and the four stage columns, header included: one line per stage.
    summary.insertChart(
      summary
        .newChart()
        .setChartType(Charts.ChartType.LINE)
        .addRange(history.getRange(1, 1, months, 5))
        .setNumHeaders(1)
        .setPosition(20, CHART_COLUMN, 0, 0)
        .setOption('title', TITLES[lang].trend)
        .build(),
    );
  }
}
