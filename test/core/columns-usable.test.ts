// A mapping is usable with a date, an amount and a customer: a name, an email, or both name halves.
import { hasCustomerColumn, isUsableMapping } from '../../src/core/columns';
import { termHint } from '../../src/core/term-hints';

test('a customer is a name column, an email column, or a family name with a given name', () => {
  expect(
    [{ customer: 3 }, { email: 0 }, { familyName: 1, givenName: 2 }, { familyName: 1 }, { givenName: 2 }, {}].map(
      hasCustomerColumn,
    ),
  ).toStrictEqual([true, true, true, false, false, false]);
});

test('usable: date, amount and a customer, column 0 included', () => {
  expect(isUsableMapping({ date: 0, amount: 1, customer: 2 })).toBe(true);
  expect(isUsableMapping({ date: 0, amount: 1, familyName: 2, givenName: 3 })).toBe(true);
  expect(isUsableMapping({ amount: 1, customer: 2 })).toBe(false);
  expect(isUsableMapping({ date: 0, customer: 2 })).toBe(false);
  expect(isUsableMapping({ date: 0, amount: 1 })).toBe(false);
});

test('a term’s hint in each language', () => {
  expect(termHint('ja', 'f2')).toBe('F2転換率：初めてのお客様のうち、90日以内に2回目の来店があった割合。');
  expect(termHint('en', 'vip')).toBe('VIP: your top customers by revenue (the share set in the settings).');
});
