import { describe, expect, it } from 'vitest';
import { labRng } from '../../../../src/lib/math/variates';
import {
  cholesky,
  choleskySolve,
  gram,
  times,
  transposeTimes,
  upperSolve,
} from '../../../../src/lib/lab/sim3-regression/sim3-linear';

describe('Sim 3 linear algebra', () => {
  it('Cholesky factors XᵀX and solves against it', () => {
    const r = labRng(1);
    const T = 30;
    const d = 6;
    const X = Float64Array.from({ length: T * d }, () => r.normal());
    const A = gram(X, T, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += X[t * d + i] * X[t * d + j];
        expect(A[i * d + j]).toBeCloseTo(s, 10);
      }
    const L = cholesky(A, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += L[i * d + k] * L[j * d + k];
        expect(s).toBeCloseTo(A[i * d + j], 10);
        if (j > i) expect(L[i * d + j]).toBe(0);
      }
    const want = Float64Array.from({ length: d }, () => r.normal());
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) b[i] += A[i * d + j] * want[j];
    const got = choleskySolve(L, d, Float64Array.from(b));
    for (let i = 0; i < d; i++) expect(got[i]).toBeCloseTo(want[i], 10);
    // Lᵀx = z: then L Lᵀ x = L z.
    const z = Float64Array.from({ length: d }, () => r.normal());
    const x = upperSolve(L, d, Float64Array.from(z));
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = i; k < d; k++) s += L[k * d + i] * x[k];
      expect(s).toBeCloseTo(z[i], 10);
    }
    // X w and Xᵀ y.
    const y = times(X, T, d, want, new Float64Array(T));
    expect(y[3]).toBeCloseTo(
      Array.from(want).reduce((s, w, j) => s + w * X[3 * d + j], 0),
      12,
    );
    const back = transposeTimes(X, T, d, y, new Float64Array(d));
    for (let i = 0; i < d; i++) expect(back[i]).toBeCloseTo(b[i], 9);
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});
