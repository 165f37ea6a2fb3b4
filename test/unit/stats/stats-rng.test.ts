import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/random/seeded';
import { statsRng } from '../../../src/lib/stats/stats-rng';

/** Pearson χ² of the k-th draw across consecutive seeds, over 8 equal bins. */
function chiSquare(make: (seed: number) => () => number, k: number): number {
  const bins = new Float64Array(8);
  const seeds = 8000;
  for (let s = 0; s < seeds; s++) {
    const r = make(s);
    let u = 0;
    for (let i = 0; i < k; i++) u = r();
    bins[Math.floor(u * 8)]++;
  }
  return bins.reduce((x, c) => x + (c - seeds / 8) ** 2 / (seeds / 8), 0);
}

describe('statsRng', () => {
  it('first draws are uniform across consecutive seeds (χ², 7 df, p > 0.001)', () => {
    for (const k of [1, 2, 3]) expect(chiSquare(statsRng, k)).toBeLessThan(24.3);
  });

  it('plain seededRng does not have that property (the reason this exists)', () => {
    expect(chiSquare(seededRng, 1)).toBeGreaterThan(1000);
  });

  it('is deterministic, in [0, 1), and rejects non-integer seeds', () => {
    const a = statsRng(42);
    const b = statsRng(42);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(() => statsRng(1.5)).toThrow(RangeError);
  });
});
