// The Apps Script services around the spreadsheet, and the test hooks: call counts, faults, the
// fake clock and held locks.

import { simpleParser } from 'mailparser';
import { createServices, GAS_ERRORS } from '../../src/local/memory';

describe('call counting', () => {
  test('each call from outside counts once, whatever the stand-in does inside', () => {
    const memory = createServices();
    const { SpreadsheetApp } = memory.globals;
    const range = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(1, 1, 3, 3);
    range.setValues([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    // getValue and getDataRange use other methods internally; those calls are not counted.
    range.getValue();
    range.getSheet().getDataRange();
    expect(memory.calls.snapshot()).toEqual({
      'Range.getSheet': 1,
      'Range.getValue': 1,
      'Range.setValues': 1,
      'Sheet.getDataRange': 1,
      'Sheet.getRange': 1,
      'Spreadsheet.getSheets': 1,
      'SpreadsheetApp.getActiveSpreadsheet': 1,
    });
    expect(memory.calls.get('Range.setValues')).toBe(1);
    expect(memory.calls.total()).toBe(7);
    memory.calls.reset();
    expect(memory.calls.total()).toBe(0);
  });

  test('inspection, the raw loader and peekValues are not counted', () => {
    const memory = createServices();
    const sheet = memory.spreadsheet.sheet('シート1');
    sheet.loadRawValues([['00001', '=x']]);
    expect(sheet.peekValues()).toEqual([['00001', '=x']]);
    expect(memory.inspect(() => sheet.getRange('A1:B1').getFormulas())).toEqual([['', '']]);
    expect(memory.calls.total()).toBe(0);
  });
});

describe('faults', () => {
  test('the call after `after` successful ones fails, for `times` calls', () => {
    const memory = createServices();
    const sheet = memory.spreadsheet.getSheets()[0];
    const range = sheet.getRange('A1');
    range.getValues(); // before the fault is set: not part of its count
    memory.faults.fail('Range.getValues', { after: 2, error: 'Service Spreadsheets failed', times: 1 });
    range.getValues();
    range.getValues();
    expect(() => range.getValues()).toThrow('Service Spreadsheets failed');
    expect(range.getValues()).toEqual([['']]);
    // A failed call is still a call.
    expect(memory.calls.get('Range.getValues')).toBe(5);
  });

  test('without times the fault lasts; the default error is a server error; clear lifts it', () => {
    const memory = createServices();
    const props = memory.globals.PropertiesService.getDocumentProperties();
    memory.faults.fail('Properties.getProperty');
    expect(() => props.getProperty('a')).toThrow(GAS_ERRORS.serverError);
    expect(() => props.getProperty('a')).toThrow(GAS_ERRORS.serverError);
    memory.faults.clear('Properties.getProperty');
    expect(props.getProperty('a')).toBeNull();
  });

  test('errors look like Apps Script exceptions', () => {
    const memory = createServices();
    memory.faults.fail('SpreadsheetApp.flush', { error: GAS_ERRORS.spreadsheetTimeout });
    let caught: unknown;
    try {
      memory.globals.SpreadsheetApp.flush();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('Exception');
  });
});

describe('fake clock', () => {
  test('moves only when told: advance, set, Utilities.sleep and per-call costs', () => {
    const memory = createServices({ clock: 'fake', start: new Date('2025-01-01T00:00:00Z') });
    const { clock } = memory;
    expect(clock.now()).toBe(Date.parse('2025-01-01T00:00:00Z'));
    clock.advance(1500);
    memory.globals.Utilities.sleep(500);
    expect(clock.now()).toBe(Date.parse('2025-01-01T00:00:02Z'));
    clock.set(new Date('2025-02-01T00:00:00Z'));
    clock.setCallCost(250, 'Range.setValues');
    clock.setCallCost(10);
    const range = memory.spreadsheet.getSheets()[0].getRange('A1'); // two calls: 10 ms each
    range.setValues([[1]]); // 250 ms
    expect(clock.now()).toBe(Date.parse('2025-02-01T00:00:00.270Z'));
  });

  test('a real clock refuses to be moved', () => {
    expect(() => createServices().clock.advance(1)).toThrow("create the services with { clock: 'fake' }");
  });
});

describe('locks', () => {
  test('a lock held by another execution makes tryLock fail after its timeout and waitLock throw', () => {
    const memory = createServices({ clock: 'fake', start: 0 });
    const lock = memory.globals.LockService.getDocumentLock();
    const release = memory.locks.holdDocumentLock();
    expect(lock.tryLock(1000)).toBe(false);
    expect(memory.clock.now()).toBe(1000);
    expect(() => lock.waitLock(2000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(lock.hasLock()).toBe(false);
    release();
    expect(lock.tryLock(0)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    expect(memory.locks.isHeld('document')).toBe(true);
    lock.releaseLock();
    expect(memory.locks.isHeld('document')).toBe(false);
  });

  test('two executions on the same spreadsheet contend for its document lock', () => {
    const first = createServices();
    const second = createServices({ spreadsheet: first.spreadsheet });
    const a = first.globals.LockService.getDocumentLock();
    const b = second.globals.LockService.getDocumentLock();
    expect(a.tryLock(0)).toBe(true);
    expect(b.tryLock(0)).toBe(false);
    // The script lock is separate from the document lock.
    expect(second.globals.LockService.getScriptLock().tryLock(0)).toBe(true);
    a.releaseLock();
    expect(b.tryLock(0)).toBe(true);
  });

  test('ending an execution releases the locks it still holds', () => {
    const memory = createServices();
    memory.globals.LockService.getDocumentLock().waitLock(100);
    memory.endExecution();
    expect(memory.locks.isHeld('document')).toBe(false);
  });
});

describe('properties', () => {
  test('set, get, bulk set with deleteAllOthers, keys, delete', () => {
    const props = createServices().globals.PropertiesService.getUserProperties();
    props.setProperty('a', '1').setProperties({ b: '2', c: '3' });
    expect(props.getProperties()).toEqual({ a: '1', b: '2', c: '3' });
    props.setProperties({ d: '4' }, true);
    expect(props.getKeys()).toEqual(['d']);
    props.deleteProperty('d');
    expect(props.getProperty('d')).toBeNull();
  });

  test('document properties belong to the spreadsheet and outlive the execution', () => {
    const first = createServices();
    first.globals.PropertiesService.getDocumentProperties().setProperty('settings', '{"months":12}');
    const next = createServices({ spreadsheet: first.spreadsheet });
    expect(next.globals.PropertiesService.getDocumentProperties().getProperty('settings')).toBe('{"months":12}');
    expect(createServices().globals.PropertiesService.getDocumentProperties().getProperty('settings')).toBeNull();
  });

  test('a value may take 9 KB (9,216 bytes of UTF-8), not more', () => {
    const props = createServices().globals.PropertiesService.getScriptProperties();
    props.setProperty('ascii', 'x'.repeat(9216));
    expect(() => props.setProperty('ascii', 'x'.repeat(9217))).toThrow('Argument too large: value');
    // あ is 3 bytes in UTF-8: 3,072 of them make exactly 9,216 bytes.
    props.setProperty('kana', 'あ'.repeat(3072));
    expect(() => props.setProperty('kana', 'あ'.repeat(3073))).toThrow('Argument too large: value');
    expect(props.getProperty('kana')).toHaveLength(3072);
  });

  test('a store holds 500 KB at most', () => {
    const props = createServices().globals.PropertiesService.getScriptProperties();
    // 56 keys of 2 bytes with 9,000-byte values take 504,112 bytes; a 57th makes 513,114 > 512,000.
    for (let i = 10; i < 66; i++) props.setProperty(String(i), 'x'.repeat(9000));
    expect(() => props.setProperty('66', 'x'.repeat(9000))).toThrow('You have exceeded the property storage quota.');
    expect(props.getKeys()).toHaveLength(56);
  });
});

describe('cache', () => {
  test('entries expire after their lifetime on the clock', () => {
    const memory = createServices({ clock: 'fake', start: 0 });
    const cache = memory.globals.CacheService.getDocumentCache()!;
    cache.put('k', 'v', 60);
    cache.putAll({ a: '1', b: '2' });
    memory.clock.advance(59_999);
    expect(cache.get('k')).toBe('v');
    memory.clock.advance(1);
    expect(cache.get('k')).toBeNull();
    // The default lifetime is 600 s.
    expect(cache.getAll(['a', 'b', 'k'])).toEqual({ a: '1', b: '2' });
    cache.removeAll(['a']);
    cache.remove('b');
    expect(cache.getAll(['a', 'b'])).toEqual({});
  });

  test('the document cache is shared by executions on the same spreadsheet', () => {
    const first = createServices();
    first.globals.CacheService.getDocumentCache()!.put('k', 'v');
    const next = createServices({ spreadsheet: first.spreadsheet });
    expect(next.globals.CacheService.getDocumentCache()!.get('k')).toBe('v');
    expect(next.globals.CacheService.getScriptCache().get('k')).toBeNull();
  });

  test('a value may take 100 KB (102,400 bytes), a key 250 characters', () => {
    const cache = createServices().globals.CacheService.getScriptCache();
    cache.put('big', 'x'.repeat(102_400));
    expect(() => cache.put('big', 'x'.repeat(102_401))).toThrow('Argument too large: value');
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
  });
});

describe('HtmlService and Ui', () => {
  test('sidebar from a file, recorded with its title', () => {
    const memory = createServices({ htmlFiles: { Sidebar: '<p>hi</p>' } });
    const { HtmlService, SpreadsheetApp } = memory.globals;
    const output = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('顧客ステージ').setWidth(300);
    output
      .setSandboxMode(HtmlService.SandboxMode.IFRAME)
      .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL)
      .addMetaTag('viewport', 'width=device-width');
    SpreadsheetApp.getUi().showSidebar(output);
    expect(memory.ui.sidebar).toEqual({ title: '顧客ステージ', content: '<p>hi</p>', width: 300, height: 0 });
    expect(() => HtmlService.createHtmlOutputFromFile('Missing')).toThrow('No HTML file named Missing was found.');
  });

  test('menus are recorded; running onOpen twice replaces the menu', () => {
    const memory = createServices();
    const ui = memory.globals.SpreadsheetApp.getUi();
    const build = () =>
      ui
        .createAddonMenu()
        .addItem('分析する', 'runAnalysis')
        .addSeparator()
        .addSubMenu(ui.createMenu('設定').addItem('開く', 'openSettings'))
        .addToUi();
    build();
    build();
    expect(memory.ui.menus).toEqual([
      {
        kind: 'addon',
        caption: '',
        items: [
          { type: 'item', caption: '分析する', functionName: 'runAnalysis' },
          { type: 'separator' },
          {
            type: 'submenu',
            caption: '設定',
            items: [{ type: 'item', caption: '開く', functionName: 'openSettings' }],
          },
        ],
      },
    ]);
  });

  test('alerts are recorded and answered from a queue, OK by default', () => {
    const memory = createServices();
    const ui = memory.globals.SpreadsheetApp.getUi();
    memory.ui.alertResponses.push(ui.Button.NO);
    expect(ui.alert('確認', '下書きを作りますか?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(ui.alert('完了')).toBe(ui.Button.OK);
    expect(memory.ui.alerts).toEqual([
      { title: '確認', prompt: '下書きを作りますか?', buttons: 'YES_NO' },
      { title: '', prompt: '完了', buttons: 'OK' },
    ]);
  });

  test('without a UI (a time-driven trigger) getUi throws like Apps Script', () => {
    const memory = createServices({ ui: false });
    expect(() => memory.globals.SpreadsheetApp.getUi()).toThrow(
      'Cannot call SpreadsheetApp.getUi() from this context.',
    );
  });
});

describe('Utilities, Session, Logger, ScriptApp', () => {
  test('base64 of strings is of their UTF-8 bytes; web-safe keeps padding', () => {
    const { Utilities } = createServices().globals;
    // 'あ?' is E3 81 82 3F in UTF-8.
    expect(Utilities.base64Encode('あ?', Utilities.Charset.UTF_8)).toBe('44GCPw==');
    expect(Utilities.base64EncodeWebSafe('>>>?')).toBe('Pj4-Pw==');
    expect(Utilities.base64Encode([-29, -127, -126])).toBe('44GC');
    expect(Utilities.base64Decode('44GC')).toEqual([-29, -127, -126]);
    expect(Utilities.base64DecodeWebSafe('Pj4-Pw')).toEqual([62, 62, 62, 63]);
    expect(() => Utilities.base64Decode('***')).toThrow('Could not decode string.');
    const blob = Utilities.newBlob('顧客', 'text/plain', 'a.txt');
    expect([blob.getDataAsString(), blob.getContentType(), blob.getName(), blob.getBytes().length]).toEqual([
      '顧客',
      'text/plain',
      'a.txt',
      6,
    ]);
  });

  test('formatDate uses SimpleDateFormat letters in the given zone', () => {
    const { Utilities } = createServices().globals;
    const date = new Date('2025-01-05T01:02:03.004Z');
    expect(Utilities.formatDate(date, 'Asia/Tokyo', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe(
      '2025-01-05T10:02:03.004+09:00',
    );
    expect(Utilities.formatDate(date, 'America/New_York', 'yyyy/M/d h:mm a EEE Z')).toBe('2025/1/4 8:02 PM Sat -0500');
    expect(Utilities.formatDate(date, 'UTC', "yy MMM dd ''HH''")).toBe("25 Jan 05 '01'");
  });

  test('Session follows the spreadsheet and the options; Logger keeps lines; ScriptApp.AuthMode exists', () => {
    const memory = createServices({ timeZone: 'Europe/Paris', userEmail: 'shop@example.jp' });
    const { Session, Logger, ScriptApp } = memory.globals;
    expect([Session.getScriptTimeZone(), Session.getActiveUserLocale(), Session.getActiveUser().getEmail()]).toEqual([
      'Europe/Paris',
      'ja',
      'shop@example.jp',
    ]);
    Logger.log('rows: %s of %s', 3, 10);
    Logger.log({ a: 1 });
    expect(memory.logs).toEqual(['rows: 3 of 10', '{"a":1}']);
    expect(ScriptApp.AuthMode.FULL).toBe('FULL');
  });
});

describe('Gmail drafts', () => {
  const message = [
    'To: customer@example.com',
    'Subject: =?UTF-8?B?44GU5p2l5bqX?=',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'またのご来店を',
  ].join('\r\n');
  const raw = Buffer.from(message, 'utf8').toString('base64url');

  test('create keeps the decoded message; list and get return it', async () => {
    const memory = createServices();
    const { Gmail } = memory.globals;
    const draft = Gmail.Users.Drafts.create({ message: { raw } }, 'me');
    const id = draft.id as string;
    expect(draft).toEqual({
      id: expect.stringMatching(/^r-/),
      message: { id: expect.any(String), threadId: expect.any(String), labelIds: ['DRAFT'] },
    });
    expect(memory.drafts).toHaveLength(1);
    expect(memory.drafts[0].text).toBe(message);
    const parsed = await simpleParser(memory.drafts[0].text);
    expect([parsed.subject, parsed.text?.trim()]).toEqual(['ご来店', 'またのご来店を']);
    expect(Gmail.Users.Drafts.list('me').drafts?.map((d) => d.id)).toEqual([id]);
    expect(Gmail.Users.Drafts.get('me', id, { format: 'raw' }).message?.raw).toBe(raw);
    expect(() => Gmail.Users.Drafts.get('me', 'r-missing')).toThrow('Requested entity was not found.');
    Gmail.Users.Drafts.remove('me', id);
    expect(Gmail.Users.Drafts.list('me')).toEqual({ resultSizeEstimate: 0 });
  });

  test('every way to send mail throws', () => {
    const { Gmail, GmailApp, MailApp } = createServices().globals;
    expect(() => Gmail.Users.Messages.send({ raw: 'eA' }, 'me')).toThrow(
      'Gmail.Users.Messages.send is forbidden in this add-on: it only creates drafts.',
    );
    expect(() => Gmail.Users.Drafts.send({ id: 'r-1' }, 'me')).toThrow('forbidden');
    expect(() => GmailApp.sendEmail('a@example.com', 'subject', 'body')).toThrow('forbidden');
    expect(() => MailApp.sendEmail('a@example.com', 'subject', 'body')).toThrow('forbidden');
  });

  test('a missing message, bad base64 or another user are refused', () => {
    const { Gmail } = createServices().globals;
    expect(() => Gmail.Users.Drafts.create({}, 'me')).toThrow(
      'API call to gmail.users.drafts.create failed with error: Missing draft message',
    );
    expect(() => Gmail.Users.Drafts.create({ message: { raw: '%%%' } }, 'me')).toThrow(
      `Invalid value at 'draft.message.raw' (TYPE_BYTES), Base64 decoding failed for "%%%"`,
    );
    expect(() => Gmail.Users.Drafts.create({ message: { raw } }, 'boss@example.com')).toThrow('Delegation denied');
  });

  test('raw must be base64url: the standard alphabet and line breaks are refused', () => {
    const memory = createServices();
    const { Gmail, Utilities } = memory.globals;
    // "Subject: ~~~?" encodes to text with '+' and '/' in the standard alphabet.
    const message = 'Subject: ~~~?\r\n\r\n\u00ff\u00fe';
    const standard = Utilities.base64Encode(message, Utilities.Charset.UTF_8);
    const webSafe = Utilities.base64EncodeWebSafe(message, Utilities.Charset.UTF_8);
    expect(standard).toMatch(/[+/]/);
    expect(() => Gmail.Users.Drafts.create({ message: { raw: standard } }, 'me')).toThrow(
      "API call to gmail.users.drafts.create failed with error: Invalid value at 'draft.message.raw' (TYPE_BYTES)",
    );
    expect(() =>
      Gmail.Users.Drafts.create({ message: { raw: `${webSafe.slice(0, 8)}\r\n${webSafe.slice(8)}` } }, 'me'),
    ).toThrow('Base64 decoding failed');
    Gmail.Users.Drafts.create({ message: { raw: webSafe } }, 'me');
    expect(memory.drafts.map((d) => d.text)).toEqual([message]);
  });

  test('quota faults use the messages Apps Script gives', () => {
    const memory = createServices();
    const { Gmail } = memory.globals;
    memory.faults.fail('Gmail.Users.Drafts.create', { after: 2, error: GAS_ERRORS.gmailDailyQuota });
    Gmail.Users.Drafts.create({ message: { raw } }, 'me');
    Gmail.Users.Drafts.create({ message: { raw } }, 'me');
    expect(() => Gmail.Users.Drafts.create({ message: { raw } }, 'me')).toThrow(
      'Service invoked too many times for one day: gmail.',
    );
    expect(memory.drafts).toHaveLength(2);
    expect(memory.calls.get('Gmail.Users.Drafts.create')).toBe(3);
  });
});

describe('installing and missing methods', () => {
  test('install puts the services on a global object and the returned function takes them away', () => {
    const memory = createServices();
    const target: Record<string, unknown> = { Logger: 'previous' };
    const uninstall = memory.install(target);
    expect(target.SpreadsheetApp).toBe(memory.globals.SpreadsheetApp);
    expect(target.Logger).toBe(memory.globals.Logger);
    uninstall();
    expect(target).toEqual({ Logger: 'previous' });
  });

  test('a service method the stand-in lacks fails with a clear message', () => {
    const { Utilities } = createServices().globals as unknown as { Utilities: GoogleAppsScript.Utilities.Utilities };
    expect(() => Utilities.parseCsv('a,b')).toThrow(
      'not implemented in the in-memory Apps Script services: Utilities.parseCsv',
    );
  });
});
