import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'csv-parse/sync';
import { customerKeyOf, parseAmountCell, parseDateText } from '../../src/core/cells';
import { ColumnMapping, FIELDS, Field, HeaderMatch } from '../../src/core/columns';
import { formatDay } from '../../src/core/days';
import {
  HEADER_SYNONYMS,
  applyMappingOverride,
  describeMissing,
  detectHeader,
  normalizeHeader,
} from '../../src/core/headers';

function detect(...rows: unknown[][]): HeaderMatch | null {
  return detectHeader(rows);
}

function mappingOf(...headers: string[]): ColumnMapping | undefined {
  return detectHeader([headers])?.mapping;
}

describe('normalizeHeader', () => {
  it.each([
    ['Customer ID', 'customerid'],
    ['customer_id', 'customerid'],
    ['ＣＵＳＴＯＭＥＲ　ＩＤ', 'customerid'],
    [' Customer.ID ', 'customerid'],
    ['customer-id', 'customerid'],
    ['E-mail', 'email'],
    ['Ｅ－ｍａｉｌ', 'email'],
    ['氏名（姓）', '氏名(姓)'],
    ['氏名【姓】', '氏名(姓)'],
    ['氏名[姓]', '氏名(姓)'],
    ['メール・アドレス', 'メールアドレス'],
    // Half-width katakana becomes full-width; the long vowel mark stays.
    ['ｶﾃｺﾞﾘｰ', 'カテゴリー'],
    ['\uFEFF日付', '日付'],
    ['伝票No.', '伝票no'],
  ])('%p → %p', (text, expected) => {
    expect(normalizeHeader(text)).toBe(expected);
  });
});

describe('HEADER_SYNONYMS', () => {
  it('gives each normalised name to one field only', () => {
    const owner = new Map<string, Field>();
    const clashes: string[] = [];
    for (const field of FIELDS) {
      for (const name of HEADER_SYNONYMS[field]) {
        const key = normalizeHeader(name);
        const previous = owner.get(key);
        if (previous !== undefined) clashes.push(`${name}: ${previous} and ${field}`);
        owner.set(key, field);
      }
    }
    expect(clashes).toEqual([]);
  });

  // The other required fields, under names that are not being tested.
  const FILLER: Partial<Record<Field, string>> = { date: '日付', customer: 'お客様', amount: '金額' };

  it.each<[Field, string]>([
    // Required by the spec, in several spellings.
    ['date', '日付'],
    ['date', '購入日'],
    ['date', '注文日'],
    ['date', '売上日'],
    ['date', 'Date'],
    ['date', 'Order Date'],
    ['date', 'purchase_date'],
    ['date', 'ＯＲＤＥＲ　ＤＡＴＥ'],
    ['customer', '顧客ID'],
    ['customer', '顧客'],
    ['customer', '顧客名'],
    ['customer', 'お客様名'],
    ['customer', '氏名'],
    ['customer', '名前'],
    ['customer', 'Customer'],
    ['customer', 'Customer ID'],
    ['customer', 'CUSTOMER_ID'],
    ['customer', 'name'],
    ['amount', '金額'],
    ['amount', '売上'],
    ['amount', '合計'],
    ['amount', '税込金額'],
    ['amount', 'Amount'],
    ['amount', 'ＴＯＴＡＬ'],
    ['amount', 'Sales'],
    ['amount', 'Revenue'],
    ['orderId', '注文番号'],
    ['orderId', '伝票番号'],
    ['orderId', 'Order ID'],
    ['orderId', 'Invoice'],
    ['product', '商品名'],
    ['product', '商品'],
    ['product', '品名'],
    ['product', 'Product'],
    ['product', 'Item'],
    ['email', 'メールアドレス'],
    ['email', 'メール'],
    ['email', 'Email'],
    ['email', 'E-Mail'],
    ['referrer', '紹介者'],
    ['referrer', 'Referred by'],
    ['quantity', '数量'],
    ['quantity', 'Qty'],
    // Needed by the exports.
    ['date', 'Created at'],
    ['date', 'Paid at'],
    ['date', '注文日時'],
    ['date', '会計日時'],
    ['customer', 'Billing Name'],
    ['customer', 'Customer Name'],
    ['customer', '購入者名'],
    ['amount', 'Net Sales'],
    ['amount', 'Gross Sales'],
    ['amount', 'Total Collected'],
    ['amount', '合計金額'],
    ['orderId', 'Transaction ID'],
    ['orderId', '注文ID'],
    ['product', 'Lineitem name'],
    ['product', 'アイテム名'],
    ['quantity', 'Lineitem quantity'],
  ])('%s is found under %p', (field, header) => {
    const row = (Object.keys(FILLER) as Field[]).filter((f) => f !== field).map((f) => FILLER[f] as string);
    row.push(header);
    expect(mappingOf(...row)?.[field]).toBe(row.length - 1);
  });
});

