// A shop whose sheets hold what a hostile or careless hand can type — formula-looking names and
// products, ids with leading zeros, date-looking text, newlines in names — plus a customer list,
// and helpers to drive the built bundle the way the sidebar does.
import { createServices, MemoryServices, MemorySpreadsheet, asMemorySheet } from '../../src/local/memory';
import { fromVm, loadBundle, LoadedBundle, SheetsArgument } from '../../src/local/bundle';

export const AS_OF = '2026-11-20';
/** AS_OF as a date cell (or DATE(2026,11,20)) reaches a custom function: midnight in Tokyo. */
export const AS_OF_DATE = new Date(Date.UTC(2026, 10, 19, 15));
export const SHOP = 'ことり珈琲';
export const STEPS = ['analyse', 'summary', 'history', 'transitions', 'charts'];

/** Strings Sheets would turn into a formula, a number, a date or a boolean if written as typed. */
export const RISKY = [
  '=HYPERLINK("http://evil.example","click")',
  '+81 90-1234-5678',
  '-1',
  '@SUM(A1:A9)',
  '00123',
  '2025/1/5',
  'TRUE',
  '1e3',
  "'quoted",
  '=IMPORTXML("http://evil.example","//a")',
];

// As of 2026-11-20 (follow-up window 10-22 … 11-20), due: new_thanks for each first visit from
// 10-19 on, repeat_thanks#3 for "+81…", at_risk for "00123" (last visit 08-10 + 90 days).
export const SALES_HEADER = ['日付', 'お客様名', 'メールアドレス', '商品名', '金額', '=1+1'];
export function salesRows(): unknown[][] {
  return [
    SALES_HEADER,
    ['2026/11/15', RISKY[0], 'hyper@example.jp', RISKY[9], '¥1,080', '=2+2'],
    ['2026/8/1', RISKY[1], 'plus@example.jp', '+1', '¥1,080', ''],
    ['2026/9/1', RISKY[1], 'plus@example.jp', '+1', '¥1,480', ''],
    ['2026/11/2', RISKY[1], 'plus@example.jp', '-2', '¥1,480', ''],
    ['2026/8/10', RISKY[4], 'zero@example.jp', '2025/1/5', '¥2,200', '00042'],
    ['2026/11/10', RISKY[3], '=x@evil.example', 'TRUE', '¥500', ''],
    ['2026/11/11', RISKY[2], 'minus@example.jp', '1e3', '500円', ''],
    ['2026/11/12', RISKY[5], 'date@example.jp', '00042', '¥700', ''],
    ['2026/11/12', RISKY[6], 'true@example.jp', '@x', '¥700', ''],
    ['2026/11/13', RISKY[7], 'exp@example.jp', '=1', '¥700', ''],
    ['2026/11/13', RISKY[8], 'quote@example.jp', "'=1", '¥700', ''],
    ['2026/11/14', 'Taro\r\nBcc: victim@evil.example', 'taro@example.jp', 'ブレンド', '¥900', ''],
    [new Date(Date.UTC(2026, 10, 16, 3)), '日付セル', 'cell@example.jp', 'ブレンド', 1080, ''],
    ['2027/1/1', '未来', 'future@example.jp', 'ブレンド', '¥100', ''],
    // Rejected, each for its own reason, with risky values that come back in the Rejected tab.
    ['=NOW()', '=HYPERLINK("x")', '', '', '¥100', '+cmd'],
    ['2026/11/1', 'x', '', '', '=1/0', '-cmd'],
    ['2026/11/1', '', '', '', '¥100', '@cmd'],
    ['2026/11/1', '00999', '', '', '', '2026/1/1'],
  ];
}

export const LIST_TAB = '顧客名簿';
export function customerRows(): unknown[][] {
  return [
    ['お客様名', 'メールアドレス', '誕生日', '配信停止', '備考'],
    ['=HYPERLINK("http://evil.example","list")', 'list@example.jp', '11/5', '', '=1+1'],
    [RISKY[4], 'zero-list@example.jp', '', '', '00777'],
    [RISKY[2], '', '', '配信停止', '2026/1/1'],
  ];
}

export interface ShopOptions {
  locale?: 'ja_JP' | 'en_US';
  /** Name of the sales tab (default 売上). */
  salesTab?: string;
  customers?: boolean;
  clock?: 'fake';
}

