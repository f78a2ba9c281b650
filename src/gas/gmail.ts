// Gmail drafts through the advanced service with a raw RFC 5322 message, so the only Gmail scope
// is gmail.compose. mimetext builds the message (its Apps Script build defines the global
// MimeText); Japanese subjects and names become encoded words, the body UTF-8 in base64.

declare const MimeText: typeof import('mimetext/gas');

export interface DraftMessage {
  to: string;
  toName: string;
  fromName: string;
  subject: string;
  body: string;
}

let senderAddress: string | null = null;

/** The owner's own address: drafts are theirs. Asked once per execution. */
function ownerAddress(): string {
  if (senderAddress === null) senderAddress = (Gmail!.Users!.getProfile('me').emailAddress as string) || '';
  return senderAddress;
}

/** RFC 2045 base64 lines of at most 76 characters. */
function base64Lines(text: string): string {
  const encoded = Utilities.base64Encode(text, Utilities.Charset.UTF_8);
  return encoded.replace(/(.{76})/g, '$1\r\n');
}

export function rawMessage(m: DraftMessage): string {
  const msg = MimeText.createMimeMessage();
  msg.setSender({ addr: ownerAddress(), name: m.fromName });
  msg.setTo({ addr: m.to, name: m.toName });
  msg.setSubject(m.subject);
  msg.addMessage({
    contentType: 'text/plain',
    data: base64Lines(m.body.replace(/\r?\n/g, '\r\n')),
    encoding: 'base64',
  });
  return msg.asRaw();
}

/** Creates one draft and returns its id. Never sends. */
export function createDraft(m: DraftMessage): string {
  const raw = Utilities.base64EncodeWebSafe(rawMessage(m));
  const draft = Gmail!.Users!.Drafts!.create({ message: { raw } }, 'me');
  return draft.id as string;
}

/** Deletes a draft this add-on just created (gmail.compose allows it). */
export function removeDraft(id: string): void {
  Gmail!.Users!.Drafts!.remove('me', id);
}

/** Quota and rate limits stop a run (what remains is drafted next time); other errors fail one draft. */
export function isQuotaError(message: string): boolean {
  return /too many times|rate limit|quota|limit exceeded|429/i.test(message);
}
