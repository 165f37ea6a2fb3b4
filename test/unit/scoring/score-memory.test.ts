import { describe, expect, it } from 'vitest';
import { fit } from '../../../src/lib/scoring/ngram/kneser-ney';
import { NgramPrior } from '../../../src/lib/scoring/ngram/ngram-prior';
import {
  ASSUMED_TEXT_BYTES_PER_TOKEN,
  bytesPerToken,
  scoredKProblem,
  scoreMemory,
  scoresByteLength,
} from '../../../src/lib/scoring/score-memory';

const TRAIN = [
  'The cat sat on the mat. A dog found two birds!',
  'Every child painted a red door. The old man walked past the river.',
];
const TEXTS = ['The cat sat on the mat.', 'An unseen zebra 🦓 walked past the river — 東京.'];
const utf8 = (t: string) => new TextEncoder().encode(t).length;

describe('the memory scores take, by the scored k', () => {
  const prior = new NgramPrior(fit(TRAIN, { order: 3 }));

  it.each([1, 2, 8, 17, 64])('k = %i: real scores take tokens × (24 + 8k) bytes', async (k) => {
    for (const text of TEXTS) {
      const scores = await prior.score(text, { k });
      expect(scores.k).toBe(k);
      expect(scores.topIds.length).toBe(scores.tokenIds.length * k);
      expect(scoresByteLength(scores)).toBe(scores.tokenIds.length * bytesPerToken(k));
    }
    expect(bytesPerToken(k)).toBe(24 + 8 * k);
  });

  it('is exact once every document is scored, and counts the scored tokens', async () => {
    const scores = await Promise.all(TEXTS.map((t) => prior.score(t, { k: 8 })));
    const tokens = scores.reduce((n, s) => n + s.tokenIds.length, 0);
    const cost = scoreMemory(8, {
      scoredTokens: tokens,
      scoredTextBytes: TEXTS.reduce((n, t) => n + utf8(t), 0),
      unscoredTextBytes: 0,
    });
    expect(cost).toMatchObject({ k: 8, bytesPerToken: 88, tokens, exact: true });
    expect(cost.bytes).toBe(scores.reduce((n, s) => n + scoresByteLength(s), 0));
  });

  it('estimates unscored text at the scored documents’ bytes per token, else at the assumed ratio', () => {
    // 100 tokens over 250 bytes scored: 2.5 bytes per token, so 500 more bytes are about 200 tokens.
    expect(scoreMemory(4, { scoredTokens: 100, scoredTextBytes: 250, unscoredTextBytes: 500 })).toEqual({
      k: 4,
      bytesPerToken: 56,
      tokens: 300,
      bytes: 300 * 56,
      exact: false,
      textBytesPerToken: 2.5,
      textBytes: 750,
    });
    const none = scoreMemory(16, { scoredTokens: 0, scoredTextBytes: 0, unscoredTextBytes: 4000 });
    expect(none).toMatchObject({ tokens: 4000 / ASSUMED_TEXT_BYTES_PER_TOKEN, exact: false });
    expect(none.bytes).toBe(1000 * (24 + 16 * 8));
  });

  it.each([
    [8, undefined],
    [1, undefined],
    [64, undefined],
    [0, 'alternatives per token must be a whole number from 1 to 64 (got 0)'],
    [65, 'alternatives per token must be a whole number from 1 to 64 (got 65)'],
    [2.5, 'alternatives per token must be a whole number from 1 to 64 (got 2.5)'],
    [NaN, 'alternatives per token must be a whole number from 1 to 64 (got NaN)'],
  ])('k = %d: %s', (k, problem) => {
    expect(scoredKProblem(k)).toBe(problem);
  });
});
