// Embedded charts: a builder, the immutable chart it builds, and the global `Charts` enum. A sheet
// keeps the state of its inserted charts; chart objects are snapshots, as in Apps Script, and
// changes reach the sheet only through updateChart.

import { counted, MemoryEnv } from './env';

type Range = GoogleAppsScript.Spreadsheet.Range;

export const CHART_TYPES = ['AREA', 'BAR', 'COLUMN', 'LINE', 'PIE', 'SCATTER', 'TABLE', 'COMBO', 'HISTOGRAM'] as const;

export interface ChartState {
  /** null until the chart is inserted into a sheet. */
  id: number | null;
  type: string | null;
  ranges: Range[];
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
  numHeaders: number;
  options: Record<string, unknown>;
}

export function newChartState(): ChartState {
  return {
    id: null,
    type: null,
    ranges: [],
    anchorRow: 1,
    anchorColumn: 1,
    offsetX: 0,
    offsetY: 0,
    numHeaders: -1,
    options: {},
  };
}

export function copyChartState(state: ChartState): ChartState {
  return { ...state, ranges: state.ranges.slice(), options: { ...state.options } };
}

type Builder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
type BuilderApi = Pick<
  Builder,
  | 'setChartType'
  | 'getChartType'
  | 'addRange'
  | 'removeRange'
  | 'clearRanges'
  | 'getRanges'
  | 'setPosition'
  | 'setOption'
  | 'setNumHeaders'
  | 'asPieChart'
  | 'asLineChart'
  | 'asColumnChart'
  | 'asBarChart'
  | 'asAreaChart'
  | 'asTableChart'
  | 'build'
>;

export class MemoryChartBuilder implements BuilderApi {
  constructor(
    private readonly env: MemoryEnv,
    readonly state: ChartState,
  ) {
    return counted(this, 'EmbeddedChartBuilder', env);
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): Builder {
    this.state.type = String(type);
    return this.self();
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    return this.state.type as unknown as GoogleAppsScript.Charts.ChartType;
  }

  addRange(range: Range): Builder {
    this.state.ranges.push(range);
    return this.self();
  }

  removeRange(range: Range): Builder {
    this.state.ranges = this.state.ranges.filter(
      (r) => r.getA1Notation() !== range.getA1Notation() || r.getSheet() !== range.getSheet(),
    );
    return this.self();
  }

  clearRanges(): Builder {
    this.state.ranges = [];
    return this.self();
  }

  getRanges(): Range[] {
    return this.state.ranges.slice();
  }

  setPosition(anchorRow: number, anchorColumn: number, offsetX: number, offsetY: number): Builder {
    Object.assign(this.state, { anchorRow, anchorColumn, offsetX, offsetY });
    return this.self();
  }

  setOption(option: string, value: unknown): Builder {
    this.state.options[option] = value;
    return this.self();
  }

  setNumHeaders(headers: number): Builder {
    this.state.numHeaders = headers;
    return this.self();
  }

  // The typed sub-builders of Apps Script only add type-specific setters; this one builder serves.
  asPieChart(): GoogleAppsScript.Spreadsheet.EmbeddedPieChartBuilder {
    return this.typed('PIE');
  }

  asLineChart(): GoogleAppsScript.Spreadsheet.EmbeddedLineChartBuilder {
    return this.typed('LINE');
  }

  asColumnChart(): GoogleAppsScript.Spreadsheet.EmbeddedColumnChartBuilder {
    return this.typed('COLUMN');
  }

  asBarChart(): GoogleAppsScript.Spreadsheet.EmbeddedBarChartBuilder {
    return this.typed('BAR');
  }

  asAreaChart(): GoogleAppsScript.Spreadsheet.EmbeddedAreaChartBuilder {
    return this.typed('AREA');
  }

  asTableChart(): GoogleAppsScript.Spreadsheet.EmbeddedTableChartBuilder {
    return this.typed('TABLE');
  }

  build(): GoogleAppsScript.Spreadsheet.EmbeddedChart {
    return new MemoryChart(
      this.env,
      copyChartState(this.state),
    ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChart;
  }

  private typed<T>(type: string): T {
    this.state.type = type;
    return this as unknown as T;
  }

  private self(): Builder {
    return this as unknown as Builder;
  }
}

type ChartApi = Pick<
  GoogleAppsScript.Spreadsheet.EmbeddedChart,
  'getChartId' | 'getRanges' | 'getOptions' | 'getContainerInfo' | 'getNumHeaders' | 'modify'
>;

export class MemoryChart implements ChartApi {
  constructor(
    private readonly env: MemoryEnv,
    readonly state: ChartState,
  ) {
    return counted(this, 'EmbeddedChart', env);
  }

  getChartId(): number | null {
    return this.state.id;
  }

  /** The chart type, for tests (Apps Script has no getter on EmbeddedChart). */
  getType(): string | null {
    return this.state.type;
  }

  getRanges(): Range[] {
    return this.state.ranges.slice();
  }

  getNumHeaders(): number {
    return this.state.numHeaders;
  }

  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    const options = this.state.options;
    return counted(
      {
        // An exact key first ('hAxis.title'), else a path into an object option ({ hAxis: { title } }).
        get(key: string): unknown {
          if (key in options) return options[key];
          let value: unknown = options;
          for (const part of key.split('.'))
            value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
          return value ?? null;
        },
      },
      'ChartOptions',
      this.env,
    );
  }

  getContainerInfo(): GoogleAppsScript.Spreadsheet.ContainerInfo {
    const s = this.state;
    return counted(
      {
        getAnchorRow: () => s.anchorRow,
        getAnchorColumn: () => s.anchorColumn,
        getOffsetX: () => s.offsetX,
        getOffsetY: () => s.offsetY,
      },
      'ContainerInfo',
      this.env,
    );
  }

  modify(): Builder {
    return new MemoryChartBuilder(this.env, copyChartState(this.state)) as unknown as Builder;
  }
}

/** The global `Charts`; enum values are their names, as Apps Script's print. */
export function createCharts(env: MemoryEnv): Pick<GoogleAppsScript.Charts.Charts, 'ChartType'> {
  const ChartType = Object.fromEntries(CHART_TYPES.map((t) => [t, t]));
  return counted({ ChartType: ChartType as unknown as typeof GoogleAppsScript.Charts.ChartType }, 'Charts', env);
}
