import { dayOfDateIn, DayOfDate } from '../../src/core/days';
import {
  HISTORY_KEYS,
  HistoryRow,
  computeSummary,
  historyHeader,
  historyRow,
  mergeHistory,
  summaryJson,
  transitionMatrix,
} from '../../src/core/metrics';
import { historyTable } from '../../src/core/report-tables';
import { analyze, day } from './metrics-fixture';

// Made in each test, not while the file loads, so that a mutation tool sees which test ran it.
let dayOf: DayOfDate;
beforeEach(() => {
  dayOf = dayOfDateIn('Asia/Tokyo');
});

// Calendar facts for as-of 2025-03-20 used throughout (2024 is a leap year):
//   month          = [2025-03-01, 2025-03-20]; the previous month ends 2025-02-28
//   last 12 months = [asOf − 364, asOf] = [2024-03-21, 2025-03-20]; asOf − 365 = 2024-03-20
//   F2 cohort      = first visit in [asOf − 454, asOf − 90] = [2023-12-22, 2024-12-20]
//   new customers  = first visit in [asOf − 89, asOf] = [2024-12-21, 2025-03-20]

describe('revenue shares (answers 1 and 2)', () => {
  let a: ReturnType<typeof analyze>;
  let s: ReturnType<typeof computeSummary>;
  let json: ReturnType<typeof summaryJson>;
  beforeEach(() => {
    a = analyze([
      ['2024-03-20', 'Aoki', 1000], // asOf − 365: outside the 12 months
      ['2024-03-21', 'Aoki', 2000], // asOf − 364: inside (Aoki's 2nd visit)
      ['2025-02-28', 'Aoki', 3000], // last day of February: 12 months only
      ['2025-03-01', 'Aoki', 4000], // first day of the month
      ['2025-03-20', 'Baba', 500], // Baba's 1st visit, on as-of…
      ['2025-03-20', 'Baba', 300], // …same day, same visit: 800
      ['2025-03-20', 'Baba', -200], // a refund is not a paid row
      ['2025-03-21', 'Baba', 9999], // after as-of: ignored
      ['2025-03-10', 'Chiba', 0], // a ¥0 sample: no visit
    ]);
    s = computeSummary(a);
    json = summaryJson(s);
  });

  it('splits the month and the 12 months by the visit ordinal', () => {
    // Month: Aoki #4 4000 (repeat) + Baba #1 800 (new) = 4800.
    expect(s.visitRevenue.month).toBe(4800);
    expect(s.repeatRevenueShare.month).toBeCloseTo(4000 / 4800, 12);
    expect(s.newRevenueShare.month).toBeCloseTo(800 / 4800, 12);
    // 12 months: Aoki #2 2000 + #3 3000 + #4 4000 (repeat, 9000) + Baba #1 800 = 9800.
    expect(s.visitRevenue.last12m).toBe(9800);
    expect(s.repeatRevenueShare.last12m).toBeCloseTo(9000 / 9800, 12);
    expect(s.newRevenueShare.last12m).toBeCloseTo(800 / 9800, 12);
  });

  it('rounds shares to 4 decimals in summary.json', () => {
    expect(json.repeat_revenue_share_month).toBe(0.8333); // 0.83333…
    expect(json.new_revenue_share_month).toBe(0.1667); // 0.16666…
    expect(json.repeat_revenue_share_12m).toBe(0.9184); // 0.918367…
    expect(json.new_revenue_share_12m).toBe(0.0816); // 0.081632…
    expect(json.revenue_month).toBe(4800);
    expect(json.revenue_12m).toBe(9800);
    expect(json.as_of).toBe('2025-03-20');
    expect(json.month).toBe('2025-03');
  });

  it('counts the month from its 1st: Aoki and Baba were active, Chiba has no visit', () => {
    expect(s.activeThisMonth).toBe(2);
    expect(s.customersWithVisit).toBe(2);
    expect(json.active_rate_month).toBe(1);
  });
});

