// Bytes and base64 without Node's Buffer, so that the stand-in also runs in a browser preview.
// Apps Script represents bytes as Java's signed bytes (-128..127).

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

export function toSigned(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

export function fromSigned(bytes: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(Array.from(bytes), (b) => b & 255);
}

export function base64Of(bytes: Uint8Array, webSafe: boolean): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument count small for large messages.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const base64 = btoa(binary);
  return webSafe ? base64.replace(/\+/g, '-').replace(/\//g, '_') : base64;
}

/** Decodes standard or web-safe base64, padded or not; null when the text is not base64. */
export function bytesOfBase64(text: string): Uint8Array | null {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard) || standard.replace(/=+$/, '').length % 4 === 1) return null;
  const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/**
 * Decodes base64url (RFC 4648 §5: '-' and '_', padding optional) as the Gmail API's `raw` must
 * be; null for anything else, standard base64's '+' and '/' included.
 */
export function bytesOfBase64Url(text: string): Uint8Array | null {
  return /^[A-Za-z0-9_-]*={0,2}$/.test(text) ? bytesOfBase64(text) : null;
}
