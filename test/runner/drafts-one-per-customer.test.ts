// Drafts an owner can send: signed by the shop, one per customer per run in the priority order,
// nothing new within the cooldown, a cap per run, the run's list kept between batches, and the
// customers' language. Through the built bundle against the in-memory Gmail.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import { createServices, MemorySpreadsheet } from '../../src/local/memory';
import { fromVm, loadBundle } from '../../src/local/bundle';
import { runLocal } from '../../src/local/runner';

const SHOP = 'ことり珈琲';
const SHEET_NAME = '無題のスプレッドシート';
const AS_OF = '2026-11-20';

// As of 2026-11-20 (window 2026-10-22 … 2026-11-20):
//   青木 陽子: one visit 10-20 → new_thanks (10-23), new_info (11-03) and new_second_offer (11-19) all due.
//   山田 太郎: one visit 11-15 → new_thanks (11-18).
//   伊藤 健:   one visit 08-10 → at risk from 11-08 → at_risk (its new_* mails are long past).
const SALES = [
  ['日付', 'お客様名', 'メールアドレス', '金額'],
  ['2026/10/20', '青木 陽子', 'aoki@example.jp', '¥1,080'],
  ['2026/11/15', '山田 太郎', 'yamada@example.jp', '¥1,080'],
  ['2026/8/10', '伊藤 健', 'ito@example.jp', '¥2,200'],
];

interface Options {
  rows?: unknown[][];
  settings?: object;
  locale?: 'ja_JP' | 'en_US';
}

function spreadsheet(o: Options = {}): MemorySpreadsheet {
  const ss = new MemorySpreadsheet({
    timeZone: 'Asia/Tokyo',
    locale: o.locale ?? 'ja_JP',
    name: SHEET_NAME,
    firstSheetName: '売上',
  });
  ss.inspect(() => ss.sheet('売上').loadRawValues((o.rows ?? SALES).map((r) => [...r])));
  if (o.settings !== undefined) ss.env.properties.document.set('settings.v1', JSON.stringify(o.settings));
  return ss;
}

interface Batch {
  runId: string;
  created: number;
  remaining: number;
  later: number;
  done: boolean;
}

/** The bundle, on a clock that reads `day` (09:00 in Tokyo) when given. */
function bundleFor(ss: MemorySpreadsheet, day?: string) {
  const start = day ? Date.parse(`${day}T00:00:00Z`) : undefined;
  return loadBundle({
    services: start ? createServices({ spreadsheet: ss, clock: 'fake', start }) : createServices({ spreadsheet: ss }),
  });
}

function draftAll(ss: MemorySpreadsheet, asOf = AS_OF, clockDay?: string): Batch {
  const bundle = bundleFor(ss, clockDay);
  let runId: string | undefined;
  let total = 0;
  for (;;) {
    const batch = fromVm(bundle.call('createDraftBatch', { asOf, batchSize: 1, runId })) as Batch;
    total += batch.created;
    runId = batch.runId;
    if (batch.done || batch.created === 0) return { ...batch, created: total };
  }
}

/** `key status` of every log row. */
function logRows(ss: MemorySpreadsheet): string[] {
  return ss
    .sheet('フォロー履歴')
    .peekValues()
    .slice(1)
    .map((r) => `${String(r[3])} ${String(r[6])}`);
}

const CREATED = '下書き作成済み';
const SUPERSEDED = '見送り（同じ回に優先度の高いメールを作成済み）';