describe('zero denominators give null, never NaN', () => {
  it('with no visit in either period', () => {
    // Only Aoki 2023-01-10 (older than 365 days) and a ¥0 sample.
    const s = computeSummary(
      analyze([
        ['2023-01-10', 'Aoki', 1000],
        ['2025-03-05', 'Chiba', 0],
      ]),
    );
    const json = summaryJson(s);
    expect(json.repeat_revenue_share_month).toBeNull();
    expect(json.repeat_revenue_share_12m).toBeNull();
    expect(json.new_revenue_share_month).toBeNull();
    expect(json.new_revenue_share_12m).toBeNull();
    // Aoki has a visit but none this month: 0 / 1, a real zero.
    expect(json.active_rate_month).toBe(0);
    // First visit 2023-01-10 is before 2023-12-22: nobody in the F2 cohort.
    expect(json.f2_rate_90d).toBeNull();
    expect(json.f2_first_buyers).toBe(0);
    // One paying customer: ceil(0.2) = 1 VIP holding all of it, but no gap between visits.
    expect(json.vip_count).toBe(1);
    expect(json.vip_revenue_share).toBe(1);
    expect(json.vip_median_interval_days).toBeNull();
    expect(json.lapsed).toBe(1);
  });

  it('with no rows at all', () => {
    const json = summaryJson(computeSummary(analyze([])));
    expect(json.active_rate_month).toBeNull();
    expect(json.vip_count).toBe(0);
    expect(json.vip_revenue_share).toBeNull();
    expect(json.vip_top_products).toEqual([]);
    expect(json.f2_rate_90d).toBeNull();
    expect(json.new_customers_90d).toBe(0);
    expect(JSON.stringify(json)).not.toMatch(/NaN|Infinity/);
  });

  it('with only ¥0 samples: no customer with a visit', () => {
    const json = summaryJson(computeSummary(analyze([['2025-03-05', 'Chiba', 0]])));
    expect(json.active_rate_month).toBeNull();
    expect(json.vip_revenue_share).toBeNull();
    expect(json.stage_counts).toEqual({ prospect: 1, new: 0, repeat: 0, fan: 0 });
  });
});

describe('status, active rate, new customers and counts (answers 3, 4, 9, 10)', () => {
  // Every visit is ¥1000: 6 visits, shop average 1000, CPM spend line 7 × 1000 = 7000.
  let a: ReturnType<typeof analyze>;
  let s: ReturnType<typeof computeSummary>;
  let json: ReturnType<typeof summaryJson>;
  beforeEach(() => {
    a = analyze([
      ['2024-12-20', 'Doi', 1000], // asOf − 90: At risk; first visit not within the last 90 days
      ['2024-12-21', 'Endo', 1000], // asOf − 89: a new customer of the last 90 days…
      ['2025-01-10', 'Endo', 1000], // …who came back (tenure 20)
      ['2024-01-05', 'Fujii', 1000], // 440 days ago: Lapsed
      ['2025-03-01', 'Hara', 1000], // this month
      ['2025-02-28', 'Ito', 1000], // last day of February: not this month
      ['2025-03-05', 'Jo', 0], // ¥0 sample: prospect
    ]);
    s = computeSummary(a);
    json = summaryJson(s);
  });

  it('counts At risk and Lapsed at as-of', () => {
    expect(json.at_risk).toBe(1); // Doi
    expect(json.lapsed).toBe(1); // Fujii
    expect(json.status_counts).toEqual({ active: 3, at_risk: 1, lapsed: 1 }); // Endo, Hara, Ito active
  });

  it('active rate = customers with a visit this month / customers with any visit', () => {
    // Hara only (Ito's 2025-02-28 is last month) ÷ Doi, Endo, Fujii, Hara, Ito.
    expect(s.activeThisMonth).toBe(1);
    expect(s.customersWithVisit).toBe(5);
    expect(json.active_rate_month).toBe(0.2);
  });

  it('new customers of the last 90 days and those who came back', () => {
    // Endo (2024-12-21), Hara, Ito; Doi's 2024-12-20 is 90 days ago. Only Endo has 2 visits.
    expect(json.new_customers_90d).toBe(3);
    expect(json.new_customers_90d_returned).toBe(1);
  });

  it('stage, segment and revenue-by-stage counts', () => {
    expect(json.stage_counts).toEqual({ prospect: 1, new: 4, repeat: 1, fan: 0 });
    // Doi, Hara, Ito: First; Endo: 2 visits, tenure 20 < 90: Toddler; Fujii: First, lapsed.
    expect(json.segment_counts).toEqual({
      first: 3,
      toddler: 1,
      steady: 0,
      trendy: 0,
      loyal: 0,
      first_lapsed: 1,
      toddler_lapsed: 0,
      steady_lapsed: 0,
      trendy_lapsed: 0,
      loyal_lapsed: 0,
    });
    // New: Doi, Fujii, Hara, Ito 4 × 1000; Repeat: Endo 2000.
    expect(json.revenue_by_stage).toEqual({ prospect: 0, new: 4000, repeat: 2000, fan: 0 });
  });

  it('contact counts per stage × status until follow-up drafts exist', () => {
    expect(json.contact_source).toBe('stage_status');
    expect(json.contact_counts).toEqual({
      'prospect.none': 1, // Jo
      'new.active': 2, // Hara, Ito
      'new.at_risk': 1, // Doi
      'new.lapsed': 1, // Fujii
      'repeat.active': 1, // Endo
      'repeat.at_risk': 0,
      'repeat.lapsed': 0,
      'fan.active': 0,
      'fan.at_risk': 0,
      'fan.lapsed': 0,
    });
  });

  it('contact counts per follow-up type when given', () => {
    const withDrafts = summaryJson(computeSummary(a, { followUpCounts: { thanks: 2, winback: 1 } }));
    expect(withDrafts.contact_source).toBe('follow_up');
    expect(withDrafts.contact_counts).toEqual({ thanks: 2, winback: 1 });
  });

  it('reports rejected rows', () => {
    const withBad = analyze([
      ['2025-03-01', 'Hara', 1000],
      ['someday', 'Hara', 1000], // date_unreadable
      ['2025-03-02', 'Hara', 'lots'], // amount_unreadable
    ]);
    expect(summaryJson(computeSummary(withBad)).rejected_rows).toBe(2);
  });
});

