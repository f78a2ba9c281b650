// Random sales rows typed the way small shops type them, each cell generated together with what
// it means (a day, an amount, a customer key, or "unreadable"), and a model of the rules
// (docs/RULES.md §2–4) written the slow, obvious way. The property tests compare the real
// analysis with the model, so the expectations do not come from the code under test.

import fc from 'fast-check';
import type { RejectReason } from '../../src/core/sales';

export const MS_PER_DAY = 86_400_000;
export const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS_PER_DAY;
const ymd = (n: number) => {
  const d = new Date(n * MS_PER_DAY);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
};
const pad = (n: number) => String(n).padStart(2, '0');
const wide = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const withCommas = (v: number) => {
  const [int, frac] = String(v).split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
};

export const FIRST_DAY = day(2016, 1, 1);
export const LAST_DAY = day(2026, 12, 31);
/** Rows after this are "future": about a sixth of the generated dates. */
export const AS_OF = day(2025, 6, 30);
const REIWA = day(2019, 5, 1);
const SHEETS_EPOCH_SERIAL = 25569;

export type DateCell = { cell: unknown; kind: 'ok'; day: number } | { cell: unknown; kind: 'bad' | 'blank' };
export type AmountCell =
  { cell: unknown; kind: 'ok'; value: number } | { cell: unknown; kind: 'bad' | 'huge' | 'blank' };
/** key: the customer key the rules give ('' when the cell names nobody); text: the name as shown. */
export interface NameCell {
  cell: unknown;
  key: string;
  text: string;
}
export interface EmailCell {
  cell: unknown;
  key: string;
}

export interface MessyRow {
  date: DateCell;
  name: NameCell;
  amount: AmountCell;
  email: EmailCell;
  product: { cell: unknown; text: string };
  referrer: NameCell;
  orderId: { cell: unknown; text: string };
  memo: unknown;
}

const BLANKS: unknown[] = ['', '  ', '\u3000', null];
const blank = fc.constantFrom(...BLANKS);
export const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const TIMES = ['', ' 10:30', ' 9:05:00', ' 23:59:59', ' 10時30分', ' 7時'];
const WEEKDAYS = ['', '(月)', '（日）', ' (Sat)'];

/** Date text in one of the written forms of the rules, for a day. */
function dateText(n: number, form: number, time: string, weekday: string, fullWidth: boolean, upper: boolean): string {
  const { y, m, d } = ymd(n);
  let text: string;
  switch (form) {
    case 0:
      text = `${y}-${pad(m)}-${pad(d)}${weekday}${time === ' 10:30' ? 'T10:30:00Z' : time}`;
      break;
    case 1:
      text = `${y}/${m}/${d}${weekday}${time}`;
      break;
    case 2:
      text = `${y}.${m}.${d}${weekday}${time}`;
      break;
    case 3:
      text = `${y}年${m}月${d}日${weekday}${time}`;
      break;
    case 4:
      text = `${y}${pad(m)}${pad(d)}`; // the compact form takes no time
      break;
    default: {
      const [era, short, first] = n >= REIWA ? ['令和', 'R', 2019] : ['平成', 'H', 1989];
      const year = y - first + 1;
      if (form === 5) text = `${era}${year === 1 && upper ? '元' : year}年${m}月${d}日${weekday}${time}`;
      else
        text = `${upper ? short : short.toLowerCase()}${year}${upper ? '.' : '/'}${m}${upper ? '.' : '/'}${d}${time}`;
    }
  }
  return fullWidth ? wide(text) : text;
}

// Half the dates fall in the year before as-of (or just after it), where customers are active.
const dayArb = fc.oneof(
  fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
  fc.integer({ min: AS_OF - 400, max: AS_OF + 30 }),
);

const goodDate: fc.Arbitrary<DateCell> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(dayArb, fc.nat(6), fc.constantFrom(...TIMES), fc.constantFrom(...WEEKDAYS), fc.boolean(), fc.boolean())
      .map(([n, form, time, weekday, fullWidth, upper]) => ({
        cell: dateText(n, form, time, weekday, fullWidth, upper),
        kind: 'ok' as const,
        day: n,
      })),
  },
  // A Date cell: the day is the calendar day in Asia/Tokyo (UTC+9, no DST), whatever the hour.
  {
    weight: 2,
    arbitrary: fc.tuple(dayArb, fc.integer({ min: 0, max: 24 * 60 - 1 })).map(([n, minute]) => ({
      cell: new Date(n * MS_PER_DAY + (minute - 9 * 60) * 60_000),
      kind: 'ok' as const,
      day: n,
    })),
  },
  // A serial number (a custom function may receive one), with a time of day as its fraction.
  {
    weight: 1,
    arbitrary: fc
      .tuple(dayArb, fc.integer({ min: 0, max: 99 }))
      .map(([n, f]) => ({ cell: n + SHEETS_EPOCH_SERIAL + f / 100, kind: 'ok' as const, day: n })),
  },
  // 20250105 typed into a cell that turned it into a number.
  {
    weight: 1,
    arbitrary: dayArb.map((n) => {
      const { y, m, d } = ymd(n);
      return { cell: Number(`${y}${pad(m)}${pad(d)}`), kind: 'ok' as const, day: n };
    }),
  },
);

