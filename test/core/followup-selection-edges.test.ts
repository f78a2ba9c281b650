// Choosing one follow-up per customer at the edges: the first of equal or higher priority stays,
// a cooling customer's other follow-ups go nowhere, cooldown 0 is off for a future draft too;
// the drafts' language setting, and names without letters.
import { parseIsoDay } from '../../src/core/days';
import { draftLangOf, isCooling, isDraftLangSetting, selectOnePerCustomer } from '../../src/core/followup-priority';
import { DueFollowUp } from '../../src/core/followups';
import { FollowUpType } from '../../src/core/templates';

const day = (iso: string) => parseIsoDay(iso) as number;
const asOf = day('2026-11-20');
const none = new Map<string, number>();

function due(customerKey: string, type: FollowUpType, occurrence = '#1'): DueFollowUp {
  return {
    key: `${customerKey}|${type}${occurrence}`,
    customerKey,
    name: customerKey,
    email: `${customerKey}@example.jp`,
    type,
    occurrence,
    triggerDay: day('2026-11-01'),
    placeholders: { name: customerKey, last_purchase: '', top_product: '', visits: 1, days_since_last: 1 },
  };
}

const picks = (list: DueFollowUp[], lastDraft: ReadonlyMap<string, number> = none) =>
  selectOnePerCustomer(list, { asOf, cooldownDays: 14, lastDraft }).chosen.map((c) => ({
    pick: c.pick.key,
    superseded: c.superseded.map((s) => s.key),
  }));

describe('selectOnePerCustomer', () => {
  it('keeps the higher priority when it comes first', () => {
    expect(picks([due('a', 'winback'), due('a', 'new_thanks')])).toStrictEqual([
      { pick: 'a|winback#1', superseded: ['a|new_thanks#1'] },
    ]);
  });

  it('keeps the first of two follow-ups of the same type', () => {
    expect(picks([due('a', 'birthday', '#2025'), due('a', 'birthday', '#2026')])).toStrictEqual([
      { pick: 'a|birthday#2025', superseded: ['a|birthday#2026'] },
    ]);
  });

  it("drops every follow-up of a cooling customer, without touching the others' choices", () => {
    const list = [due('c', 'new_info'), due('a', 'new_info'), due('b', 'new_info'), due('a', 'winback')];
    // c and b share a rank: they keep the order of the due list.
    expect(picks(list, new Map([['a', asOf - 1]]))).toStrictEqual([
      { pick: 'c|new_info#1', superseded: [] },
      { pick: 'b|new_info#1', superseded: [] },
    ]);
    expect(selectOnePerCustomer(list, { asOf, cooldownDays: 14, lastDraft: new Map([['a', asOf - 1]]) }).cooling).toBe(
      1,
    );
  });
});

describe('isCooling', () => {
  it('cooldown 0 is off even for a draft dated after as-of', () => {
    expect(isCooling(asOf + 3, asOf, 0)).toBe(false);
    expect(isCooling(asOf + 3, asOf, 1)).toBe(true);
  });
});

describe("the drafts' language", () => {
  it.each([
    ['auto', true],
    ['ja', true],
    ['en', true],
    ['fr', false],
    ['', false],
    ['EN', false],
    [null, false],
    [undefined, false],
  ])('isDraftLangSetting(%p) is %p', (value, expected) => {
    expect(isDraftLangSetting(value)).toBe(expected);
  });

  it('does not count names without letters as Latin', () => {
    expect(draftLangOf('auto', ['山崎 由美', '00123', '0456'], false)).toBe('ja');
  });
});