// Every synonym, strongest first, written out here as the rules' table: each must be found on its
// own, and each must win over the one after it, whatever their order in the row.
const EVERY_SYNONYM: Record<Field, string[]> = {
  date: [
    '日付',
    '購入日',
    '注文日',
    '売上日',
    'date',
    'order date',
    'purchase date',
    '注文日時',
    '購入日時',
    '会計日時',
    '売上日時',
    '取引日',
    '取引日時',
    '受注日',
    '販売日',
    '来店日',
    'created at',
    'paid at',
    'sale date',
    'transaction date',
    '日時',
    'タイムスタンプ',
    'timestamp',
  ],
  customer: [
    '顧客ID',
    '顧客番号',
    'お客様番号',
    '会員番号',
    '会員コード',
    '会員ID',
    '顧客',
    '顧客名',
    'お客様',
    'お客様名',
    '氏名',
    '名前',
    'customer id',
    'customer',
    'name',
    'customer name',
    'billing name',
    '購入者名',
    '購入者',
    '注文者名',
    '注文者',
    'お名前',
    '会員名',
    '得意先名',
    '得意先',
    '取引先名',
    '取引先',
    'client',
    'client name',
  ],
  amount: [
    '金額',
    '売上',
    '合計',
    '税込金額',
    'amount',
    'total',
    'sales',
    'revenue',
    '合計金額',
    '売上金額',
    '税込合計',
    '売上高',
    '販売金額',
    '支払金額',
    'お支払金額',
    '請求金額',
    '総額',
    'total price',
    'grand total',
    'total collected',
    'net sales',
    'gross sales',
    '小計',
    'subtotal',
  ],
  orderId: [
    '注文番号',
    '伝票番号',
    'order id',
    'invoice',
    '注文ID',
    '受注番号',
    '取引ID',
    '取引番号',
    '会計ID',
    'レシート番号',
    '伝票No',
    'order number',
    'order no',
    'invoice number',
    'invoice no',
    'transaction id',
    'receipt number',
  ],
  product: [
    '商品名',
    '商品',
    '品名',
    'product',
    'item',
    'アイテム名',
    'アイテム',
    'メニュー名',
    'メニュー',
    '品目',
    'サービス名',
    'product name',
    'item name',
    'lineitem name',
    'ご注文の商品',
  ],
  email: ['メールアドレス', 'メール', 'email', 'Eメール', 'email address', 'mail', 'mail address', 'customer email'],
  referrer: ['紹介者', 'referred by', '紹介者名', 'ご紹介者', 'referrer'],
  quantity: ['数量', 'qty', '個数', '点数', 'quantity', 'lineitem quantity'],
  familyName: [
    '姓',
    '氏名(姓)',
    'last name',
    'family name',
    'surname',
    '名字',
    '苗字',
    'お名前(姓)',
    '購入者(姓)',
    '注文者(姓)',
  ],
  givenName: ['名', '氏名(名)', 'first name', 'given name', 'お名前(名)', '購入者(名)', '注文者(名)'],
};

/** A header row naming the required fields other than `field` (family and given name need each other). */
function rowWithout(field: Field): string[] {
  if (field === 'familyName') return ['日付', '金額', '名'];
  if (field === 'givenName') return ['日付', '金額', '姓'];
  const filler: Partial<Record<Field, string>> = { date: '日付', customer: 'お客様', amount: '金額' };
  return (Object.keys(filler) as Field[]).filter((f) => f !== field).map((f) => filler[f] as string);
}

