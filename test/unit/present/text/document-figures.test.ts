import { describe, expect, it } from 'vitest';
import { documentFigures, figuresLine } from '../../../../src/lib/present/text/document-figures';

describe('documentFigures', () => {
  // Tokens [0,2) [2,4) [4,6) [6,8) [8,10); the first is unscored (NaN); the response is bytes [3, 10).
  const scores = {
    logprob: Float32Array.from([NaN, -1, -2, -4, -6]),
    byteStart: Uint32Array.from([0, 2, 4, 6, 8]),
    byteEnd: Uint32Array.from([2, 4, 6, 8, 10]),
  };

  it('a plain document counts every token, and perplexity over the scored ones', () => {
    const f = documentFigures(scores, null);
    expect(f).toEqual({ tokens: 5, perplexity: expect.any(Number) as number, responseOnly: false });
    expect(f.perplexity).toBeCloseTo(Math.exp(13 / 4), 10);
    expect(figuresLine(f)).toBe(`5 tokens · perplexity ${Math.exp(13 / 4).toFixed(2)}`);
  });

  it('an instruction record counts only the tokens wholly inside a response, as the editor does', () => {
    // Token 1 straddles the response's start: context, like the prompt before it.
    const f = documentFigures(scores, [{ start: 3, end: 10 }]);
    expect(f.tokens).toBe(3);
    expect(f.responseOnly).toBe(true);
    expect(f.perplexity).toBeCloseTo(Math.exp(12 / 3), 10);
    expect(figuresLine(f)).toBe(`3 response tokens · perplexity ${Math.exp(4).toFixed(2)} (responses only)`);
  });

  it('several responses are counted together, the turn between them left out', () => {
    const f = documentFigures(scores, [
      { start: 2, end: 4 },
      { start: 6, end: 10 },
    ]);
    expect(f.tokens).toBe(3);
    expect(f.perplexity).toBeCloseTo(Math.exp(11 / 3), 10);
  });

  it('no scored response token: the count is 0 and perplexity says so', () => {
    const f = documentFigures(scores, [{ start: 0, end: 2 }]);
    expect(f).toMatchObject({ tokens: 1, responseOnly: true });
    expect(f.perplexity).toBeNaN();
    expect(figuresLine(f)).toBe('1 response token · perplexity — (responses only)');
  });
});
