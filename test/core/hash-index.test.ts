// The pass's typed-array tables against the plain structures they stand in for: CellIndex must
// answer as a Map does, and selectNth as a sort does, whatever the keys and values.
import fc from 'fast-check';
import { ABSENT, CellIndex, PairIndex } from '../../src/core/hash-index';
import { selectNth } from '../../src/core/sales';

describe('CellIndex', () => {
  test('text and numbers are distinct keys, as in a Map; -0 is 0 and NaN is one key', () => {
    const index = new CellIndex(4);
    index.set('1', 10);
    index.set(1, 20);
    index.set(-0, 30);
    index.set(NaN, 40);
    index.set(NaN, 41);
    expect([index.get('1'), index.get(1), index.get(0), index.get(NaN), index.get('NaN'), index.get(2)]).toEqual([
      10,
      20,
      30,
      41,
      ABSENT,
      ABSENT,
    ]);
    expect(index.size).toBe(4);
  });

  test('a set after a get that missed a different key does not reuse that key’s slot', () => {
    const index = new CellIndex(4);
    expect(index.get('a')).toBe(ABSENT);
    expect(index.get('b')).toBe(ABSENT);
    index.set('a', 1);
    index.set('b', 2);
    expect(index.get('b')).toBe(2);
    expect(index.get('a')).toBe(1);
  });

  test('a NaN with other bits is the same key, as in a Map', () => {
    // A NaN whose payload differs from the one NaN literal gives (a quiet NaN with its low bit set).
    const other = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0];
    expect(new Uint32Array(Float64Array.of(other).buffer)[0]).toBe(1);
    const index = new CellIndex(4);
    index.set(NaN, 7);
    expect(index.get(other)).toBe(7);
    index.set(other, 8);
    expect([index.get(NaN), index.size]).toStrictEqual([8, 1]);
  });

  test('a number whose hash is NaN’s is still another key', () => {
    // murmur3's finaliser is a bijection: -1684569891 is the one int32 it sends to 0x7ff80000, the
    // hash every NaN gets, so the two meet in one probe and only the key comparison tells them apart.
    const index = new CellIndex(4);
    index.set(-1684569891, 1);
    expect(index.get(NaN)).toBe(ABSENT);
    index.set(NaN, 2);
    expect([index.get(-1684569891), index.get(NaN), index.size]).toStrictEqual([1, 2, 2]);
    // The other way round: NaN first.
    const other = new CellIndex(4);
    other.set(NaN, 3);
    expect(other.get(-1684569891)).toBe(ABSENT);
  });

  const key = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.integer({ min: -50, max: 50 }),
    fc.double(),
    fc.constantFrom('', ' ', '山田 太郎', '山田太郎'),
  );
  const op = fc.oneof(
    fc.record({ kind: fc.constant('get' as const), key }),
    fc.record({ kind: fc.constant('set' as const), key, value: fc.integer({ min: -3, max: 1_000_000 }) }),
  );

  test('any sequence of gets and sets, through several growths, answers as a Map', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400, size: 'max' }), (ops) => {
        const index = new CellIndex(1);
        const map = new Map<string | number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            index.set(o.key, o.value);
            map.set(o.key, o.value);
          } else {
            expect(index.get(o.key)).toBe(map.get(o.key) ?? ABSENT);
          }
        }
        for (const [k, v] of map) expect(index.get(k)).toBe(v);
        expect(index.size).toBe(map.size);
      }),
      { numRuns: 100 },
    );
  });

  test('100,000 distinct ids, each found again under a fresh string of the same text', () => {
    const index = new CellIndex(16);
    for (let i = 0; i < 100_000; i++) index.set(`id-${i}`, i);
    let found = 0;
    for (let i = 0; i < 100_000; i++) if (index.get(['id', String(i)].join('-')) === i) found++;
    expect(found).toBe(100_000);
    expect(index.get('id-100000')).toBe(ABSENT);
  });

  test('100,000 numeric ids, whole and fractional, each found again; their texts are other keys', () => {
    // Numbers hash apart from text: were every number one hash, each set would walk past all the
    // numbers before it, and 100,000 of them would take billions of probes.
    const index = new CellIndex(16);
    for (let i = 0; i < 50_000; i++) {
      index.set(i, i);
      index.set(i + 0.5, -i);
    }
    let found = 0;
    for (let i = 0; i < 50_000; i++) if (index.get(i) === i && index.get(i + 0.5) === -i) found++;
    expect(found).toBe(50_000);
    expect([index.size, index.get(50_000), index.get(-0.5), index.get('7'), index.get('7.5')]).toStrictEqual([
      100_000,
      ABSENT,
      ABSENT,
      ABSENT,
      ABSENT,
    ]);
  });
});

