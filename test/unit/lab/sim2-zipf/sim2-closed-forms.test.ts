import { describe, expect, it } from 'vitest';
import {
  cleanConstant,
  cleanLaw,
  tailFloor,
  tailFloorAsymptotic,
} from '../../../../src/lib/lab/sim2-zipf/sim2-closed-forms';
import { zipf } from '../../../../src/lib/lab/sim2-zipf/sim2-error';

describe('Sim 2 closed forms (collapse-lab.md fixtures)', () => {
  it('clean law: (1/β)Γ(1 − 1/β)ζ(β)^(−1/β) = 0.691 for β = 2, and 6.90e-3 at T = 10⁴', () => {
    const want = 0.5 * Math.sqrt(Math.PI) * (Math.PI ** 2 / 6) ** -0.5;
    expect(Math.abs(cleanConstant(2) - want)).toBeLessThan(1e-12);
    expect(cleanConstant(2)).toBeCloseTo(0.691, 3);
    expect(Math.abs(cleanLaw(1e4, 2) - want / 100)).toBeLessThan(1e-12);
    expect(Math.abs(cleanLaw(1e4, 2) - 6.9e-3)).toBeLessThan(1.5e-5);
    // β = 3: (1/3)·Γ(2/3)·ζ(3)^(−1/3), Γ(2/3) = 1.3541179394264.
    expect(cleanConstant(3)).toBeCloseTo((1 / 3) * 1.3541179394264 * 1.2020569031595942 ** (-1 / 3), 12);
  });
  it('tail-cut floors with N = 10⁵: k = 100 → 6.04e-3, k = 1000 → 6.02e-4 (exact finite sums)', () => {
    const p = zipf(100000, 2);
    for (const [k, fixture] of [
      [100, 6.04e-3],
      [1000, 6.02e-4],
    ]) {
      let explicit = 0;
      for (let i = 99999; i >= k; i--) explicit += p[i];
      expect(Math.abs(tailFloor(k, 100000, 2) / explicit - 1)).toBeLessThan(1e-10);
      expect(Math.abs(tailFloor(k, 100000, 2) - fixture)).toBeLessThan(0.006 * fixture);
    }
    expect(tailFloor(100000, 100000, 2)).toBe(0);
  });
  it('the N = ∞ floor k^(1−β)/((β − 1)ζ(β)) approaches the exact one as N grows', () => {
    expect(tailFloorAsymptotic(100, 2)).toBeCloseTo(1 / (100 * (Math.PI ** 2 / 6)), 15);
    expect(Math.abs(tailFloor(100, 1e8, 2) / tailFloorAsymptotic(100, 2) - 1)).toBeLessThan(0.006);
  });
});
