// Problems the owner can fix: a message key and its details, turned into the owner's words at the edge.

import { MESSAGE_TEXT, MessageKey } from '../core/messages';
import { langOfLocale } from '../core/labels';
import { SettingsError } from '../core/settings';
import { FollowUpSettingsError } from '../core/followups';
import { describeFollowUpSettingsProblems, describeSettingsProblems } from '../core/settings-messages';
import { AlreadyRunningError } from './lock';

export class UserFacingError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly detail: Record<string, string> = {},
  ) {
    super(code + (Object.keys(detail).length ? ` ${JSON.stringify(detail)}` : ''));
    this.name = 'UserFacingError';
  }
}

/** The message to show for an error the owner can act on; unknown errors keep their own. */
export function userMessage(error: unknown): string {
  const lang = langOfLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
  if (error instanceof AlreadyRunningError) return MESSAGE_TEXT(lang, 'already_running');
  if (error instanceof SettingsError)
    return MESSAGE_TEXT(lang, 'settings', { detail: describeSettingsProblems(lang, error.problems) });
  if (error instanceof FollowUpSettingsError)
    return MESSAGE_TEXT(lang, 'settings', { detail: describeFollowUpSettingsProblems(lang, error.problems) });
  if (error instanceof UserFacingError) return MESSAGE_TEXT(lang, error.code, error.detail);
  return error instanceof Error ? error.message : String(error);
}

/** Errors cross google.script.run as their message only: make it the owner's message. */
export function withUserMessages<A extends unknown[], R>(body: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return body(...args);
    } catch (e) {
      // Only the message crosses google.script.run, so a cause would be dropped there anyway.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(userMessage(e));
    }
  };
}
