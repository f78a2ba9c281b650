// The monthly analysis writes its as-of date into a named cell (基準日 / AS_OF) that formulas pass
// as as_of, so each analysis recalculates them (Sheets recalculates on a changed argument only).
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';

function shop(locale: 'ja_JP' | 'en_US'): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({ timeZone: 'Asia/Tokyo', locale, firstSheetName: 'Sales' });
  ss.inspect(() =>
    ss.sheet('Sales').loadRawValues([
      ['日付', '顧客名', '金額'],
      ['2025/1/5', '山田', '1000'],
      ['2025/5/5', '山田', '1000'],
    ]),
  );
  return ss;
}

function analyse(ss: MemorySpreadsheet, asOf: string): void {
  let step: string | null = 'analyse';
  let runId: string | undefined;
  while (step) {
    const result: { next: string | null; runId?: string } = fromVm(
      loadBundle({ services: createServices({ spreadsheet: ss }) }).call('analysisStep', step, { asOf, runId }),
    );
    step = result.next;
    runId = result.runId;
  }
}

const stage = (ss: MemorySpreadsheet, name: string) =>
  loadBundle({ services: createServices({ spreadsheet: ss }) }).customFunction(
    'CUSTOMER_STAGE',
    '山田',
    { range: 'Sales!A1:C3' },
    { range: name },
  );

test.each([
  ['ja_JP', '基準日', 'サマリー', ['新規客', 'リピート客']],
  ['en_US', 'AS_OF', 'Summary', ['New', 'Repeat']],
] as const)(
  '%s: the analysis names its as-of date %s; a rerun moves it and the formulas follow',
  (locale, name, tab, stages) => {
    const ss = shop(locale);
    analyse(ss, '2025-02-28');
    const range = ss.inspect(() => ss.getRangeByName(name));
    expect(range).not.toBeNull();
    expect(ss.inspect(() => [range!.getSheet().getName(), range!.getValue(), range!.getNumberFormat()])).toEqual([
      tab,
      new Date('2025-02-27T15:00:00Z'), // midnight of 2025-02-28 in Tokyo
      'yyyy-mm-dd',
    ]);
    expect(stage(ss, name)).toBe(stages[0]);

    analyse(ss, '2025-06-30');
    expect(ss.inspect(() => ss.getRangeByName(name)?.getValue())).toEqual(new Date('2025-06-29T15:00:00Z'));
    // AS_OF is always there; a Japanese sheet also has 基準日.
    expect(ss.inspect(() => ss.getNamedRanges().map((r) => r.getName()))).toEqual(
      name === 'AS_OF' ? ['AS_OF'] : ['AS_OF', name],
    );
    expect(stage(ss, name)).toBe(stages[1]);
  },
);

test('named ranges refuse names Sheets refuses, and break when their cells are deleted', () => {
  const ss = new MemorySpreadsheet();
  const sheet = ss.getSheets()[0];
  for (const bad of ['A1', 'R1C1', 'TRUE', '1st', 'as of'])
    expect(() => ss.setNamedRange(bad, sheet.getRange('A1'))).toThrow('Invalid argument: name');
  ss.setNamedRange('基準日', sheet.getRange('B5'));
  expect(() => ss.setNamedRange('基準日', sheet.getRange('B6'))).toThrow('already exists');
  sheet.deleteRows(5, 996);
  expect(ss.getRangeByName('基準日')).toBeNull();
  ss.getNamedRanges()[0].setRange(sheet.getRange('B2'));
  expect(ss.getRangeByName('基準日')?.getA1Notation()).toBe('B2');
});

test('a Japanese sheet whose 基準日 name Sheets refuses still gets AS_OF, and the analysis goes on', () => {
  const ss = shop('ja_JP');
  // The second name set (基準日, after AS_OF) is refused, as Sheets would refuse a name it does not take.
  ss.env.faults.fail('Spreadsheet.setNamedRange', { after: 1, times: 1, error: 'Invalid argument: name' });
  analyse(ss, '2025-02-28');
  ss.env.faults.clear();
  expect(ss.inspect(() => ss.getNamedRanges().map((r) => r.getName()))).toEqual(['AS_OF']);
  expect(stage(ss, 'AS_OF')).toBe('新規客');
  expect(ss.sheet('推移').peekValues().length).toBeGreaterThan(1);
});
