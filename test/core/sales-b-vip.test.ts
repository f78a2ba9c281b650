// VIPs (sales.ts: vipIndexes, vipFlags, selectNth): the top share of paying customers by revenue,
// rounded up, ties broken by first appearance, and the selection that finds the line.
import { Customer, selectNth, vipIndexes } from '../../src/core/sales';

/** Customers as vipIndexes reads them: revenue and visits only. */
const people = (list: [revenue: number, visits: number][]): Customer[] =>
  list.map(([revenue, visits]) => ({ revenue, visits }) as Customer);

describe('selectNth', () => {
  test('finds the value at each rank of a small array with repeats', () => {
    // Sorted: 1 1 3 4 5
    const ranks = [0, 1, 2, 3, 4].map((n) => selectNth(Float64Array.from([5, 1, 4, 1, 3]), n));
    expect(ranks).toEqual([1, 1, 3, 4, 5]);
  });

  test('agrees with a sort on every array of up to 6 values from {0, 1, 2}, at every rank', () => {
    const wrong: string[] = [];
    for (let length = 1; length <= 6; length++) {
      for (let code = 0; code < 3 ** length; code++) {
        const values: number[] = [];
        for (let k = 0, rest = code; k < length; k++, rest = Math.floor(rest / 3)) values.push(rest % 3);
        const sorted = values.slice().sort((a, b) => a - b);
        for (let n = 0; n < length; n++) {
          const got = selectNth(Float64Array.from(values), n);
          if (got !== sorted[n]) wrong.push(`[${values.join(',')}] rank ${n}: ${got}, not ${sorted[n]}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('a single value is its own rank 0', () => {
    expect(selectNth(Float64Array.from([7]), 0)).toBe(7);
  });
});

describe('vipIndexes', () => {
  test('takes the top share rounded up, in rank order: 1 of 5 at 1%, 2 of 5 at 21%', () => {
    const five = people([
      [100, 1],
      [500, 1],
      [300, 1],
      [200, 1],
      [400, 1],
    ]);
    expect(vipIndexes(five, 0.01)).toEqual([1]);
    expect(vipIndexes(five, 0.21)).toEqual([1, 4]);
    expect(vipIndexes(five, 0.2)).toEqual([1]);
    expect(vipIndexes(five, 1)).toEqual([1, 4, 2, 3, 0]);
  });

  test('7% of 100 is 7, though 100 × 0.07 is 7.000000000000001 in floating point', () => {
    const hundred = people(Array.from({ length: 100 }, (_, i): [number, number] => [(i + 1) * 10, 1]));
    expect(vipIndexes(hundred, 0.07)).toEqual([99, 98, 97, 96, 95, 94, 93]);
  });

  test('a share above 1 takes every paying customer, no more', () => {
    const three = people([
      [100, 1],
      [300, 2],
      [0, 0],
    ]);
    expect(vipIndexes(three, 1.5)).toEqual([1, 0]);
  });

  test('ties at the line go to the customers who came first, so the count is exact', () => {
    // 6 paying, half is 3: 300 is above the line (200), two of the three 200s fill it.
    const six = people([
      [100, 1],
      [300, 1],
      [200, 1],
      [200, 2],
      [200, 1],
      [50, 1],
    ]);
    expect(vipIndexes(six, 0.5)).toEqual([1, 2, 3]);
  });

  test('ties above the line are all in; ties at the line by first appearance', () => {
    // 5 paying, 60% is 3: the two 500s are above the line (400), the first 400 fills it.
    const five = people([
      [400, 1],
      [500, 1],
      [400, 1],
      [500, 1],
      [100, 1],
    ]);
    expect(vipIndexes(five, 0.6)).toEqual([1, 3, 0]);
  });

  test('customers without a visit are never VIPs, even above or at the line', () => {
    // Paying: −200 (refunds above purchases) and 100. Everyone paying is a VIP at 100%; the
    // customers without a visit (0 and −200 of refunds) are not, though 0 > −200 and −200 = −200.
    const list = people([
      [-200, 1],
      [0, 0],
      [100, 1],
      [-200, 0],
    ]);
    expect(vipIndexes(list, 1)).toEqual([2, 0]);
  });

  test('a non-paying customer at the line takes no tie from a paying one after them', () => {
    // Paying: 300, 100, 100 (indexes 0, 2, 3); 2 of 3 at 50%; the line is 100; index 1 has no visit.
    const list = people([
      [300, 1],
      [100, 0],
      [100, 1],
      [100, 1],
    ]);
    expect(vipIndexes(list, 0.5)).toEqual([0, 2]);
  });

  test('the share is of paying customers only, and the line is drawn among them', () => {
    // 2 paying of 4 at 50% is 1 VIP (not 2 of 4); the refunds of a customer without a visit (−500)
    // are not among the revenues the line is drawn from.
    const list = people([
      [-500, 0],
      [100, 1],
      [0, 0],
      [200, 1],
    ]);
    expect(vipIndexes(list, 0.5)).toEqual([3]);
  });

  test('no paying customer, no VIP; nobody, no VIP', () => {
    expect(
      vipIndexes(
        people([
          [0, 0],
          [-50, 0],
        ]),
        0.2,
      ),
    ).toEqual([]);
    expect(vipIndexes([], 0.2)).toEqual([]);
  });
});
