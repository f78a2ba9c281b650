// One follow-up per customer (priority, superseded, cooldown), the drafts' language, the writer's
// placeholders, the superseded status in the log, and cache pieces within the byte limit.
import { splitUtf8 } from '../../src/core/chunks';
import { dayOfDateIn, parseIsoDay } from '../../src/core/days';
import {
  FOLLOW_UP_PRIORITY,
  draftLangOf,
  isCooling,
  lastDraftDays,
  selectOnePerCustomer,
} from '../../src/core/followup-priority';
import { logTable, parseFollowUpLog } from '../../src/core/followup-log';
import { DEFAULT_FOLLOW_UP_SETTINGS, DueFollowUp, resolveFollowUpSettings } from '../../src/core/followups';
import { FOLLOW_UP_TYPES, FollowUpType, defaultTemplates, renderTemplate } from '../../src/core/templates';

const day = (iso: string) => parseIsoDay(iso) as number;

function due(customerKey: string, type: FollowUpType): DueFollowUp {
  return {
    key: `${customerKey}|${type}#1`,
    customerKey,
    name: customerKey,
    email: `${customerKey}@example.jp`,
    type,
    occurrence: '#1',
    triggerDay: day('2026-11-01'),
    placeholders: { name: customerKey, last_purchase: '', top_product: '', visits: 1, days_since_last: 1 },
  };
}

describe('the priority order', () => {
  test('names every follow-up type exactly once', () => {
    expect([...FOLLOW_UP_PRIORITY].sort()).toEqual([...FOLLOW_UP_TYPES].sort());
  });

  test('win-back before thanks; the second-visit invitation before the earlier new-customer mails', () => {
    const at = (t: FollowUpType) => FOLLOW_UP_PRIORITY.indexOf(t);
    expect(at('winback')).toBeLessThan(at('new_thanks'));
    expect(at('new_second_offer')).toBeLessThan(at('new_info'));
    expect(at('new_info')).toBeLessThan(at('new_thanks'));
    expect(at('fan_vip')).toBeGreaterThan(at('birthday'));
  });
});

describe('selectOnePerCustomer', () => {
  const asOf = day('2026-11-20');
  const none = new Map<string, number>();

  test('one per customer: the highest priority, with the others as superseded; chosen in priority order', () => {
    const list = [
      due('a', 'new_thanks'),
      due('a', 'new_info'),
      due('b', 'new_thanks'),
      due('a', 'new_second_offer'),
      due('c', 'winback'),
    ];
    const { chosen, cooling } = selectOnePerCustomer(list, { asOf, cooldownDays: 14, lastDraft: none });
    expect(cooling).toBe(0);
    expect(chosen.map((c) => `${c.pick.customerKey}:${c.pick.type}`)).toEqual([
      'c:winback',
      'a:new_second_offer',
      'b:new_thanks',
    ]);
    expect(chosen[1].superseded.map((s) => s.type)).toEqual(['new_info', 'new_thanks']);
    expect(chosen[0].superseded).toEqual([]);
  });

  test('a customer drafted 13 days before as-of is cooling; 14 days before is not', () => {
    const list = [due('a', 'new_info'), due('b', 'new_info')];
    const lastDraft = new Map([
      ['a', asOf - 13],
      ['b', asOf - 14],
    ]);
    const { chosen, cooling } = selectOnePerCustomer(list, { asOf, cooldownDays: 14, lastDraft });
    expect(chosen.map((c) => c.pick.customerKey)).toEqual(['b']);
    expect(cooling).toBe(1);
  });

  test('cooldown 0 switches the pause off; a draft dated after as-of counts as recent', () => {
    expect(isCooling(asOf, asOf, 0)).toBe(false);
    expect(isCooling(asOf + 3, asOf, 14)).toBe(true);
    expect(isCooling(undefined, asOf, 14)).toBe(false);
  });

  test('lastDraftDays keeps the latest day per customer', () => {
    const days = lastDraftDays([
      { customerKey: 'a', day: 10 },
      { customerKey: 'a', day: 30 },
      { customerKey: 'a', day: 20 },
      { customerKey: 'b', day: 5 },
    ]);
    expect([...days]).toEqual([
      ['a', 30],
      ['b', 5],
    ]);
  });
});

describe("the drafts' language", () => {
  test('a named language wins over everything', () => {
    expect(draftLangOf('en', ['山崎 由美'], true)).toBe('en');
    expect(draftLangOf('ja', ['Mary Smith'], false)).toBe('ja');
  });

  test('auto: Japanese headers → ja; English headers → the names decide (ties to ja when any is Japanese)', () => {
    expect(draftLangOf('auto', ['Mary Smith', 'John Doe'], true)).toBe('ja');
    expect(draftLangOf('auto', ['山崎 由美', '佐藤 花子', 'Mary Smith'], false)).toBe('ja');
    expect(draftLangOf('auto', ['山崎 由美', 'Mary Smith'], false)).toBe('ja');
    expect(draftLangOf('auto', ['山崎 由美', 'Mary Smith', 'John Doe'], false)).toBe('en');
    expect(draftLangOf('auto', ['ヤマザキ'], false)).toBe('ja');
  });

  test('auto: addresses standing in for names, and names without letters, do not count', () => {
    expect(draftLangOf('auto', ['山崎 由美', 'a@example.jp', 'b@example.jp'], false)).toBe('ja');
    expect(draftLangOf('auto', ['00123', 'a@example.jp'], false)).toBe('en');
  });
});

