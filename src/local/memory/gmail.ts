// The Gmail advanced service, drafts only: this add-on must never send mail, so every way to send
// (Gmail.Users.Messages.send, Drafts.send, GmailApp, MailApp) throws.

import { bytesOfBase64Url, utf8Text } from './bytes';
import { counted, MemoryEnv } from './env';

interface DraftResource {
  message?: { raw?: unknown };
}

export interface GmailDraft {
  id: string;
  message: { id: string; threadId: string; labelIds: string[]; raw?: string };
}

export function createGmail(env: MemoryEnv, userEmail: string) {
  const failure = (method: string, reason: string) =>
    env.error(`API call to gmail.users.drafts.${method} failed with error: ${reason}`);
  const checkUser = (method: string, userId: unknown) => {
    if (userId !== 'me' && userId !== userEmail) throw failure(method, `Delegation denied for ${userEmail}`);
  };
  const find = (method: string, id: unknown) => {
    const draft = env.drafts.find((d) => d.id === id);
    if (!draft) throw failure(method, 'Requested entity was not found.');
    return draft;
  };
  const forbidden = (what: string) => (): never => {
    throw env.error(`${what} is forbidden in this add-on: it only creates drafts.`);
  };

  const Drafts = counted(
    {
      create(resource: DraftResource, userId: string): GmailDraft {
        checkUser('create', userId);
        const raw = resource?.message?.raw;
        if (typeof raw !== 'string' || raw === '') throw failure('create', 'Missing draft message');
        // `raw` is "base64url encoded" (Gmail API reference): '+', '/', line breaks are refused.
        const bytes = bytesOfBase64Url(raw);
        if (!bytes)
          throw failure(
            'create',
            `Invalid value at 'draft.message.raw' (TYPE_BYTES), Base64 decoding failed for "${raw.slice(0, 40)}"`,
          );
        const n = env.nextId();
        const messageId = n.toString(16).padStart(16, '0');
        const draft = { id: `r-${n}`, messageId, threadId: messageId, raw, text: utf8Text(bytes) };
        env.drafts.push(draft);
        return { id: draft.id, message: { id: messageId, threadId: messageId, labelIds: ['DRAFT'] } };
      },
      list(userId: string): { drafts?: GmailDraft[]; resultSizeEstimate: number } {
        checkUser('list', userId);
        const drafts = env.drafts.map((d) => ({
          id: d.id,
          message: { id: d.messageId, threadId: d.threadId, labelIds: ['DRAFT'] },
        }));
        // The API leaves `drafts` out when there are none.
        return drafts.length ? { drafts, resultSizeEstimate: drafts.length } : { resultSizeEstimate: 0 };
      },
      get(userId: string, id: string, optionalArgs?: { format?: string }): GmailDraft {
        checkUser('get', userId);
        const d = find('get', id);
        const message = { id: d.messageId, threadId: d.threadId, labelIds: ['DRAFT'] };
        return { id: d.id, message: optionalArgs?.format === 'raw' ? { ...message, raw: d.raw } : message };
      },
      remove(userId: string, id: string): void {
        checkUser('delete', userId);
        env.drafts.splice(env.drafts.indexOf(find('delete', id)), 1);
      },
      send: forbidden('Gmail.Users.Drafts.send'),
    },
    'Gmail.Users.Drafts',
    env,
  );
  const Messages = counted({ send: forbidden('Gmail.Users.Messages.send') }, 'Gmail.Users.Messages', env);
  // users.getProfile is allowed with gmail.compose: the drafts' From address.
  const Users = counted(
    {
      getProfile(userId: string) {
        if (userId !== 'me' && userId !== userEmail)
          throw env.error(`API call to gmail.users.getProfile failed with error: Delegation denied for ${userEmail}`);
        return { emailAddress: userEmail, messagesTotal: 0, threadsTotal: 0, historyId: '1' };
      },
    },
    'Gmail.Users',
    env,
  );
  return {
    Gmail: { Users: Object.assign(Users, { Drafts, Messages }) },
    GmailApp: counted({ sendEmail: forbidden('GmailApp.sendEmail') }, 'GmailApp', env),
    MailApp: counted({ sendEmail: forbidden('MailApp.sendEmail') }, 'MailApp', env),
  };
}
