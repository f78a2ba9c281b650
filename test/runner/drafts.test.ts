// Follow-up drafts end to end: the built bundle creates Gmail drafts in the in-memory Gmail; every
// message is parsed by a real mail parser; faults midway lose nothing and duplicate nothing.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import { createServices, GAS_ERRORS, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { runLocal } from '../../src/local/runner';
import { defaultTemplates, renderTemplate } from '../../src/core/templates';

// As of 2026-11-20 (window 2026-10-22 … 2026-11-20):
//   山田 太郎: first visit 11-15 → new_thanks due 11-18.
//   佐藤 花子: 3rd visit 11-02 → repeat_thanks#3 due 11-02.
//   伊藤 健:   one visit 08-10 → at risk from 08-10 + 90 = 11-08 → at_risk due 11-08.
//   鈴木 一郎: first visit 11-10 but no email → skipped.
const SALES = [
  ['日付', 'お客様名', 'メールアドレス', '商品名', '金額'],
  ['2026/11/15', '山田 太郎', 'yamada@example.jp', 'ブレンド豆', '¥1,080'],
  ['2026/8/1', '佐藤 花子', 'sato@example.jp', 'ブレンド豆', '¥1,080'],
  ['2026/9/1', '佐藤 花子', 'sato@example.jp', 'エチオピア', '¥1,480'],
  ['2026/11/2', '佐藤 花子', 'sato@example.jp', 'エチオピア', '¥1,480'],
  ['2026/8/10', '伊藤 健', 'ito@example.jp', 'マグカップ', '¥2,200'],
  ['2026/11/10', '鈴木 一郎', '', 'ブレンド豆', '¥1,080'],
];
const AS_OF = '2026-11-20';
const SHOP = 'ことり珈琲';

/** The spreadsheet is named otherwise: nothing may fall back to its name. */
function shop(rows: unknown[][] = SALES, settings: object = { shopName: SHOP }): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: 'ja_JP',
    name: '無題のスプレッドシート',
    firstSheetName: '売上',
  });
  ss.inspect(() => ss.sheet('売上').loadRawValues(rows.map((r) => [...r])));
  ss.env.properties.document.set('settings.v1', JSON.stringify(settings));
  return ss;
}

function draftAll(ss: MemorySpreadsheet, setup?: (services: ReturnType<typeof createServices>) => void) {
  const services = createServices({ spreadsheet: ss });
  setup?.(services);
  const bundle = loadBundle({ services });
  return fromVm(bundle.call('createDraftBatch', { asOf: AS_OF, batchSize: 25 })) as {
    created: number;
    failed: number;
    remaining: number;
    done: boolean;
    stopped?: string;
  };
}

function logKeys(ss: MemorySpreadsheet): string[] {
  return ss
    .sheet('フォロー履歴')
    .peekValues()
    .slice(1)
    .map((r) => String(r[3]));
}

