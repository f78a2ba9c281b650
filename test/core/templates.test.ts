import {
  FOLLOW_UP_TYPES,
  PLACEHOLDERS,
  Placeholders,
  Template,
  defaultTemplates,
  enabledTypesOf,
  parseTemplates,
  renderTemplate,
  templatesTable,
} from '../../src/core/templates';

const yamada: Placeholders = {
  name: '山田',
  last_purchase: '2026-01-05',
  top_product: '紅茶',
  visits: 3,
  days_since_last: 15,
};

/** The tab as the owner would see it after the add-on wrote it. */
function tab(templates: Template[], lang: 'ja' | 'en' = 'ja'): unknown[][] {
  return templatesTable(templates, lang).rows.map((row) => row.slice());
}

describe('defaultTemplates', () => {
  it.each(['ja', 'en'] as const)(
    '%s: one enabled template per type, in the rules order, with known placeholders only',
    (lang) => {
      const templates = defaultTemplates(lang);
      expect(templates.map((t) => t.type)).toEqual([...FOLLOW_UP_TYPES]);
      for (const t of templates) {
        expect(t.enabled).toBe(true);
        const r = renderTemplate(t, yamada, '山田商店');
        expect(r.unknownPlaceholders).toEqual([]);
        expect(r.missingValues).toEqual([]);
        expect(`${r.subject}${r.body}`).not.toMatch(/\{\{|\}\}/);
      }
    },
  );

  it('addresses the customer as {{name}}様 and signs with the shop in Japanese', () => {
    for (const t of defaultTemplates('ja')) {
      expect(t.body.startsWith('{{name}}様\n\n')).toBe(true);
      expect(t.body).toContain('\n\n{{shop}}');
    }
    const thanks = renderTemplate(defaultTemplates('ja')[0], yamada, '山田商店');
    expect(thanks.subject).toBe('ご利用ありがとうございました（山田商店）');
    expect(thanks.body.split('\n').slice(0, 3)).toEqual([
      '山田様',
      '',
      'このたびは山田商店をご利用いただき、誠にありがとうございました。',
    ]);
  });

  it('offers a way to opt out in promotional mail, not in plain thanks', () => {
    const ja = defaultTemplates('ja');
    const withOptOut = ja.filter((t) => t.body.includes('配信停止')).map((t) => t.type);
    expect(withOptOut).toEqual(FOLLOW_UP_TYPES.filter((t) => t !== 'new_thanks' && t !== 'repeat_thanks'));
    expect(
      defaultTemplates('en')
        .filter((t) => t.body.includes('unsubscribe'))
        .map((t) => t.type),
    ).toEqual(withOptOut);
  });

  it('starts English mail with Dear {{name}},', () => {
    for (const t of defaultTemplates('en')) expect(t.body.startsWith('Dear {{name}},\n\n')).toBe(true);
  });
});

describe('templatesTable', () => {
  it('puts the type key first, then a label, the switch and the texts', () => {
    const table = templatesTable(defaultTemplates('ja'), 'ja');
    expect(table.rows[0]).toEqual(['種類キー', '種類', '有効', '件名', '本文']);
    expect(table.rows[1].slice(0, 3)).toEqual(['new_thanks', '初回のお礼', true]);
    expect(table.rows).toHaveLength(1 + FOLLOW_UP_TYPES.length);
    expect(templatesTable([], 'en').rows[0]).toEqual(['Type key', 'Type', 'Enabled', 'Subject', 'Body']);
    expect(table.notes?.[1].text).toContain('{{days_since_last}}');
  });
});

