// splitUtf8 counts each character's UTF-8 bytes exactly at the edges of the 1-, 2-, 3- and 4-byte
// ranges: one byte too many and a piece would be refused by the cache; one too few and pieces are cut short.
import { splitUtf8 } from '../../src/core/chunks';

describe('splitUtf8 at the edges of the UTF-8 widths', () => {
  it.each([
    ['\u007f', 1],
    ['\u0080', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\uffff', 3],
    ['\u{10000}', 4],
  ])('%p takes %d byte(s)', (ch, size) => {
    // Pieces of 12 bytes: 12 / size characters each, so the split point shows the width counted.
    const perPiece = 12 / size;
    const text = ch.repeat(perPiece + 1);
    expect(splitUtf8(text, 12)).toStrictEqual([ch.repeat(perPiece), ch]);
  });

  it('moves past a character outside the BMP as one, both of its UTF-16 units', () => {
    // U+FFFF is one unit of 3 bytes; U+10000 two units of 4 bytes.
    expect(splitUtf8('\uffff\u{10000}a', 4)).toStrictEqual(['\uffff', '\u{10000}', 'a']);
  });

  it('accepts 4 bytes a piece, the widest character', () => {
    expect(splitUtf8('\u{10000}\u{10000}', 4)).toStrictEqual(['\u{10000}', '\u{10000}']);
  });

  it('says why a limit under 4 bytes is refused', () => {
    expect(() => splitUtf8('a', 3)).toThrow('maxBytes must hold any character (4 bytes)');
  });
});
