/**
 * Sim 2's expected error of a memorising learner (Dohmatob et al., "A Tale of Tails", ICML 2024): trained on
 * T samples from q, it answers exactly the items it has seen, so on test items drawn from p its expected
 * error is
 *
 *   E(T) = Σ_i p_i (1 − q_i)^T,   with (1 − q)^T computed as exp(T·log1p(−q)).
 *
 * Items are passed as "atoms": weight w_j (the p-mass of one item, or of all items sharing one q value)
 * and q_j, sorted by q descending, plus the p-mass of items with q = 0 (never seen: the floor). For each T
 * only atoms with ε ≤ T·q_j < T·q_min + 50 are summed term by term: above, (1 − q)^T is below e^(−50) times
 * the rarest atom's factor, negligible even where the whole error is tiny; below,
 * the binomial series (1 − q)^T = 1 − Tq + C(T,2)q² − C(T,3)q³ + … summed over suffix totals Σw·q^k is
 * exact to (Tq)^4/24 < 7e-9 relative. That turns N·|grid| exponentials into a window per T.
 */

/** A sorted set of atoms with the suffix sums the series needs. */
export interface Atoms {
  /** p-mass of each atom, and its training probability q (non-increasing). */
  w: Float64Array;
  q: Float64Array;
  /** log1p(−q_j), precomputed. */
  logKeep: Float64Array;
  /** suffix[k][j] = Σ_{i ≥ j} w_i q_i^k for k = 0..3 (length n + 1). */
  suffix: [Float64Array, Float64Array, Float64Array, Float64Array];
  /** p-mass never seen in training (q = 0). */
  floor: number;
}

/** Above this T·q an atom's term is below e^(−50) of its weight: skipped. */
const SKIP_ABOVE = 50;
/** Below this T·q the four-term binomial series is used (error ≤ (Tq)^4/24 ≈ 7e-9). */
const SERIES_BELOW = 0.02;

/** Scratch arrays for atoms of up to `capacity` items, reused from curve to curve (N is up to 1e6). */
export interface AtomBuffers {
  logKeep: Float64Array;
  suffix: [Float64Array, Float64Array, Float64Array, Float64Array];
}

export function atomBuffers(capacity: number): AtomBuffers {
  const s = () => new Float64Array(capacity + 1);
  return { logKeep: new Float64Array(capacity), suffix: [s(), s(), s(), s()] };
}

/**
 * log1p(−q): below 1e-3 the series −q − q²/2 − q³/3 − q⁴/4 (relative error < q⁴/5 = 2e-13), which is
 * several times faster than Math.log1p and most of a Zipf law's items are that rare.
 */
function logKeepOf(q: number): number {
  return q < 1e-3 ? -q * (1 + q * (0.5 + q * (1 / 3 + q * 0.25))) : Math.log1p(-q);
}

/**
 * Builds atoms from weights and q values already sorted by q descending (q ∈ (0, 1]). With `buffers`,
 * the derived arrays are views into them (valid until the buffers are reused).
 */
export function atoms(w: Float64Array, q: Float64Array, floor: number, buffers?: AtomBuffers): Atoms {
  const n = w.length;
  if (q.length !== n) throw new RangeError('atoms: w and q must have the same length');
  for (let j = 1; j < n; j++)
    if (q[j] > q[j - 1]) throw new RangeError(`atoms: q must be sorted descending (index ${j})`);
  const b = buffers && buffers.logKeep.length >= n ? buffers : atomBuffers(n);
  const logKeep = b.logKeep.subarray(0, n);
  const [s0, s1, s2, s3] = b.suffix.map((a) => a.subarray(0, n + 1));
  s0[n] = s1[n] = s2[n] = s3[n] = 0;
  for (let j = n - 1; j >= 0; j--) {
    const qj = q[j];
    const wj = w[j];
    logKeep[j] = logKeepOf(qj);
    s0[j] = s0[j + 1] + wj;
    s1[j] = s1[j + 1] + wj * qj;
    s2[j] = s2[j + 1] + wj * qj * qj;
    s3[j] = s3[j + 1] + wj * qj * qj * qj;
  }
  return { w, q, logKeep, suffix: [s0, s1, s2, s3], floor };
}

/** First index j in [lo, n) with q[j] < bound (q non-increasing), n when none. */
function firstBelow(q: Float64Array, bound: number, lo: number): number {
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (q[mid] < bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** E(T) = floor + Σ_j w_j (1 − q_j)^T at each T of the grid. */
export function expectedError(a: Atoms, grid: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.length);
  const [s0, s1, s2, s3] = a.suffix;
  for (let t = 0; t < grid.length; t++) {
    const T = grid[t];
    // Skipped atoms are negligible next to the rarest atom's term, e^(−T·q_min), whatever T.
    const qMin = a.q.length > 0 ? a.q[a.q.length - 1] : 0;
    const start = firstBelow(a.q, qMin + SKIP_ABOVE / T, 0);
    const end = firstBelow(a.q, SERIES_BELOW / T, start);
    let sum = 0;
    for (let j = start; j < end; j++) sum += a.w[j] * Math.exp(T * a.logKeep[j]);
    const c1 = T;
    const c2 = (T * (T - 1)) / 2;
    const c3 = (c2 * (T - 2)) / 3;
    sum += s0[end] - c1 * s1[end] + c2 * s2[end] - c3 * s3[end];
    out[t] = a.floor + sum;
  }
  return out;
}

/** Zipf probabilities p_i ∝ i^(−β), i = 1..N. */
export function zipf(N: number, beta: number): Float64Array {
  const p = new Float64Array(N);
  let total = 0;
  // Summed from the smallest term up, so the normaliser keeps its last digits.
  for (let i = N; i >= 1; i--) total += p[i - 1] = Math.exp(-beta * Math.log(i));
  for (let i = 0; i < N; i++) p[i] /= total;
  return p;
}

/** Log-spaced T values from `from` to `to`, `perDecade` per factor of ten (both ends included). */
export function logGrid(from: number, to: number, perDecade: number): Float64Array {
  const steps = Math.round(Math.log10(to / from) * perDecade);
  return Float64Array.from({ length: steps + 1 }, (_, i) => from * Math.pow(10, i / perDecade));
}
