import { describe, expect, it } from 'vitest';
import { expectedSurvivors } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-closed-forms';

const corpus = (ids: number[]) => ({ ids: Int32Array.from(ids), offsets: Int32Array.of(0, ids.length) });

describe('expected types after one generation', () => {
  it('is Σ 1 − (1 − p)^N over the human unigram distribution', () => {
    // N = 3 tokens: type 3 with p = 2/3, type 4 with p = 1/3.
    const want = 1 - (1 / 3) ** 3 + (1 - (2 / 3) ** 3);
    expect(expectedSurvivors(corpus([3, 3, 4]), 5)).toBeCloseTo(want, 15);
  });

  it('keeps a hapax among many with probability 1 − (1 − 1/N)^N ≈ 63 %', () => {
    const n = 10_000;
    const hapaxes = corpus(Array.from({ length: n }, (_, i) => i));
    expect(expectedSurvivors(hapaxes, n) / n).toBeCloseTo(1 - Math.exp(-1), 4);
  });

  it('keeps a type that holds every token', () => {
    expect(expectedSurvivors(corpus([3, 3, 3, 3]), 4)).toBe(1);
  });
});
