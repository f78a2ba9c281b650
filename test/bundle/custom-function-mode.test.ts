// Custom functions run as Sheets runs them: read-only spreadsheet access and the services Google
// lists for custom functions, nothing else ("You do not have permission to call …"), 30 s at most,
// and arguments as Sheets passes them (values, Dates, '' for blanks, 2-D arrays of a range).
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';

function salesSheet(): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', firstSheetName: '売上' });
  ss.inspect(() =>
    ss.sheet('売上').loadRawValues([
      ['日付', '顧客名', '金額'],
      [new Date(Date.UTC(2025, 0, 4, 15)), '山田 太郎', 1000],
      [new Date(Date.UTC(2025, 1, 4, 15)), '山田 太郎', 1000],
      [new Date(Date.UTC(2025, 2, 1, 15)), '佐藤 花子', 500],
      ['', '', ''],
    ]),
  );
  return ss;
}

// 2025-06-30 in Tokyo, as a date cell or DATE(2025,6,30) reaches a custom function.
const JUNE_30 = new Date(Date.UTC(2025, 5, 29, 15));

describe('the services in custom-function mode', () => {
  const inCustomFunction = () => {
    const services = createServices({ spreadsheet: salesSheet() });
    services.beginCustomFunction();
    return services;
  };

  test('reading the spreadsheet, properties, cache and utilities work', () => {
    const { globals } = inCustomFunction();
    const sheet = globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('売上');
    expect(sheet?.getRange('B2').getValue()).toBe('山田 太郎');
    expect(globals.PropertiesService.getDocumentProperties().getProperty('x')).toBeNull();
    globals.CacheService.getDocumentCache()!.put('k', 'v');
    expect(globals.Utilities.formatDate(JUNE_30, 'Asia/Tokyo', 'yyyy-MM-dd')).toBe('2025-06-30');
  });

  test("writing, the UI, Gmail and the user's identity fail with Apps Script's message", () => {
    const { globals } = inCustomFunction();
    const range = globals.SpreadsheetApp.getActiveSpreadsheet().getRange('A1');
    expect(() => range.setValue('x')).toThrow('You do not have permission to call setValue');
    expect(() => range.setNumberFormat('@')).toThrow('You do not have permission to call setNumberFormat');
    expect(() => globals.SpreadsheetApp.getActiveSpreadsheet().insertSheet('x')).toThrow(
      'You do not have permission to call insertSheet',
    );
    expect(() => globals.SpreadsheetApp.getUi()).toThrow('You do not have permission to call SpreadsheetApp.getUi');
    expect(() => globals.Gmail.Users.Drafts.create({ message: { raw: 'eA' } }, 'me')).toThrow(
      'You do not have permission to call Gmail.Users.Drafts.create',
    );
    expect(() => globals.Session.getActiveUser()).toThrow('You do not have permission to call Session.getActiveUser');
  });

  test('a call 30 s after the start fails as Sheets shows it; a new execution is unrestricted', () => {
    const services = createServices({ spreadsheet: salesSheet(), clock: 'fake', start: 0 });
    services.beginCustomFunction();
    const ss = services.globals.SpreadsheetApp.getActiveSpreadsheet();
    services.clock.advance(30_000);
    expect(ss.getName()).toBe('Untitled spreadsheet');
    services.clock.advance(1);
    expect(() => ss.getName()).toThrow('Exceeded maximum execution time (line 0).');
    services.endExecution();
    services.beginExecution();
    expect(() => ss.getRange('A1').setValue('x')).not.toThrow();
  });
});

describe('the bundle as a cell calls it', () => {
  test('a range argument arrives as getValues gives it (Dates, numbers, blanks as ""), a date as a Date', () => {
    const ss = salesSheet();
    const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
    expect(bundle.customFunction('CUSTOMER_STAGE', { range: "'売上'!B2" }, { range: "'売上'!A1:C5" }, JUNE_30)).toBe(
      'リピート客',
    );
    expect(
      fromVm(
        bundle.customFunction(
          'CUSTOMER_SEGMENT',
          [['山田 太郎'], ['佐藤 花子'], ['']],
          { range: '売上!A1:C5' },
          JUNE_30,
        ),
      ),
    ).toEqual([['よちよち客'], ['初回客'], ['']]);
    // Of 山田 and 佐藤 (first purchases in the period), 山田 came back: 1/2.
    expect(bundle.customFunction('REPEAT_RATE', { range: '売上!A:C' }, '', '', '', JUNE_30)).toBe(0.5);
  });

  test('=NEXT_VISIT gives the expected date at midnight in the zone, a column for a column', () => {
    const bundle = loadBundle({ services: createServices({ spreadsheet: salesSheet() }) });
    // 山田: 2025-01-05 → 02-05, a gap of 31 days: expected 2025-03-08. 佐藤, one visit on 03-02,
    // takes the shop's first-repeat gap (山田's 31): 2025-04-02. Midnight in Tokyo is 15:00 UTC the day before.
    const one = fromVm(bundle.customFunction('NEXT_VISIT', '山田 太郎', { range: '売上!A1:C5' }, JUNE_30));
    expect(one).toEqual(new Date(Date.UTC(2025, 2, 7, 15)));
    expect(
      fromVm(
        bundle.customFunction(
          'NEXT_VISIT',
          [['山田 太郎'], ['佐藤 花子'], ['誰か'], ['']],
          { range: '売上!A:C' },
          JUNE_30,
        ),
      ),
    ).toEqual([[new Date(Date.UTC(2025, 2, 7, 15))], [new Date(Date.UTC(2025, 3, 1, 15))], [''], ['']]);
    // As of 2025-02-01 山田 has one visit and nobody has come back: blank.
    expect(
      bundle.customFunction('NEXT_VISIT', '山田 太郎', { range: '売上!A1:C5' }, new Date(Date.UTC(2025, 0, 31, 15))),
    ).toBe('');
  });

  test('what the functions call is what a custom function may call', () => {
    const ss = salesSheet();
    const services = createServices({ spreadsheet: ss });
    loadBundle({ services }).customFunction('CUSTOMER_STAGE', '山田 太郎', { range: '売上!A1:C5' }, JUNE_30);
    expect(Object.keys(services.calls.snapshot()).filter((name) => /\.(set|insert|delete|clear)/.test(name))).toEqual(
      [],
    );
  });

  test('a custom function that outlasts 30 s fails, even when it calls no service at the end', () => {
    const ss = salesSheet();
    const services = createServices({ spreadsheet: ss, clock: 'fake', start: 0 });
    services.clock.setCallCost(31_000, 'Properties.getProperty');
    expect(() =>
      loadBundle({ services }).customFunction('CUSTOMER_STAGE', '山田 太郎', { range: '売上!A1:C5' }, JUNE_30),
    ).toThrow('Exceeded maximum execution time (line 0).');
  });

  test('only custom functions, and only what Sheets can pass', () => {
    const bundle = loadBundle({ services: createServices({ spreadsheet: salesSheet() }) });
    expect(() => bundle.customFunction('sidebarState')).toThrow('sidebarState is not a custom function of the bundle');
    expect(() => bundle.customFunction('CUSTOMER_STAGE', 'x', [['a'], []], JUNE_30)).toThrow('rectangular 2-D array');
    expect(() =>
      bundle.customFunction('CUSTOMER_STAGE', 'x', { range: '売上!A1:C5' }, null as unknown as string),
    ).toThrow("Sheets passes numbers, text, booleans, Dates and '' for blanks");
  });
});
