// Property-based tests over random messy sales tables (fast-check): the analysis never throws,
// accounts for every row, agrees with a slow model of the rules, and does not care about row order.
// One property runs on 10,000-row tables (few runs, no shrinking: the seed reproduces a failure);
// the same properties run on small tables many times, where fast-check shrinks a failure to a few rows.
import fc from 'fast-check';
import { TableError, analyzeTable, analyzeTableChunks } from '../../src/core/analysis';
import { Customer } from '../../src/core/sales';
import { DEFAULT_THRESHOLDS } from '../../src/core/settings';
import { AS_OF, HEADER, HEADER_WITH_ORDERS, MessyRow, cellsOf, model, rowArb } from './messy-rows';

const REASONS = new Set([
  'date_missing',
  'date_unreadable',
  'amount_missing',
  'amount_unreadable',
  'amount_out_of_range',
  'customer_missing',
]);

function analyse(rows: MessyRow[], withOrders: boolean) {
  const values = [withOrders ? HEADER_WITH_ORDERS : HEADER, ...rows.map((r) => cellsOf(r, withOrders))];
  return {
    values,
    result: analyzeTable({ values, asOf: AS_OF, timeZone: 'Asia/Tokyo', thresholds: DEFAULT_THRESHOLDS }),
  };
}

/** The analysis of `rows` is the model's: counts, rejected rows, and every customer. */
function checkAgainstModel(rows: MessyRow[], withOrders: boolean): void {
  const { values, result } = analyse(rows, withOrders);
  const { sales } = result;
  const expected = model(rows, withOrders);

  const c = sales.counts;
  expect(c).toEqual(expected.counts);
  expect(c.used + c.rejected + c.future + c.blank).toBe(rows.length);
  expect(sales.anonymous).toMatchObject(expected.anonymous);

  // Every rejected row: its sheet row number (the header is row 1), a known reason, its own values.
  expect(sales.rejected.map((r) => ({ rowNumber: r.rowNumber, reason: r.reason }))).toEqual(expected.rejected);
  for (const r of sales.rejected) {
    expect(REASONS.has(r.reason)).toBe(true);
    expect(r.values).toEqual(values[r.rowNumber - 1]);
  }

  // One comparison for all customers (one expect per customer is slow at 10,000 rows).
  const project = (x: Omit<Customer, 'email' | 'segment'> & { email: string; segment: string | null }) => ({
    key: x.key,
    name: x.name,
    email: x.email,
    visits: x.visits,
    firstSeenDay: x.firstSeenDay,
    firstDay: x.firstDay,
    lastDay: x.lastDay,
    daysSinceLast: x.daysSinceLast,
    tenureDays: x.tenureDays,
    revenue: x.revenue,
    paidTotal: x.paidTotal,
    averageOrder: x.averageOrder,
    topProduct: x.topProduct,
    referrals: x.referrals,
    stage: x.stage,
    status: x.status,
    segment: x.segment,
    vip: x.vip,
  });
  const got = sales.customers.map(project);
  const want = expected.customers.map((m, i) => {
    const actual = sales.customers[i];
    // "From the most recent row that has one": rows of that day tie, any of their emails is right.
    const email = actual && m.emailChoices.has(actual.email) ? actual.email : ([...m.emailChoices][0] ?? '');
    return {
      ...m,
      email,
      daysSinceLast: m.lastDay === null ? null : AS_OF - m.lastDay,
      tenureDays: m.firstDay === null || m.lastDay === null ? null : m.lastDay - m.firstDay,
      averageOrder: m.visits > 0 ? Math.round((m.paidTotal / m.visits) * 100) / 100 : null,
      segment: m.segment === undefined ? (actual?.segment ?? null) : m.segment,
    };
  });
  expect(got).toEqual(want.map(project as never));

  // The label counts the pass makes from its codes are the customers' labels, counted.
  const tally = (labels: (string | null)[]) => {
    const counts: Record<string, number> = {};
    for (const label of labels) if (label !== null) counts[label] = (counts[label] ?? 0) + 1;
    return counts;
  };
  const nonZero = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  expect(nonZero(sales.labelCounts.stage)).toEqual(tally(got.map((x) => x.stage)));
  expect(nonZero(sales.labelCounts.status)).toEqual(tally(got.map((x) => x.status)));
  expect(nonZero(sales.labelCounts.segment)).toEqual(tally(got.map((x) => x.segment)));
}