describe('parseTemplates', () => {
  it('reads back what templatesTable wrote', () => {
    const parsed = parseTemplates(tab(defaultTemplates('ja')));
    expect(parsed).toEqual({ templates: defaultTemplates('ja'), problems: [], missingTypes: [], header: 'found' });
  });

  it("keeps the owner's edits and reads a tab written in the other language", () => {
    const rows = tab(defaultTemplates('en'), 'en');
    rows[1 + FOLLOW_UP_TYPES.indexOf('birthday')] = [
      'birthday',
      'Birthday month',
      false,
      'お誕生日おめでとう',
      '{{name}}様\nおめでとうございます。',
    ];
    const parsed = parseTemplates(rows, 'ja');
    expect(parsed.problems).toEqual([]);
    const birthday = parsed.templates.find((t) => t.type === 'birthday');
    expect(birthday).toEqual({
      type: 'birthday',
      enabled: false,
      subject: 'お誕生日おめでとう',
      body: '{{name}}様\nおめでとうございます。',
    });
    // The other rows stay English: the tab is the owner's, whatever the language setting.
    expect(parsed.templates[0].subject).toBe('Thank you for shopping at {{shop}}');
  });

  it('fills missing types from the defaults and names them, so only those rows are appended', () => {
    const rows = tab(defaultTemplates('ja')).filter((row) => row[0] !== 'fan_vip' && row[0] !== 'anniversary');
    const parsed = parseTemplates(rows, 'en');
    expect(parsed.missingTypes).toEqual(['fan_vip', 'anniversary']);
    const defaultsEn = defaultTemplates('en');
    expect(parsed.templates.find((t) => t.type === 'fan_vip')).toEqual(defaultsEn.find((t) => t.type === 'fan_vip'));
    expect(parsed.templates.find((t) => t.type === 'new_thanks')).toEqual(defaultTemplates('ja')[0]);
  });

  it('accepts a type label in place of the key, and switch words as owners type them', () => {
    const parsed = parseTemplates([
      ['種類キー', '有効', '件名', '本文'],
      ['誕生月のお祝い', 'はい', 'S', 'B'],
      ['Win-back', '×', 'S', 'B'],
      ['at_risk', 'TRUE', 'S', 'B'],
      ['fan_vip', '', 'S', 'B'], // an unticked checkbox
    ]);
    expect(parsed.problems).toEqual([]);
    const enabled = Object.fromEntries(parsed.templates.map((t) => [t.type, t.enabled]));
    expect(enabled).toMatchObject({ birthday: true, winback: false, at_risk: true, fan_vip: false });
  });

  it('reports rows it cannot use as they are, disabling them rather than rewriting them', () => {
    const parsed = parseTemplates(
      [
        ['メモ: 店主が編集'],
        ['Type key', 'Enabled', 'Subject', 'Body'],
        ['new_thanks', true, 'Hi', 'Hello {{name}} {{foo}} and ｛｛ bar ｝｝'],
        ['new_thanks', true, 'Again', 'x'],
        ['mystery', true, 'S', 'B'],
        ['new_info', 'maybe', 'S', 'B'],
        ['winback', true, '', 'B'],
        ['birthday', true, 'S', ''],
      ],
      'en',
    );
    expect(parsed.problems).toEqual([
      { rowNumber: 3, reason: 'unknown_placeholder', type: 'new_thanks', detail: '{{foo}}' },
      { rowNumber: 3, reason: 'unknown_placeholder', type: 'new_thanks', detail: '｛｛ bar ｝｝' },
      { rowNumber: 4, reason: 'duplicate_type', type: 'new_thanks' },
      { rowNumber: 5, reason: 'unknown_type' },
      { rowNumber: 6, reason: 'enabled_unreadable', type: 'new_info' },
      { rowNumber: 7, reason: 'subject_empty', type: 'winback' },
      { rowNumber: 8, reason: 'body_empty', type: 'birthday' },
    ]);
    const byType = Object.fromEntries(parsed.templates.map((t) => [t.type, t]));
    expect(byType.new_thanks).toEqual({
      type: 'new_thanks',
      enabled: true,
      subject: 'Hi',
      body: 'Hello {{name}} {{foo}} and ｛｛ bar ｝｝',
    });
    expect([byType.new_info.enabled, byType.winback.enabled, byType.birthday.enabled]).toEqual([false, false, false]);
    expect(byType.winback.body).toBe('B');
  });

  it('treats every row as on when the tab has no enabled column', () => {
    const parsed = parseTemplates([
      ['key', 'subject', 'body'],
      ['new_thanks', 'S', 'B'],
    ]);
    expect(parsed.templates[0]).toEqual({ type: 'new_thanks', enabled: true, subject: 'S', body: 'B' });
  });

  it('gives the defaults for an empty tab, and disables everything in a tab it cannot read', () => {
    expect(parseTemplates([], 'en')).toEqual({
      templates: defaultTemplates('en'),
      problems: [],
      missingTypes: [...FOLLOW_UP_TYPES],
      header: 'empty',
    });
    const unreadable = parseTemplates([
      ['件', '文'],
      ['x', 'y'],
    ]);
    expect(unreadable.header).toBe('unreadable');
    expect(unreadable.missingTypes).toEqual([]);
    expect(unreadable.problems).toEqual([{ rowNumber: 1, reason: 'no_header' }]);
    expect(enabledTypesOf(unreadable.templates)).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills Japanese text', () => {
    const r = renderTemplate(
      {
        subject: '{{name}}様、いつもありがとうございます',
        body: '{{name}}様\n{{shop}}のご利用は{{visits}}回目、前回は{{last_purchase}}（{{days_since_last}}日前）でした。{{top_product}}はいかがでしたか。',
      },
      yamada,
      '山田商店',
    );
    expect(r).toEqual({
      subject: '山田様、いつもありがとうございます',
      body: '山田様\n山田商店のご利用は3回目、前回は2026-01-05（15日前）でした。紅茶はいかがでしたか。',
      unknownPlaceholders: [],
      missingValues: [],
    });
  });

  it('leaves an unknown placeholder visible and reports it once', () => {
    const r = renderTemplate({ subject: '{{foo}}', body: '{{name}}様 {{foo}} {{ クーポン }}' }, yamada, '店');
    expect(r.subject).toBe('{{foo}}');
    expect(r.body).toBe('山田様 {{foo}} {{ クーポン }}');
    expect(r.unknownPlaceholders).toEqual(['{{foo}}', '{{ クーポン }}']);
  });

  it('reads placeholders typed with a Japanese input method: full-width braces, letters and spaces', () => {
    const r = renderTemplate({ subject: '', body: '｛｛ｎａｍｅ｝｝様 {{ Name }}' }, yamada, '店');
    expect(r.body).toBe('山田様 山田');
  });

  it('renders a missing top product or last purchase as empty, but keeps a missing name, shop or day count visible', () => {
    const prospect: Placeholders = { name: '', last_purchase: '', top_product: '', visits: 0, days_since_last: null };
    const r = renderTemplate(
      { subject: '{{shop}}', body: '{{name}}様 [{{top_product}}][{{last_purchase}}] {{visits}} {{days_since_last}}' },
      prospect,
      '  ',
    );
    expect(r.body).toBe('{{name}}様 [][] 0 {{days_since_last}}');
    expect(r.subject).toBe('{{shop}}');
    expect(r.missingValues).toEqual(['shop', 'name', 'days_since_last']);
  });

  it('never expands a placeholder found inside a value', () => {
    const r = renderTemplate({ subject: '', body: '{{name}}様' }, { ...yamada, name: '{{shop}}' }, '店');
    expect(r.body).toBe('{{shop}}様');
    expect(r.missingValues).toEqual([]);
  });

  it('knows exactly the documented placeholders', () => {
    expect(PLACEHOLDERS.join(' ')).toBe('name shop sender signature last_purchase top_product visits days_since_last');
  });
});