describe('one draft per customer per run', () => {
  test('three due types give exactly one draft, of the highest priority; the others are logged as superseded', async () => {
    const ss = spreadsheet({ settings: { shopName: SHOP } });
    expect(draftAll(ss)).toMatchObject({ created: 3, done: true });
    const mails = await Promise.all(ss.env.drafts.map((d) => simpleParser(d.text)));
    const to = mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0].address : ''));
    // Priority: at_risk (伊藤), then the second-visit invitation (青木), then a first-visit thanks (山田).
    expect(to).toEqual(['ito@example.jp', 'aoki@example.jp', 'yamada@example.jp']);
    expect(mails[1].subject).toBe(`またのご利用をお待ちしております（${SHOP}）`);
    expect(logRows(ss)).toEqual([
      `伊藤健|at_risk@2026-11-08 ${CREATED}`,
      `青木陽子|new_second_offer@2026-10-20 ${CREATED}`,
      `青木陽子|new_info@2026-10-20 ${SUPERSEDED}`,
      `青木陽子|new_thanks@2026-10-20 ${SUPERSEDED}`,
      `山田太郎|new_thanks@2026-11-15 ${CREATED}`,
    ]);
  });

  test('a rerun makes none, and the superseded ones do not come back later without a cooldown', () => {
    const ss = spreadsheet({ settings: { shopName: SHOP, followUps: { cooldownDays: 0 } } });
    expect(draftAll(ss).created).toBe(3);
    expect(draftAll(ss)).toMatchObject({ created: 0, remaining: 0, done: true });
    // Five days on, 青木's new_info (due 11-03) is still in the window: superseded, it stays closed.
    expect(draftAll(ss, '2026-11-25')).toMatchObject({ created: 0, done: true });
    expect(ss.env.drafts).toHaveLength(3);
  });

  test('a customer drafted within the cooldown (14 days) gets nothing new; after it, the next one is due', () => {
    const rows = [SALES[0], SALES[2]]; // 山田: first visit 11-15
    const ss = spreadsheet({ rows, settings: { shopName: SHOP } });
    expect(draftAll(ss, AS_OF, AS_OF).created).toBe(1); // new_thanks, drafted on 11-20
    // 11-29: new_info is due (11-15 + 14), but the thanks went out 9 days before.
    const preview = fromVm(bundleFor(ss, '2026-11-29').call('followUpPreview', { asOf: '2026-11-29' })) as {
      total: number;
      skipped: { cooling: number };
    };
    expect(preview).toMatchObject({ total: 0, skipped: { cooling: 1 } });
    expect(draftAll(ss, '2026-11-29', '2026-11-29').created).toBe(0);
    // 12-04: 14 days after the thanks, new_info (11-29, still in the window) is drafted.
    expect(draftAll(ss, '2026-12-04', '2026-12-04').created).toBe(1);
    expect(logRows(ss).map((r) => r.split(' ')[0])).toEqual([
      '山田太郎|new_thanks@2026-11-15',
      '山田太郎|new_info@2026-11-15',
    ]);
  });
});

describe('who is writing', () => {
  test('no draft is made without a shop name, and the owner is told how to set it', () => {
    const ss = spreadsheet();
    expect(() => bundleFor(ss).call('createDraftBatch', { asOf: AS_OF })).toThrow(
      '下書きを作る前に、ショップ名を設定してください（サイドバーの「フォローメール」→「差出人と送り方」）。ショップ名はメールの署名と差出人名になります。',
    );
    expect(ss.env.drafts).toHaveLength(0);
    expect(ss.inspect(() => ss.getSheetByName('フォロー履歴'))).toBeNull();
    // The preview still shows what is due, and that the shop name is missing.
    const preview = fromVm(bundleFor(ss).call('followUpPreview', { asOf: AS_OF })) as { total: number; writer: object };
    expect(preview).toMatchObject({ total: 3, writer: { shopName: '' } });
  });

  test('the shop name (and the sender, and the signature) sign every draft; the spreadsheet name never appears', async () => {
    const signature = '〒150-0001 東京都渋谷区神宮前1-2-3\n営業時間 10:00〜18:00';
    const ss = spreadsheet({ settings: { shopName: SHOP, senderName: '店主 山田 花子', signature } });
    draftAll(ss);
    expect(ss.env.drafts).toHaveLength(3);
    for (const draft of ss.env.drafts) {
      const mail = await simpleParser(draft.text);
      expect(mail.from?.value[0].name).toBe(SHOP);
      expect(mail.subject).toContain(SHOP);
      expect(mail.text).toContain(`${SHOP}\n店主 山田 花子\n${signature}`);
      expect(draft.text + (mail.text ?? '')).not.toContain(SHEET_NAME);
    }
  });

  test('without a sender or signature the closing is the shop name alone, with no empty lines left', async () => {
    const ss = spreadsheet({ settings: { shopName: SHOP } });
    draftAll(ss);
    const thanks = await simpleParser(ss.env.drafts[2].text); // 山田's first-visit thanks: no opt-out line
    expect((thanks.text ?? '').trimEnd().endsWith(`心より楽しみにしております。\n\n${SHOP}`)).toBe(true);
  });

  test('npm run analyze -- --drafts without --shop-name creates no draft', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drafts-noshop-'));
    const csv = path.join(dir, 'sample-shop.csv');
    fs.writeFileSync(csv, SALES.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n'));
    const result = await runLocal({ file: csv, asOf: AS_OF, out: path.join(dir, 'out'), drafts: true });
    expect(result.drafts).toMatchObject({ created: 0, refused: 'no_shop_name' });
    expect(result.services.env.drafts).toHaveLength(0);
    expect(fs.readdirSync(path.join(dir, 'out', 'drafts'))).toEqual([]);
  });
});

