/**
 * Seeded samplers for the collapse lab: uniform, normal, gamma, χ² and binomial draws from one seed.
 *
 * Built on `seededRng` (pure-rand xoroshiro128+, 53-bit floats), with no inline generator: even Sim 1's
 * default (500 chains × 1000 generations, one normal and one χ² per step, ≈ 2.5 M uniforms) spends little
 * of its time drawing.
 */
import { seededRng } from './seeded';

export interface LabRng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Gamma(shape, scale 1), shape > 0. */
  gamma(shape: number): number;
  /** χ² with k > 0 degrees of freedom: 2·Gamma(k/2). */
  chiSquare(k: number): number;
  /** Binomial(n, p): number of successes in n trials (n a whole number ≥ 0, p ∈ [0, 1]). */
  binomial(n: number, p: number): number;
}

/**
 * Below this mean count n·min(p, 1 − p) the binomial is drawn exactly by inversion (expected cost about
 * that many steps); at or above it, by the normal approximation rounded and clamped to [0, n]. At the
 * threshold n·p·(1 − p) ≥ 25, so the skewness (1 − 2p)/√(npq) is at most 0.2 and the approximation's
 * error in any probability is of order 0.01 — far below the Monte-Carlo noise of the lab's plots.
 */
export const BINOMIAL_EXACT_BELOW = 50;

export function labRng(seed: number): LabRng {
  const uniform = seededRng(seed);
  // Marsaglia's polar method yields normals in pairs; the spare is kept for the next call.
  let spare = 0;
  let hasSpare = false;

  function normal(): number {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for shape < 1 the
  // boost Gamma(a) = Gamma(a + 1)·U^(1/a).
  function gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape ${shape} must be > 0`);
    if (shape < 1) {
      const u = 1 - uniform(); // (0, 1]: avoids 0^(1/a) = 0 only by chance, never log(0)
      return gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  function chiSquare(k: number): number {
    if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`χ² degrees of freedom ${k} must be > 0`);
    return 2 * gamma(k / 2);
  }

  function binomial(n: number, p: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n ${n} must be a whole number ≥ 0`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p ${p} must be in [0, 1]`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    if (n * q >= BINOMIAL_EXACT_BELOW) {
      const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal());
      return k < 0 ? 0 : k > n ? n : k;
    }
    // Inversion: walk the pmf f(k) = C(n,k) q^k (1−q)^(n−k) upward until the uniform is used up.
    const r = q / (1 - q);
    let f = Math.exp(n * Math.log1p(-q));
    let u = uniform();
    let k = 0;
    while (u > f && k < n) {
      u -= f;
      k++;
      f *= (r * (n - k + 1)) / k;
    }
    return flip ? n - k : k;
  }

  return { uniform, normal, gamma, chiSquare, binomial };
}

/**
 * A well-mixed 31-bit seed for sub-stream `stream` of `seed` (murmur3's finaliser), so that independent
 * parts of one run (tracks, replicates) draw from unrelated streams and adding one never shifts another.
 */
export function subSeed(seed: number, stream: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 1;
}