describe('templates: what the first tests leave open', () => {
  it("templatesTable: the switch column's format is left to Sheets (a checkbox), the texts are text; the body's note lists every placeholder", () => {
    const table = templatesTable(defaultTemplates('en'), 'en');
    expect(table.formats).toEqual(['text', 'text', 'general', 'text', 'text']);
    expect(table.notes?.[1]).toEqual({
      row: 0,
      col: 4,
      text: 'Placeholders: {{name}} {{shop}} {{sender}} {{signature}} {{last_purchase}} {{top_product}} {{visits}} {{days_since_last}}',
    });
  });

  it('a header needs the type key, the subject and the body: any two of them is not one', () => {
    for (const header of [
      ['件名', '本文'],
      ['種類キー', '本文'],
      ['種類キー', '件名'],
    ]) {
      const parsed = parseTemplates([header, ['new_thanks', 'x']]);
      expect([header, parsed.header]).toEqual([header, 'unreadable']);
    }
  });

  it('a tab of blank cells is empty; a tab with one word and no header is unreadable', () => {
    expect(parseTemplates([['', null], ['  ']]).header).toBe('empty');
    expect(parseTemplates([['', 'memo']]).header).toBe('unreadable');
  });

  it('a blank row under the header is skipped, not reported', () => {
    const parsed = parseTemplates([
      ['key', 'subject', 'body'],
      ['', '', ''],
      ['new_thanks', 'S', 'B'],
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.templates[0]).toEqual({ type: 'new_thanks', enabled: true, subject: 'S', body: 'B' });
  });

  it('enabledTypesOf: the types switched on, in order', () => {
    const templates = defaultTemplates('ja').map((t) => ({ ...t, enabled: t.type !== 'new_info' }));
    expect(enabledTypesOf(templates)).toEqual(FOLLOW_UP_TYPES.filter((t) => t !== 'new_info'));
  });

  it('a line of empty placeholders only goes; blank lines, lines of spaces and lines with words stay', () => {
    const body = 'Dear {{name}},\n\nThanks.\n   \nFrom: {{sender}}\n{{shop}}\n{{sender}}\n  {{signature}}  \nEnd';
    const r = renderTemplate(
      { subject: '', body },
      { ...yamada, name: 'Aoi' },
      { shop: 'Cafe', sender: '', signature: '' },
    );
    expect(r.body).toBe('Dear Aoi,\n\nThanks.\n   \nFrom: \nCafe\nEnd');
  });

  it('the writer trimmed, the signature’s line ends made \\n; a shop name alone has no sender or signature', () => {
    const writer = { shop: ' Cafe ', sender: ' Yumi ', signature: 'Addr\r\nTel\rFax \r\n' };
    const r = renderTemplate({ subject: '', body: '{{shop}}\n{{sender}}\n{{signature}}' }, yamada, writer);
    expect(r.body).toBe('Cafe\nYumi\nAddr\nTel\nFax');
    const alone = renderTemplate({ subject: '', body: 'A\n{{sender}}\n{{signature}}\nB' }, yamada, 'Shop');
    expect(alone.body).toBe('A\nB');
    expect(renderTemplate({ subject: '', body: '{{name}}様' }, { ...yamada, name: ' 山田 ' }, 'Shop').body).toBe(
      '山田様',
    );
  });
});