function shuffled<T>(items: T[], order: number[]): T[] {
  return order.map((i) => items[i]);
}

/** A permutation of 0..n-1 from n random keys (fast-check shrinks keys better than permutations). */
const permutationOf = (keys: number[]) =>
  keys
    .map((k, i) => [k, i])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);

/**
 * Reordering the rows changes nothing but first-seen display names (and the order of the list).
 * What honestly depends on order: the email when two rows of the customer's latest email day
 * differ, and which of the customers tied on revenue at the VIP cut-off get the last VIP places.
 */
function checkShuffleChangesNothing(rows: MessyRow[], order: number[]): void {
  const a = analyse(rows, false).result.sales;
  const b = analyse(shuffled(rows, order), false).result.sales;
  expect(b.counts).toEqual(a.counts);
  // A rejected row keeps its reason: map shuffled row numbers back to the original rows.
  const rejectedA = a.rejected.map((r) => `${r.rowNumber - 2}:${r.reason}`).sort();
  const rejectedB = b.rejected.map((r) => `${order[r.rowNumber - 2]}:${r.reason}`).sort();
  expect(rejectedB).toEqual(rejectedA);
  expect(b.shopAverageOrder).toBeCloseTo(a.shopAverageOrder, 9);

  const byKey = new Map<string, Customer>(b.customers.map((c) => [c.key, c]));
  expect([...byKey.keys()].sort()).toEqual(a.customers.map((c) => c.key).sort());
  const choices = new Map(model(rows, false).customers.map((c) => [c.key, c.emailChoices]));
  const spellings = new Map<string, Set<string>>();
  const spell = (key: string, text: string) => spellings.set(key, (spellings.get(key) ?? new Set()).add(text));
  // A customer first seen on a row without a name is shown by its email address.
  for (const r of rows)
    if (r.name.key) spell(r.name.key, r.name.text);
    else if (r.email.key) spell(r.email.key, r.email.key);

  const vipCut = (list: Customer[]) => Math.min(...list.filter((c) => c.vip).map((c) => c.revenue));
  const cut = vipCut(a.customers);
  expect(vipCut(b.customers)).toBe(cut);
  expect(b.customers.filter((c) => c.vip).length).toBe(a.customers.filter((c) => c.vip).length);

  for (const x of a.customers) {
    const y = byKey.get(x.key) as Customer;
    const stable = (c: Customer) => [
      c.visits,
      c.firstSeenDay,
      c.firstDay,
      c.lastDay,
      c.daysSinceLast,
      c.tenureDays,
      c.revenue,
      c.paidTotal,
      c.averageOrder,
      c.topProduct,
      c.referrals,
      c.stage,
      c.status,
      c.segment,
    ];
    expect(stable(y)).toEqual(stable(x));
    if (x.revenue !== cut || x.visits === 0) expect(y.vip).toBe(x.vip);
    const emails = choices.get(x.key) as Set<string>;
    if (emails.size <= 1) expect(y.email).toBe(x.email);
    else expect(emails).toContain(y.email);
    expect(spellings.get(x.key)).toContain(y.name);
  }
}

const LARGE = 10_000;

/** fc.assert for 10,000-row inputs: report the seed and the cause, not a 3 MB counterexample. */
function assertLarge<T>(property: fc.IProperty<T>, numRuns: number): void {
  const details = fc.check(property, { numRuns, endOnFailure: true });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `property failed: rerun with { seed: ${details.seed}, path: "${details.counterexamplePath}" }\n${cause}`,
  );
}

