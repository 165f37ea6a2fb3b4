import { describe, expect, it } from 'vitest';
import { BINOMIAL_EXACT_BELOW, labRng, type LabRng } from '../../../src/lib/math/variates';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

/** Sample moments over n draws must sit within 5 standard errors of the truth (fails ~1 in 10⁶ runs). */
function expectMoments(
  draw: () => number,
  n: number,
  mean: number,
  variance: number,
  fourthCentral = 3 * variance * variance,
): void {
  const m = moments(draw, n);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  const varSe = Math.sqrt((fourthCentral - variance * variance) / n);
  expect(Math.abs(m.variance - variance)).toBeLessThan(5 * varSe + 1e-12);
}

describe('labRng determinism', () => {
  const drawAll = (r: LabRng): number[] => [
    r.uniform(),
    r.normal(),
    r.normal(),
    r.gamma(0.3),
    r.gamma(7),
    r.chiSquare(99),
    r.binomial(20, 0.3),
    r.binomial(100000, 0.4),
  ];
  it('same seed gives the same sequence, another seed another', () => {
    const a = drawAll(labRng(42));
    expect(drawAll(labRng(42))).toEqual(a);
    expect(drawAll(labRng(43))).not.toEqual(a);
  });
});

describe('uniform', () => {
  it('lies in [0, 1) with mean ½ and variance 1/12', () => {
    const r = labRng(1);
    let min = 1;
    let max = 0;
    expectMoments(
      () => {
        const u = r.uniform();
        min = Math.min(min, u);
        max = Math.max(max, u);
        return u;
      },
      200000,
      0.5,
      1 / 12,
      1 / 80,
    );
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});

describe('normal', () => {
  it('has mean 0, variance 1 and the right tail share', () => {
    const r = labRng(2);
    expectMoments(() => r.normal(), 400000, 0, 1);
    let beyond = 0;
    const n = 400000;
    for (let i = 0; i < n; i++) if (Math.abs(r.normal()) > 2) beyond++;
    // P(|Z| > 2) = 0.0455003
    expect(Math.abs(beyond / n - 0.0455003)).toBeLessThan(5 * Math.sqrt((0.0455 * 0.9545) / n));
  });
});

describe('gamma and chi-square', () => {
  // Gamma(a): mean a, variance a, fourth central moment 3a² + 6a.
  it.each([0.2, 0.5, 1, 2.5, 49.5, 5000])('Gamma(%f) moments', (a) => {
    const r = labRng(3);
    expectMoments(() => r.gamma(a), 200000, a, a, 3 * a * a + 6 * a);
  });
  // χ²_k: mean k, variance 2k, fourth central moment 12k² + 48k.
  it.each([1, 9, 99, 999])('χ²_%i moments', (k) => {
    const r = labRng(4);
    expectMoments(() => r.chiSquare(k), 200000, k, 2 * k, 12 * k * k + 48 * k);
  });
  it('is always positive, even for tiny shapes', () => {
    const r = labRng(5);
    for (let i = 0; i < 10000; i++) expect(r.gamma(0.05)).toBeGreaterThanOrEqual(0);
  });
  it('refuses shape ≤ 0', () => {
    expect(() => labRng(1).gamma(0)).toThrow(RangeError);
    expect(() => labRng(1).chiSquare(-1)).toThrow(RangeError);
  });
});

describe('binomial', () => {
  const cases: [number, number][] = [
    [10, 0.3],
    [50, 0.9],
    [1000, 0.01],
    [99, 0.5], // n·min(p, 1−p) = 49.5: last exact case
    [100, 0.5], // 50: first normal-approximation case
    [100000, 0.7],
  ];
  it.each(cases)('Bin(%i, %f) has mean np, variance np(1 − p), stays in [0, n]', (n, p) => {
    const r = labRng(6);
    const q = 1 - p;
    const v = n * p * q;
    let outside = 0;
    expectMoments(
      () => {
        const k = r.binomial(n, p);
        if (!Number.isInteger(k) || k < 0 || k > n) outside++;
        return k;
      },
      100000,
      n * p,
      v,
      3 * v * v + v * (1 - 6 * p * q),
    );
    expect(outside).toBe(0);
  });
  it('exact branch reproduces the pmf of Bin(5, 0.3)', () => {
    const r = labRng(7);
    const n = 200000;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) counts[r.binomial(5, 0.3)]++;
    const choose = [1, 5, 10, 10, 5, 1];
    for (let k = 0; k <= 5; k++) {
      const pk = choose[k] * 0.3 ** k * 0.7 ** (5 - k);
      expect(Math.abs(counts[k] / n - pk)).toBeLessThan(5 * Math.sqrt((pk * (1 - pk)) / n));
    }
  });
  it('handles the edges and refuses bad input', () => {
    const r = labRng(8);
    expect(r.binomial(0, 0.5)).toBe(0);
    expect(r.binomial(10, 0)).toBe(0);
    expect(r.binomial(10, 1)).toBe(10);
    expect(() => r.binomial(2.5, 0.5)).toThrow(RangeError);
    expect(() => r.binomial(10, 1.5)).toThrow(RangeError);
    expect(BINOMIAL_EXACT_BELOW).toBe(50);
  });
});