const letters = fc.stringMatching(/^[a-zA-Zあ-んア-ン]{1,8}$/);

const BAD_DATES: unknown[] = [
  '2025-02-30',
  '2025/13/1',
  '1/5/2025',
  '13/13/2025',
  '令和0年1月1日',
  '2025年2月29日',
  'TBD',
  '昨日',
  '¥1,000',
  '2025-1',
  '20251301',
  '=TODAY()',
  true,
  0.5,
  -3,
  1e9,
  Number.NaN,
  new Date(Number.NaN),
];
const badDate: fc.Arbitrary<DateCell> = fc
  .oneof(fc.constantFrom(...BAD_DATES), letters)
  .map((cell) => ({ cell, kind: 'bad' as const }));

export const dateArb: fc.Arbitrary<DateCell> = fc.oneof(
  { weight: 34, arbitrary: goodDate },
  { weight: 2, arbitrary: badDate },
  { weight: 1, arbitrary: blank.map((cell) => ({ cell, kind: 'blank' as const })) },
);

const moneyArb = fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.boolean()).map(([n, half]) => (half ? n + 0.5 : n));

/** Most amounts are sales; one in five is written as a refund (negative). */
const goodAmount: fc.Arbitrary<AmountCell> = fc.tuple(moneyArb, fc.nat(4), fc.nat(7)).map(([v, sign, form]) => {
  const ok = (cell: unknown, value: number) => ({ cell, kind: 'ok' as const, value });
  if (sign === 0) {
    switch (form % 5) {
      case 0:
        return ok(-v, -v);
      case 1:
        return ok(`(${withCommas(v)})`, -v);
      case 2:
        return ok(`▲${withCommas(v)}`, -v);
      case 3:
        return ok(`-${withCommas(v)}`, -v);
      default:
        return ok(`△${wide(String(v))}`, -v);
    }
  }
  switch (form) {
    case 0:
      return ok(v, v);
    case 1:
      return ok(String(v), v);
    case 2:
      return ok(`¥${withCommas(v)}`, v);
    case 3:
      return ok(`￥${withCommas(v)}`, v);
    case 4:
      return ok(`${withCommas(v)}円`, v);
    case 5:
      return ok(`${withCommas(v)}円(税込)`, v);
    case 6:
      return ok(wide(withCommas(v)), v);
    default:
      return ok(` ${v} `, v);
  }
});

const BAD_AMOUNTS: unknown[] = ['abc', '1.2.3', '12a', '¥', '円', '1,2,3', 'N/A', '--5', '=1+1', true, Number.NaN];
/** Beyond ±10^12 (MAX_AMOUNT): rejected as too large. */
const HUGE_AMOUNTS: unknown[] = [
  Number.POSITIVE_INFINITY,
  -Number.MAX_VALUE,
  1e308,
  '9'.repeat(400),
  '¥1,000,000,000,001',
  -1.5e12,
];
export const amountArb: fc.Arbitrary<AmountCell> = fc.oneof(
  { weight: 34, arbitrary: goodAmount },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.constantFrom(...BAD_AMOUNTS), letters).map((cell) => ({ cell, kind: 'bad' as const })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_AMOUNTS).map((cell) => ({ cell, kind: 'huge' as const })) },
  { weight: 1, arbitrary: blank.map((cell) => ({ cell, kind: 'blank' as const })) },
);

