import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { concentration } from '../../../src/lib/stats/measures/concentration';
import {
  jsdContributions,
  jsDivergence,
  klDivergence,
  smoothed,
  totalVariation,
} from '../../../src/lib/stats/measures/divergence';
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { ok } from './stats-fixtures';

function randomCounts(seed: number, b = 50): Float64Array {
  const rng = seededRng(seed);
  return Float64Array.from({ length: b }, () => (rng() < 0.3 ? 0 : Math.floor(rng() * 20)));
}

describe('smoothed', () => {
  it('is (c + α)/(N + αB) and sums to 1', () => {
    expect(Array.from(ok(smoothed([3, 1, 0], 1)))).toEqual([4 / 7, 2 / 7, 1 / 7]);
    expect(ok(smoothed(randomCounts(1), 0.5)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(isInsufficient(smoothed([0, 0], 1))).toBe(true);
  });
});

describe('golden divergences', () => {
  // P = (1, 0), Q = (½, ½), M = (¾, ¼):
  // JSD = ½·log2(4/3) + ½[½·log2(2/3) + ½·log2(2)] = 3/2 − ¾·log2 3.
  it('JSD', () => expect(jsDivergence([2, 0], [1, 1])).toBeCloseTo(1.5 - 0.75 * Math.log2(3), 14));
  it('total variation', () => expect(totalVariation([2, 0], [1, 1])).toBeCloseTo(0.5, 15));
  // P = (½, ½), Q = (¼, ¾): KL = ½ ln 2 + ½ ln(2/3) = ½ ln(4/3).
  it('KL (α = 0)', () => expect(klDivergence([1, 1], [1, 3], 0)).toBeCloseTo(0.5 * Math.log(4 / 3), 14));
  // α = ½ on (1, 0) and (0, 1): P̃ = (¾, ¼), Q̃ = (¼, ¾): KL = ¾ ln 3 − ¼ ln 3 = ½ ln 3.
  it('KL with add-half smoothing', () =>
    expect(klDivergence([1, 0], [0, 1])).toBeCloseTo(0.5 * Math.log(3), 14));
});

describe('divergence invariants', () => {
  const cases = [1, 2, 3, 4, 5].map((s) => [randomCounts(s), randomCounts(s + 100)] as const);

  it.each(cases)('JSD symmetric and in [0, 1]; KL ≥ 0; TV in [0, 1]', (p, q) => {
    for (const alpha of [0, 0.5, 1]) {
      const j = ok(jsDivergence(p, q, alpha));
      expect(j).toBe(ok(jsDivergence(q, p, alpha)));
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThanOrEqual(1);
      expect(ok(totalVariation(p, q, alpha))).toBeLessThanOrEqual(1);
    }
    expect(ok(klDivergence(p, q))).toBeGreaterThanOrEqual(0);
  });

  it('JSD, TV and KL are 0 for identical (and proportional) inputs', () => {
    const p = randomCounts(9);
    expect(jsDivergence(p, p)).toBe(0);
    expect(jsDivergence([1, 2, 0], [2, 4, 0])).toBe(0);
    expect(totalVariation(p, p)).toBe(0);
    expect(klDivergence(p, p)).toBe(0);
  });

  it('JSD and TV are 1 for disjoint supports at α = 0, below 1 when smoothed', () => {
    expect(jsDivergence([3, 1, 0, 0], [0, 0, 5, 2])).toBeCloseTo(1, 14);
    expect(totalVariation([3, 1, 0, 0], [0, 0, 5, 2])).toBe(1);
    expect(ok(jsDivergence([3, 1, 0, 0], [0, 0, 5, 2], 1))).toBeLessThan(1);
  });

  it('says so: infinite KL at α = 0, an empty corpus; refuses different supports', () => {
    expect(isInsufficient(klDivergence([1, 1], [1, 0], 0))).toBe(true);
    expect(klDivergence([1, 0], [1, 1], 0)).toBeCloseTo(Math.log(2), 15); // Q's extra support is fine
    for (const f of [jsDivergence, totalVariation, klDivergence]) {
      expect(isInsufficient(f([0, 0], [1, 1]))).toBe(true);
      expect(isInsufficient(f([1, 1], [0, 0], 1))).toBe(true);
      expect(() => f([1], [1, 1])).toThrow(RangeError);
    }
  });
});

describe('jsdContributions', () => {
  const p = randomCounts(21, 200);
  const q = randomCounts(22, 200);

  it('δ_g match metrics.md, sum to the JSD, ranked, signed, cumulative share to 1', () => {
    const r = ok(jsdContributions(p, q, { alpha: 0.5 }));
    expect(r.jsd).toBeCloseTo(ok(jsDivergence(p, q, 0.5)), 14);
    const ps = ok(smoothed(p, 0.5));
    const qs = ok(smoothed(q, 0.5));
    const h = (x: number) => (x > 0 ? x * Math.log2(1 / x) : 0);
    for (const c of r.contributions) {
      const m = (ps[c.feature] + qs[c.feature]) / 2;
      expect(c.delta).toBeCloseTo(h(m) - 0.5 * (h(ps[c.feature]) + h(qs[c.feature])), 14);
      expect(c.sign).toBe(ps[c.feature] > qs[c.feature] ? 1 : -1);
    }
    const deltas = r.contributions.map((c) => c.delta);
    expect(deltas).toEqual(deltas.slice().sort((a, b) => b - a));
    expect(r.contributions.at(-1)!.cumulativeShare).toBeCloseTo(1, 12);
    expect(r.contributions.reduce((s, c) => s + c.delta, 0)).toBeCloseTo(r.jsd, 14);
  });

  it('golden: disjoint halves each contribute p/2', () => {
    const r = ok(jsdContributions([3, 1, 0], [0, 0, 4]));
    expect(r.contributions.map((c) => [c.feature, c.delta, c.sign, c.cumulativeShare])).toEqual([
      [2, 0.5, -1, 0.5],
      [0, 0.375, 1, 0.875],
      [1, 0.125, 1, 1],
    ]);
  });

  it('limits the list and says so for identical inputs', () => {
    expect(ok(jsdContributions(p, q, { limit: 5 })).contributions).toHaveLength(5);
    expect(isInsufficient(jsdContributions(p, p))).toBe(true);
  });
});

describe('concentration', () => {
  it.each([
    { counts: [4, 0, 0, 0], top1: 1, top2: 1, entropy: 0, gini: 0.75 },
    { counts: [1, 1, 1, 1], top1: 0.25, top2: 0.5, entropy: 1, gini: 0 },
    // sorted (1, 3): Gini = [(2−2−1)·1 + (4−2−1)·3] / (2·4) = 1/4; H = −(¼ ln ¼ + ¾ ln ¾)/ln 2
    {
      counts: [3, 1],
      top1: 0.75,
      top2: 1,
      entropy: -(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75)),
      gini: 0.25,
    },
  ])('$counts', ({ counts, top1, top2, entropy, gini }) => {
    const r = ok(concentration(counts, [1, 2]));
    expect(r.topKMass[0]).toEqual({ k: 1, mass: top1 });
    expect(r.topKMass[1]).toEqual({ k: 2, mass: top2 });
    expect(r.normalisedEntropy).toBeCloseTo(entropy, 14);
    expect(r.gini).toBeCloseTo(gini, 15);
  });

  it('top-k mass is monotone in k and reaches 1 at k = B; says so when empty', () => {
    const r = ok(concentration(randomCounts(3), [1, 10, 50]));
    const m = r.topKMass.map((t) => t.mass);
    expect(m).toEqual(m.slice().sort((a, b) => a - b));
    expect(m[2]).toBeCloseTo(1, 14);
    expect(isInsufficient(concentration([0, 0, 0]))).toBe(true);
    expect(isInsufficient(concentration([5]))).toBe(true);
  });
});