describe('10,000 messy rows', () => {
  // Each run builds and analyses a 10,000-row table (and its model); a failure prints its seed.
  test('match the model of the rules, with and without an order column', () => {
    assertLarge(
      fc.property(fc.array(rowArb, { minLength: LARGE, maxLength: LARGE }), fc.boolean(), (rows, withOrders) =>
        checkAgainstModel(rows, withOrders),
      ),
      2,
    );
  });

  test('in any order give the same customers', () => {
    assertLarge(
      fc.property(fc.array(fc.tuple(rowArb, fc.nat()), { minLength: LARGE, maxLength: LARGE }), (pairs) =>
        checkShuffleChangesNothing(
          pairs.map(([r]) => r),
          permutationOf(pairs.map(([, k]) => k)),
        ),
      ),
      1,
    );
  });
});

describe('small messy tables (shrinking to the smallest failing table)', () => {
  test('match the model of the rules', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.boolean(), (rows, withOrders) =>
        checkAgainstModel(rows, withOrders),
      ),
      { numRuns: 400 },
    );
  });

  test('in any order give the same customers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rowArb, fc.nat()), { maxLength: 40 }), (pairs) =>
        checkShuffleChangesNothing(
          pairs.map(([r]) => r),
          permutationOf(pairs.map(([, k]) => k)),
        ),
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * A sheet read in parts (as a large sales sheet is) gives the analysis of the sheet read whole:
 * the cut points fall anywhere, between an order's first line and its continuation lines too.
 */
function checkPartsChangeNothing(rows: MessyRow[], withOrders: boolean, cuts: number[]): void {
  const { values, result } = analyse(rows, withOrders);
  // The first part holds the header's scan window (ten rows), as the sheet reader guarantees.
  const ends = [...new Set(cuts.map((c) => Math.min(values.length, 10 + (c % Math.max(1, values.length)))))].sort(
    (a, b) => a - b,
  );
  const chunks: unknown[][][] = [];
  let from = 0;
  for (const end of [...ends, values.length]) {
    if (end > from) chunks.push(values.slice(from, end));
    from = Math.max(from, end);
  }
  expect(chunks.flat()).toEqual(values);
  const parts = analyzeTableChunks({
    chunks,
    asOf: AS_OF,
    timeZone: 'Asia/Tokyo',
    thresholds: DEFAULT_THRESHOLDS,
  }).sales;
  const whole = result.sales;
  expect(parts.counts).toEqual(whole.counts);
  expect(parts.rejected).toEqual(whole.rejected);
  const everything = (c: Customer) => [
    c.key,
    c.name,
    c.email,
    c.visits,
    c.firstSeenDay,
    c.firstDay,
    c.lastDay,
    c.revenue,
    c.paidTotal,
    c.averageOrder,
    c.topProduct,
    c.referrals,
    c.vip,
    c.stage,
    c.status,
    c.segment,
  ];
  expect(parts.customers.map(everything)).toEqual(whole.customers.map(everything));
  expect(parts.visits).toEqual(whole.visits);
  expect(parts.referrals).toEqual(whole.referrals);
  expect(parts.productSales).toEqual(whole.productSales);
  expect(parts.shopAverageOrder).toBe(whole.shopAverageOrder);
}

describe('a sheet read in parts', () => {
  test('gives the analysis of the sheet read whole (10,000 rows, up to 40 parts)', () => {
    assertLarge(
      fc.property(
        fc.array(rowArb, { minLength: LARGE, maxLength: LARGE }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 40 }),
        (rows, withOrders, cuts) => checkPartsChangeNothing(rows, withOrders, cuts),
      ),
      2,
    );
  });

  test('gives the analysis of the sheet read whole (small tables, many cuts)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (rows, withOrders, cuts) => checkPartsChangeNothing(rows, withOrders, cuts),
      ),
      { numRuns: 300 },
    );
  });

  test('a sheet with no part at all is empty, like an empty sheet read whole', () => {
    expect(() =>
      analyzeTableChunks({ chunks: [], asOf: AS_OF, timeZone: 'Asia/Tokyo', thresholds: DEFAULT_THRESHOLDS }),
    ).toThrow(TableError);
    expect(() =>
      analyzeTable({ values: [], asOf: AS_OF, timeZone: 'Asia/Tokyo', thresholds: DEFAULT_THRESHOLDS }),
    ).toThrow(TableError);
  });
});