describe('every header synonym', () => {
  const entries = FIELDS.flatMap((field) => EVERY_SYNONYM[field].map((name, rank) => ({ field, name, rank })));

  it('the table here lists every synonym of the source, and no other', () => {
    const listed = (names: Record<Field, string[]>) =>
      FIELDS.flatMap((f) => names[f].map((n) => `${f}:${normalizeHeader(n)}`)).sort();
    expect(listed(HEADER_SYNONYMS)).toEqual(listed(EVERY_SYNONYM));
  });

  it.each(entries)('$field is found under "$name" alone', ({ field, name }) => {
    const row = [...rowWithout(field), name];
    expect(mappingOf(...row)?.[field]).toBe(row.length - 1);
  });

  it.each(entries.filter((e) => e.rank > 0))('$field: "$name" gives way to the one before it', ({ field, rank }) => {
    const stronger = EVERY_SYNONYM[field][rank - 1];
    const weaker = EVERY_SYNONYM[field][rank];
    // The weaker one on the left, so that the leftmost-column rule cannot pick the stronger by chance.
    const row = [...rowWithout(field), weaker, stronger];
    expect(mappingOf(...row)?.[field]).toBe(row.length - 1);
  });
});

describe('detectHeader: choosing columns', () => {
  it('prefers the higher-priority synonym of each field', () => {
    // 顧客ID over 名前, 売上 over 合計, 日付 over 注文日.
    expect(mappingOf('名前', '顧客ID', '売上', '合計', '日付', '注文日')).toEqual({ customer: 1, amount: 2, date: 4 });
  });

  it('gives a repeated header to its leftmost column only', () => {
    expect(mappingOf('日付', '顧客', '金額', '金額')).toEqual({ date: 0, customer: 1, amount: 2 });
  });

  it('ranks a name with a tax or unit note just after the name itself, before the next synonym', () => {
    expect(mappingOf('日付', '顧客', '合計(税込)', '合計')?.amount).toBe(3);
    expect(mappingOf('日付', '顧客', '合計', '売上(税込)')?.amount).toBe(3);
  });

  it('matches whole names, not parts of them', () => {
    expect(mappingOf('お届け日', '顧客', '金額')).toBeUndefined();
    expect(mappingOf('配送先氏名', '日付', '金額')).toBeUndefined();
    expect(mappingOf('日付', '顧客', '金額', '商品コード')).toEqual({ date: 0, customer: 1, amount: 2 });
  });

  it('reads a tax or unit note after a name as that name', () => {
    expect(mappingOf('日付(yyyy/mm/dd)', '顧客', 'Total (JPY)')).toEqual({ date: 0, customer: 1, amount: 2 });
    expect(mappingOf('日付', '顧客', '金額（円）')?.amount).toBe(2);
    // Just after 合計 itself, so before 小計.
    expect(mappingOf('日付', '顧客', '小計', '合計(税込)')?.amount).toBe(3);
    // The tax-exclusive amount is not an amount candidate.
    expect(mappingOf('日付', '顧客', '金額(税抜)', '消費税', '金額(税込)')?.amount).toBe(4);
    expect(mappingOf('日付', '顧客', '金額(税抜)')).toBeUndefined();
  });

  it('uses family and given names only as a pair and only without a customer column', () => {
    expect(mappingOf('日付', '氏名(姓)', '氏名(名)', '金額')).toEqual({
      date: 0,
      familyName: 1,
      givenName: 2,
      amount: 3,
    });
    expect(mappingOf('Date', 'Last Name', 'First Name', 'Total')).toEqual({
      date: 0,
      familyName: 1,
      givenName: 2,
      amount: 3,
    });
    expect(mappingOf('日付', '姓', '名', '顧客名', '金額')).toEqual({ date: 0, customer: 3, amount: 4 });
    expect(mappingOf('日付', '姓', 'メール', '金額')).toEqual({ date: 0, email: 2, amount: 3 });
    expect(mappingOf('日付', '名', 'メール', '金額')).toStrictEqual({ date: 0, email: 2, amount: 3 });
    expect(mappingOf('日付', '姓', '金額')).toBeUndefined();
  });

  it('accepts an email column as the way to know the customer', () => {
    expect(mappingOf('Date', 'E-mail', 'Amount')).toEqual({ date: 0, email: 1, amount: 2 });
  });

  it('maps Shopify\'s "Name" to the customer when the export is not recognised', () => {
    // Without the profile's signature the generic rule is wrong, which is why profiles exist.
    const generic = detect(['Name', 'Email', 'Total', 'Created at', 'Billing Name']);
    expect(generic?.profile).toBe('generic');
    expect(generic?.mapping.customer).toBe(0);
  });
});

