/**
 * Sim 2's generations of synthetic data: generation 1 is the empirical distribution of T0 draws from the
 * Zipf law p, generation g the empirical distribution of T0 draws from generation g − 1. A type that is
 * not drawn gets probability 0 and can never come back: types only die.
 *
 * Each generation is one multinomial draw of T0 over the current types, done by conditional binomials over
 * the types with mass (a few thousand at most) and, for generation 1's long tail, inversion by binary
 * search for the few samples that land beyond the head.
 */
import type { LabRng } from '../../math/variates';

/** One replicate's chain of generations: which types survive and how often each was drawn. */
export interface Generation {
  /** Indices (0-based ranks) of the surviving types, ascending, and their counts out of T0. */
  types: Int32Array;
  counts: Int32Array;
}

/** p and its suffix sums, built once per run. */
export interface Source {
  p: Float64Array;
  /** suffix[i] = Σ_{j ≥ i} p_j. */
  suffix: Float64Array;
  tailFrom: number;
  /** Scratch counts for the tail (all zero between draws). */
  tailCounts: Int32Array;
}

/** Ranks below this are drawn by conditional binomials, the rest by inverting the tail's distribution. */
export const HEAD_TYPES = 2000;

export function source(p: Float64Array, head = HEAD_TYPES): Source {
  const N = p.length;
  const suffix = new Float64Array(N + 1);
  for (let i = N - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + p[i];
  const tailFrom = Math.min(N, head);
  return { p, suffix, tailFrom, tailCounts: new Int32Array(N - tailFrom) };
}

/**
 * Multinomial(T0, p): the head's counts one type at a time as Binomial(remaining, p_i / mass left), then
 * whatever remains spread over the tail one draw at a time, each by a binary search of the tail's suffix
 * sums — a few thousand binomials and a handful of draws instead of T0 draws. (Binomials with large means
 * use the normal approximation, see math/variates.ts: only head types, which never die, are affected.)
 */
function firstGeneration(src: Source, T0: number, rng: LabRng): Generation {
  const { p, suffix, tailFrom } = src;
  const types: number[] = [];
  const counts: number[] = [];
  let left = T0;
  for (let i = 0; i < tailFrom && left > 0; i++) {
    const share = suffix[i] > 0 ? Math.min(1, p[i] / suffix[i]) : 1;
    const c = rng.binomial(left, share);
    if (c > 0) {
      types.push(i);
      counts.push(c);
      left -= c;
    }
  }
  const N = p.length;
  if (left > 0 && tailFrom < N) {
    const tailCounts = src.tailCounts;
    const tailMass = suffix[tailFrom];
    for (let k = 0; k < left; k++) {
      // The type j whose suffix interval contains u: suffix[j] ≥ u > suffix[j + 1] (suffix decreases).
      const u = (1 - rng.uniform()) * tailMass;
      let lo = tailFrom;
      let hi = N - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (suffix[mid] >= u) lo = mid;
        else hi = mid - 1;
      }
      tailCounts[lo - tailFrom]++;
    }
    for (let j = 0; j < tailCounts.length; j++)
      if (tailCounts[j] > 0) {
        types.push(tailFrom + j);
        counts.push(tailCounts[j]);
        tailCounts[j] = 0;
      }
  }
  return { types: Int32Array.from(types), counts: Int32Array.from(counts) };
}

/** Multinomial(T0, counts/Σcounts) over the surviving types, by conditional binomials on integer totals. */
function nextGeneration(prev: Generation, T0: number, rng: LabRng): Generation {
  const n = prev.counts.length;
  let total = 0;
  for (let j = 0; j < n; j++) total += prev.counts[j];
  const types: number[] = [];
  const counts: number[] = [];
  let left = T0;
  for (let j = 0; j < n && left > 0; j++) {
    const c = prev.counts[j];
    const drawn = j === n - 1 ? left : rng.binomial(left, c / total);
    total -= c;
    if (drawn > 0) {
      types.push(prev.types[j]);
      counts.push(drawn);
      left -= drawn;
    }
  }
  return { types: Int32Array.from(types), counts: Int32Array.from(counts) };
}

/** Runs `generations` rounds of "draw T0 from the current distribution, keep the empirical distribution". */
export function resampleGenerations(src: Source, T0: number, generations: number, rng: LabRng): Generation[] {
  let current = firstGeneration(src, T0, rng);
  const out = [current];
  for (let g = 2; g <= generations; g++) {
    current = nextGeneration(current, T0, rng);
    out.push(current);
  }
  return out;
}