describe('anything at all in the cells', () => {
  // Whatever getValues can hand over (and a few things it cannot), below a valid header.
  const anyCell = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.date({ noInvalidDate: false }),
    fc.constant(null),
    fc.constant(undefined),
  );

  test('never throws; every row is used, rejected (with its row number), future or blank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyCell, { minLength: 0, maxLength: 9 }), { maxLength: 60 }),
        fc.boolean(),
        (rows, withOrders) => {
          const header = withOrders ? HEADER_WITH_ORDERS : HEADER;
          const { sales } = analyzeTable({
            values: [header, ...rows],
            asOf: AS_OF,
            timeZone: 'Asia/Tokyo',
            thresholds: DEFAULT_THRESHOLDS,
          });
          const c = sales.counts;
          expect(c.rows).toBe(rows.length);
          expect(c.used + c.rejected + c.future + c.blank).toBe(rows.length);
          expect(sales.rejected).toHaveLength(c.rejected);
          const numbers = sales.rejected.map((r) => r.rowNumber);
          expect(numbers).toEqual([...new Set(numbers)].sort((x, y) => x - y));
          for (const r of sales.rejected) {
            expect(r.rowNumber).toBeGreaterThanOrEqual(2);
            expect(r.rowNumber).toBeLessThanOrEqual(rows.length + 1);
            expect(REASONS.has(r.reason)).toBe(true);
            expect(r.values).toEqual(rows[r.rowNumber - 2]);
          }
          for (const customer of sales.customers) {
            expect(Number.isFinite(customer.revenue)).toBe(true);
            expect(customer.key).not.toBe('');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a table without a recognisable header is refused as a table problem, never another error', () => {
    // Random cells, with at most two of the three required headers put into one of the rows:
    // no row can name date, customer and amount together.
    const table = fc.array(fc.array(anyCell, { maxLength: 6 }), { maxLength: 15 });
    const someHeaders = fc.subarray(['日付', '顧客', '金額'], { maxLength: 2 });
    fc.assert(
      fc.property(table, someHeaders, fc.nat(), (values, names, at) => {
        if (values.length > 0) values[at % values.length].push(...names);
        let error: unknown = null;
        try {
          analyzeTable({ values, asOf: AS_OF, timeZone: 'Asia/Tokyo', thresholds: DEFAULT_THRESHOLDS });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(TableError);
        expect((error as TableError).code).toBe('no_header');
      }),
      { numRuns: 300 },
    );
  });
});

// A few hand-made rows pin the model itself, so that a wrong model cannot agree with wrong code.
describe('the model', () => {
  test('reads each form of date and amount the rules list', () => {
    const ok = (cell: unknown, d: number) => ({ cell, kind: 'ok' as const, day: d });
    const row = (date: MessyRow['date'], amount: number, key = 'k'): MessyRow => ({
      date,
      name: { cell: key, key, text: key },
      amount: { cell: amount, kind: 'ok', value: amount },
      email: { cell: '', key: '' },
      product: { cell: '', text: '' },
      referrer: { cell: '', key: '', text: '' },
      orderId: { cell: '', text: '' },
      memo: '',
    });
    // 2025-04-01 is day 20179 since 1970-01-01.
    const rows = [
      row(ok('令和7年4月1日', 20179), 100),
      row(ok('R7.4.1', 20179), 50),
      row(ok('２０２５／４／１', 20179), 50, 'j'),
      row({ cell: '2025/4/31', kind: 'bad' }, 10),
      row({ cell: '', kind: 'blank' }, 10),
      row(ok('2025-07-01', 20270), 10),
    ];
    const m = model(rows, false);
    expect(m.counts).toEqual({ rows: 6, used: 3, rejected: 2, future: 1, blank: 0 });
    expect(m.rejected).toEqual([
      { rowNumber: 5, reason: 'date_unreadable' },
      { rowNumber: 6, reason: 'date_missing' },
    ]);
    expect(m.customers.map((c) => [c.key, c.visits, c.revenue, c.stage])).toEqual([
      ['k', 1, 150, 'new'],
      ['j', 1, 50, 'new'],
    ]);
    checkAgainstModel(rows, false);
  });
});