/** Names with the key the rules give them (NFKC, spaces removed, one honorific dropped, emails lower-cased). */
const NAMES: [unknown, string, string][] = [
  ['山田 太郎', '山田太郎', '山田 太郎'],
  ['山田太郎様', '山田太郎', '山田太郎様'],
  ['山田\u3000太郎 さん', '山田太郎', '山田\u3000太郎 さん'],
  [' 山田 太郎 ', '山田太郎', '山田 太郎'],
  ['ﾔﾏﾀﾞ', 'ヤマダ', 'ﾔﾏﾀﾞ'],
  ['ヤマダ さま', 'ヤマダ', 'ヤマダ さま'],
  ['佐藤殿', '佐藤', '佐藤殿'],
  ['佐藤', '佐藤', '佐藤'],
  ['Taro', 'Taro', 'Taro'],
  ['taro', 'taro', 'taro'],
  ['😀 Emi', '😀Emi', '😀 Emi'],
  ['=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'],
  ['+81 90-1234', '+8190-1234', '+81 90-1234'],
  ['-5', '-5', '-5'],
  ['@here', '@here', '@here'],
  ['00123', '00123', '00123'],
  [123, '123', '123'],
  ['Ａｂｃ', 'Abc', 'Ａｂｃ'],
  ['Shop@Example.JP', 'shop@example.jp', 'Shop@Example.JP'],
  ['2025/1/5', '2025/1/5', '2025/1/5'],
  ["'quoted", "'quoted", "'quoted"],
  ['様', '', '様'], // an honorific alone names nobody
];

export const nameArb: fc.Arbitrary<NameCell> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES).map(([cell, key, text]) => ({ cell, key, text })) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-e]{1,3}$/).map((s) => ({ cell: s, key: s, text: s })) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z]{4,9}$/).map((s) => ({ cell: s, key: s, text: s })) },
  { weight: 1, arbitrary: blank.map((cell) => ({ cell, key: '', text: '' })) },
);

const EMAILS: [unknown, string][] = [
  ['yamada@example.jp', 'yamada@example.jp'],
  ['YAMADA@Example.JP', 'yamada@example.jp'],
  ['Taro <taro@example.com>', 'taro@example.com'],
  ['mailto:m@example.org', 'm@example.org'],
  ['ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'sato@example.jp'],
  ['shop@example.jp', 'shop@example.jp'],
  ['=cmd@evil.example', '=cmd@evil.example'],
  ['not-an-email', ''],
  ['a@b', ''],
  ['x@y@z.jp', ''],
];
export const emailArb: fc.Arbitrary<EmailCell> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...EMAILS).map(([cell, key]) => ({ cell, key })) },
  { weight: 2, arbitrary: blank.map((cell) => ({ cell, key: '' })) },
);

const PRODUCTS = ['ブレンド豆', 'エチオピア', 'マグカップ', '=1+1', '00123', ' ブレンド豆 '];
const productArb = fc.oneof(
  fc.constantFrom(...PRODUCTS).map((cell) => ({ cell, text: cell.trim() })),
  blank.map((cell) => ({ cell, text: '' })),
);

const referrerArb: fc.Arbitrary<NameCell> = fc.oneof(
  { weight: 6, arbitrary: blank.map((cell) => ({ cell, key: '', text: '' })) },
  { weight: 1, arbitrary: nameArb },
);

