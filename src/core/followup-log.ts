// The Follow-up log tab: one row per draft created (or attempted), the memory that keeps a rerun
// from drafting the same follow-up twice. Columns are fixed; headers and statuses are read in
// either language so that a locale change does not lose the log.

import { cellText, isBlankCell, isDate } from './cells';
import { Day, DayOfDate } from './days';
import { Lang, defineText } from './labels';
import { OutCell, OutTable } from './table';
import { FollowUpType, followUpTypeLabel } from './templates';

export type LogStatus = 'created' | 'failed';

export interface FollowUpLogEntry {
  customer: string;
  email: string;
  type: FollowUpType | string;
  key: string;
  draftId: string;
  createdAt: Date | null;
  /** Calendar day of createdAt in the spreadsheet's zone (for prospect touch spacing). */
  day: Day | null;
  status: LogStatus;
  error?: string;
}

const TEXT = defineText({
  ja: {
    customer: '顧客',
    email: 'メール',
    type: '種類',
    key: 'キー',
    draftId: '下書きID',
    createdAt: '作成日時',
    status: '状態',
    error: 'エラー',
    created: '下書き作成済み',
    failed: '失敗（次回再試行）',
  },
  en: {
    customer: 'Customer',
    email: 'Email',
    type: 'Type',
    key: 'Key',
    draftId: 'Draft ID',
    createdAt: 'Created at',
    status: 'Status',
    error: 'Error',
    created: 'Draft created',
    failed: 'Failed (retried next run)',
  },
});

const COLUMNS = ['customer', 'email', 'type', 'key', 'draftId', 'createdAt', 'status', 'error'] as const;
const KEY_COLUMN = 3;
const CREATED_COLUMN = 5;
const STATUS_COLUMN = 6;

export function logRow(e: FollowUpLogEntry, lang: Lang): OutCell[] {
  const typeLabel = isKnownType(e.type) ? followUpTypeLabel(lang, e.type) : String(e.type);
  return [e.customer, e.email, typeLabel, e.key, e.draftId, e.createdAt, TEXT(lang, e.status), e.error ?? ''];
}

function isKnownType(type: string): type is FollowUpType {
  return /^[a-z_]+$/.test(type);
}

export function logTable(entries: FollowUpLogEntry[], lang: Lang): OutTable {
  return {
    rows: [COLUMNS.map((c) => TEXT(lang, c)), ...entries.map((e) => logRow(e, lang))],
    formats: ['text', 'text', 'text', 'text', 'text', 'general', 'text', 'text'],
  };
}

const CREATED_WORDS = new Set([TEXT('ja', 'created'), TEXT('en', 'created'), 'created']);

/** Reads the log as written by logTable (row 1 is the header); unreadable rows are skipped. */
export function parseFollowUpLog(values: unknown[][], dayOf: DayOfDate): FollowUpLogEntry[] {
  const entries: FollowUpLogEntry[] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    const key = cellText(row[KEY_COLUMN]);
    if (!key) continue;
    const created = row[CREATED_COLUMN];
    const createdAt = isDate(created) ? created : null;
    entries.push({
      customer: cellText(row[0]),
      email: cellText(row[1]),
      type: cellText(row[2]),
      key,
      draftId: cellText(row[4]),
      createdAt,
      day: createdAt ? dayOf(createdAt) : null,
      status:
        CREATED_WORDS.has(cellText(row[STATUS_COLUMN])) || (isBlankCell(row[STATUS_COLUMN]) && cellText(row[4]) !== '')
          ? 'created'
          : 'failed',
      error: cellText(row[7]),
    });
  }
  return entries;
}
