import { MESSAGE_TEXT, MessageKey } from '../../src/core/messages';

// Every key once: the type makes a key added to messages.ts without a line here a compile error.
const KEYS: Record<MessageKey, true> = {
  menu_open: true,
  menu_run: true,
  addon_title: true,
  already_running: true,
  no_sales_sheet: true,
  sheet_not_found: true,
  mapped_headers_not_found: true,
  no_header: true,
  missing_columns: true,
  empty: true,
  bad_as_of: true,
  bad_month: true,
  settings: true,
  unknown_step: true,
  sales_sheet_reserved: true,
  done: true,
  analysis_paused: true,
  sheet_too_large: true,
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('owner messages', () => {
  it.each(Object.keys(KEYS) as MessageKey[])('%s reads in both languages with the same placeholders', (key) => {
    const ja = MESSAGE_TEXT('ja', key);
    const en = MESSAGE_TEXT('en', key);
    expect(ja.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    expect(ja).toMatch(/[ぁ-んァ-ヶ一-龯]/);
    expect(en).not.toMatch(/[ぁ-んァ-ヶ一-龯]/);
    expect(placeholders(ja)).toStrictEqual(placeholders(en));
  });

  it('fills every placeholder it is given, in either language', () => {
    const params = { month: '2026年5月', asOf: '2026-05-20', customers: 1234, rejected: 2 };
    expect(MESSAGE_TEXT('ja', 'done', params)).toBe(
      '2026年5月の分析が終わりました（お客様の一覧は2026-05-20時点）。顧客 1234 人、取り込めなかった行 2 行。',
    );
    expect(MESSAGE_TEXT('en', 'sheet_not_found', { sheet: '売上' })).toBe('There is no sheet named "売上".');
  });
});