describe('a run at any size', () => {
  test('the cap per run drafts the highest priorities first and offers the rest next time', () => {
    const ss = spreadsheet({ settings: { shopName: SHOP, followUps: { maxPerRun: 2 } } });
    const first = draftAll(ss);
    expect(first).toMatchObject({ created: 2, later: 1, done: true });
    expect(
      logRows(ss)
        .filter((r) => r.endsWith(CREATED))
        .map((r) => r.split('|')[0]),
    ).toEqual(['伊藤健', '青木陽子']);
    expect(draftAll(ss)).toMatchObject({ created: 1, later: 0, done: true });
  });

  test('a saved cadence the server refuses is named as the panel labels it, not by its key', () => {
    // Saved before the checks (an older version, a hand-edited property): the preview says what is wrong.
    const ss = spreadsheet({ settings: { shopName: SHOP, followUps: { newThanksDays: 20, newInfoDays: 14 } } });
    expect(() => bundleFor(ss).call('followUpPreview', { asOf: AS_OF })).toThrow(
      '設定が正しくありません。「初回後のご案内：初回購入の何日後」は「初回のお礼：初回購入の何日後」より大きくしてください。',
    );
  });

  test('the batches draft the list the preview worked out, without reading the sales again', () => {
    const ss = spreadsheet({ settings: { shopName: SHOP } });
    const bundle = bundleFor(ss);
    const preview = fromVm(bundle.call('followUpPreview', { asOf: AS_OF })) as { runId: string; total: number };
    expect(preview.total).toBe(3);
    // The sales are gone: a batch that read them again would stop with "no data".
    ss.inspect(() => ss.sheet('売上').clear());
    const batch = fromVm(
      bundle.call('createDraftBatch', { asOf: AS_OF, runId: preview.runId, batchSize: 25 }),
    ) as Batch;
    expect(batch).toMatchObject({ created: 3, remaining: 0, done: true });
    // Without the run's list, a batch has to read the sales.
    expect(() => bundle.call('createDraftBatch', { asOf: AS_OF })).toThrow(/売上シートが見つかりません/);
  });
});

test('the time guard still holds for batches drafting from the kept list', () => {
  const ss = spreadsheet({ settings: { shopName: SHOP } });
  const services = createServices({ spreadsheet: ss, clock: 'fake', start: Date.UTC(2026, 10, 20, 1) });
  // Each draft takes 150 s: the guard (270 s) stops a batch after the second.
  services.clock.setCallCost(150_000, 'Gmail.Users.Drafts.create');
  const bundle = loadBundle({ services });
  const preview = fromVm(bundle.call('followUpPreview', { asOf: AS_OF })) as { runId: string };
  const first = fromVm(bundle.call('createDraftBatch', { asOf: AS_OF, runId: preview.runId })) as Batch & {
    stopped?: string;
  };
  expect(first).toMatchObject({ created: 2, remaining: 1, stopped: 'time', done: false });
  const next = fromVm(bundle.call('createDraftBatch', { asOf: AS_OF, runId: first.runId })) as Batch;
  expect(next).toMatchObject({ created: 1, remaining: 0, done: true });
  expect(ss.env.drafts).toHaveLength(3);
});

test('a first batch whose reading takes the whole budget drafts nothing; the next drafts from its kept list', () => {
  const ss = spreadsheet({ settings: { shopName: SHOP } });
  const services = createServices({ spreadsheet: ss, clock: 'fake', start: Date.UTC(2026, 10, 20, 1) });
  // Finding the sales sheet (only the batch that reads the sales does) takes 280 s of the 270 s budget.
  services.clock.setCallCost(280_000, 'Spreadsheet.getActiveSheet');
  const bundle = loadBundle({ services });
  const call = (runId?: string) =>
    fromVm(bundle.call('createDraftBatch', { asOf: AS_OF, runId })) as Batch & { planned: boolean; stopped?: string };
  const first = call();
  expect(first).toMatchObject({ planned: true, stopped: 'time', created: 0, remaining: 3, done: false });
  expect(call(first.runId)).toMatchObject({ planned: false, created: 3, done: true });
});

describe("the drafts' language", () => {
  const ENGLISH_HEADERS = [['Date', 'Customer', 'Email', 'Amount'], ...SALES.slice(1)];

  test('Japanese customers in an en_US spreadsheet with English headers are written to in Japanese', async () => {
    const ss = spreadsheet({ rows: ENGLISH_HEADERS, locale: 'en_US', settings: { shopName: SHOP } });
    draftAll(ss);
    const mail = await simpleParser(ss.env.drafts[0].text);
    expect(mail.text?.startsWith('伊藤 健様\n')).toBe(true);
    expect(ss.inspect(() => ss.getSheetByName('テンプレート'))).not.toBeNull();
    expect(ss.inspect(() => ss.getSheetByName('Templates'))).toBeNull();
  });

  test('the setting picks the other language, and its own template tab', async () => {
    const ss = spreadsheet({ settings: { shopName: 'Kotori Coffee', followUps: { draftLang: 'en' } } });
    draftAll(ss);
    const mail = await simpleParser(ss.env.drafts[0].text);
    expect(mail.text?.startsWith('Dear 伊藤 健,\n')).toBe(true);
    expect(mail.text).toContain('Warm regards,\nKotori Coffee');
    expect(ss.inspect(() => ss.getSheetByName('Templates'))).not.toBeNull();
  });
});
