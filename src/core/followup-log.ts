// The Follow-up log tab: one row per draft created (or attempted), the memory that keeps a rerun
// from drafting the same follow-up twice. Columns are fixed; headers and statuses are read in
// either language so that a locale change does not lose the log.

import { cellText, isBlankCell, isDate } from './cells';
import { Day, DayOfDate } from './days';
import { Lang, defineText } from './labels';
import { OutCell, OutTable } from './table';
import { FollowUpType, followUpTypeLabel, isFollowUpType } from './templates';

/**
 * 'superseded': due in the same run as a draft of higher priority for the same customer (see
 * followup-priority.ts); kept in the log so that it is not drafted later on its own.
 */
export type LogStatus = 'created' | 'failed' | 'superseded';

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
    superseded: '見送り（同じ回に優先度の高いメールを作成済み）',
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
    superseded: 'Not sent (a higher-priority draft was made in the same run)',
  },
});

const COLUMNS = ['customer', 'email', 'type', 'key', 'draftId', 'createdAt', 'status', 'error'] as const;
const KEY_COLUMN = 3;
const CREATED_COLUMN = 5;
const STATUS_COLUMN = 6;

export function logRow(e: FollowUpLogEntry, lang: Lang): OutCell[] {
  const typeLabel = isFollowUpType(e.type) ? followUpTypeLabel(lang, e.type) : String(e.type);
  return [e.customer, e.email, typeLabel, e.key, e.draftId, e.createdAt, TEXT(lang, e.status), e.error ?? ''];
}

export function logTable(entries: FollowUpLogEntry[], lang: Lang): OutTable {
  return {
    rows: [COLUMNS.map((c) => TEXT(lang, c)), ...entries.map((e) => logRow(e, lang))],
    formats: ['text', 'text', 'text', 'text', 'text', 'general', 'text', 'text'],
  };
}

const CREATED_WORDS = new Set([TEXT('ja', 'created'), TEXT('en', 'created'), 'created']);
const SUPERSEDED_WORDS = new Set([TEXT('ja', 'superseded'), TEXT('en', 'superseded'), 'superseded']);

function statusOf(statusCell: unknown, draftIdCell: unknown): LogStatus {
  const text = cellText(statusCell);
  if (CREATED_WORDS.has(text) || (isBlankCell(statusCell) && cellText(draftIdCell) !== '')) return 'created';
  return SUPERSEDED_WORDS.has(text) ? 'superseded' : 'failed';
}

/** Reads the log as written by logTable (row 1 is the header); unreadable rows are skipped. */
export function parseFollowUpLog(values: unknown[][], dayOf: DayOfDate): FollowUpLogEntry[] {
  const entries: FollowUpLogEntry[] = [];
  const states = parseLogState(
    values.map((row) => row.slice(KEY_COLUMN, KEY_COLUMN + LOG_STATE_COLUMNS.count)),
    dayOf,
  );
  let next = 0;
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    if (!cellText(row[KEY_COLUMN])) continue;
    const state = states[next++];
    entries.push({
      customer: cellText(row[0]),
      email: cellText(row[1]),
      type: cellText(row[2]),
      draftId: cellText(row[4]),
      ...state,
      error: cellText(row[7]),
    });
  }
  return entries;
}

/**
 * The log's columns a run needs (key, draft id, created at, status), 0-based: a drafting batch
 * reads only these, half the cells of a log that grows with every run.
 */
export const LOG_STATE_COLUMNS = { first: KEY_COLUMN, count: STATUS_COLUMN - KEY_COLUMN + 1 };

export interface LogState {
  key: string;
  status: LogStatus;
  createdAt: Date | null;
  /** Calendar day of createdAt in the spreadsheet's zone. */
  day: Day | null;
}

/** The LOG_STATE_COLUMNS of the log (row 1 is the header); rows without a key are skipped. */
export function parseLogState(values: unknown[][], dayOf: DayOfDate): LogState[] {
  const key = 0;
  const draftId = 4 - KEY_COLUMN;
  const created = CREATED_COLUMN - KEY_COLUMN;
  const status = STATUS_COLUMN - KEY_COLUMN;
  const states: LogState[] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    const k = cellText(row[key]);
    if (!k) continue;
    const createdAt = isDate(row[created]) ? (row[created] as Date) : null;
    states.push({
      key: k,
      status: statusOf(row[status], row[draftId]),
      createdAt,
      day: createdAt ? dayOf(createdAt) : null,
    });
  }
  return states;
}