describe('detectHeader: finding the header row', () => {
  it('skips a title and a blank line above the header', () => {
    const match = detect(['2025年1月 売上台帳'], [], ['日付', 'お客様', '金額'], ['2025/1/5', '山田', '1080']);
    expect(match).toEqual({
      headerRow: 2,
      headers: ['日付', 'お客様', '金額'],
      mapping: { date: 0, customer: 1, amount: 2 },
      profile: 'generic',
      japanese: true,
    });
  });

  it('scans only maxScanRows rows', () => {
    const values = [['売上台帳'], [], ['日付', 'お客様', '金額']];
    expect(detectHeader(values, 2)).toBeNull();
    expect(detectHeader(values, 3)?.headerRow).toBe(2);
  });

  it('returns null when no row qualifies', () => {
    expect(detect()).toBeNull();
    expect(detect(['日付', 'メモ'], [45662, new Date(0), 1080])).toBeNull();
  });

  it('skips a missing row (a sparse array) above the header', () => {
    // eslint-disable-next-line no-sparse-arrays
    const values = [, ['日付', '顧客', '金額']] as unknown[][];
    expect(detectHeader(values)).toMatchObject({ headerRow: 1, mapping: { date: 0, customer: 1, amount: 2 } });
  });

  it('drops a byte-order mark from the first header', () => {
    const match = detect(['\uFEFF日付', '顧客', '金額']);
    expect(match?.headers[0]).toBe('日付');
    expect(match?.mapping.date).toBe(0);
    // Inside a header too (trim() alone removes it only at the ends).
    expect(detect(['日付', '顧\uFEFF客', '金額'])?.headers[1]).toBe('顧客');
  });

  it.each([
    [['日付', 'Customer', '金額'], true],
    [['Date', '顧客', 'Amount'], false],
    // Two of four is not most.
    [['日付', 'Customer', 'Amount', '商品名'], false],
  ])('headers %p are Japanese: %p', (headers, expected) => {
    expect(detect(headers)?.japanese).toBe(expected);
  });
});

