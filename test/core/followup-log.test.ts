// The Follow-up log tab: what is written, and what is read back in either language.
import { DayOfDate, dayOfDateIn, formatDay } from '../../src/core/days';
import { FollowUpLogEntry, logRow, logTable, parseFollowUpLog } from '../../src/core/followup-log';

let tokyo: DayOfDate;
beforeEach(() => {
  tokyo = dayOfDateIn('Asia/Tokyo');
});

// 2026-01-07T16:00Z is 2026-01-08 01:00 in Tokyo.
const AT = new Date('2026-01-07T16:00:00Z');

function entry(over: Partial<FollowUpLogEntry> = {}): FollowUpLogEntry {
  return {
    customer: '山田',
    email: 'yamada@example.jp',
    type: 'new_thanks',
    key: '山田|new_thanks@2026-01-05',
    draftId: 'r-1',
    createdAt: AT,
    day: null,
    status: 'created',
    ...over,
  };
}

describe('logTable', () => {
  it('writes a header and one row per entry, in each language', () => {
    expect(logTable([entry()], 'ja')).toStrictEqual({
      rows: [
        ['顧客', 'メール', '種類', 'キー', '下書きID', '作成日時', '状態', 'エラー'],
        ['山田', 'yamada@example.jp', '初回のお礼', '山田|new_thanks@2026-01-05', 'r-1', AT, '下書き作成済み', ''],
      ],
      formats: ['text', 'text', 'text', 'text', 'text', 'general', 'text', 'text'],
    });
    expect(logTable([], 'en').rows).toStrictEqual([
      ['Customer', 'Email', 'Type', 'Key', 'Draft ID', 'Created at', 'Status', 'Error'],
    ]);
  });

  it('writes a failure with its error, and a type it does not know as it is', () => {
    const failed = entry({ type: 'Custom Mail', status: 'failed', draftId: '', error: 'quota' });
    expect(logRow(failed, 'en')).toStrictEqual([
      '山田',
      'yamada@example.jp',
      'Custom Mail',
      '山田|new_thanks@2026-01-05',
      '',
      AT,
      'Failed (retried next run)',
      'quota',
    ]);
    expect(logRow(entry(), 'en')[2]).toBe('First-visit thanks');
  });
});

describe('parseFollowUpLog', () => {
  it('reads back what logTable wrote, with the day in the spreadsheet time zone', () => {
    const read = parseFollowUpLog(logTable([entry()], 'ja').rows as unknown[][], tokyo);
    expect(read).toStrictEqual([
      {
        customer: '山田',
        email: 'yamada@example.jp',
        type: '初回のお礼',
        key: '山田|new_thanks@2026-01-05',
        draftId: 'r-1',
        createdAt: AT,
        day: read[0].day,
        status: 'created',
        error: '',
      },
    ]);
    expect(formatDay(read[0].day as number)).toBe('2026-01-08');
  });

  it('reads the status in either language; blank means created when there is a draft id', () => {
    const header = logTable([], 'en').rows[0];
    const row = (status: unknown, draftId: unknown) => [
      'A',
      '',
      'x',
      'A|new_thanks@2026-01-05',
      draftId,
      AT,
      status,
      '',
    ];
    const statuses = parseFollowUpLog(
      [
        header,
        row('下書き作成済み', 'r'),
        row('Draft created', 'r'),
        row('created', 'r'),
        row('', 'r'),
        row('', ''),
        row(null, 'r'),
        row('失敗（次回再試行）', 'r'),
        row('Failed (retried next run)', ''),
        row('something else', 'r'),
      ],
      tokyo,
    ).map((e) => e.status);
    expect(statuses).toStrictEqual([
      'created',
      'created',
      'created',
      'created',
      'failed',
      'created',
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('skips rows without a key and reads a non-date as no date', () => {
    const header = logTable([], 'ja').rows[0];
    const read = parseFollowUpLog(
      [header, ['A', '', '', '', 'r', AT, '', ''], ['B', '', '', ' B|birthday#2026 ', 'r', '2026-01-08', '', '']],
      tokyo,
    );
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ customer: 'B', key: 'B|birthday#2026', createdAt: null, day: null });
  });

  it('reads nothing from a tab with only its header, or nothing at all', () => {
    expect(parseFollowUpLog([logTable([], 'ja').rows[0]], tokyo)).toStrictEqual([]);
    expect(parseFollowUpLog([], tokyo)).toStrictEqual([]);
  });
});
