// The Follow-up log as the owner may leave it: a type the add-on does not know is written as it
// is, and a log whose Error column was deleted still reads each row's status.
import { dayOfDateIn } from '../../src/core/days';
import { FollowUpLogEntry, logRow, parseFollowUpLog } from '../../src/core/followup-log';

const entry = (type: string): FollowUpLogEntry => ({
  customer: '山田',
  email: '',
  type,
  key: `山田|${type}#1`,
  draftId: '',
  createdAt: null,
  day: null,
  status: 'failed',
});

describe('logRow with a type the add-on does not know', () => {
  it.each(['custom_mail', 'vip Mail', 'birthday_2'])('writes %p as it is', (type) => {
    expect(logRow(entry(type), 'en')[2]).toBe(type);
    expect(logRow(entry(type), 'ja')[2]).toBe(type);
  });

  it('writes a known type by its label', () => {
    expect(logRow(entry('birthday'), 'en')[2]).not.toBe('birthday');
  });
});

describe('parseFollowUpLog without the Error column', () => {
  it('reads the status of 7-column rows', () => {
    const header = ['Customer', 'Email', 'Type', 'Key', 'Draft ID', 'Created at', 'Status'];
    const rows = [
      header,
      ['A', '', 'x', 'A|winback#1', 'r-1', '', 'Failed (retried next run)'],
      ['B', '', 'x', 'B|winback#1', '', '', 'Draft created'],
    ];
    expect(parseFollowUpLog(rows, dayOfDateIn('Asia/Tokyo')).map((e) => [e.key, e.status, e.error])).toStrictEqual([
      ['A|winback#1', 'failed', ''],
      ['B|winback#1', 'created', ''],
    ]);
  });
});
