import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { auroc, ksStatistic, wasserstein1 } from '../../../src/lib/stats/measures/two-sample';

const A = [1, 2, 3];
const B = [2, 4];

describe('two-sample golden numbers (by hand)', () => {
  // ECDFs after each value: x=1: (1/3, 0); x=2: (2/3, 1/2); x=3: (1, 1/2); x=4: (1, 1).
  it('KS = max |F_a − F_b| = 1/2 (at x = 3)', () => expect(ksStatistic(A, B)).toBeCloseTo(0.5, 15));
  // Area: [1,2)·1/3 + [2,3)·1/6 + [3,4)·1/2 = 1.
  it('W1 = 1/3 + 1/6 + 1/2 = 1', () => expect(wasserstein1(A, B)).toBeCloseTo(1, 15));
  // Pairs (a, b): (2,2) tie → ½, (3,2) → 1, the rest 0: U = 1.5 of 6.
  it('AUROC = 1.5 / 6', () => expect(auroc(A, B)).toBe(0.25));

  it.each([
    { a: [0], b: [1], ks: 1, w1: 1, auc: 0 },
    { a: [5, 5], b: [5], ks: 0, w1: 0, auc: 0.5 },
    { a: [1, 3], b: [1, 2], ks: 0.5, w1: 0.5, auc: 0.625 }, // U = (1,1)½ + (3,1) + (3,2) = 2.5 of 4
    { a: [-1, 0, 1], b: [10, 11, 12], ks: 1, w1: 11, auc: 0 },
  ])('$a vs $b', ({ a, b, ks, w1, auc }) => {
    expect(ksStatistic(a, b)).toBeCloseTo(ks, 15);
    expect(wasserstein1(a, b)).toBeCloseTo(w1, 12);
    expect(auroc(a, b)).toBeCloseTo(auc, 15);
  });
});

describe('two-sample invariants', () => {
  const rng = seededRng(3);
  const x = Array.from({ length: 50 }, () => Math.round(rng() * 20) / 4); // with ties
  const y = Array.from({ length: 37 }, () => Math.round(rng() * 24) / 4);

  it('KS and W1 are symmetric; AUROC(a,b) + AUROC(b,a) = 1; all in range', () => {
    expect(ksStatistic(x, y)).toBe(ksStatistic(y, x));
    expect(wasserstein1(x, y)).toBeCloseTo(wasserstein1(y, x) as number, 12);
    expect((auroc(x, y) as number) + (auroc(y, x) as number)).toBeCloseTo(1, 12);
    for (const v of [ksStatistic(x, y), auroc(x, y)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('identical samples: KS 0, W1 0, AUROC ½', () => {
    expect(ksStatistic(x, x.slice().reverse())).toBe(0);
    expect(wasserstein1(x, x)).toBe(0);
    expect(auroc(x, x)).toBe(0.5);
  });

  it('a shift by c has W1 = |c| and AUROC matches brute-force pair counting', () => {
    expect(
      wasserstein1(
        x,
        x.map((v) => v + 2.5),
      ),
    ).toBeCloseTo(2.5, 12);
    let u = 0;
    for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
    expect(auroc(x, y)).toBeCloseTo(u / (x.length * y.length), 14);
  });

  it('says so for an empty sample, or an infinite value in W1; refuses NaN', () => {
    for (const f of [ksStatistic, wasserstein1, auroc]) {
      expect(isInsufficient(f([], [1]))).toBe(true);
      expect(isInsufficient(f([1], []))).toBe(true);
      expect(() => f([NaN], [1])).toThrow(RangeError);
    }
    expect(isInsufficient(wasserstein1([1, Infinity], [2]))).toBe(true);
    expect(ksStatistic([1, Infinity], [2])).toBe(0.5);
  });
});
