// A JSON value kept in the document cache across the executions of one run, in pieces: Apps
// Script's cache holds at most 100 KB per value, 250 characters per key and 1,000 entries, for at
// most 6 hours (developers.google.com/apps-script/reference/cache/cache). Pieces of 90 KB leave
// room for the key; a value is refused past MAX_PIECES so that one run never crowds out the rest.

import { splitUtf8 } from '../core/chunks';

const PIECE_BYTES = 90 * 1024;
const MAX_PIECES = 50;
const SECONDS = 6 * 60 * 60;

/** Stores `value` under `key`; false when it is too large to keep (the caller then works without). */
export function putChunked(key: string, value: unknown): boolean {
  const cache = CacheService.getDocumentCache();
  if (!cache) return false;
  const pieces = splitUtf8(JSON.stringify(value), PIECE_BYTES);
  if (pieces.length > MAX_PIECES) return false;
  const entries: Record<string, string> = {};
  pieces.forEach((piece, i) => (entries[`${key}.${i}`] = piece));
  // Head and pieces in one call, with one expiry: a reader finding the head finds every piece.
  entries[key] = String(pieces.length);
  cache.putAll(entries, SECONDS);
  return true;
}

/** The value stored under `key`, or null when absent, expired or incomplete. */
export function getChunked<T>(key: string): T | null {
  const cache = CacheService.getDocumentCache();
  const head = cache ? cache.get(key) : null;
  if (!cache || head === null || !/^\d+$/.test(head)) return null;
  const keys = Array.from({ length: Number(head) }, (_, i) => `${key}.${i}`);
  const found = cache.getAll(keys);
  if (keys.some((k) => typeof found[k] !== 'string')) return null;
  try {
    return JSON.parse(keys.map((k) => found[k]).join('')) as T;
  } catch {
    return null;
  }
}

export function removeChunked(key: string): void {
  const cache = CacheService.getDocumentCache();
  const head = cache ? cache.get(key) : null;
  if (!cache || head === null) return;
  const n = /^\d+$/.test(head) ? Number(head) : 0;
  cache.removeAll([key, ...Array.from({ length: n }, (_, i) => `${key}.${i}`)]);
}
