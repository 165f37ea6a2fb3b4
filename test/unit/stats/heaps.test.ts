import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { heaps, logSpacedCounts } from '../../../src/lib/stats/measures/heaps';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { ok, randomShards } from './stats-fixtures';

/** Documents of Zipf-distributed words (P(rank r) ∝ 1/r over a large vocabulary). */
function zipfDocuments(documents: number, seed: number): string[][] {
  const rng = seededRng(seed);
  return Array.from({ length: documents }, () =>
    Array.from(
      { length: 20 + Math.floor(rng() * 200) },
      () => `w${Math.floor(Math.exp(rng() * Math.log(1e6)))}`,
    ),
  );
}

describe('heaps', () => {
  it('golden: one document, one order — V(N) read off by hand, K = 1 and β = 1 when every word is new', () => {
    const doc = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const r = ok(compute(heaps({ points: 4, minFitWords: 1 }), [doc]));
    expect(Array.from(r.curve.tokens)).toEqual([1, 10, 100, 1000]);
    expect(Array.from(r.curve.types)).toEqual([1, 10, 100, 1000]);
    expect(r.beta).toBeCloseTo(1, 12);
    expect(r.k).toBeCloseTo(1, 12);
    expect(r.r2).toBeCloseTo(1, 12);
  });

  it('golden: two documents, averaged over orders', () => {
    // A = a b (2 words), B = a c c (3 words). Order AB: V after 1..5 words = 1 2 2 3 3.
    // Order BA: a c c a b → 1 2 2 2 3. Averaged at N = 1, 2, 3, 4, 5 — both orders occur among 200 draws.
    const r = ok(
      compute(heaps({ points: 20, minFitWords: 1, replicates: 200 }), [
        ['a', 'b'],
        ['a', 'c', 'c'],
      ]),
    );
    expect(Array.from(r.curve.tokens)).toEqual([1, 2, 3, 4, 5]);
    const [v1, v2, v3, v4, v5] = Array.from(r.curve.types);
    expect([v1, v2, v3, v5]).toEqual([1, 2, 2, 3]);
    expect(v4).toBeGreaterThan(2.3); // 3·p + 2·(1 − p) with p = P(order AB) ≈ ½
    expect(v4).toBeLessThan(2.7);
  });

  it('fits a sublinear law on Zipf text: 0 < β < 1, curve increasing, ends at the vocabulary size', () => {
    const docs = zipfDocuments(300, 1);
    const r = ok(compute(heaps({ seed: 5 }), docs));
    const vocabulary = new Set(docs.flat()).size;
    expect(r.curve.types[r.curve.types.length - 1]).toBe(vocabulary);
    expect(r.curve.tokens[r.curve.tokens.length - 1]).toBe(docs.flat().length);
    for (let i = 1; i < r.curve.types.length; i++)
      expect(r.curve.types[i]).toBeGreaterThanOrEqual(r.curve.types[i - 1]);
    expect(r.beta).toBeGreaterThan(0.3);
    expect(r.beta).toBeLessThan(1);
    expect(r.r2).toBeGreaterThan(0.98);
    // the fit describes the curve where it was fitted
    const last = r.curve.tokens.length - 1;
    expect(
      Math.abs(Math.log(r.k * r.curve.tokens[last] ** r.beta) - Math.log(r.curve.types[last])),
    ).toBeLessThan(0.1);
  });

  it('same seed, same curve; sharded and merged in any order, the same curve', () => {
    const docs = zipfDocuments(80, 2);
    const stat = heaps({ seed: 9, replicates: 5 });
    const whole = ok(compute(stat, docs));
    for (const s of [1, 2]) {
      const parts = randomShards(docs, 4, s).map((shard) => {
        const acc = stat.empty();
        shard.forEach((d) => stat.add(acc, d));
        return acc;
      });
      expect(ok(stat.finalize(mergeAll(stat, parts)))).toEqual(whole);
    }
    const other = ok(compute(heaps({ seed: 10, replicates: 5 }), docs));
    expect(other.curve.types).not.toEqual(whole.curve.types);
  });

  it('log-spaced counts are integers, increasing, from 1 to the total', () => {
    const g = logSpacedCounts(12345, 30);
    expect(g[0]).toBe(1);
    expect(g[g.length - 1]).toBe(12345);
    for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1]);
  });

  it('is insufficient for too little text, and ignores empty documents', () => {
    const r = compute(heaps(), [['a', 'b'], []]);
    expect(isInsufficient(r) && r.insufficient).toMatch(/this corpus has 2/);
    expect(isInsufficient(compute(heaps(), [[]]))).toBe(true);
  });
});
