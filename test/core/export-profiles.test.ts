import { orderRulesOf, profileLine } from '../../src/core/export-profiles';

/** Finds the first of `names` among `headers`, −1 for none (as analysis.ts does, without normalising). */
function columnsIn(headers: string[]): (names: string[]) => number {
  return (names) => {
    for (const name of names) {
      const column = headers.indexOf(name);
      if (column >= 0) return column;
    }
    return -1;
  };
}

describe('profileLine', () => {
  test('names the export recognised, in Japanese and in English', () => {
    expect(profileLine('shopify', 'ja')).toBe('Shopify の注文エクスポートとして読みました');
    expect(profileLine('shopify', 'en')).toBe('Read as a Shopify orders export');
    expect(profileLine('airregi', 'ja')).toBe('Airレジの会計明細CSVとして読みました');
    expect(profileLine('airregi', 'en')).toBe('Read as an Airレジ sales detail CSV');
  });

  test('says nothing for a sheet kept by hand or an unknown id', () => {
    expect(profileLine('generic', 'ja')).toBe('');
    expect(profileLine('generic', 'en')).toBe('');
    expect(profileLine('no-such-export', 'ja')).toBe('');
  });
});

describe('orderRulesOf', () => {
  test('a sheet kept by hand has no order rules', () => {
    expect(orderRulesOf('generic', { date: 0, amount: 1 }, () => 0)).toBeUndefined();
  });

  test("Shopify: the order's total, the line price, its status values and the refund, found by header", () => {
    const headers = ['Name', 'Email', 'Financial Status', 'Total', 'Lineitem price', 'Refunded Amount'];
    const rules = orderRulesOf('shopify', { quantity: 7 }, columnsIn(headers));
    expect(rules).toStrictEqual({
      memberId: -1, // Shopify lists no member id header
      orderTotal: true,
      lineAmount: -1,
      linePrice: 4,
      quantity: 7,
      statuses: [
        {
          column: 2,
          meaning: new Map([
            ['voided', 'voided'],
            ['refunded', 'refunded'],
            ['pending', 'unpaid'],
            ['expired', 'unpaid'],
          ]),
        },
      ],
      refund: 5,
    });
  });

  test('STORES: each status value with its meaning, in the order listed', () => {
    // STORES lists 「キャンセル」 and 「入金待ち」: NFKC leaves them as they are.
    const rules = orderRulesOf('stores', {}, columnsIn(['ステータス']));
    expect([...(rules?.statuses[0].meaning ?? [])]).toStrictEqual([
      ['キャンセル', 'cancelled'],
      ['入金待ち', 'unpaid'],
    ]);
  });

  test('a status column in column A counts; an absent one is left out', () => {
    // スマレジ: 取消区分 in column A, 取引区分 missing → one status column only.
    const rules = orderRulesOf('smaregi', {}, columnsIn(['取消区分', '取引ID', '合計', '会員ID']));
    expect(rules?.statuses).toStrictEqual([{ column: 0, meaning: new Map([['1', 'cancelled']]) }]);
    // The second of 会員コード / 会員ID is taken when the first is absent.
    expect(rules?.memberId).toBe(3);
  });

  test('no status column found: no statuses; no quantity column: −1; the total is per line', () => {
    const rules = orderRulesOf('square_items', {}, columnsIn(['Customer ID', 'Net Sales']));
    expect(rules).toStrictEqual({
      memberId: 0,
      orderTotal: false,
      lineAmount: -1,
      linePrice: -1,
      quantity: -1,
      statuses: [],
      refund: -1,
    });
  });

  test('a quantity in column A is kept (0 is a column, not "none")', () => {
    expect(orderRulesOf('airregi', { quantity: 0 }, columnsIn(['数量', '小計']))).toMatchObject({
      quantity: 0,
      lineAmount: 1,
      orderTotal: true,
    });
  });

  test('the two status columns of スマレジ, in the order listed', () => {
    const rules = orderRulesOf('smaregi', {}, columnsIn(['取引区分', '取消区分']));
    expect(rules?.statuses.map((s) => s.column)).toStrictEqual([1, 0]);
    expect(rules?.statuses[1].meaning.get('11')).toBe('not_sale');
    expect(rules?.statuses[1].meaning.get('1')).toBeUndefined(); // 取引区分 1 is a sale
  });
});
