/**
 * The three samplers over a flagged token's candidates. Pure: they take the candidates' log-probs (in any
 * order) and a uniform source, and return the drawn index with the distribution it was drawn from (for the
 * edit log and the expected-edit count). Weights are normalised over the candidates passed in, i.e. over
 * the top-k after specials (and, with force change, the original) were removed: only k candidates are
 * known, so the residual mass outside them is not represented.
 */
import type { Uniform } from '../math/seeded';
import type { SamplerKind } from './config';

export interface Draw {
  index: number;
  /** Probability of drawing each candidate under this sampler (sums to 1). */
  weights: Float64Array;
}

/** q_j ∝ p_j^(1/β) = exp(logp_j / β), normalised; computed relative to the maximum so it cannot overflow. */
export function temperedWeights(logps: ArrayLike<number>, beta: number): Float64Array {
  const n = logps.length;
  const q = new Float64Array(n);
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (logps[j] > max) max = logps[j];
  if (max === -Infinity) {
    // Every candidate has probability 0: fall back to uniform rather than dividing 0 by 0.
    q.fill(n > 0 ? 1 / n : 0);
    return q;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) sum += q[j] = Math.exp((logps[j] - max) / beta);
  for (let j = 0; j < n; j++) q[j] /= sum;
  return q;
}

/** Slack for rounded cumulative sums: 0.6 + 0.3 is 0.8999999999999999, which must still reach 0.9. */
const NUCLEUS_SLACK = 1e-12;

/** Keeps the smallest most-probable set whose mass reaches topP (at least one candidate), renormalised. */
export function nucleusWeights(q: Float64Array, topP: number): Float64Array {
  const order = Array.from(q.keys()).sort((a, b) => q[b] - q[a] || a - b);
  const out = new Float64Array(q.length);
  let mass = 0;
  for (const j of order) {
    out[j] = q[j];
    mass += q[j];
    if (mass >= topP - NUCLEUS_SLACK) break;
  }
  for (let j = 0; j < out.length; j++) out[j] /= mass;
  return out;
}

/** Inverse-CDF draw from normalised weights; skips zero-weight entries even when u lands on a boundary. */
export function drawCategorical(weights: Float64Array, u: number): number {
  let target = u;
  let last = -1;
  for (let j = 0; j < weights.length; j++) {
    if (weights[j] <= 0) continue;
    last = j;
    if (target < weights[j]) return j;
    target -= weights[j];
  }
  // Rounding left u just past the cumulative sum: the last candidate with mass.
  return last;
}

/** Safety net: each round accepts with probability ≥ 1/n, so this is never reached in practice. */
const MAX_REJECTION_ROUNDS = 1_000_000;

/**
 * RSO-style rejection: propose c uniformly, accept when u < exp((r_c − r_max)/β). The best candidate is
 * accepted with probability 1 (u < 1), so a round succeeds with probability ≥ 1/n; the accepted candidate
 * has the distribution ∝ p^(1/β).
 */
export function rejectionDraw(logps: ArrayLike<number>, beta: number, rng: Uniform): number {
  const n = logps.length;
  let max = -Infinity;
  let argmax = 0;
  for (let j = 0; j < n; j++)
    if (logps[j] > max) {
      max = logps[j];
      argmax = j;
    }
  if (max === -Infinity) return Math.min(n - 1, Math.floor(rng() * n));
  for (let round = 0; round < MAX_REJECTION_ROUNDS; round++) {
    const c = Math.min(n - 1, Math.floor(rng() * n));
    if (rng() < Math.exp((logps[c] - max) / beta)) return c;
  }
  return argmax;
}

/** One draw with the chosen sampler; `logps` must be non-empty. */
export function sample(
  kind: SamplerKind,
  logps: ArrayLike<number>,
  beta: number,
  topP: number,
  rng: Uniform,
): Draw {
  if (logps.length === 0) throw new RangeError('sample: no candidates');
  const q = temperedWeights(logps, beta);
  switch (kind) {
    case 'top-k':
      return { index: drawCategorical(q, rng()), weights: q };
    case 'top-p': {
      const w = nucleusWeights(q, topP);
      return { index: drawCategorical(w, rng()), weights: w };
    }
    case 'rejection':
      return { index: rejectionDraw(logps, beta, rng), weights: q };
  }
}