describe('F2 rate and cohorts (answer 5)', () => {
  let s: ReturnType<typeof computeSummary>;
  let json: ReturnType<typeof summaryJson>;
  beforeEach(() => {
    s = computeSummary(
      analyze([
        ['2023-12-21', 'Kato', 1000], // asOf − 455: before the F2 cohort
        ['2024-01-01', 'Kato', 1000],
        ['2023-12-22', 'Lee', 1000], // asOf − 454: first day of the cohort…
        ['2024-03-21', 'Lee', 1000], // …back after exactly 90 days (9 + 31 + 29 + 21): converted
        ['2024-12-20', 'Mori', 1000], // asOf − 90: last day of the cohort…
        ['2025-03-20', 'Mori', 1000], // …back after exactly 90 days: converted
        ['2024-06-01', 'Noda', 1000], // in the cohort…
        ['2024-08-31', 'Noda', 1000], // …back after 91 days (29 + 31 + 31): not converted
        ['2024-12-21', 'Ono', 1000], // asOf − 89: after the cohort
        ['2024-12-22', 'Ono', 1000],
        ['2024-05-10', 'Pak', 1000], // in the cohort, never back
        ['2024-06-05', 'Ryu', 1000], // in the cohort…
        ['2024-08-04', 'Ryu', 1000], // …back after 60 days (25 + 31 + 4): converted
        ['2024-12-01', 'Sato', 1000], // in the cohort…
        ['2024-12-31', 'Sato', 1000], // …back after 30 days: converted
        ['2024-03-31', 'Tani', 1000], // in the cohort, never back
        ['2025-03-02', 'Ueda', 1000], // after the cohort…
        ['2025-04-01', 'Ueda', 1000], // …2nd row after as-of: ignored
      ]),
    );
    json = summaryJson(s);
  });

  it('F2 rate over first visits in [asOf − 454, asOf − 90] with a 2nd visit ≤ 90 days later', () => {
    // Cohort: Lee, Mori, Noda, Pak, Ryu, Sato, Tani = 7; converted: Lee, Mori, Ryu, Sato = 4.
    expect(s.f2.from).toBe(day('2023-12-22'));
    expect(s.f2.to).toBe(day('2024-12-20'));
    expect(json.f2_first_buyers).toBe(7);
    expect(json.f2_converted).toBe(4);
    expect(json.f2_rate_90d).toBe(0.5714); // 4 / 7 = 0.571428…
  });

  it('cohort table for the last 12 calendar months, 2024-04 … 2025-03', () => {
    const z = (month: string) => ({ month, first_buyers: 0, within_30: 0, within_60: 0, within_90: 0 });
    expect(json.f2_cohorts).toEqual([
      z('2024-04'), // Tani's 2024-03-31 falls in March, before the table
      { month: '2024-05', first_buyers: 1, within_30: 0, within_60: 0, within_90: 0 }, // Pak
      { month: '2024-06', first_buyers: 2, within_30: 0, within_60: 1, within_90: 1 }, // Noda 91, Ryu 60
      z('2024-07'),
      z('2024-08'),
      z('2024-09'),
      z('2024-10'),
      z('2024-11'),
      { month: '2024-12', first_buyers: 3, within_30: 2, within_60: 2, within_90: 3 }, // Mori 90, Ono 1, Sato 30
      z('2025-01'),
      z('2025-02'),
      { month: '2025-03', first_buyers: 1, within_30: 0, within_60: 0, within_90: 0 }, // Ueda, not back yet
    ]);
  });
});

