// Splitting a text into pieces of at most N bytes of UTF-8, never inside a character: Apps
// Script's cache holds at most 100 KB per value (developers.google.com/apps-script/reference/cache).

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Pieces whose concatenation is `text`, each at most `maxBytes` bytes in UTF-8 ('' gives none). */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must hold any character (4 bytes)');
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  // Stryker disable next-line EqualityOperator: one more round past the end adds no piece the last line would not
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const size = utf8Length(cp);
    if (bytes + size > maxBytes) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += width;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}
