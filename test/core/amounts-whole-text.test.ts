// An amount is read from the whole text or not at all: a number followed by anything else is no
// amount (null, reported as an unreadable row), never NaN or the number's first part.
import { parseAmountCell } from '../../src/core/cells';

describe('parseAmountCell reads the whole text', () => {
  it.each([
    ['.5', 0.5],
    ['¥.5', 0.5],
    ['▲.25円', -0.25],
  ])('%p is %p', (text, expected) => {
    expect(parseAmountCell(text)).toBe(expected);
  });

  it.each(['.5x', '¥.5abc', '.5.5', '1,080x', 'x1,080'])('%p is no amount', (text) => {
    expect(parseAmountCell(text)).toBeNull();
  });
});