/** Copies, because loadRawValues takes ownership of the arrays it is given. */
export function shop(options: ShopOptions = {}): MemorySpreadsheet {
  const salesTab = options.salesTab ?? '売上';
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: options.locale ?? 'ja_JP',
    name: SHOP,
    firstSheetName: salesTab,
  });
  ss.inspect(() => {
    const sales = ss.sheet(salesTab);
    sales.loadRawValues(salesRows());
    // The owner's own formatting, which must survive every run.
    sales.getRange(1, 1, 1, 6).setFontWeight('bold').setBackground('#ffeeaa');
    sales.getRange(2, 5, 18, 1).setNumberFormat('¥#,##0');
    sales.getRange(1, 2).setNote('名前はフォームから');
    sales.setFrozenRows(1);
    if (options.customers !== false) {
      const list = asMemorySheet(ss.insertSheet(LIST_TAB));
      list.loadRawValues(customerRows());
      list.getRange(2, 3, 3, 1).setNumberFormat('@');
    }
  });
  // The owner has told the add-on who signs the follow-ups (drafting is refused without it).
  ss.env.properties.document.set('settings.v1', JSON.stringify({ shopName: SHOP }));
  return ss;
}

export function servicesFor(ss: MemorySpreadsheet, options: { clock?: 'fake' } = {}): MemoryServices {
  return createServices({
    spreadsheet: ss,
    ...(options.clock ? { clock: options.clock, start: Date.UTC(2026, 10, 20, 1) } : {}),
  });
}

export interface Step {
  step: string;
  next: string | null;
  runId?: string;
  card: { lang: string; tabs: { name: string }[]; rows: Record<string, number> };
}

/** One google.script.run call: a fresh execution of the bundle, its result as plain JSON. */
export function call<T>(ss: MemorySpreadsheet, name: string, ...args: unknown[]): T {
  return fromVm(loadBundle({ services: createServices({ spreadsheet: ss }) }).call<T>(name, ...args));
}

/** A custom function as a cell calls it (custom-function mode, arguments as Sheets passes them). */
export function formula<T>(ss: MemorySpreadsheet, name: string, ...args: SheetsArgument[]): T {
  return fromVm(loadBundle({ services: createServices({ spreadsheet: ss }) }).customFunction<T>(name, ...args));
}

/** The sidebar's loop: each step its own execution, passing on the run id the first step gave. */
export function analyse(ss: MemorySpreadsheet, options: Record<string, unknown> = {}): Step {
  // November so far: the shop's data (and these tests' expectations) lie in AS_OF's month.
  const base = { asOf: AS_OF, month: 'current', ...options };
  let result = call<Step>(ss, 'analysisStep', 'analyse', base);
  while (result.next) result = call<Step>(ss, 'analysisStep', result.next, { ...base, runId: result.runId });
  return result;
}

export interface DraftBatch {
  created: number;
  failed: number;
  failedKeys: string[];
  remaining: number;
  done: boolean;
  stopped?: string;
  error?: string;
}

export function draftAll(ss: MemorySpreadsheet, bundle?: LoadedBundle): DraftBatch {
  const b = bundle ?? loadBundle({ services: createServices({ spreadsheet: ss }) });
  return fromVm(b.call<DraftBatch>('createDraftBatch', { asOf: AS_OF, batchSize: 100 }));
}

/** Everything a person sees of a tab: values, number formats, bold, colours, notes, frozen rows, charts. */
export function tabState(ss: MemorySpreadsheet, name: string) {
  return ss.inspect(() => {
    const sheet = ss.getSheetByName(name);
    if (!sheet) return null;
    const range = sheet.getDataRange();
    return {
      values: range.getValues(),
      formats: range.getNumberFormats(),
      weights: range.getFontWeights(),
      backgrounds: range.getBackgrounds(),
      notes: range.getNotes(),
      frozenRows: sheet.getFrozenRows(),
      charts: sheet.getCharts().length,
    };
  });
}

export function tabNames(ss: MemorySpreadsheet): string[] {
  return ss.inspect(() => ss.getSheets().map((s) => s.getName()));
}

/** Every tab's values by name (the workbook as a person would compare it). */
export function workbookValues(ss: MemorySpreadsheet): Record<string, unknown[][]> {
  return Object.fromEntries(tabNames(ss).map((name) => [name, ss.sheet(name).peekValues()]));
}

/** Cells holding a formula, as "tab!row:col formula". */
export function formulasIn(ss: MemorySpreadsheet): string[] {
  const found: string[] = [];
  ss.inspect(() => {
    for (const sheet of ss.getSheets()) {
      sheet
        .getDataRange()
        .getFormulas()
        .forEach((row, r) =>
          row.forEach((f, c) => {
            if (f !== '') found.push(`${sheet.getName()}!${r + 1}:${c + 1} ${f}`);
          }),
        );
    }
  });
  return found;
}
