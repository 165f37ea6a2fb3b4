import { describe, expect, it } from 'vitest';
import { cleanLaw } from '../../../../src/lib/lab/sim2-zipf/sim2-closed-forms';
import { atoms, expectedError, logGrid, zipf } from '../../../../src/lib/lab/sim2-zipf/sim2-error';

/** Σ p_i (1 − q_i)^T term by term: the definition the fast evaluation must match. */
function bruteForce(p: ArrayLike<number>, q: ArrayLike<number>, T: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * Math.exp(T * Math.log1p(-q[i]));
  return s;
}

describe('expected error Σ p_i(1 − q_i)^T', () => {
  const grid = logGrid(10, 1e9, 5).map(Math.round);
  it('matches term-by-term sums for clean, cut, narrowed and lumpy q', () => {
    const p = zipf(3000, 1.5);
    const narrow = zipf(3000, 2.5);
    const cut = Float64Array.from(p.subarray(0, 200), (v) => v / p.subarray(0, 200).reduce((a, b) => a + b));
    const cutFloor = p.subarray(200).reduce((a, b) => a + b);
    for (let t = 0; t < grid.length; t++) {
      const T = grid[t];
      const cases: [number, number][] = [
        [expectedError(atoms(p, p, 0), [T])[0], bruteForce(p, p, T)],
        [expectedError(atoms(p, narrow, 0), [T])[0], bruteForce(p, narrow, T)],
        [
          expectedError(atoms(p.subarray(0, 200), cut, cutFloor), [T])[0],
          bruteForce(p.subarray(0, 200), cut, T) + cutFloor,
        ],
      ];
      for (const [fast, slow] of cases)
        expect(Math.abs(fast - slow)).toBeLessThanOrEqual(1e-8 * slow + 1e-300);
    }
  });
  it('is exact at the extremes: everything seen, one item with all the mass', () => {
    expect(expectedError(atoms(Float64Array.of(1), Float64Array.of(1), 0), [10])[0]).toBe(0);
    expect(expectedError(atoms(Float64Array.of(0.5), Float64Array.of(0.5), 0.5), [1])[0]).toBeCloseTo(
      0.75,
      15,
    );
    expect(() => atoms(Float64Array.of(0.5, 0.5), Float64Array.of(0.1, 0.2), 0)).toThrow(/descending/);
  });
  it('the finite-N clean curve follows the N = ∞ law at T = 10⁴ and bends below it once items run out', () => {
    const p = zipf(100000, 2);
    const e = expectedError(atoms(p, p, 0), [1e4, 1e9]);
    expect(Math.abs(e[0] / cleanLaw(1e4, 2) - 1)).toBeLessThan(0.01);
    expect(e[1]).toBeLessThan(0.8 * cleanLaw(1e9, 2));
  });
});