describe('detectHeader: exports', () => {
  const fixture = (name: string): string[][] =>
    parse(readFileSync(join(__dirname, '../fixtures/exports', `${name}.csv`), 'utf8')) as string[][];

  it.each<[string, ColumnMapping, boolean, { date: string; amount: number; customer: string }]>([
    [
      'shopify',
      { orderId: 0, email: 1, amount: 11, date: 15, quantity: 16, product: 17, customer: 24 },
      false,
      { date: '2025-01-05', amount: 4760, customer: '山田花子' },
    ],
    [
      'square_items',
      { date: 0, product: 4, quantity: 5, amount: 11, orderId: 13, customer: 22 },
      false,
      { date: '2025-01-05', amount: 1100, customer: '鈴木一郎' },
    ],
    [
      'base',
      { orderId: 0, date: 1, familyName: 2, givenName: 3, email: 9, product: 18, quantity: 22, amount: 26 },
      true,
      { date: '2025-01-05', amount: 3190, customer: '高橋' },
    ],
    [
      'stores',
      { orderId: 0, date: 1, customer: 4, email: 6, product: 11, quantity: 14, amount: 18 },
      true,
      { date: '2025-01-05', amount: 6100, customer: '中村さくら' },
    ],
    [
      'airregi',
      { orderId: 1, date: 2, product: 4, quantity: 7, amount: 9, customer: 12 },
      true,
      { date: '2025-01-05', amount: 4400, customer: '渡辺由美' },
    ],
  ])('%s', (name, mapping, japanese, firstRow) => {
    const values = fixture(name);
    const match = detectHeader(values);
    expect(match).not.toBeNull();
    expect(match?.profile).toBe(name);
    expect(match?.headerRow).toBe(0);
    expect(match?.mapping).toEqual(mapping);
    expect(match?.japanese).toBe(japanese);

    // The first data row reads through the mapped columns.
    const row = values[1];
    const date = parseDateText(row[mapping.date as number]);
    expect(date === null ? null : formatDay(date)).toBe(firstRow.date);
    expect(parseAmountCell(row[mapping.amount as number])).toBe(firstRow.amount);
    const customerColumn = mapping.customer ?? (mapping.familyName as number);
    expect(customerKeyOf(row[customerColumn])).toBe(firstRow.customer);
  });

  it("takes a pinned column's later alternative over the generic synonyms", () => {
    // A Square export without Total Collected: its Net Sales, not the shop's own Amount column.
    const headers = [
      'Date',
      'Time Zone',
      'Amount',
      'Gross Sales',
      'Net Sales',
      'Transaction ID',
      'Payment ID',
      'Customer Name',
    ];
    const match = detect(headers);
    expect(match?.profile).toBe('square_items');
    expect(match?.mapping.amount).toBe(4);
  });

  it('takes Total Collected in a Square transactions export', () => {
    const headers = [
      'Date',
      'Time',
      'Time Zone',
      'Gross Sales',
      'Discounts',
      'Net Sales',
      'Gift Card Sales',
      'Tax',
      'Tip',
      'Partial Refunds',
      'Total Collected',
      'Source',
      'Card',
      'Card Entry Methods',
      'Cash',
      'Square Gift Card',
      'Other Tender',
      'Other Tender Type',
      'Other Tender Note',
      'Fees',
      'Net Total',
      'Transaction ID',
      'Payment ID',
      'Card Brand',
      'PAN Suffix',
      'Device Name',
      'Staff Name',
      'Staff ID',
      'Details',
      'Description',
      'Event Type',
      'Location',
      'Dining Option',
      'Customer ID',
      'Customer Name',
      'Customer Reference ID',
      'Device Nickname',
    ];
    const match = detect(headers);
    expect(match?.profile).toBe('square_transactions');
    expect(match?.mapping).toEqual({ date: 0, amount: 10, orderId: 21, customer: 34 });
  });

  it.each([
    // Without Financial Status, "Name" (the order number) is taken for the customer.
    ['shopify', 'Financial Status', 'Name'],
    // Without 人数, the often-blank 顧客番号 outranks 顧客名.
    ['airregi', '人数', '顧客番号'],
  ])('%s without its %p column falls back to generic rules', (name, dropped, customerHeader) => {
    const values = fixture(name);
    const column = values[0].indexOf(dropped);
    const match = detectHeader(values.map((row) => row.filter((_, i) => i !== column)));
    expect(match?.profile).toBe('generic');
    expect(match?.headers[match.mapping.customer as number]).toBe(customerHeader);
  });
});