describe('follow-up drafts', () => {
  test('the preview counts what is due and who is skipped', () => {
    const bundle = loadBundle({ services: createServices({ spreadsheet: shop() }) });
    const preview = fromVm(bundle.call('followUpPreview', { asOf: AS_OF })) as {
      total: number;
      countsByType: Record<string, number>;
      skipped: Record<string, number>;
      samples: { type: string; subject: string; body: string; problems: string[] }[];
    };
    // Drafts are in priority order; the expectations below list them as they are made.
    expect(preview.total).toBe(3);
    expect(preview.countsByType).toMatchObject({ new_thanks: 1, repeat_thanks: 1, at_risk: 1, winback: 0 });
    expect(preview.skipped).toEqual({ no_email: 1, opted_out: 0, cooling: 0 });
    // In the priority order: at risk before a repeat thanks before a first-visit thanks.
    expect(preview.samples.map((s) => s.type)).toEqual(['at_risk', 'repeat_thanks', 'new_thanks']);
  });

  test('each draft, parsed by a mail parser, is the rendered template with Japanese intact', async () => {
    const ss = shop();
    const services = createServices({ spreadsheet: ss });
    const bundle = loadBundle({ services });
    const result = fromVm(bundle.call('createDraftBatch', { asOf: AS_OF })) as { created: number; done: boolean };
    expect(result).toMatchObject({ created: 3, done: true });
    const templates = new Map(defaultTemplates('ja').map((t) => [t.type, t]));
    const expected = [
      {
        to: 'ito@example.jp',
        type: 'at_risk',
        name: '伊藤 健',
        visits: 1,
        last: '2026-08-10',
        top: 'マグカップ',
        since: 102,
      },
      {
        to: 'sato@example.jp',
        type: 'repeat_thanks',
        name: '佐藤 花子',
        visits: 3,
        last: '2026-11-02',
        top: 'エチオピア',
        since: 18,
      },
      {
        to: 'yamada@example.jp',
        type: 'new_thanks',
        name: '山田 太郎',
        visits: 1,
        last: '2026-11-15',
        top: 'ブレンド豆',
        since: 5,
      },
    ];
    const drafts = services.env.drafts;
    expect(drafts).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const mail = await simpleParser(drafts[i].text);
      const e = expected[i];
      const rendered = renderTemplate(
        templates.get(e.type as never)!,
        {
          name: e.name,
          last_purchase: e.last,
          top_product: e.top,
          visits: e.visits,
          days_since_last: e.since,
        } as never,
        SHOP,
      );
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe(e.to);
      expect(mail.from?.value[0].name).toBe(SHOP);
      expect(mail.subject).toBe(rendered.subject);
      expect((mail.text ?? '').trimEnd()).toBe(rendered.body.trimEnd());
      expect(rendered.unknownPlaceholders).toEqual([]);
    }
    expect(logKeys(ss)).toEqual([
      '伊藤健|at_risk@2026-11-08',
      '佐藤花子|repeat_thanks#3',
      '山田太郎|new_thanks@2026-11-15',
    ]);
  });

  test('a rerun drafts nothing new', () => {
    const ss = shop();
    expect(draftAll(ss).created).toBe(3);
    expect(draftAll(ss)).toMatchObject({ created: 0, remaining: 0, done: true });
    expect(logKeys(ss)).toHaveLength(3);
  });

  test('a quota error after N drafts keeps N in the log; the rerun finishes the rest without duplicates', () => {
    const ss = shop();
    const first = draftAll(ss, (s) =>
      s.faults.fail('Gmail.Users.Drafts.create', { after: 2, error: GAS_ERRORS.gmailDailyQuota }),
    );
    expect(first).toMatchObject({ created: 2, failed: 0, remaining: 1, done: false, stopped: 'quota' });
    expect(logKeys(ss)).toHaveLength(2);
    ss.env.faults.clear(); // the quota resets
    const second = draftAll(ss);
    expect(second).toMatchObject({ created: 1, remaining: 0, done: true });
    const keys = logKeys(ss);
    expect(new Set(keys).size).toBe(3);
    expect(ss.env.drafts).toHaveLength(3);
  });

  test('the Templates tab is written once; the owner’s edits are kept and used', async () => {
    const ss = shop();
    const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
    bundle.call('followUpPreview', { asOf: AS_OF }); // writes the default templates
    const templates = ss.sheet('テンプレート');
    const rows = templates.peekValues();
    expect(rows.length).toBe(12); // header + eleven types
    const row = rows.findIndex((r) => r[0] === 'new_thanks');
    // The owner rewrites the subject: the next run must use it and keep it.
    ss.inspect(() => templates.getRange(row + 1, 4).setValue('{{name}}様、ありがとう！'));
    draftAll(ss);
    expect(templates.peekValues()[row][3]).toBe('{{name}}様、ありがとう！');
    const thanks = await simpleParser(ss.env.drafts[2].text);
    expect(thanks.subject).toBe('山田 太郎様、ありがとう！');
  });
});

describe('npm run analyze -- --drafts', () => {
  test('writes one .eml per draft; a rerun on its own workbook creates none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drafts-'));
    const csv = path.join(dir, 'ことり珈琲.csv');
    fs.writeFileSync(csv, SALES.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n'));
    const out = path.join(dir, 'out');
    const first = await runLocal({ file: csv, asOf: AS_OF, out, drafts: true, shopName: SHOP, sender: '山田 花子' });
    expect(first.drafts).toMatchObject({ created: 3, failed: 0, remaining: 0 });
    const emls = fs.readdirSync(path.join(out, 'drafts')).sort();
    expect(emls).toEqual(['001.eml', '002.eml', '003.eml']);
    const mail = await simpleParser(fs.readFileSync(path.join(out, 'drafts', '003.eml')));
    expect(mail.text).toContain('山田 太郎様');
    expect(mail.text).toContain(`${SHOP}\n山田 花子`);
    const again = path.join(dir, 'again');
    const second = await runLocal({
      file: path.join(out, 'workbook.xlsx'),
      asOf: AS_OF,
      out: again,
      drafts: true,
      shopName: SHOP,
    });
    expect(second.drafts).toMatchObject({ created: 0 });
    expect(fs.readdirSync(path.join(again, 'drafts'))).toEqual([]);
  });
});