describe('VIPs (answers 6, 7, 8)', () => {
  let s: ReturnType<typeof computeSummary>;
  let json: ReturnType<typeof summaryJson>;
  beforeEach(() => {
    s = computeSummary(
      analyze([
        ['2025-01-01', 'Umi', 5000, 'A'],
        ['2025-01-11', 'Umi', 2000, 'B'], // gap 10
        ['2025-02-10', 'Umi', 2500, 'A'], // gap 30; one visit of two rows
        ['2025-02-10', 'Umi', 500, 'F'], // Umi: 10000
        ['2025-01-05', 'Vera', 3000, 'C'],
        ['2025-01-25', 'Vera', 4000, 'B'], // gap 20
        ['2025-03-01', 'Vera', 600, 'D'], // gap 35 (6 + 28 + 1)
        ['2025-03-01', 'Vera', 400, 'E'], // Vera: 8000
        ['2025-02-01', 'Wada', 3000, 'G'], // not a VIP: G is left out
        ['2025-02-02', 'Xu', 2000],
        ['2025-02-03', 'Yagi', 1000],
        ['2025-02-04', 'Zen', 500],
        ['2025-03-05', 'Sample', 0, 'A'], // ¥0: no visit, not among the paying customers
      ]),
    );
    json = summaryJson(s);
  });

  it('the top ceil(20%) of 6 paying customers is 2: Umi and Vera', () => {
    expect(json.vip_count).toBe(2); // ceil(6 × 0.2) = ceil(1.2)
    // (10000 + 8000) / (10000 + 8000 + 3000 + 2000 + 1000 + 500) = 18000 / 24500 = 0.734693…
    expect(json.vip_revenue_share).toBe(0.7347);
  });

  it('median over all VIP gaps, even count', () => {
    // Gaps 10, 30 (Umi) and 20, 35 (Vera) → 10, 20, 30, 35 → (20 + 30) / 2.
    expect(json.vip_median_interval_days).toBe(25);
  });

  it("top 5 products of VIPs' paid rows", () => {
    // A 5000 + 2500, B 2000 + 4000, C 3000, D 600, F 500; E 400 is 6th.
    expect(json.vip_top_products).toEqual([
      { product: 'A', revenue: 7500 },
      { product: 'B', revenue: 6000 },
      { product: 'C', revenue: 3000 },
      { product: 'D', revenue: 600 },
      { product: 'F', revenue: 500 },
    ]);
  });
});

