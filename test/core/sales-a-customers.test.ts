// The customer records the analysis returns (CustomerView in sales.ts): a prospect beside a
// customer with visits, read field by field. Expectations are worked out by hand.
import { DayOfDate, dayOfDateIn, parseIsoDay } from '../../src/core/days';
import { analyzeSales } from '../../src/core/sales';

const day = (iso: string) => parseIsoDay(iso) as number;

let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

test('a prospect (a ¥0 sample only) has no visit days, average, status or segment, whoever comes after', () => {
  // A: a ¥0 sample on 1/5. B: ¥300 and ¥500 on 1/10 and 1/20 (product Tea, then Cake ¥500).
  // C: ¥100 on 1/25, a first visit (the first of the CPM segments). VIP: the top 20% of the two
  // customers with a visit, rounded up, is one: B.
  const rows = [
    ['2025/1/5', 'A', 0, 'Sample'],
    ['2025/1/10', 'B', 300, 'Tea'],
    ['2025/1/20', 'B', 500, 'Cake'],
    ['2025/1/25', 'C', 100, 'Tea'],
  ];
  const mapping = { date: 0, customer: 1, amount: 2, product: 3 };
  const a = analyzeSales({ rows, firstRowNumber: 2, mapping, asOf: day('2025-01-31'), dayOf: tokyo });
  expect(JSON.parse(JSON.stringify(a.customers))).toStrictEqual([
    {
      key: 'A',
      name: 'A',
      email: '',
      visits: 0,
      firstSeenDay: day('2025-01-05'),
      firstDay: null,
      lastDay: null,
      daysSinceLast: null,
      tenureDays: null,
      revenue: 0,
      paidTotal: 0,
      averageOrder: null,
      topProduct: '', // a ¥0 row names no top product
      referrals: 0,
      vip: false,
      stage: 'prospect',
      status: null,
      segment: null,
    },
    {
      key: 'B',
      name: 'B',
      email: '',
      visits: 2,
      firstSeenDay: day('2025-01-10'),
      firstDay: day('2025-01-10'),
      lastDay: day('2025-01-20'),
      daysSinceLast: 11,
      tenureDays: 10,
      revenue: 800,
      paidTotal: 800,
      averageOrder: 400,
      topProduct: 'Cake', // one row each: the larger revenue
      referrals: 0,
      vip: true,
      stage: 'repeat',
      status: 'active',
      segment: 'toddler',
    },
    {
      key: 'C',
      name: 'C',
      email: '',
      visits: 1,
      firstSeenDay: day('2025-01-25'),
      firstDay: day('2025-01-25'),
      lastDay: day('2025-01-25'),
      daysSinceLast: 6,
      tenureDays: 0,
      revenue: 100,
      paidTotal: 100,
      averageOrder: 100,
      topProduct: 'Tea',
      referrals: 0,
      vip: false,
      stage: 'new',
      status: 'active',
      segment: 'first',
    },
  ]);
  // JSON turns NaN into null: the prospect's average is read as it is.
  expect(a.customers[0].averageOrder).toBeNull();
});
