import { describe, expect, it } from 'vitest';
import { seededRng, type Uniform } from '../../../src/lib/random/seeded';
import {
  bootstrap,
  bootstrapMean,
  bootstrapStatistic,
  permutationTest,
  permutationTestMeans,
} from '../../../src/lib/stats/bootstrap';
import { isInsufficient } from '../../../src/lib/stats/statistic';
import { hapaxRatio, typeCounts, type TypeCountsAcc } from '../../../src/lib/stats/type-counts';
import { ok } from './fixtures';

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function normals(n: number, rng: Uniform, shift = 0): number[] {
  return Array.from(
    { length: n },
    () => shift + Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()),
  );
}

describe('bootstrap', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const xs = normals(40, seededRng(1));
    expect(bootstrap(xs, mean, { seed: 7 })).toEqual(bootstrap(xs, mean, { seed: 7 }));
    expect(ok(bootstrap(xs, mean, { seed: 8 })).lo).not.toBe(ok(bootstrap(xs, mean, { seed: 7 })).lo);
  });

  it('bootstrapMean makes the same draws as bootstrap(mean)', () => {
    const xs = normals(30, seededRng(2));
    const a = ok(bootstrap(xs, mean, { seed: 3, replicates: 200 }));
    const b = ok(bootstrapMean(xs, { seed: 3, replicates: 200 }));
    expect(b.lo).toBeCloseTo(a.lo, 12);
    expect(b.hi).toBeCloseTo(a.hi, 12);
    expect(b.estimate).toBeCloseTo(a.estimate, 12);
  });

  it('constant values give a zero-width interval at the value', () => {
    const r = ok(bootstrapMean([2, 2, 2, 2]));
    expect([r.estimate, r.lo, r.hi, r.standardError]).toEqual([2, 2, 2, 0]);
  });

  it('the 95 % interval of a mean covers the true mean about 95 % of the time', () => {
    const rng = seededRng(4);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const r = ok(bootstrapMean(normals(50, rng), { seed: t, replicates: 400 }));
      expect(r.lo).toBeLessThanOrEqual(r.hi);
      if (r.lo <= 0 && 0 <= r.hi) covered++;
    }
    // percentile intervals undercover slightly at n = 50; binomial sd at 200 trials ≈ 1.6 %
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('narrower intervals at a lower level, and the standard error near σ/√n', () => {
    const xs = normals(100, seededRng(5));
    const wide = ok(bootstrapMean(xs, { level: 0.95 }));
    const narrow = ok(bootstrapMean(xs, { level: 0.5 }));
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
    expect(wide.standardError).toBeGreaterThan(0.07);
    expect(wide.standardError).toBeLessThan(0.13);
  });

  it('bootstraps a mergeable statistic from per-document accumulators', () => {
    const docs = [['a', 'b'], ['a', 'c'], ['d'], ['a', 'a', 'e'], ['f', 'b']];
    const accs: TypeCountsAcc[] = docs.map((d) => {
      const acc = typeCounts.empty();
      typeCounts.add(acc, d);
      return acc;
    });
    const read = (r: ReturnType<typeof typeCounts.finalize>) => {
      if (isInsufficient(r)) return r;
      const h = hapaxRatio(r.counts.values());
      return isInsufficient(h) ? h : h.ratio;
    };
    const r = ok(bootstrapStatistic(typeCounts, accs, read, { replicates: 300, seed: 1 }));
    expect(r.estimate).toBe(4 / 6); // a:4, b:2 | c d e f once
    expect(r.lo).toBeLessThanOrEqual(r.hi);
    expect(r.lo).toBeGreaterThanOrEqual(0);
    expect(r.hi).toBeLessThanOrEqual(1);
  });

  it('says why when there are too few documents or the statistic fails too often', () => {
    expect(bootstrapMean([1])).toEqual({
      insufficient: 'a bootstrap needs at least 2 documents; there is 1',
    });
    expect(isInsufficient(bootstrap([], mean))).toBe(true);
    // fails whenever the resample lacks the one document that makes it defined
    const r = bootstrap([0, 0, 0, 1], (s) => (s.includes(1) ? 1 : { insufficient: 'no 1' }));
    expect(isInsufficient(r) && r.insufficient).toMatch(/could not be computed on \d+ of 1000 resamples/);
    expect(() => bootstrapMean([1, 2], { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapMean([1, NaN])).toThrow(RangeError);
  });
});

describe('permutationTest', () => {
  it('golden: {1, 2} vs {3, 4}: 2 of the 6 splits are as extreme, p ≈ 1/3', () => {
    const r = ok(permutationTestMeans([1, 2], [3, 4], { seed: 1 }));
    expect(r.observed).toBe(-2);
    expect(Math.abs(r.pValue - 1 / 3)).toBeLessThan(0.02);
    const greater = ok(permutationTestMeans([1, 2], [3, 4], { seed: 1, alternative: 'less' }));
    expect(Math.abs(greater.pValue - 1 / 6)).toBeLessThan(0.02);
  });

  it('detects a shift of one standard deviation and not a null difference', () => {
    const rng = seededRng(6);
    const shifted = ok(permutationTestMeans(normals(50, rng, 1), normals(50, rng), { permutations: 999 }));
    expect(shifted.pValue).toBeLessThan(0.01);
    expect(shifted.pValue).toBeGreaterThanOrEqual(1 / 1000); // never 0
    const same = normals(60, rng);
    const identical = ok(permutationTestMeans(same, same.slice(), { permutations: 999 }));
    expect(identical.observed).toBe(0);
    expect(identical.pValue).toBe(1); // every relabelling is at least as extreme as 0
  });

  it('p-values under the null are roughly uniform (share below 0.1 ≈ 0.1)', () => {
    const rng = seededRng(7);
    let below = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      if (
        ok(permutationTestMeans(normals(15, rng), normals(15, rng), { permutations: 199, seed: t })).pValue <=
        0.1
      ) {
        below++;
      }
    }
    expect(below / trials).toBeGreaterThan(0.04);
    expect(below / trials).toBeLessThan(0.17);
  });

  it('is deterministic for a seed; insufficient for an empty corpus', () => {
    const a = [1, 5, 2, 8];
    const b = [3, 3, 9];
    expect(permutationTestMeans(a, b, { seed: 2 })).toEqual(permutationTestMeans(a, b, { seed: 2 }));
    expect(isInsufficient(permutationTest([], b, () => 0))).toBe(true);
  });
});