describe('transitionMatrix', () => {
  // Cutoff = 2025-02-28 (the end of the month before as-of's).
  let a: ReturnType<typeof analyze>;
  let m: ReturnType<typeof transitionMatrix>;
  beforeEach(() => {
    a = analyze([
      ['2025-01-10', 'Aki', 1000],
      ['2025-02-28', 'Aki', 1000], // on the cutoff: Repeat already → Repeat
      ['2025-02-10', 'Ben', 1000],
      ['2025-03-05', 'Ben', 1000], // New → Repeat
      ['2025-01-15', 'Cho', 1000], // New at the cutoff…
      ['2025-03-10', 'Dan', 1000, '', 'Cho'], // …a Fan by this month's referral; Dan: not yet → New
      ['2025-03-01', 'Eri', 1000], // first row on the 1st: not yet → New
      ['2024-12-01', 'Fumi', 0], // ¥0 only: Prospect → Prospect
      ['2025-03-10', 'Gen', 0], // ¥0 only, first seen this month: not yet → Prospect
      ['2024-10-01', 'Hana', 1000],
      ['2024-11-01', 'Hana', 1000],
      ['2024-12-01', 'Hana', 1000],
      ['2025-01-01', 'Hana', 1000], // 4 visits by the cutoff: Repeat…
      ['2025-03-15', 'Hana', 1000], // …5th visit: Fan
      ['2025-02-01', 'Iku', 0, '', 'Fumi'], // a ¥0 row naming Fumi dates Iku by the cutoff: Prospect…
      ['2025-03-02', 'Iku', 1000], // …→ New. (Fumi, without a visit, stays a Prospect.)
      ['2025-02-20', 'Jun', 1000],
      ['2025-02-25', 'Kei', 1000, '', 'Jun'], // Jun referred Kei by the cutoff: Fan → Fan; Kei New → New
    ]);
    m = transitionMatrix(a);
  });

  it('rows are the stage at the cutoff (plus "none"), columns the stage at as-of', () => {
    expect(m.cutoff).toBe(day('2025-02-28'));
    expect(m.from).toEqual(['prospect', 'new', 'repeat', 'fan', 'none']);
    expect(m.to).toEqual(['prospect', 'new', 'repeat', 'fan']);
    expect(m.counts).toEqual([
      [1, 1, 0, 0], // Fumi → Prospect; Iku → New
      [0, 1, 1, 1], // Kei → New; Ben → Repeat; Cho → Fan
      [0, 0, 1, 1], // Aki → Repeat; Hana → Fan
      [0, 0, 0, 1], // Jun → Fan
      [1, 2, 0, 0], // Gen → Prospect; Dan, Eri → New
    ]);
  });

  it('agrees with the stages at as-of', () => {
    const toTotals = m.to.map((_, j) => m.counts.reduce((n, row) => n + row[j], 0));
    const json = summaryJson(computeSummary(a));
    expect(toTotals).toEqual(m.to.map((st) => json.stage_counts[st]));
  });
});

