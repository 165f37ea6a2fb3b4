import { describe, expect, it } from 'vitest';
import {
  digamma,
  erf,
  erfc,
  gamma,
  hurwitzZeta,
  logGamma,
  normalCdf,
  powerSum,
  zeta,
} from '../../../src/lib/math/special';

const EULER = 0.5772156649015329;

// Reference values: Abramowitz & Stegun, DLMF, and mpmath at 30 digits.
describe('erf and erfc', () => {
  const table: [number, number][] = [
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
  ];
  it.each(table)('erf(%f) within 1e-13', (x, want) => {
    expect(Math.abs(erf(x) - want)).toBeLessThan(1e-13);
    expect(Math.abs(erf(-x) + want)).toBeLessThan(1e-13);
  });
  it('erfc keeps relative accuracy in the right tail', () => {
    const tail: [number, number][] = [
      [2.5, 4.06952017444959e-4],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [26, 5.663192408856143e-296],
    ];
    for (const [x, want] of tail) expect(Math.abs(erfc(x) / want - 1)).toBeLessThan(1e-12);
    expect(erfc(-3)).toBeCloseTo(2 - 2.209049699858544e-5, 15);
    expect(erfc(40)).toBe(0);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(-1e308 * 10)).toBe(0);
  });
  it('is continuous where the series hands over to the continued fraction', () => {
    expect(Math.abs(erfc(2.5 - 1e-12) - erfc(2.5))).toBeLessThan(1e-14);
  });
});

describe('normalCdf', () => {
  const table: [number, number][] = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145705],
    [1.959963984540054, 0.975],
    [-3, 0.0013498980316301],
    [-6, 9.865876450376946e-10],
    [-10, 7.619853024160527e-24],
    [-37, 5.72557122252458e-300],
  ];
  it.each(table)('Φ(%f) to 1e-12 relative', (x, want) => {
    expect(Math.abs(normalCdf(x) / want - 1)).toBeLessThan(1e-12);
  });
  it('is monotone and in [0, 1]', () => {
    let prev = 0;
    for (let x = -40; x <= 40; x += 0.01) {
      const p = normalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      expect(p).toBeLessThanOrEqual(1);
      prev = p;
    }
  });
});

describe('logGamma and gamma', () => {
  const table: [number, number][] = [
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1, 0],
    [2, 0],
    [3, Math.log(2)],
    [10, Math.log(362880)],
    [0.1, 2.252712651734206],
    [1.5, -0.12078223763524522],
    [100, 359.1342053695754],
    [1e6, 12815504.569147613],
    [-0.5, Math.log(2 * Math.sqrt(Math.PI))],
    [-2.5, -0.05624371649767405],
  ];
  it.each(table)('logGamma(%f)', (x, want) => {
    expect(Math.abs(logGamma(x) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
  });
  it('has poles at 0 and the negative integers', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
  });
  it('gamma(5) = 24, Γ(1/2) = √π', () => {
    expect(gamma(5)).toBeCloseTo(24, 11);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 13);
    expect(() => gamma(-1)).toThrow(RangeError);
  });
});

describe('digamma', () => {
  const table: [number, number][] = [
    [1, -EULER],
    [0.5, -EULER - 2 * Math.log(2)],
    [2, 1 - EULER],
    [10, 2.251752589066721],
    // ψ(n + ½) = −γ − 2 ln 2 + Σ_{k≤n} 2/(2k − 1), here n = 49.
    [
      49.5,
      Array.from({ length: 49 }, (_, k) => 2 / (2 * k + 1)).reduce((a, b) => a + b, -EULER - 2 * Math.log(2)),
    ],
    [0.01, -100.56088545786866],
    [1000, 6.907255195648812],
    [-0.5, 0.03648997397857652],
  ];
  it.each(table)('ψ(%f)', (x, want) => {
    expect(Math.abs(digamma(x) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
  });
  it('satisfies ψ(x + 1) = ψ(x) + 1/x', () => {
    for (const x of [0.3, 1.7, 4.2, 12.5, 333]) expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 12);
  });
  it('is NaN at the poles', () => expect(digamma(0)).toBeNaN());
});

describe('zeta', () => {
  const table: [number, number][] = [
    [2, Math.PI ** 2 / 6],
    [4, Math.PI ** 4 / 90],
    [3, 1.2020569031595942],
    [1.5, 2.612375348685488],
    [1.1, 10.584448464950809],
    [1.01, 100.57794333849687],
    [10, 1.0009945751278182],
    [40, 1.0000000000009095],
  ];
  it.each(table)('ζ(%f) to 1e-12 relative', (s, want) => {
    expect(Math.abs(zeta(s) / want - 1)).toBeLessThan(1e-12);
  });
  it('refuses s ≤ 1', () => expect(() => zeta(1)).toThrow(RangeError));
  it('Hurwitz: ζ(s, a) − ζ(s, a + 1) = a^(−s), ζ(2, ½) = π²/2', () => {
    for (const [s, a] of [
      [2, 0.3],
      [1.5, 7],
      [3.3, 120],
    ])
      expect(hurwitzZeta(s, a) - hurwitzZeta(s, a + 1)).toBeCloseTo(Math.pow(a, -s), 12);
    expect(hurwitzZeta(2, 0.5)).toBeCloseTo(Math.PI ** 2 / 2, 12);
  });
  it('powerSum matches explicit sums and the tail', () => {
    let explicit = 0;
    for (let i = 101; i <= 100000; i++) explicit += Math.pow(i, -2);
    expect(Math.abs(powerSum(2, 101, 100000) / explicit - 1)).toBeLessThan(1e-12);
    expect(powerSum(2, 1)).toBeCloseTo(Math.PI ** 2 / 6, 13);
    expect(powerSum(2, 5, 4)).toBe(0);
    expect(powerSum(3, 1, 3)).toBeCloseTo(1 + 1 / 8 + 1 / 27, 15);
  });
});