describe('applyMappingOverride', () => {
  const detected = (): HeaderMatch => {
    const match = detect(['日付', '顧客名', '金額', 'メール', '備考', '商品']);
    if (!match) throw new Error('fixture row not detected');
    return match;
  };

  it('starts from the detected mapping', () => {
    expect(detected().mapping).toEqual({ date: 0, customer: 1, amount: 2, email: 3, product: 5 });
  });

  it('sets a field by header text, compared normalised', () => {
    expect(applyMappingOverride(detected(), { product: ' 備考 ' }).mapping.product).toBe(4);
    expect(applyMappingOverride(detected(), { amount: '金額' }).mapping.amount).toBe(2);
  });

  it('sets a field by column index and takes the column away from another field', () => {
    expect(applyMappingOverride(detected(), { customer: 3 }).mapping).toEqual({
      date: 0,
      customer: 3,
      amount: 2,
      product: 5,
    });
  });

  it('sets a field to column A (index 0), by index or by its header', () => {
    const match = detect(['備考', '日付', '顧客名', '金額']) as HeaderMatch;
    expect(match.mapping).toStrictEqual({ date: 1, customer: 2, amount: 3 });
    expect(applyMappingOverride(match, { product: 0 }).mapping).toStrictEqual({
      product: 0,
      date: 1,
      customer: 2,
      amount: 3,
    });
    expect(applyMappingOverride(match, { referrer: '備考' }).mapping.referrer).toBe(0);
    // Column A taken from the date: the date column is then missing, for describeMissing to report.
    const moved = applyMappingOverride(detected(), { customer: 0 }).mapping;
    expect(moved).toStrictEqual({ customer: 0, amount: 2, email: 3, product: 5 });
    expect(describeMissing(moved)).toStrictEqual(['date']);
  });

  it('leaves fields out of the override as detected, and an undefined value changes nothing', () => {
    expect(applyMappingOverride(detected(), { email: undefined }).mapping).toStrictEqual(detected().mapping);
    expect(applyMappingOverride(detected(), {})).toStrictEqual(detected());
  });

  it('removes an optional field with null', () => {
    expect(applyMappingOverride(detected(), { email: null }).mapping).toEqual({
      date: 0,
      customer: 1,
      amount: 2,
      product: 5,
    });
  });

  it('does not change the match it is given', () => {
    const match = detected();
    const result = applyMappingOverride(match, { email: null, product: 4 });
    expect(match.mapping).toEqual({ date: 0, customer: 1, amount: 2, email: 3, product: 5 });
    // Nor shares its headers with the result.
    expect(result.headers).toStrictEqual(match.headers);
    expect(result.headers).not.toBe(match.headers);
  });

  it('recomputes whether the mapped headers are Japanese', () => {
    const match = detect(['日付', 'Customer', 'Amount', '金額']) as HeaderMatch;
    expect(match.mapping.amount).toBe(3);
    expect(match.japanese).toBe(true);
    expect(applyMappingOverride(match, { amount: 'amount' }).japanese).toBe(false);
  });

  it.each<[Partial<Record<Field, string | number | null>>, RegExp]>([
    [{ product: '品番' }, /No column "品番" for product.*日付, 顧客名, 金額, メール, 備考, 商品/],
    [{ product: 6 }, /out of range.*0 to 5/],
    [{ product: 1.5 }, /out of range/],
    [{ product: -1 }, /out of range/],
    [{ date: null }, /date column is required/],
    [{ amount: null }, /amount column is required/],
    [{ product: 4, referrer: '備考' }, /product and referrer are both given column 4/],
  ])('rejects %p', (override, message) => {
    expect(() => applyMappingOverride(detected(), override)).toThrow(message);
  });

  it('rejects an unknown field name', () => {
    const override = { prodcut: 4 } as unknown as Partial<Record<Field, number>>;
    expect(() => applyMappingOverride(detected(), override)).toThrow(
      'Unknown field "prodcut"; fields are: date, customer, amount, orderId, product, email, referrer, quantity, familyName, givenName',
    );
  });

  it('finds no column for an empty header text, even where a header cell is empty', () => {
    const match = detect(['日付', '', '顧客名', '金額']) as HeaderMatch;
    for (const text of ['', ' ', '・']) {
      expect(() => applyMappingOverride(match, { product: text })).toThrow(
        `No column "${text}" for product in the header row; the headers are: 日付, 顧客名, 金額`,
      );
    }
  });
});

describe('describeMissing', () => {
  it.each<[ColumnMapping, Field[]]>([
    [{}, ['date', 'customer', 'amount']],
    [{ date: 0, email: 1 }, ['amount']],
    [{ date: 0, amount: 1, familyName: 2 }, ['customer']],
    [{ date: 0, amount: 1, familyName: 2, givenName: 3 }, []],
    [{ customer: 0, amount: 1 }, ['date']],
  ])('%p lacks %p', (mapping, expected) => {
    expect(describeMissing(mapping)).toEqual(expected);
  });
});
