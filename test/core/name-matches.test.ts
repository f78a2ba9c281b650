// Merge suggestions: each rule with hand-made pairs, and the pairs never suggested.
import {
  MAX_GROUP,
  MatchCandidate,
  evidenceText,
  foldKana,
  foldKanji,
  pairKey,
  phoneDigits,
  suggestMatches,
} from '../../src/core/name-matches';
import { KYUJI_PAIRS } from '../../src/core/kanji-variants';

const person = (name: string, more: Partial<MatchCandidate> = {}): MatchCandidate => ({
  key: more.key ?? (more.email || more.memberCode || name),
  name,
  email: '',
  memberCode: '',
  phones: [],
  ...more,
});

/** The rules of the one suggestion for the pair, or null when none. */
function rulesFor(x: MatchCandidate, y: MatchCandidate): string[] | null {
  const found = suggestMatches([x, y]);
  expect(found.length).toBeLessThanOrEqual(1);
  return found.length ? found[0].rules : null;
}

describe('suggested pairs', () => {
  test.each([
    ['髙橋 健', '高橋 健', ['kanji']],
    ['渡邊 翔', '渡辺 翔', ['kanji']],
    ['渡邉 翔', '渡辺 翔', ['kanji']],
    ['山﨑 恵', '山崎 恵', ['kanji']],
    ['齋藤 学', '斎藤 学', ['kanji']],
    ['齊藤 学', '斉藤 学', ['kanji']],
    ['長濵 光', '長浜 光', ['kanji']],
    ['小嶋 陽', '小島 陽', ['kanji']],
    ['櫻井 翼', '桜井 翼', ['kanji']],
    ['廣瀬 凛', '広瀬 凛', ['kanji']],
    ['眞鍋 蓮', '真鍋 蓮', ['kanji']],
    ['黑澤 葵', '黒沢 葵', ['kanji']],
    ['さとう はなこ', 'サトウ ハナコ', ['kana']],
    ['さとう はなこ', 'ｻﾄｳ ﾊﾅｺ', ['kana']],
    ['さとう 櫻', 'サトウ 桜', ['kana', 'kanji']],
  ])('%s and %s', (a, b, rules) => {
    expect(rulesFor(person(a), person(b))).toEqual(rules);
  });

  test('the same name once with an email and once without', () => {
    expect(rulesFor(person('山田 太郎', { email: 'yamada@example.jp' }), person('山田太郎'))).toEqual(['email']);
  });

  test('the same phone number typed with and without separators, or with +81', () => {
    const a = person('佐藤 花子', { phones: [phoneDigits('080-3333-4444')] });
    expect(rulesFor(a, person('花子', { phones: [phoneDigits('08033334444')] }))).toEqual(['phone']);
    expect(rulesFor(a, person('H. Sato', { phones: [phoneDigits('+81 80 3333 4444')] }))).toEqual(['phone']);
    expect(rulesFor(a, person('はなこ', { phones: [phoneDigits('０８０（３３３３）４４４４')] }))).toEqual(['phone']);
  });

  test('a name and a phone match together make one suggestion with both rules', () => {
    const found = suggestMatches([
      person('髙橋 健', { phones: ['0312345678'] }),
      person('高橋 健', { phones: ['0312345678'] }),
    ]);
    expect(found).toEqual([{ a: 0, b: 1, rules: ['kanji', 'phone'], phone: '0312345678' }]);
  });
});

describe('never suggested', () => {
  test.each([
    ['different emails', person('髙橋 健', { email: 'a@x.jp' }), person('高橋 健', { email: 'b@x.jp' })],
    [
      'different emails, same name',
      person('山田 太郎', { email: 'a@x.jp' }),
      person('山田 太郎', { email: 'b@x.jp', key: 'k2' }),
    ],
    ['different member codes', person('渡邊 翔', { memberCode: 'M1' }), person('渡辺 翔', { memberCode: 'M2' })],
    [
      'different emails, same phone',
      person('佐藤', { email: 'a@x.jp', phones: ['08033334444'] }),
      person('佐藤 花子', { email: 'b@x.jp', phones: ['08033334444'] }),
    ],
    ['different names', person('高橋 健'), person('高橋 謙')],
    [
      'a phone too short to tell people apart',
      person('A', { phones: [phoneDigits('3333-4444')] }),
      person('B', { phones: [phoneDigits('33334444')] }),
    ],
    [
      'the same name, both without email (one customer already)',
      person('山田 太郎', { key: 'k1' }),
      person('山田 太郎', { key: 'k2' }),
    ],
  ])('%s', (_why, a, b) => {
    expect(rulesFor(a, b)).toBeNull();
  });

  test('a pair the owner has decided, in either order', () => {
    const a = person('髙橋 健');
    const b = person('高橋 健');
    expect(suggestMatches([a, b], new Set([pairKey(b.key, a.key)]))).toEqual([]);
    expect(suggestMatches([a, b], new Set([pairKey('other', a.key)]))).toHaveLength(1);
  });

  test('a name shared by more than MAX_GROUP customers is no evidence', () => {
    const many = Array.from({ length: MAX_GROUP }, (_, i) =>
      person('佐藤', { key: `s${i}`, email: i ? `s${i}@x.jp` : '' }),
    );
    expect(suggestMatches(many)).toHaveLength(MAX_GROUP - 1);
    expect(suggestMatches([...many, person('佐藤', { key: 'one more' })])).toEqual([]);
  });
});

