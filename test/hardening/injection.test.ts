// Whatever the owner's sheets hold, the add-on writes it back as text: no formula, number, date or
// boolean is made out of a name, product, email, header or rejected cell, in any tab it writes
// (the five analysis steps, Templates, Follow-up log). Drafts are plain text with one recipient.
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { typeText } from '../../src/local/memory/cells';
import { Zone } from '../../src/local/memory/zone';
import { loadBundle } from '../../src/local/bundle';
import { asText, toSheetRows } from '../../src/gas/sheets';
import { AS_OF, RISKY, SALES_HEADER, analyse, call, draftAll, formulasIn, salesRows, shop, tabNames } from './shop';

describe('asText and toSheetRows', () => {
  test('every string Sheets could misread gets the apostrophe that keeps it text; other values stay', () => {
    for (const s of RISKY) expect(asText(s)).toBe(`'${s}`);
    for (const s of ['TRUE', 'false', 'True ', '#N/A', '-x', '+x', '@x', ' 1', 'Jan 5', '令和5年', '１２３', "'quoted"])
      expect(asText(s)).toBe(`'${s}`);
    // A boolean behind a space that trim() removes (em space, narrow no-break space), or before one.
    for (const s of ['\u2003true', '\u202fFALSE', 'false\u3000', '\u1680True'] as const)
      expect(asText(s)).toBe(`'${s}`);
    expect(asText('')).toBe('');
    const date = { day: 20407 }; // 2025-11-15
    const [row] = toSheetRows([['=1+1', '00123', 7, true, null, date]], 'Asia/Tokyo');
    expect(row.slice(0, 5)).toEqual(["'=1+1", "'00123", 7, true, '']);
    expect((row[5] as Date).toISOString()).toBe('2025-11-14T15:00:00.000Z'); // midnight in Tokyo
  });

  test('text that cannot be misread goes without the apostrophe (a string per cell saved)', () => {
    for (const s of [
      '山田 太郎',
      'taro@example.com',
      'Latte',
      'リピート客',
      'VIP',
      'At risk',
      'Trueblood',
      'tru',
      'Fals',
      'Fan',
    ])
      expect(asText(s)).toBe(s);
  });

  test('whatever the string, what asText gives Sheets is typed back as that very text', () => {
    const zone = Zone.of('Asia/Tokyo');
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[-+=@#' 0-9A-Za-z.,:/%¥$eE]{0,12}$/),
      fc.constantFrom(...RISKY, 'TRUE', 'true', 'FALSE', '#REF!', 'NaN', 'Infinity', '1e3', '12:30', '50%', '¥1,000'),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(typeText(asText(s), zone)).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('every tab the add-on writes, end to end through the bundle', () => {
  let ss: MemorySpreadsheet;
  let drafts: { text: string }[];
  beforeAll(() => {
    ss = shop();
    analyse(ss); // Segments, Rejected rows, Summary, History, Transitions, charts
    call(ss, 'followUpPreview', { asOf: AS_OF }); // writes the Templates tab
    const services = createServices({ spreadsheet: ss });
    expect(draftAll(ss, loadBundle({ services }))).toMatchObject({ failed: 0, done: true });
    drafts = services.env.drafts;
    analyse(ss); // again, now counting follow-ups by type from the Templates tab
  });

  test('wrote all of them', () => {
    expect(tabNames(ss).sort()).toEqual(
      [
        '売上',
        '顧客名簿',
        '顧客ステージ',
        '取り込めなかった行',
        'サマリー',
        '推移',
        'ステージ移動',
        'テンプレート',
        'フォロー履歴',
      ].sort(),
    );
  });

  test('no cell anywhere holds a formula', () => {
    expect(formulasIn(ss)).toEqual([]);
  });

  test('Segments: names, emails and products are the owner’s strings, unchanged', () => {
    const [header, ...rows] = ss.sheet('顧客ステージ').peekValues();
    const product = header.indexOf('よく買う商品');
    const names = rows.map((r) => r[0]);
    for (const name of RISKY.filter((s) => !s.startsWith('=IMPORTXML'))) expect(names).toContain(name);
    expect(names).toContain('Taro\r\nBcc: victim@evil.example');
    for (const row of rows) {
      expect(typeof row[0]).toBe('string');
      expect(typeof row[1]).toBe('string');
      expect(typeof row[product]).toBe('string');
    }
    const products = new Map(rows.map((r) => [r[0], r[product]]));
    // Top product of each customer, written back exactly as typed.
    expect(products.get(RISKY[0])).toBe(RISKY[9]);
    expect(products.get(RISKY[1])).toBe('+1'); // two rows of "+1" beat one of "-2"
    expect(products.get('00123')).toBe('2025/1/5');
    expect(products.get('@SUM(A1:A9)')).toBe('TRUE');
    expect(products.get('-1')).toBe('1e3');
    expect(products.get('2025/1/5')).toBe('00042');
    expect(products.get('TRUE')).toBe('@x');
    expect(products.get('1e3')).toBe('=1');
    expect(products.get("'quoted")).toBe("'=1");
    expect(rows.find((r) => r[0] === '@SUM(A1:A9)')?.[1]).toBe('=x@evil.example');
  });

  test('Rejected rows: the header and each rejected row’s cells come back as they were', () => {
    const rejected = ss.sheet('取り込めなかった行').peekValues();
    expect(rejected[0].slice(2)).toEqual(SALES_HEADER);
    const source = salesRows();
    // Row 18 names nobody: an anonymous sale, counted in the Summary, not rejected.
    expect(rejected.slice(1).map((r) => r[0])).toEqual([16, 17, 19]);
    for (const row of rejected.slice(1)) expect(row.slice(2)).toEqual(source[(row[0] as number) - 1]);
  });

  test('Follow-up log: customers, emails and keys are strings as in the sales sheet', () => {
    const log = ss.sheet('フォロー履歴').peekValues().slice(1);
    // One row per draft, and one per follow-up it superseded (no draft id).
    expect(log.filter((r) => r[4] !== '').length).toBe(drafts.length);
    const customers = log.map((r) => r[0]);
    expect(customers).toEqual(
      expect.arrayContaining([RISKY[0], RISKY[1], '00123', '@SUM(A1:A9)', '2025/1/5', 'TRUE', '1e3', "'quoted"]),
    );
    expect(customers).toContain('=HYPERLINK("http://evil.example","list")'); // list only: a prospect
    expect(customers).not.toContain('-1'); // opted out in the customer list
    for (const row of log) for (const c of [0, 1, 3]) expect(typeof row[c]).toBe('string');
    expect(log.find((r) => r[0] === '@SUM(A1:A9)')?.[1]).toBe('=x@evil.example');
    expect(log.map((r) => r[3])).toContain(`${RISKY[0]}|new_thanks@2026-11-15`);
  });

  test('Summary: the VIPs’ top products are written as text', () => {
    const summary = ss.sheet('サマリー').peekValues().flat();
    expect(summary).toContain(RISKY[9]);
    expect(formulasIn(ss).filter((f) => f.startsWith('サマリー!'))).toEqual([]);
    for (const v of summary) if (typeof v === 'string') expect(v.startsWith("'")).toBe(false);
  });

  test('drafts are plain text, one recipient each; a newline in a name cannot add a header', async () => {
    expect(drafts.length).toBeGreaterThanOrEqual(10);
    for (const d of drafts) {
      const mail = await simpleParser(d.text);
      expect(mail.html).toBe(false);
      expect(d.text).not.toMatch(/text\/html/i);
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
      expect(mail.bcc).toBeUndefined();
      expect(mail.cc).toBeUndefined();
      const to = mail.to && !Array.isArray(mail.to) ? mail.to.value : [];
      expect(to).toHaveLength(1);
      // Header lines are the message's own, never a line a customer name started.
      const head = d.text.slice(0, d.text.indexOf('\r\n\r\n'));
      expect(
        head
          .split('\r\n')
          .map((l) => l.split(':')[0])
          .filter((h) => !/^\s/.test(h))
          .sort(),
      ).toEqual(
        [
          'Content-Transfer-Encoding',
          'Content-Type',
          'Date',
          'From',
          'MIME-Version',
          'Message-ID',
          'Subject',
          'To',
        ].sort(),
      );
    }
    const taro = await Promise.all(drafts.map((d) => simpleParser(d.text)));
    const toTaro = taro.find((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === 'taro@example.jp');
    expect(toTaro?.text).toContain('Taro\nBcc: victim@evil.example');
  });
});

describe('the owner’s templates', () => {
  test('a name in the subject is encoded, never a header line; a missing type is appended as text', async () => {
    const ss = shop();
    call(ss, 'followUpPreview', { asOf: AS_OF });
    const templates = ss.sheet('テンプレート');
    const rows = templates.peekValues();
    const row = rows.findIndex((r) => r[0] === 'new_thanks');
    ss.inspect(() => templates.getRange(row + 1, 4).setValue("'{{name}}様へ"));
    // The owner deleted the winback row: the next run appends its default again.
    const winback = rows.findIndex((r) => r[0] === 'winback');
    ss.inspect(() => templates.getRange(winback + 1, 1, 1, 5).setValues([['', '', '', '', '']]));
    const services = createServices({ spreadsheet: ss });
    draftAll(ss, loadBundle({ services }));
    expect(formulasIn(ss)).toEqual([]);
    const after = templates.peekValues();
    expect(after.filter((r) => r[0] === 'winback')).toHaveLength(1);
    for (const r of after) for (const v of r) expect(['string', 'boolean']).toContain(typeof v);
    for (const d of services.env.drafts) {
      const mail = await simpleParser(d.text);
      expect(mail.bcc).toBeUndefined();
      if (mail.to && !Array.isArray(mail.to) && mail.to.value[0].address === 'taro@example.jp') {
        expect(mail.subject).toBe('Taro\r\nBcc: victim@evil.example様へ');
      }
    }
  });
});
