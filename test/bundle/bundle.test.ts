// The built bundle (dist/, what `clasp push` ships), loaded in a Node vm with the in-memory
// services: the same code path as Sheets. `npm test` builds dist/ first.
import fs from 'fs';
import vm from 'vm';
import { execFileSync } from 'child_process';
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { sizeIndependentCalls } from '../../src/local/call-counts';

const CODE = fs.readFileSync('dist/Code.js', 'utf8');
const CUSTOM_FUNCTIONS = ['CUSTOMER_STAGE', 'CUSTOMER_SEGMENT', 'NEXT_VISIT', 'REPEAT_RATE'];
const ENTRY_POINTS = [
  ...CUSTOM_FUNCTIONS,
  'onOpen',
  'onInstall',
  'showSidebar',
  'runMonthlyAnalysis',
  'analysisStep',
  'analysisSummaryJson',
  'sidebarState',
  'saveSidebarSettings',
  'activateTab',
  'followUpPreview',
  'createDraftBatch',
];

function spreadsheetWith(rows: unknown[][], options: { locale?: string; name?: string } = {}): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: options.locale ?? 'ja_JP',
    firstSheetName: options.name ?? '売上',
  });
  ss.inspect(() => ss.sheet(options.name ?? '売上').loadRawValues(rows));
  return ss;
}

function run(ss: MemorySpreadsheet, asOf: string, lang?: 'ja' | 'en') {
  const services = createServices({ spreadsheet: ss });
  const bundle = loadBundle({ services });
  let step: string | null = 'analyse';
  while (step) {
    const result: { next: string | null } = fromVm(bundle.call('analysisStep', step, { asOf, lang }));
    step = result.next;
  }
  return { services, bundle };
}