describe('History', () => {
  // The status/segment data set of answers 3–10 again, reduced to what the row needs.
  let a: ReturnType<typeof analyze>;
  let row: ReturnType<typeof historyRow>;
  beforeEach(() => {
    a = analyze([
      ['2024-12-20', 'Doi', 1000], // New, At risk, First
      ['2024-12-21', 'Endo', 1000],
      ['2025-01-10', 'Endo', 1000], // Repeat, Active, Toddler
      ['2024-01-05', 'Fujii', 1000], // New, Lapsed, First (lapsed)
      ['2025-03-05', 'Jo', 0], // Prospect
    ]);
    row = historyRow(a);
  });

  it('one row for the analysis month with counts per stage, status and segment', () => {
    expect(row.month).toBe('2025-03');
    expect(row.counts).toStrictEqual({
      prospect: 1,
      new: 2,
      repeat: 1,
      fan: 0,
      active: 1,
      at_risk: 1,
      lapsed: 1,
      first: 1,
      toddler: 1,
      steady: 0,
      trendy: 0,
      loyal: 0,
      first_lapsed: 1,
      toddler_lapsed: 0,
      steady_lapsed: 0,
      trendy_lapsed: 0,
      loyal_lapsed: 0,
      // No paid visit in March (Jo's is a ¥0 sample).
      revenue_new: 0,
      revenue_repeat: 0,
      visitors: 0,
      first_buyers: 0,
    });
  });

  it('the month’s own figures: 1st-visit and later-visit revenue, customers with a visit, first-time buyers', () => {
    const march = historyRow(
      analyze([
        ['2025-02-10', 'A', 1000],
        ['2025-03-02', 'A', 1500], // A's 2nd visit: repeat revenue
        ['2025-03-05', 'B', 700],
        ['2025-03-05', 'B', 300], // the same day: one visit of 1000, B's first
        ['2025-03-10', 'C', -200], // a refund is no visit
        ['2025-03-21', 'D', 900], // after as-of
      ]),
    );
    expect([march.counts.revenue_new, march.counts.revenue_repeat]).toStrictEqual([1000, 1500]);
    expect([march.counts.visitors, march.counts.first_buyers]).toStrictEqual([2, 1]);
  });

  it('header: the month, then HISTORY_KEYS in each language', () => {
    expect(historyHeader('ja').slice(0, 5)).toStrictEqual(['対象月', '見込み客', '新規客', 'リピート客', 'ファン客']);
    expect(historyHeader('en')).toHaveLength(1 + HISTORY_KEYS.length);
  });

  it('tolerates a missing or empty tab', () => {
    for (const empty of [undefined, null, [], [['']]]) {
      expect(mergeHistory(empty, row)).toStrictEqual({ rows: [row], skipped: 0 });
    }
  });

  it('replaces the same month, keeps the others sorted, reads a header in the other language', () => {
    const english = [
      historyHeader('en'),
      ['2025-03', 9, 9, 9, 9], // a stale run of this month
      ['2024-12', 3, 0, 0, 1],
      ['', '', ''], // blank
      ['2025-01', 4, 0, 0, 1],
    ];
    const merged = mergeHistory(english, row);
    expect(merged.skipped).toBe(0);
    const kept: HistoryRow[] = [
      { month: '2024-12', counts: { prospect: 3, new: 0, repeat: 0, fan: 1 } },
      { month: '2025-01', counts: { prospect: 4, new: 0, repeat: 0, fan: 1 } },
    ];
    expect(merged.rows).toStrictEqual([...kept, row]);
  });

  it('is idempotent: merging the written tab with the same month again changes nothing', () => {
    const once = mergeHistory([historyHeader('en'), ['2024-12', 3, 0, 0, 1]], row).rows;
    const written = historyTable(once, 'ja').rows; // as the sheet now holds it, header in Japanese
    const twice = mergeHistory(written, row).rows;
    expect(twice).toStrictEqual(once);
    expect(twice.map((r) => r.month)).toStrictEqual(['2024-12', '2025-03']);
  });

  it('matches columns by header text, whatever their order; unknown columns are dropped', () => {
    const tab = [
      ['Month', 'Fan', 'memo', '新規客'],
      ['2025-01', 2, 'x', '5'],
    ];
    expect(mergeHistory(tab, row).rows[0]).toStrictEqual({ month: '2025-01', counts: { fan: 2, new: 5 } });
  });

  it('reads months typed as dates, serials and Japanese text; junk rows are counted', () => {
    const tab = [
      historyHeader('ja'),
      [new Date('2024-11-01T00:00:00+09:00'), 1], // Sheets turned '2024-11' into a date (JST midnight)
      [45658, 2], // serial of 2025-01-01 (25569 + 20089)
      ['2024年12月', 3],
      ['memo', 'not a month'],
    ];
    const merged = mergeHistory(tab, row, dayOf);
    expect(merged.rows.map((r) => [r.month, r.counts.prospect])).toStrictEqual([
      ['2024-11', 1],
      ['2024-12', 3],
      ['2025-01', 2],
      ['2025-03', 1],
    ]);
    expect(merged.skipped).toBe(1);
    // Without dayOf the JST midnight of the 1st is still read as November.
    expect(mergeHistory(tab, row).rows[0].month).toBe('2024-11');
  });

  it('a tab without a header is read in HISTORY_KEYS order; a repeated month keeps the lower row', () => {
    const merged = mergeHistory(
      [
        ['2025-01', 1, 2],
        ['2025-01', 5, 6],
      ],
      row,
    );
    expect(merged.rows[0]).toStrictEqual({ month: '2025-01', counts: { prospect: 5, new: 6 } });
    expect(merged.rows).toHaveLength(2);
  });
});