describe('PairIndex', () => {
  test('a table made for one pair keeps the first sixteen through its growths', () => {
    // It grows when a 9th pair comes (past half of its 16 slots), then at the 17th (of 32).
    const index = new PairIndex(1);
    for (let i = 0; i < 20; i++) index.add(i, i + 1, 100 + i);
    const found = [];
    for (let i = 0; i < 20; i++) found.push(index.get(i, i + 1));
    expect(found).toStrictEqual([
      100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    ]);
    expect([index.get(1, 0), index.get(20, 21), index.get(0, 0)]).toStrictEqual([-1, -1, -1]);
  });

  test('1,000 customers by 200 days, from room for 4 pairs, each pair found again with its value', () => {
    // Zeros and negatives in both halves; pairs that share a customer or a day hash apart. Were every
    // pair one slot, each add would walk past all the pairs before it: billions of probes.
    const index = new PairIndex(4);
    for (let c = 0; c < 1000; c++) for (let day = -100; day < 100; day++) index.add(c, day, c * 200 + day + 100);
    let found = 0;
    for (let c = 0; c < 1000; c++)
      for (let day = -100; day < 100; day++) if (index.get(c, day) === c * 200 + day + 100) found++;
    expect(found).toBe(200_000);
    expect([
      index.get(0, -100),
      index.get(999, 99),
      index.get(1000, 0),
      index.get(0, 100),
      index.get(-1, -1),
    ]).toStrictEqual([0, 199_999, -1, -1, -1]);
  });

  test('answers as a Map keyed by the pair, through growths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -5, max: 40 })), { maxLength: 300 }),
        (pairs) => {
          const index = new PairIndex(1);
          const map = new Map<string, number>();
          for (const [a, b] of pairs) {
            const k = `${a},${b}`;
            expect(index.get(a, b)).toBe(map.get(k) ?? -1);
            if (!map.has(k)) {
              index.add(a, b, map.size);
              map.set(k, map.size);
            }
          }
          for (const [k, v] of map) expect(index.get(...(k.split(',').map(Number) as [number, number]))).toBe(v);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('selectNth', () => {
  test('gives what a sort puts at index n, duplicates and all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.nat(),
        (values, at) => {
          const n = at % values.length;
          const sorted = Float64Array.from(values).sort();
          // A sort puts -0 before 0; selection, like every revenue comparison, holds them equal (+ 0 makes -0 0).
          expect(selectNth(Float64Array.from(values), n) + 0).toBe(sorted[n] + 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('-0 and 0 are one value, as the VIP cut-off compares them', () => {
    expect(selectNth(Float64Array.from([-0, 0]), 0) + 0).toBe(0);
    expect(selectNth(Float64Array.from([0, -0, -1]), 0)).toBe(-1);
  });

  test('worked example: the 3rd smallest of [5, 1, 4, 1, 3] is 3', () => {
    expect(selectNth(Float64Array.from([5, 1, 4, 1, 3]), 2)).toBe(3);
    expect(selectNth(Float64Array.from([2, 2, 2, 2]), 3)).toBe(2);
  });
});