describe('the bundle as shipped', () => {
  test('is a plain script: no module syntax, compiles as a classic script', () => {
    expect(() => new vm.Script(CODE)).not.toThrow();
    expect(CODE).not.toMatch(/^\s*(import|export)\s/m);
  });

  test('defines every entry point as a top-level function', () => {
    const context = vm.createContext({});
    vm.runInContext(CODE, context);
    for (const name of ENTRY_POINTS) expect(typeof context[name]).toBe('function');
  });

  test('custom functions, and only they, carry @customfunction in their JSDoc', () => {
    for (const name of ENTRY_POINTS) {
      const stub = new RegExp(String.raw`/\*\*((?:(?!\*/)[\s\S])*)\*/\s*function ${name}\(`).exec(CODE);
      expect(stub).not.toBeNull();
      expect(stub![1].includes('@customfunction')).toBe(CUSTOM_FUNCTIONS.includes(name));
    }
    expect(CODE).toMatch(/@param \{Array<Array<any>>\} sales_table /);
    expect(CODE).toMatch(/@param \{Date\} \[as_of\] /);
  });

  test('asks for exactly the three narrow scopes', () => {
    const manifest = JSON.parse(fs.readFileSync('dist/appsscript.json', 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.timeZone).toBeTruthy();
    expect([...manifest.oauthScopes].sort()).toEqual([
      'https://www.googleapis.com/auth/gmail.compose',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
    ]);
    expect(manifest.dependencies.enabledAdvancedServices).toEqual([
      { userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' },
    ]);
  });

  test('clasp would push exactly the built files', () => {
    const out = execFileSync('npx', ['clasp', 'show-file-status', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const status = JSON.parse(out.trim().split('\n').pop() as string);
    // The fixed list: a build that failed to write one of them must fail here.
    expect([...status.filesToPush].sort()).toEqual(['dist/Code.js', 'dist/appsscript.json', 'dist/sidebar.html']);
  });
});

describe('menu', () => {
  test('onOpen in AuthMode.NONE builds the menu without reading the spreadsheet', () => {
    const services = createServices({ spreadsheet: spreadsheetWith([['日付', '顧客', '金額']]) });
    const bundle = loadBundle({ services });
    bundle.call('onOpen', { authMode: services.globals.ScriptApp.AuthMode.NONE });
    const calls = services.calls.snapshot();
    expect(Object.keys(calls).filter((k) => /^(Range|Sheet)\./.test(k))).toEqual([]);
    expect(JSON.stringify(services.env.ui.menus)).toContain('月次分析を実行');
  });
});

describe('custom functions through the bundle', () => {
  const table = [
    ['日付', '顧客名', '金額'],
    ['2025/1/5', '山田 太郎', '¥1,000'],
    ['2025/2/5', '山田 太郎', '¥1,000'],
    ['2025/3/1', '佐藤 花子', '¥500'],
  ];
  // =…(…, DATE(2025,6,30)) or a date cell: a Date at midnight in the spreadsheet's zone.
  const asOf = new Date(Date.UTC(2025, 5, 29, 15));
  test('labels follow the spreadsheet locale; a column in gives a column out', () => {
    const ja = loadBundle({ services: createServices({ spreadsheet: spreadsheetWith(table) }) });
    expect(ja.customFunction('CUSTOMER_STAGE', '山田 太郎', table, asOf)).toBe('リピート客');
    const en = loadBundle({ services: createServices({ spreadsheet: spreadsheetWith(table, { locale: 'en_US' }) }) });
    expect(fromVm(en.customFunction('CUSTOMER_STAGE', [['山田 太郎'], ['佐藤 花子'], ['?']], table, asOf))).toEqual([
      ['Repeat'],
      ['New'],
      [''],
    ]);
    expect(en.customFunction('REPEAT_RATE', table, '', '', '', asOf)).toBe(0.5);
  });
});

describe('the monthly analysis writes user data as text', () => {
  test('ids, formula-looking names and phone-like text stay text; no formula is written', () => {
    const ss = spreadsheetWith(
      [
        ['date', 'customer', 'amount', 'product'],
        ['2025-01-05', '00001', '100', '=IMPORTXML("http://x","//a")'],
        ['2025-01-06', '=HYPERLINK("http://evil","click")', '200', '+81 90-1234-5678'],
        ['2025-01-07', '2025/1/5', '300', 'TRUE'],
      ],
      { name: 'Sales' },
    );
    run(ss, '2025-03-01', 'en');
    const segments = ss.sheet('Segments');
    const values = segments.peekValues();
    // No email in these sales: no Email column.
    expect(values[0].slice(0, 3)).toEqual(['Customer', 'Stage', 'Status']);
    expect(values.slice(1).map((r) => r[0])).toEqual(['00001', '=HYPERLINK("http://evil","click")', '2025/1/5']);
    const product = values[0].indexOf('Top product');
    expect(values.slice(1).map((r) => r[product])).toEqual([
      '=IMPORTXML("http://x","//a")',
      '+81 90-1234-5678',
      'TRUE',
    ]);
    for (const sheet of ss.inspect(() => ss.getSheets())) {
      const formulas = ss.inspect(() => sheet.getDataRange().getFormulas());
      expect(formulas.flat().filter((f) => f !== '')).toEqual([]);
    }
  });
});

describe('service calls do not grow with the data', () => {
  function shop(rows: number): MemorySpreadsheet {
    const values: unknown[][] = [['日付', '顧客名', '金額', '商品名']];
    for (let i = 0; i < rows; i++) {
      const day = 1 + (i % 28);
      values.push([
        `2025/${1 + (i % 12)}/${day}`,
        `お客様${i % Math.max(1, Math.floor(rows / 3))}`,
        String(100 + (i % 50) * 10),
        `商品${i % 7}`,
      ]);
    }
    return spreadsheetWith(values);
  }
  test('the same calls for 100 and 100,000 rows', () => {
    const small = sizeIndependentCalls(run(shop(100), '2025-12-31').services.calls.snapshot());
    const large = sizeIndependentCalls(run(shop(100_000), '2025-12-31').services.calls.snapshot());
    expect(large).toEqual(small);
    expect(small['Range.getValues']).toBeLessThanOrEqual(4);
  });
});

describe('History', () => {
  const rows = [
    ['日付', '顧客名', '金額'],
    ['2025/1/5', 'A', '100'],
    ['2025/2/5', 'A', '100'],
    ['2025/2/6', 'B', '100'],
  ];
  test('the first run fills every month from the first sale; a rerun replaces the report month’s row only', () => {
    const ss = spreadsheetWith(rows);
    run(ss, '2025-02-28');
    const history = () => ss.sheet('推移').peekValues();
    expect(history().map((r) => r[0])).toEqual(['対象月', '2025-01', '2025-02']);
    // January as of 01-31: A new (1); February as of 02-28: A repeat, B new.
    expect(history()[1].slice(1, 5)).toEqual([0, 1, 0, 0]);
    expect(history()[2].slice(1, 5)).toEqual([0, 1, 1, 0]);
    run(ss, '2025-02-28');
    expect(history().map((r) => r[0])).toEqual(['対象月', '2025-01', '2025-02']);
    // A later sale dated in January changes the report month's row, not January's, already written.
    ss.inspect(() => ss.sheet('売上').appendRow(['2025/1/20', 'C', '100']));
    run(ss, '2025-02-28');
    expect(history()[1].slice(1, 5)).toEqual([0, 1, 0, 0]);
    expect(history()[2].slice(1, 5)).toEqual([0, 2, 1, 0]);
  });

  test('charts are replaced on a rerun, never stacked', () => {
    const ss = spreadsheetWith(rows);
    run(ss, '2025-01-31');
    run(ss, '2025-02-28');
    run(ss, '2025-02-28');
    const charts = ss.inspect(() => ss.sheet('サマリー').getCharts());
    // Monthly revenue, the stage trend and the F2 cohorts: three, once each, side by side under the
    // title (row 2, from column A, 320 px wide and 10 px apart), above the numbers.
    expect(
      ss.inspect(() =>
        charts.map((c) => [
          c.getOptions().get('title'),
          c.getContainerInfo().getAnchorRow(),
          c.getContainerInfo().getAnchorColumn(),
          c.getContainerInfo().getOffsetX(),
          c.getContainerInfo().getOffsetY(),
          c.getOptions().get('height'),
          c.getRanges().map((r) => `${r.getSheet().getName()}!${r.getA1Notation()}`),
        ]),
      ),
    ).toEqual([
      ['毎月の売上（新規とリピート）', 2, 1, 0, 0, 240, ['推移!A1:A3', '推移!S1:T3']],
      ['ステージ別の顧客数の推移', 2, 1, 330, 0, 240, ['推移!A1:E3']],
      ['2回目の来店（初回来店月別）', 2, 1, 660, 0, 240, [expect.stringMatching(/^サマリー!A\d+:E\d+$/)]],
    ]);
    // The rows under the charts are empty: 13 rows of 21 px (273 px) hold the 240 px; the numbers start below.
    const summary = ss.sheet('サマリー').peekValues();
    expect(summary[0][0]).toBe('2025年2月の分析（2025年2月28日時点）');
    expect(summary.slice(1, 14).every((r) => r.every((v) => v === ''))).toBe(true);
    expect(summary[14].slice(0, 5)).toEqual(['項目', '2025年2月', '前月（2025年1月）', '増減', '意味・打ち手']);
    // Headings are bold so an owner scanning down finds each block: the title, the figures' header,
    // each block's title; a figure's row is not.
    const weights = ss
      .sheet('サマリー')
      .getRange(1, 1, summary.length, 1)
      .getFontWeights()
      .map((r) => r[0]);
    const boldFirstCells = summary.filter((_, i) => weights[i] === 'bold').map((r) => r[0]);
    expect(boldFirstCells.slice(0, 2)).toEqual(['2025年2月の分析（2025年2月28日時点）', '項目']);
    expect(boldFirstCells).toContain('顧客ステージ別の人数と売上');
    expect(weights[15]).toBe('normal');
    // Fixed widths, not fitted to the content: the sentences of 意味・打ち手 wrap in a 440 px column
    // (fitted to its longest definition it would be wider than the screen).
    const tab = ss.sheet('サマリー');
    expect([1, 2, 3, 4, 5].map((c) => tab.getColumnWidth(c))).toEqual([260, 140, 150, 110, 440]);
    const wraps = (column: number) =>
      tab
        .getRange(1, column, summary.length, 1)
        .getWraps()
        .map((r) => r[0]);
    expect(wraps(5).slice(0, 2)).toEqual([false, true]);
    expect(
      wraps(5)
        .slice(1)
        .every((w) => w),
    ).toBe(true);
    expect(wraps(1).some((w) => w)).toBe(false);
    // The as-of date's explanation sits right of it, so the label column stays narrow.
    const asOfRow = summary.findIndex((r) => r[0] === '基準日');
    expect(summary[asOfRow].slice(2, 3)).toEqual([
      '関数の as_of に 基準日 か AS_OF と書くと、分析のたびに計算し直されます',
    ]);
  });
});
