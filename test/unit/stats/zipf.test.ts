import { describe, expect, it } from 'vitest';
import { seededRng, type Uniform } from '../../../src/lib/math/seeded';
import { hurwitzZeta } from '../../../src/lib/math/special';
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { fitZipf, powerLawExponent, rankFrequency } from '../../../src/lib/stats/measures/zipf';
import { ok } from './stats-fixtures';

/** Exact draws from the discrete power law p(x) = x^−α / ζ(α, xmin): invert P(X ≥ x) = ζ(α, x)/ζ(α, xmin). */
function samplePowerLaw(count: number, alpha: number, xmin: number, rng: Uniform): number[] {
  const z = hurwitzZeta(alpha, xmin);
  const survival = (x: number) => hurwitzZeta(alpha, x) / z;
  return Array.from({ length: count }, () => {
    const u = 1 - rng(); // (0, 1]
    // largest x with P(X ≥ x) ≥ u
    let lo = xmin;
    let hi = xmin + 1;
    while (survival(hi) >= u) {
      lo = hi;
      hi = xmin + 2 * (hi - xmin) + 1;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (survival(mid) >= u) lo = mid;
      else hi = mid;
    }
    return lo;
  });
}

describe('fitZipf', () => {
  it.each([1, 2, 3, 4, 5])(
    'recovers α = 2.5 within ±0.1 on a seeded sample of 5000 types (seed %i)',
    (seed) => {
      const xs = samplePowerLaw(5000, 2.5, 1, seededRng(seed));
      const fit = ok(fitZipf(xs));
      expect(Math.abs(fit.exponent - 2.5)).toBeLessThan(0.1);
      expect(fit.rankExponent).toBeCloseTo(1 / (fit.exponent - 1), 12);
      expect(fit.tail).toBeLessThanOrEqual(5000);
      expect(fit.tail).toBeGreaterThanOrEqual(50);
      expect(fit.ks).toBeGreaterThan(0);
      expect(fit.ks).toBeLessThan(0.05);
      expect(fit.exponentStdError).toBeGreaterThan(0);
      expect(fit.exponentStdError).toBeLessThan(0.1);
    },
  );

  it('finds x_min where the power law starts (a uniform body below x_min = 10)', () => {
    const rng = seededRng(7);
    const body = Array.from({ length: 3000 }, () => 1 + Math.floor(rng() * 9));
    const tail = samplePowerLaw(3000, 2.2, 10, rng);
    const fit = ok(fitZipf(body.concat(tail)));
    expect(fit.xmin).toBeGreaterThanOrEqual(9);
    expect(fit.xmin).toBeLessThanOrEqual(12);
    expect(Math.abs(fit.exponent - 2.2)).toBeLessThan(0.15);
  });

  it('the MLE for a fixed x_min solves the likelihood equation ζ′/ζ = −mean ln x', () => {
    const xs = samplePowerLaw(2000, 2.0, 1, seededRng(8));
    const sumLog = xs.reduce((s, x) => s + Math.log(x), 0);
    const alpha = powerLawExponent(xs.length, sumLog, 1);
    expect(alpha).not.toBeNull();
    const h = 1e-5;
    const dlogz = (Math.log(hurwitzZeta(alpha! + h, 1)) - Math.log(hurwitzZeta(alpha! - h, 1))) / (2 * h);
    expect(dlogz).toBeCloseTo(-sumLog / xs.length, 6);
  });

  it('is deterministic and independent of input order', () => {
    const xs = samplePowerLaw(1000, 2.5, 1, seededRng(9));
    expect(fitZipf(xs.slice().reverse())).toEqual(fitZipf(xs));
  });

  it('scans every x_min candidate: the chosen one has the smallest KS of all distinct frequencies', () => {
    const xs = samplePowerLaw(5000, 1.8, 1, seededRng(10));
    const fit = ok(fitZipf(xs));
    const distinct = [...new Set(xs)].sort((a, b) => a - b);
    const allowed = distinct.filter((d) => xs.filter((x) => x >= d).length >= 50);
    expect(fit.candidates).toBe(allowed.length);
    // No allowed x_min gives a closer fit (each refitted on its own tail).
    for (const d of allowed) {
      const tail = xs.filter((x) => x >= d);
      const f = fitZipf(tail, { minTail: tail.length });
      if (!isInsufficient(f) && f.xmin === d) expect(f.ks).toBeGreaterThanOrEqual(fit.ks - 1e-12);
    }
    expect(Math.abs(fit.exponent - 1.8)).toBeLessThan(0.15);
  });

  it('is insufficient below 50 types or with no power law to fit', () => {
    const few = fitZipf([1, 2, 3]);
    expect(isInsufficient(few) && few.insufficient).toMatch(/at least 50 word types; this corpus has 3/);
    expect(isInsufficient(fitZipf(new Array(200).fill(1)))).toBe(true);
    expect(() => fitZipf([0, ...new Array(60).fill(1)])).toThrow(RangeError);
  });
});

describe('rankFrequency', () => {
  it('lists every rank for a short list, descending frequencies', () => {
    const r = rankFrequency([1, 5, 3, 3]);
    expect(Array.from(r.ranks)).toEqual([1, 2, 3, 4]);
    expect(Array.from(r.frequencies)).toEqual([5, 3, 3, 1]);
    expect(r.thinned).toBe(false);
  });

  it('thins a long tail log-spaced, keeping the head and the last rank, ranks increasing', () => {
    const xs = samplePowerLaw(100_000, 2.0, 1, seededRng(11));
    const r = rankFrequency(xs, 1000);
    expect(r.thinned).toBe(true);
    expect(r.ranks.length).toBeLessThanOrEqual(1001);
    expect(Array.from(r.ranks.subarray(0, 250))).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(r.ranks[r.ranks.length - 1]).toBe(100_000);
    for (let i = 1; i < r.ranks.length; i++) {
      expect(r.ranks[i]).toBeGreaterThan(r.ranks[i - 1]);
      expect(r.frequencies[i]).toBeLessThanOrEqual(r.frequencies[i - 1]);
    }
    const sorted = xs.slice().sort((a, b) => b - a);
    r.ranks.forEach((rank, i) => expect(r.frequencies[i]).toBe(sorted[rank - 1]));
  });
});
