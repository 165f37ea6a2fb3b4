/**
 * The dense linear algebra Sim 3 needs, hand-written: XᵀX of a T×d design, its Cholesky factor, and solves
 * against it. d ≤ 50 here, so this is a tiny dense SPD problem (a few thousand flops a solve); no library
 * is worth its weight for that, and the factor is computed once per replicate and reused by every
 * generation and mode.
 */

/** XᵀX (d×d, row-major) of X (T×d, row-major). */
export function gram(X: Float64Array, T: number, d: number): Float64Array {
  const G = new Float64Array(d * d);
  for (let t = 0; t < T; t++) {
    const row = t * d;
    for (let i = 0; i < d; i++) {
      const xi = X[row + i];
      for (let j = 0; j <= i; j++) G[i * d + j] += xi * X[row + j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) G[j * d + i] = G[i * d + j];
  return G;
}

/** The lower-triangular L with L Lᵀ = A (row-major); throws when A is not positive definite. */
export function cholesky(A: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('the design matrix XᵀX is not positive definite');
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j];
    }
  }
  return L;
}

/** Solves (L Lᵀ) x = b in place (b becomes x). */
export function choleskySolve(L: Float64Array, d: number, b: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * b[k];
    b[i] = s / L[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * b[k];
    b[i] = s / L[i * d + i];
  }
  return b;
}

/** Solves Lᵀ x = b in place: with z ~ N(0, I), L⁻ᵀz ~ N(0, (L Lᵀ)⁻¹). */
export function upperSolve(L: Float64Array, d: number, b: Float64Array): Float64Array {
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * b[k];
    b[i] = s / L[i * d + i];
  }
  return b;
}

/** out = Xᵀ y (length d). */
export function transposeTimes(
  X: Float64Array,
  T: number,
  d: number,
  y: Float64Array,
  out: Float64Array,
): Float64Array {
  out.fill(0);
  for (let t = 0; t < T; t++) {
    const yt = y[t];
    if (yt === 0) continue;
    const row = t * d;
    for (let j = 0; j < d; j++) out[j] += X[row + j] * yt;
  }
  return out;
}

/** out = X w (length T). */
export function times(
  X: Float64Array,
  T: number,
  d: number,
  w: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let t = 0; t < T; t++) {
    const row = t * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += X[row + j] * w[j];
    out[t] = s;
  }
  return out;
}