const orderIdArb = fc.oneof(
  { weight: 2, arbitrary: blank.map((cell) => ({ cell, text: '' })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<[unknown, string]>(['A1', 'A1'], ['A2', 'A2'], [' A3 ', 'A3'], [1001, '1001'])
      .map(([cell, text]) => ({ cell, text })),
  },
);

const fullRow: fc.Arbitrary<MessyRow> = fc.record({
  date: dateArb,
  name: nameArb,
  amount: amountArb,
  email: emailArb,
  product: productArb,
  referrer: referrerArb,
  orderId: orderIdArb,
  memo: fc.oneof(blank, letters),
});

/** A row nobody filled in (the memo column is not a field, so a row with only a memo is blank). */
const blankRow: fc.Arbitrary<MessyRow> = fc
  .tuple(blank, blank, blank, blank, fc.oneof(blank, letters))
  .map(([a, b, c, d, memo]) => ({
    date: { cell: a, kind: 'blank' as const },
    name: { cell: b, key: '', text: '' },
    amount: { cell: c, kind: 'blank' as const },
    email: { cell: d, key: '' },
    product: { cell: '', text: '' },
    referrer: { cell: null, key: '', text: '' },
    orderId: { cell: '', text: '' },
    memo,
  }));

/**
 * Regulars: 25 customers buying often before as-of, each within its own window (from 20 to 260
 * days long), so that toddlers, trendy and loyal customers and fans all occur.
 */
const regularRow: fc.Arbitrary<MessyRow> = fc
  .tuple(
    fullRow,
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.oneof(fc.constantFrom(1000, 1500), fc.integer({ min: 1, max: 150_000 })),
  )
  .map(([row, i, at, value]) => {
    const name = `r${String.fromCharCode(97 + i)}`;
    const span = 20 + 10 * i;
    const d = AS_OF - 5 * i - Math.round((at / 1000) * span);
    return {
      ...row,
      name: { cell: name, key: name, text: name },
      date: { cell: new Date(d * MS_PER_DAY), kind: 'ok' as const, day: d },
      amount: { cell: `¥${withCommas(value)}`, kind: 'ok' as const, value },
    };
  });

export const rowArb: fc.Arbitrary<MessyRow> = fc.oneof(
  { weight: 16, arbitrary: fullRow },
  { weight: 3, arbitrary: regularRow },
  { weight: 1, arbitrary: blankRow },
);

export const HEADER = ['日付', 'お客様名', '金額', 'メールアドレス', '商品名', '紹介者', '備考'];
export const HEADER_WITH_ORDERS = [...HEADER, '注文番号'];

export function cellsOf(row: MessyRow, withOrders: boolean): unknown[] {
  const cells = [
    row.date.cell,
    row.name.cell,
    row.amount.cell,
    row.email.cell,
    row.product.cell,
    row.referrer.cell,
    row.memo,
  ];
  if (withOrders) cells.push(row.orderId.cell);
  return cells;
}

export type Reason = RejectReason;

export interface ModelCustomer {
  key: string;
  name: string;
  visits: number;
  firstSeenDay: number;
  firstDay: number | null;
  lastDay: number | null;
  revenue: number;
  paidTotal: number;
  /** The emails of the rows on the latest day that had one: any of them may be the customer's. */
  emailChoices: Set<string>;
  topProduct: string;
  referrals: number;
  stage: string;
  status: string | null;
  /** null when the revenue sits on the CPM spend line, where a rounding difference may decide. */
  segment: string | null | undefined;
  vip: boolean;
}

export interface ModelResult {
  counts: { rows: number; used: number; rejected: number; future: number; blank: number };
  rejected: { rowNumber: number; reason: Reason }[];
  customers: ModelCustomer[];
  /** Rows without name or email: used, counted apart. */
  anonymous: { rows: number; visits: number; revenue: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Acc {
  index: number;
  key: string;
  name: string;
  firstSeen: number;
  revenue: number;
  paid: number;
  visitDays: Map<string, number>;
  emailDay: number;
  emails: Set<string>;
  products: Map<string, { rows: number; revenue: number }>;
}

/**
 * The rules with the default thresholds, row by row. `firstRowNumber` is the sheet row of rows[0].
 * With an order column, a later line of an order may leave date, amount or customer blank.
 */
export function model(rows: MessyRow[], withOrders: boolean, firstRowNumber = 2, asOf = AS_OF): ModelResult {
  const counts = { rows: rows.length, used: 0, rejected: 0, future: 0, blank: 0 };
  const rejected: ModelResult['rejected'] = [];
  const byKey = new Map<string, Acc>();
  const accs: Acc[] = [];
  const orders = new Map<string, { acc: Acc | null; day: number }>();
  const anonymous = { rows: 0, visits: 0, revenue: 0 };
  const referralCells: { referred: Acc; key: string }[] = [];
  let allPaid = 0;
  let visitCount = 0;

  const intern = (key: string, name: string): Acc => {
    let acc = byKey.get(key);
    if (!acc) {
      acc = {
        index: accs.length,
        key,
        name,
        firstSeen: Infinity,
        revenue: 0,
        paid: 0,
        visitDays: new Map(),
        emailDay: -Infinity,
        emails: new Set(),
        products: new Map(),
      };
      byKey.set(key, acc);
      accs.push(acc);
    }
    return acc;
  };

  rows.forEach((row, i) => {
    const reject = (reason: Reason) => {
      counts.rejected++;
      rejected.push({ rowNumber: firstRowNumber + i, reason });
    };
    const fields = [row.date.cell, row.name.cell, row.amount.cell, row.email.cell, row.product.cell, row.referrer.cell];
    if (withOrders) fields.push(row.orderId.cell);
    if (fields.every(isBlank)) {
      counts.blank++;
      return;
    }
    const orderId = withOrders ? row.orderId.text : '';
    const order = orderId ? orders.get(orderId) : undefined;
    const date = row.date;
    let d: number;
    if (date.kind === 'ok') d = date.day;
    else if (date.kind === 'bad') return reject('date_unreadable');
    else if (!order) return reject('date_missing');
    else d = order.day;
    if (d > asOf) {
      counts.future++;
      return;
    }
    const cell = row.amount;
    let amount: number;
    if (cell.kind === 'ok') amount = cell.value;
    else if (cell.kind === 'bad') return reject('amount_unreadable');
    else if (cell.kind === 'huge') return reject('amount_out_of_range');
    else if (!order) return reject('amount_missing');
    else amount = 0; // a further line of an order whose total stands on its first line
    let acc: Acc | null;
    if (row.name.key) acc = intern(row.name.key, row.name.text);
    else if (order) acc = order.acc;
    else if (row.email.key) acc = intern(row.email.key, row.email.key);
    else if (isBlank(row.name.cell) && isBlank(row.email.cell))
      acc = null; // an anonymous sale
    else return reject('customer_missing');

    counts.used++;
    if (orderId && !order) orders.set(orderId, { acc, day: d });
    if (acc === null) {
      anonymous.rows++;
      anonymous.revenue += amount;
      if (amount > 0 && !order) anonymous.visits++;
      return;
    }
    acc.firstSeen = Math.min(acc.firstSeen, d);
    if (row.email.key) {
      if (d > acc.emailDay) acc.emails = new Set();
      if (d >= acc.emailDay) {
        acc.emailDay = d;
        acc.emails.add(row.email.key);
      }
    }
    acc.revenue += amount;
    if (amount > 0) {
      acc.paid += amount;
      allPaid += amount;
      const visit = orderId ? `order ${orderId}` : `day ${d}`;
      const known = acc.visitDays.get(visit);
      if (known === undefined) visitCount++;
      acc.visitDays.set(visit, Math.min(known ?? Infinity, d));
      if (row.product.text) {
        const p = acc.products.get(row.product.text) ?? { rows: 0, revenue: 0 };
        p.rows++;
        p.revenue += amount;
        acc.products.set(row.product.text, p);
      }
    }
    if (!isBlank(row.referrer.cell)) referralCells.push({ referred: acc, key: row.referrer.key });
  });

  const edges = new Set<string>();
  const referrals = new Map<Acc, number>();
  for (const cell of referralCells) {
    const referrer = byKey.get(cell.key);
    if (!referrer || referrer === cell.referred || edges.has(`${referrer.index}:${cell.referred.index}`)) continue;
    edges.add(`${referrer.index}:${cell.referred.index}`);
    referrals.set(referrer, (referrals.get(referrer) ?? 0) + 1);
  }

  const spendLine = 7 * (visitCount > 0 ? allPaid / visitCount : 0);
  const customers: ModelCustomer[] = accs.map((acc) => {
    const days = [...acc.visitDays.values()];
    const visits = days.length;
    const first = visits ? Math.min(...days) : null;
    const last = visits ? Math.max(...days) : null;
    const refs = referrals.get(acc) ?? 0;
    const since = last === null ? null : asOf - last;
    const tenure = first === null || last === null ? null : last - first;
    let top = '';
    let best: { rows: number; revenue: number } | null = null;
    for (const [name, p] of acc.products) {
      if (
        !best ||
        p.rows > best.rows ||
        (p.rows === best.rows && (p.revenue > best.revenue || (p.revenue === best.revenue && name < top)))
      ) {
        best = p;
        top = name;
      }
    }
    let segment: string | null | undefined = null;
    if (since !== null && tenure !== null) {
      const lapsed = since >= 240 ? '_lapsed' : '';
      if (visits === 1) segment = `first${lapsed}`;
      else if (tenure < 90) segment = `toddler${lapsed}`;
      else if (Math.abs(acc.revenue - spendLine) < 1e-6) segment = undefined;
      else if (acc.revenue < spendLine) segment = `steady${lapsed}`;
      else if (tenure < 210) segment = `trendy${lapsed}`;
      else segment = `loyal${lapsed}`;
    }
    return {
      key: acc.key,
      name: acc.name,
      visits,
      firstSeenDay: acc.firstSeen,
      firstDay: first,
      lastDay: last,
      revenue: round2(acc.revenue),
      paidTotal: round2(acc.paid),
      emailChoices: acc.emails,
      topProduct: top,
      referrals: refs,
      stage: visits === 0 ? 'prospect' : visits >= 5 || refs >= 1 ? 'fan' : visits >= 2 ? 'repeat' : 'new',
      status: since === null ? null : since >= 240 ? 'lapsed' : since >= 90 ? 'at_risk' : 'active',
      segment,
      vip: false,
    };
  });
  // VIPs: the top 20% (rounded up) of customers with a visit by revenue, ties by first appearance.
  const paying = customers.map((c, i) => ({ c, i })).filter(({ c }) => c.visits > 0);
  paying.sort((a, b) => b.c.revenue - a.c.revenue || a.i - b.i);
  for (const { c } of paying.slice(0, Math.ceil(paying.length * 0.2 - 1e-9))) c.vip = true;
  return { counts, rejected, customers, anonymous: { ...anonymous, revenue: round2(anonymous.revenue) } };
}
