import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import {
  codePointLength,
  LENGTH_EDGES,
  lengthDistribution,
  type LengthInput,
} from '../../../src/lib/stats/measures/length-distribution';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { words } from '../../../src/lib/stats/measures/words';
import { ok, randomShards } from './stats-fixtures';

const doc = (text: string): LengthInput => ({ text, words: words(text) });

describe('lengthDistribution', () => {
  it('edges: 0…10, then log-spaced, every bin holding a whole number', () => {
    expect(Array.from(LENGTH_EDGES.subarray(0, 11))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(LENGTH_EDGES[LENGTH_EDGES.length - 1]).toBeCloseTo(1e8, 0);
    for (let i = 1; i < LENGTH_EDGES.length; i++) {
      expect(Math.ceil(LENGTH_EDGES[i - 1])).toBeLessThan(LENGTH_EDGES[i]); // an integer in [e_i−1, e_i)
    }
  });

  it('golden: words and characters per document, counts conserve', () => {
    const r = ok(
      compute(lengthDistribution, [doc('The cat sat.'), doc(''), doc('日本語のテキスト'), doc('😀 ok')]),
    );
    expect(r.documents).toBe(4);
    // words 3, 0, 3, 1; characters 12, 0, 8, 4 (the emoji is one code point)
    expect(r.words).toMatchObject({ mean: 7 / 4, min: 0, max: 3, total: 7 });
    expect(r.characters).toMatchObject({ mean: 24 / 4, min: 0, max: 12, total: 24 });
    expect(Array.from(r.words.histogram.counts.subarray(0, 4))).toEqual([1, 1, 0, 2]);
    for (const h of [r.words.histogram, r.characters.histogram]) {
      expect(h.total).toBe(4);
      expect(h.shares.reduce((s, x) => s + x, 0) + h.underflowShare + h.overflowShare).toBeCloseTo(1, 15);
    }
  });

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('\ud800x')).toBe(2); // a lone surrogate counts as one
    expect(codePointLength('')).toBe(0);
  });

  it('merges random shards to exactly the whole', () => {
    const rng = seededRng(2);
    const docs = Array.from({ length: 70 }, () => doc('word '.repeat(Math.floor(rng() ** 3 * 3000))));
    const whole = ok(compute(lengthDistribution, docs));
    const parts = randomShards(docs, 5, 3).map((s) => {
      const acc = lengthDistribution.empty();
      s.forEach((d) => lengthDistribution.add(acc, d));
      return acc;
    });
    expect(ok(lengthDistribution.finalize(mergeAll(lengthDistribution, parts)))).toEqual(whole);
  });

  it('is insufficient without documents', () => {
    expect(isInsufficient(compute(lengthDistribution, []))).toBe(true);
  });
});
