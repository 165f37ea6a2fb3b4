import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';

/** Pearson χ² of the k-th draw across consecutive seeds 0…7999, over 8 equal bins. */
function chiSquareOfDraw(k: number): number {
  const bins = new Float64Array(8);
  const seeds = 8000;
  for (let s = 0; s < seeds; s++) {
    const r = seededRng(s);
    let u = 0;
    for (let i = 0; i < k; i++) u = r();
    bins[Math.floor(u * 8)]++;
  }
  return bins.reduce((x, c) => x + (c - seeds / 8) ** 2 / (seeds / 8), 0);
}

describe('seededRng', () => {
  // pure-rand's own xoroshiro128plus(seed) fails this badly (χ² > 1000 for the first draw): small seeds
  // gave first draws in [0.99999, 1).
  it.each([1, 2, 3, 10])('draw %i is uniform across consecutive seeds (χ², 7 df, p > 0.001)', (k) => {
    expect(chiSquareOfDraw(k)).toBeLessThan(24.3);
  });

  it('is deterministic, in [0, 1), and differs between seeds (negative and large ones too)', () => {
    for (const seed of [0, 1, -1, 42, 2 ** 31 - 1, -(2 ** 31)]) {
      const a = seededRng(seed);
      const b = seededRng(seed);
      const c = seededRng(seed + 1);
      let same = 0;
      for (let i = 0; i < 100; i++) {
        const x = a();
        expect(x).toBe(b());
        expect(x >= 0 && x < 1).toBe(true);
        if (x === c()) same++;
      }
      expect(same).toBe(0);
    }
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => seededRng(1.5)).toThrow(RangeError);
    expect(() => seededRng(Number.NaN)).toThrow(RangeError);
  });
});
