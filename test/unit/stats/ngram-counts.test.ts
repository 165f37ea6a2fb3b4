import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/random/seeded';
import { ngramCounts } from '../../../src/lib/stats/ngram-counts';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/statistic';
import { ok, randomShards } from './fixtures';

const TWO = ['The cat sat.', 'The cat ran!'];

describe('ngramCounts', () => {
  it('golden bigrams: "the cat" twice, the rest once, none across documents', () => {
    const r = ok(compute(ngramCounts({ n: 2, topK: 3 }), TWO));
    expect(r.total).toBe(6);
    expect(r.distinct).toBe(5);
    expect(r.distinctRatio).toBe(5 / 6);
    expect(r.meanDocumentDistinct).toBe(1); // within each document every bigram is new
    expect(r.top).toEqual([
      { ngram: 'the cat', count: 2, share: 2 / 6 },
      { ngram: 'cat ran', count: 1, share: 1 / 6 },
      { ngram: 'cat sat', count: 1, share: 1 / 6 },
    ]);
  });

  it('n = 1 gives the type–token ratio', () => {
    const r = ok(compute(ngramCounts({ n: 1 }), ['a a b', 'a']));
    expect(r.distinctRatio).toBe(2 / 4);
    expect(r.meanDocumentDistinct).toBe((2 / 3 + 1) / 2);
  });

  it('counts short documents and says so when no document is long enough', () => {
    const r = ok(compute(ngramCounts({ n: 3 }), ['a b c', 'a b', '']));
    expect(r.documents).toBe(1);
    expect(r.shortDocuments).toBe(2);
    expect(isInsufficient(compute(ngramCounts({ n: 3 }), ['a b']))).toBe(true);
    expect(() => ngramCounts({ n: 0 })).toThrow(RangeError);
  });

  it('merges random shards to exactly the whole', () => {
    const rng = seededRng(8);
    const words = ['x', 'y', 'z', 'w', '.', 'über'];
    const texts = Array.from({ length: 60 }, () =>
      Array.from({ length: Math.floor(rng() * 12) }, () => words[Math.floor(rng() * words.length)]).join(' '),
    );
    for (const n of [1, 2, 3]) {
      const stat = ngramCounts({ n, topK: 10 });
      const whole = compute(stat, texts);
      const parts = randomShards(texts, 4, n).map((s) => {
        const acc = stat.empty();
        s.forEach((t) => stat.add(acc, t));
        return acc;
      });
      expect(stat.finalize(mergeAll(stat, parts))).toEqual(whole);
    }
  });
});
