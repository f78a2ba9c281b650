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
type Range = GoogleAppsScript.Spreadsheet.Range;

interface ChartSpec {
  type: GoogleAppsScript.Charts.ChartType;
  ranges: Range[];
  title: string;
  /** The ranges' first row is a header (series names). */
  header: boolean;
  stacked?: boolean;
}

export function writeSummaryCharts(summary: Sheet, history: Sheet | null, table: SummaryTable, lang: Lang): void {
  for (const chart of summary.getCharts()) summary.removeChart(chart);
  const specs: ChartSpec[] = [];
  const months = history ? history.getLastRow() : 0;
  if (history && months >= 2) {
    specs.push(
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
    );
  }
  const within = (r: SummaryTable['chartData']['cohorts']) =>
    summary.getRange(r.row + 1, r.col + 1, r.numRows, r.numCols);
  specs.push(
    {
      type: Charts.ChartType.COLUMN,
      ranges: [within(table.chartData.cohorts)],
      title: TITLES[lang].cohorts,
      header: true,
    },
    { type: Charts.ChartType.PIE, ranges: [within(table.chartData.stageMix)], title: TITLES[lang].mix, header: false },
  );
  specs.forEach((spec, slot) => {
    let builder = summary.newChart().setChartType(spec.type);
    for (const range of spec.ranges) builder = builder.addRange(range);
    if (spec.header) builder = builder.setNumHeaders(1);
    if (spec.stacked) builder = builder.setOption('isStacked', true);
    summary.insertChart(
      builder
        .setPosition(1 + slot * CHART_ROWS, CHART_COLUMN, 0, 0)
        .setOption('title', spec.title)
        .build(),
    );
  });
}