describe('who is writing, in the rendered mail', () => {
  const placeholders = { name: '山田 太郎', last_purchase: '', top_product: '', visits: 1, days_since_last: 3 };
  const thanks = defaultTemplates('ja').find((t) => t.type === 'new_thanks')!;

  test('shop, sender and signature close the Japanese mail, one per line', () => {
    const mail = renderTemplate(thanks, placeholders, {
      shop: 'ことり珈琲',
      sender: '山田 花子',
      signature: '〒150-0001\r\n東京都',
    });
    expect(mail.body.endsWith('心より楽しみにしております。\n\nことり珈琲\n山田 花子\n〒150-0001\n東京都')).toBe(true);
    expect(mail.missingValues).toEqual([]);
  });

  test('an empty sender and signature leave no line behind; a blank line written on purpose stays', () => {
    const mail = renderTemplate(
      { subject: 's', body: 'A\n\n{{sender}}\n{{shop}}\n  {{signature}}  \nB' },
      placeholders,
      {
        shop: 'ことり珈琲',
        sender: ' ',
        signature: '',
      },
    );
    expect(mail.body).toBe('A\n\nことり珈琲\nB');
  });

  test('English: Warm regards, the sender, then the shop', () => {
    const en = defaultTemplates('en').find((t) => t.type === 'new_thanks')!;
    const mail = renderTemplate(
      en,
      { ...placeholders, name: 'Mary' },
      { shop: 'Kotori', sender: 'Yumi', signature: '' },
    );
    expect(mail.body.endsWith('We look forward to seeing you again.\n\nWarm regards,\nYumi\nKotori')).toBe(true);
  });

  test('a blank shop name stays visible and is reported: nothing is filled in for it', () => {
    const mail = renderTemplate(thanks, placeholders, { shop: '', sender: '山田', signature: '' });
    expect(mail.missingValues).toEqual(['shop']);
    expect(mail.subject).toBe('ご利用ありがとうございました（{{shop}}）');
  });
});

describe('the superseded status in the Follow-up log', () => {
  const dayOf = dayOfDateIn('Asia/Tokyo');
  const entry = (status: 'created' | 'superseded' | 'failed') => ({
    customer: '青木 陽子',
    email: 'aoki@example.jp',
    type: 'new_info',
    key: `青木陽子|new_info@2026-10-20#${status}`,
    draftId: status === 'created' ? 'r-1' : '',
    createdAt: new Date(Date.UTC(2026, 10, 20, 1)),
    day: null,
    status,
  });

  test.each(['ja', 'en'] as const)('reads back what it writes (%s)', (lang) => {
    const rows = logTable([entry('created'), entry('superseded'), entry('failed')], lang).rows;
    expect(parseFollowUpLog(rows, dayOf).map((e) => e.status)).toEqual(['created', 'superseded', 'failed']);
  });
});

describe('follow-up settings: cooldown and cap', () => {
  test('defaults 14 days and 100 drafts; bounds are refused', () => {
    expect(DEFAULT_FOLLOW_UP_SETTINGS).toMatchObject({ cooldownDays: 14, maxPerRun: 100 });
    expect(resolveFollowUpSettings({ cooldownDays: '０', maxPerRun: '500' })).toMatchObject({
      cooldownDays: 0,
      maxPerRun: 500,
    });
    expect(() => resolveFollowUpSettings({ maxPerRun: 501 })).toThrow('maxPerRun: too_large');
    expect(() => resolveFollowUpSettings({ maxPerRun: 0 })).toThrow('maxPerRun: too_small');
    expect(() => resolveFollowUpSettings({ cooldownDays: -1 })).toThrow('cooldownDays: too_small');
  });
});

describe('splitUtf8 (cache pieces)', () => {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

  test('pieces join back to the text, each within the limit, never inside a character', () => {
    const text = 'aé山𠮷'.repeat(50); // 1 + 2 + 3 + 4 bytes
    for (const max of [4, 5, 7, 10, 99]) {
      const pieces = splitUtf8(text, max);
      expect(pieces.join('')).toBe(text);
      for (const p of pieces) {
        expect(bytes(p)).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      }
    }
  });

  test('fills each piece as far as it goes', () => {
    expect(splitUtf8('山山山', 6)).toEqual(['山山', '山']);
    expect(splitUtf8('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(splitUtf8('', 4)).toEqual([]);
    expect(() => splitUtf8('a', 3)).toThrow(RangeError);
  });
});