test('a phone listed twice by one customer counts once toward MAX_GROUP', () => {
  // MAX_GROUP customers share one number: every pair is suggested, whoever lists it twice.
  const phone = '0312345678';
  const many = (twice: number) =>
    Array.from({ length: MAX_GROUP }, (_, i) => person(`客${i}`, { phones: i === twice ? [phone, phone] : [phone] }));
  const pairs = (MAX_GROUP * (MAX_GROUP - 1)) / 2;
  expect(suggestMatches(many(0))).toHaveLength(pairs);
  expect(suggestMatches(many(MAX_GROUP - 1))).toHaveLength(pairs);
});

test('an email or member code on one side only tells no one apart, whichever side; a phone pair keeps its number', () => {
  expect(rulesFor(person('髙橋 健', { email: 'k@x.jp' }), person('高橋 健', { key: 'k2' }))).toStrictEqual(['kanji']);
  expect(rulesFor(person('髙橋 健', { memberCode: 'M1' }), person('高橋 健', { key: 'k2' }))).toStrictEqual(['kanji']);
  const [s] = suggestMatches([person('A', { phones: ['0312345678'] }), person('B', { phones: ['0312345678'] })]);
  expect(s).toStrictEqual({ a: 0, b: 1, rules: ['phone'], phone: '0312345678' });
  expect(phoneDigits('+ 81 90-1234-5678')).toBe('09012345678');
});

describe('folding and evidence', () => {
  test("the kanji table is the kyujitai package's (rerun scripts/kanji-variants.mjs after updating it)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { kyuji } = require('kyujitai/data/kyujitai.json') as { kyuji: [string, string][] };
    expect(KYUJI_PAIRS).toBe(kyuji.map(([common, old]) => old + common).join(''));
    expect(kyuji.length).toBeGreaterThan(700);
  });

  test('kana and kanji folding', () => {
    expect(foldKana('サトウ ヾ')).toBe('さとう ゞ');
    expect(foldKana('ー')).toBe('ー');
    expect(foldKanji('髙橋')).toBe('高橋');
    expect(foldKanji('葛\u{E0100}西')).toBe('葛西');
  });

  test('the evidence says which rule matched, in Japanese and in English', () => {
    const a = person('髙橋 健', { phones: ['0312345678'] });
    const b = person('高橋 健', { phones: ['0312345678'] });
    const [s] = suggestMatches([a, b]);
    expect(evidenceText('ja', s, a, b)).toBe(
      '旧字・異体字の違いだけです（髙／高）。電話番号が同じです（0312345678）。',
    );
    expect(evidenceText('en', s, a, b)).toBe(
      'Only old or variant kanji differ (髙 / 高). The same phone number (0312345678).',
    );
    const c = person('さとう', { email: 'sato@x.jp' });
    const [k] = suggestMatches([c, person('サトウ')]);
    expect(evidenceText('ja', k, c, person('サトウ'))).toBe('ひらがなとカタカナの違いだけです。');
  });
});

describe('the edges of kana folding and phone numbers', () => {
  test('katakana from ァ (U+30A1) to ヶ (U+30F6) and ヽ ヾ fold; the code points beside them stay', () => {
    // Each folds 0x60 down: ァ→ぁ, ヶ→ゖ (U+3096), ヽ→ゝ, ヾ→ゞ.
    expect(foldKana('ァヶヽヾ')).toBe('ぁゖゝゞ');
    // ゠ (U+30A0) just before, ヷ (U+30F7) just after, ・ (U+30FB) and ヿ (U+30FF) around ヽ ヾ.
    expect(foldKana('゠ヷ・ヿ')).toBe('゠ヷ・ヿ');
  });

  test('a phone number needs 10 digits; +81 stands for the leading 0, with or without (0)', () => {
    expect(phoneDigits('03-1234-5678')).toBe('0312345678');
    expect(phoneDigits('3-1234-5678')).toBe('');
    expect(phoneDigits(' +81 3 1234 5678')).toBe('0312345678');
    expect(phoneDigits('+81 (0)3-1234-5678')).toBe('0312345678');
    expect(phoneDigits('＋８１ ９０ １２３４ ５６７８')).toBe('09012345678');
    // 81 without the plus is an ordinary number: its digits as written.
    expect(phoneDigits('81-3-1234-5678')).toBe('81312345678');
    // +81 without a space; a +81 further in is no country code.
    expect(phoneDigits('+819012345678')).toBe('09012345678');
    expect(phoneDigits('090-1234-5678 (+81)')).toBe('0901234567881');
  });
});

