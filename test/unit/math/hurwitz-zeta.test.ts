import { describe, expect, it } from 'vitest';
import { hurwitzZeta } from '../../../src/lib/math/special';

const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

describe('hurwitzZeta', () => {
  it.each([
    [2, 1, Math.PI ** 2 / 6],
    [3, 1, 1.2020569031595942],
    [2, 2, Math.PI ** 2 / 6 - 1],
    [4, 1, Math.PI ** 4 / 90],
    [1.5, 1, 2.612375348685488],
    [2, 0.5, Math.PI ** 2 / 2], // ζ(s, ½) = (2^s − 1) ζ(s)
    [6, 1, Math.PI ** 6 / 945],
    [2.5, 1, 1.341487257250917],
    // Laurent expansion at s = 1: 1/(s−1) + γ − γ₁(s−1) with γ₁ = −0.0728158454836767 (s − 1 as stored)
    [1.0001, 1, 1 / (1.0001 - 1) + 0.5772156649015329 + 0.0728158454836767 * (1.0001 - 1)],
  ])('ζ(%d, %d) = %d', (s, a, expected) => {
    expect(rel(hurwitzZeta(s, a), expected)).toBeLessThan(1e-14);
  });

  it('satisfies ζ(s, a) − ζ(s, a + 1) = a^(−s) across s and a', () => {
    for (const s of [1.01, 1.3, 2, 2.5, 4, 9]) {
      for (const a of [0.1, 1, 3, 7.5, 20, 1000, 1e6]) {
        const lhs = hurwitzZeta(s, a) - hurwitzZeta(s, a + 1);
        expect(rel(lhs, Math.pow(a, -s)), `s=${s} a=${a}`).toBeLessThan(a > 100 ? 1e-7 : 1e-11);
      }
    }
  });

  it('agrees with a long direct sum plus an integral tail', () => {
    // Σ_{k<10^6} (3+k)^(−2.2) + ∫ tail by Euler–Maclaurin's first two terms (error ~ 10^-20)
    const s = 2.2;
    let direct = 0;
    for (let k = 1e6 - 1; k >= 0; k--) direct += Math.pow(3 + k, -s);
    const w = 3 + 1e6;
    direct += Math.pow(w, 1 - s) / (s - 1) + Math.pow(w, -s) / 2;
    expect(rel(hurwitzZeta(s, 3), direct)).toBeLessThan(1e-12);
  });

  it('refuses s ≤ 1 and a ≤ 0 with the reason', () => {
    expect(() => hurwitzZeta(1, 1)).toThrow(/s > 1/);
    expect(() => hurwitzZeta(2, 0)).toThrow(/a must be > 0/);
    expect(() => hurwitzZeta(NaN, 1)).toThrow(RangeError);
  });
});
