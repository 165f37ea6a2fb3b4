import { describe, expect, it } from 'vitest';
import { tokenSegments } from '../../../../src/lib/present/text/token-segments';
import type { DocumentScores } from '../../../../src/lib/scoring/scores';

/** Scores for tokens with the given byte lengths and log-probs (other fields irrelevant here). */
function fakeScores(lengths: number[], logprobs: number[]): DocumentScores {
  const n = lengths.length;
  const byteStart = new Uint32Array(n);
  const byteEnd = new Uint32Array(n);
  let at = 0;
  lengths.forEach((len, i) => {
    byteStart[i] = at;
    byteEnd[i] = at += len;
  });
  return {
    tokenIds: new Int32Array(n),
    byteStart,
    byteEnd,
    logprob: Float32Array.from(logprobs),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    k: 0,
    topIds: new Int32Array(0),
    topLogprobs: new Float32Array(0),
    bosPrepended: true,
  };
}

describe('tokenSegments', () => {
  it('gives one segment per token when tokens end on character boundaries', () => {
    const segs = tokenSegments('ab cd', fakeScores([2, 3], [-1, -2]));
    expect(segs.map((s) => s.text)).toEqual(['ab', ' cd']);
    expect(segs.map((s) => s.tokens)).toEqual([[0], [1]]);
  });

  it('merges tokens that split a character, with the joint log-probability', () => {
    // "😀" is 4 bytes, split 1+3 by a byte-level tokenizer; then "!".
    const segs = tokenSegments('😀!', fakeScores([1, 3, 1], [-0.5, -0.25, -1]));
    expect(segs.map((s) => s.text)).toEqual(['😀', '!']);
    expect(segs[0].tokens).toEqual([0, 1]);
    expect(segs[0].logprob).toBeCloseTo(-0.75, 6);
  });

  it('concatenates back to the text (invariant), whatever the split', () => {
    const text = 'é言😀\r\n';
    const bytes = new TextEncoder().encode(text).length; // 2 + 3 + 4 + 2 = 11
    for (const lengths of [[11], [1, 10], [2, 3, 4, 2], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [5, 6]]) {
      expect(lengths.reduce((a, b) => a + b)).toBe(bytes);
      const segs = tokenSegments(
        text,
        fakeScores(
          lengths,
          lengths.map(() => -1),
        ),
      );
      expect(segs.map((s) => s.text).join('')).toBe(text);
      expect(segs.flatMap((s) => s.tokens)).toEqual(lengths.map((_, i) => i));
    }
  });

  it('keeps an unscored first token unscored (NaN)', () => {
    expect(Number.isNaN(tokenSegments('ab', fakeScores([1, 1], [NaN, -1]))[0].logprob)).toBe(true);
  });
});