describe('which pairs, in which order, with which evidence', () => {
  test('a name-only suggestion carries no phone; a pair sharing two numbers has the rule once', () => {
    expect(suggestMatches([person('髙橋 健'), person('高橋 健')])).toStrictEqual([{ a: 0, b: 1, rules: ['kanji'] }]);
    const phones = ['0312345678', '09011112222'];
    // The second shared number, visited last, is the one shown.
    expect(suggestMatches([person('A', { phones }), person('B', { phones })])).toStrictEqual([
      { a: 0, b: 1, rules: ['phone'], phone: '09011112222' },
    ]);
  });

  test('sorted by the first customer, then the second, whichever rule found them first', () => {
    const found = suggestMatches([
      person('A', { phones: ['0312345678'] }), // 0: phone with 3
      person('髙橋 健'), // 1: name with 2 and with 4
      person('高橋 健'),
      person('B', { phones: ['0312345678'] }),
      person('髙橋健', { key: 'k4', email: 'k4@x.jp' }),
    ]);
    expect(found.map((s) => [s.a, s.b])).toStrictEqual([
      [0, 3],
      [1, 2],
      [1, 4],
      [2, 4],
    ]);
    // The same first customer: the name pair (0, 2) is found before the phone pair (0, 1).
    const sameFirst = suggestMatches([
      person('髙橋 健', { phones: ['0312345678'] }),
      person('B', { phones: ['0312345678'] }),
      person('高橋 健'),
    ]);
    expect(sameFirst.map((s) => [s.a, s.b])).toStrictEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  test('one member code and none, or one email and none, do not tell two people apart', () => {
    expect(rulesFor(person('渡邊 翔', { memberCode: 'M1' }), person('渡辺 翔'))).toEqual(['kanji']);
    expect(rulesFor(person('渡邊 翔'), person('渡辺 翔', { memberCode: 'M1' }))).toEqual(['kanji']);
    expect(rulesFor(person('渡邊 翔', { email: 'w@x.jp' }), person('渡辺 翔'))).toEqual(['kanji']);
  });

  test('customers without a name are not paired by their empty names; one customer never with itself', () => {
    expect(suggestMatches([person('', { email: 'a@x.jp' }), person('', { memberCode: 'M1' })])).toStrictEqual([]);
    expect(suggestMatches([person('髙橋 健', { key: 'k' }), person('高橋 健', { key: 'k' })])).toStrictEqual([]);
  });

  test('variation selectors of both kinds are dropped before folding', () => {
    // U+FE00 and U+FE0F (the first block), U+E0100 and U+E01EF (the supplement, DB40 DD00–DDEF).
    expect(foldKanji('邉\uFE00邉\uFE0F葛\u{E0100}葛\u{E01EF}')).toBe('辺辺葛葛');
    // U+E01F0 lies past the supplement's range: kept.
    expect(foldKanji('葛\u{E01F0}')).toBe('葛\u{E01F0}');
  });

  test('a variation selector on either name does not hide the differing kanji from the evidence', () => {
    // 葛 drawn with a selector (U+E0100) in one name only: the names still differ by 髙／高 alone.
    const a = person('葛\u{E0100}城 髙');
    const b = person('葛城 高');
    const [s] = suggestMatches([a, b]);
    expect(evidenceText('ja', s, a, b)).toBe('旧字・異体字の違いだけです（髙／高）。');
    expect(evidenceText('ja', s, b, a)).toBe('旧字・異体字の違いだけです（高／髙）。');
  });

  test('the evidence names each differing kanji once, and no kana', () => {
    const a = person('髙橋 邊');
    const b = person('高橋 辺');
    const [s] = suggestMatches([a, b]);
    expect(evidenceText('ja', s, a, b)).toBe('旧字・異体字の違いだけです（髙／高、邊／辺）。');
    expect(evidenceText('en', s, a, b)).toBe('Only old or variant kanji differ (髙 / 高, 邊 / 辺).');
    const c = person('さとう 櫻櫻');
    const d = person('サトウ 桜桜');
    const [k] = suggestMatches([c, d]);
    expect(evidenceText('en', k, c, d)).toBe(
      'Only hiragana and katakana differ. Only old or variant kanji differ (櫻 / 桜).',
    );
  });
});
