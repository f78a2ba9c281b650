// Hash tables over typed arrays for the one pass: a million rows meet a third of a million
// customers, and a Map pays for every entry with a heap object, boxed numbers and rehashing
// that chases pointers. Here a probe reads one slot of an Int32Array, and the key itself is only
// compared once its stored hash matches.

/** Slots for `expected` entries: a power of two, at most half full. */
function slotsFor(expected: number): number {
  let capacity = 16;
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: only the first size; a small table grows
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}

/**
 * A hash from a pair of 32-bit integers (customer and day, customer and order, customer and
 * product) to a non-negative index, by open addressing over typed arrays: no object and no boxed
 * number per entry, which a Map keyed by `c * 400_000 + day` would cost for a million visits.
 */
export class PairIndex {
  /** Per slot: a, b, value + 1 (0 when empty), side by side so that a probe touches one cache line. */
  private table: Int32Array;
  private mask: number;
  private size = 0;

  constructor(expected: number) {
    const capacity = slotsFor(expected);
    this.table = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
  }

  private static slot(a: number, b: number, mask: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & mask;
  }

  /** The index stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const table = this.table;
    const mask = this.mask;
    for (let i = PairIndex.slot(a, b, mask); ; i = (i + 1) & mask) {
      const at = i * 3;
      const v = table[at + 2];
      if (v === 0 || (table[at] === a && table[at + 1] === b)) return v - 1;
    }
  }

  /** Stores `value` (≥ 0) for a pair not yet present. */
  add(a: number, b: number, value: number): void {
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: growing earlier keeps every answer
    if (++this.size * 2 > this.mask + 1) this.grow();
    this.put(a, b, value + 1);
  }

  private put(a: number, b: number, stored: number): void {
    const table = this.table;
    const mask = this.mask;
    let i = PairIndex.slot(a, b, mask);
    while (table[i * 3 + 2] !== 0) i = (i + 1) & mask;
    table[i * 3] = a;
    table[i * 3 + 1] = b;
    table[i * 3 + 2] = stored;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.put(old[at], old[at + 1], old[at + 2]);
  }
}

/** Returned by CellIndex.get for a key never set. */
export const ABSENT = -0x80000000;

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

/** murmur3's finaliser: spreads nearby inputs (ids 1, 2, 3…) over the whole table. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashOf(key: string | number): number {
  if (typeof key === 'number') {
    if (key !== key) return 0x7ff80000; // every NaN is one key, whatever its bits
    // Stryker disable next-line ConditionalExpression,EqualityOperator: speed; both paths give one hash per value
    if ((key | 0) === key) return mix(key);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: ±0 are int32 and never get here
    scratch[0] = key === 0 ? 0 : key; // -0 is 0, as in a Map
    return mix(scratchWords[0] ^ Math.imul(scratchWords[1], 0x9e3779b1));
  }
  let h = 0x811c9dc5; // FNV-1a
  // Stryker disable next-line EqualityOperator: one more round reads NaN (h ^ NaN is h): one hash per text
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mix(h ^ key.length);
}

/**
 * A map from sheet cells (text or numbers) to int32 values, with a Map's equality (SameValueZero:
 * "1" and 1 differ, NaN is one key). Entries are never removed.
 */
export class CellIndex {
  /** Per slot: the key's hash, then its entry + 1 (0 when empty). */
  private slots: Int32Array;
  private mask: number;
  private readonly keys: (string | number)[] = [];
  private values: Int32Array;
  /** The last key get() did not find, with its hash and the empty slot its probe ended on. */
  private missedKey: string | number | undefined = undefined;
  private missedHash = 0;
  private missedSlot = 0;

  constructor(expected: number) {
    const capacity = slotsFor(expected);
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.values = new Int32Array(capacity >> 1);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The value set for `key`, or ABSENT. */
  get(key: string | number): number {
    // Stryker disable next-line ConditionalExpression: a shortcut; an empty table's probe answers ABSENT too
    if (this.keys.length === 0) return ABSENT; // (the pass asks its spellings table, mostly empty, for every new customer)
    const entry = this.entryOf(key, hashOf(key));
    return entry < 0 ? ABSENT : this.values[entry];
  }

  set(key: string | number, value: number): void {
    let hash: number;
    let slot: number;
    // Stryker disable next-line ConditionalExpression: a shortcut; the full path finds the same empty slot
    if (key === this.missedKey) {
      // get(key) just missed, and nothing was added since: its empty slot is still the one.
      hash = this.missedHash;
      slot = this.missedSlot;
    } else {
      hash = hashOf(key);
      const entry = this.entryOf(key, hash);
      if (entry >= 0) {
        this.values[entry] = value;
        return;
      }
      slot = this.missedSlot;
    }
    this.missedKey = undefined;
    const added = this.keys.length;
    // Stryker disable next-line EqualityOperator: added never passes values.length
    if (added === this.values.length) {
      const values = new Int32Array(added * 2);
      values.set(this.values);
      this.values = values;
    }
    this.keys.push(key);
    this.values[added] = value;
    this.slots[slot * 2] = hash;
    this.slots[slot * 2 + 1] = added + 1;
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: growing earlier keeps every answer
    if ((added + 1) * 2 > this.mask + 1) this.grow();
  }

  /** The key's entry, or -1 after remembering the empty slot where it would go. */
  private entryOf(key: string | number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const stored = slots[i * 2 + 1];
      if (stored === 0) {
        this.missedKey = key;
        this.missedHash = hash;
        this.missedSlot = i;
        return -1;
      }
      if (slots[i * 2] === hash) {
        const k = this.keys[stored - 1];
        if (k === key || (k !== k && key !== key)) return stored - 1;
      }
    }
  }

  private place(hash: number, stored: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    while (slots[i * 2 + 1] !== 0) i = (i + 1) & mask;
    slots[i * 2] = hash;
    slots[i * 2 + 1] = stored;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.place(old[at], old[at + 1]);
  }
}
