import { describe, expect, it } from 'vitest';
import { isContext } from '../../../../src/lib/present/text/context-tokens';

describe('isContext', () => {
  // Tokens [0,2) [2,4) [4,6) [6,8); the response is bytes [3, 8).
  const scores = { byteStart: Uint32Array.from([0, 2, 4, 6]), byteEnd: Uint32Array.from([2, 4, 6, 8]) };
  const editable = [{ start: 3, end: 8 }];
  it.each([
    { tokens: [0], context: true },
    { tokens: [1], context: true }, // straddles the response's start: never edited
    { tokens: [2], context: false },
    { tokens: [1, 2], context: false }, // a character split across both: one of them is editable
    { tokens: [3], context: false },
  ])('tokens $tokens → context $context', ({ tokens, context }) => {
    expect(isContext({ tokens }, scores, editable)).toBe(context);
  });
  it('a plain document has no context', () => expect(isContext({ tokens: [0] }, scores, null)).toBe(false));
});
