/**
 * Sim 2's run: the exact expected error E(T) = Σ p_i (1 − q_i)^T (sim2-error.ts) on a grid of T for each
 * training distribution q — the clean law, tails cut at k, a narrowed tail, a tail cut mixed with a real
 * fraction π — then replicates of generations of resampling (sim2-resample.ts), each generation's error
 * curve and floor.
 */
import { labRng, subSeed } from '../../math/variates';
import { atomBuffers, atoms, expectedError, logGrid, zipf, type AtomBuffers, type Atoms } from './sim2-error';
import { resampleGenerations, source, type Generation } from './sim2-resample';
import type { Sim2Params } from './sim2-params';

export interface Sim2Result {
  /** Training-set sizes T (a log grid from 10 to 1e9). */
  grid: Float64Array;
  clean: Float64Array;
  /** Tail cut at k: exact error and floor Σ_{i>k} p_i. */
  cuts: { k: number; error: Float64Array; floor: number }[];
  narrowed: Float64Array;
  /** Real fraction π mixed with the tail cut at kMix. */
  mixes: { pi: number; error: Float64Array }[];
  /** Replicates of the resampling chain finished so far. */
  done: number;
  reps: number;
  /** genErrors[g − 1][rep·grid.length + t]: generation g's error curve in replicate rep. */
  genErrors: Float64Array[];
  /** genFloors[g − 1][rep]: p-mass of the types dead by generation g. */
  genFloors: Float64Array[];
  /** E[floor after generation 1] = Σ p_i(1 − p_i)^T0: the clean error at T0. */
  gen1FloorExpected: number;
}

/** The grid of training-set sizes: 10 … 1e9, five points per decade, rounded to whole samples. */
export const SIM2_GRID = logGrid(10, 1e9, 5).map(Math.round);
export const SIM2_CUTS = [100, 1000, 10000] as const;
export const SIM2_MIXES = [0, 0.01, 0.1, 0.5] as const;

// ---- atoms for each training distribution --------------------------------------------------------------

/** Items 1..n of p (n = q.length) trained with q, as atoms (q is non-increasing here). */
function itemAtoms(p: Float64Array, q: Float64Array, floor: number, buffers: AtomBuffers): Atoms {
  return atoms(p.subarray(0, q.length), q, floor, buffers);
}

/**
 * q = the tail cut at k mixed with real data: q_i = π p_i + (1 − π) p_i/P_k·[i ≤ k], non-increasing in i,
 * written into `q` (length N).
 */
function mixAtoms(p: Float64Array, k: number, pi: number, q: Float64Array, buffers: AtomBuffers): Atoms {
  const N = p.length;
  let head = 0;
  for (let i = 0; i < k; i++) head += p[i];
  const n = pi > 0 ? N : k;
  for (let i = 0; i < n; i++) q[i] = pi * p[i] + (i < k ? ((1 - pi) * p[i]) / head : 0);
  let floor = 0;
  for (let i = N - 1; i >= n; i--) floor += p[i];
  return itemAtoms(p, q.subarray(0, n), floor, buffers);
}

/** Generation atoms: items grouped by how often they were drawn (q = count/T0), the unseen mass the floor. */
function generationAtoms(
  p: Float64Array,
  gen: Generation,
  T0: number,
  buffers: AtomBuffers,
): { atoms: Atoms; floor: number } {
  const byCount = new Map<number, number>();
  let seen = 0;
  for (let j = 0; j < gen.types.length; j++) {
    const mass = p[gen.types[j]];
    byCount.set(gen.counts[j], (byCount.get(gen.counts[j]) ?? 0) + mass);
    seen += mass;
  }
  const counts = [...byCount.keys()].sort((a, b) => b - a);
  const floor = Math.max(0, 1 - seen);
  return {
    atoms: atoms(
      Float64Array.from(counts, (c) => byCount.get(c)!),
      Float64Array.from(counts, (c) => c / T0),
      floor,
      buffers,
    ),
    floor,
  };
}

// ---- run -----------------------------------------------------------------------------------------------

const BLOCK = 4;

export function runSim2(
  p: Sim2Params,
  seed: number,
  onPartial?: (partial: Sim2Result, done: number, total: number) => void,
): Sim2Result {
  const grid = SIM2_GRID;
  const probs = zipf(p.N, p.beta);
  // One set of scratch arrays for every curve over the N items: each curve is reduced to its error on the
  // grid before the next one reuses them.
  const buffers = atomBuffers(p.N);
  const q = new Float64Array(p.N);
  const grid1 = Float64Array.of(p.T0);
  const cleanAtoms = itemAtoms(probs, probs, 0, buffers);
  const clean = expectedError(cleanAtoms, grid);
  const gen1FloorExpected = expectedError(cleanAtoms, grid1)[0];
  const cuts = SIM2_CUTS.filter((k) => k < p.N).map((k) => {
    const a = mixAtoms(probs, k, 0, q, buffers);
    return { k, error: expectedError(a, grid), floor: a.floor };
  });
  const narrowed = expectedError(itemAtoms(probs, zipf(p.N, p.betaNarrow), 0, buffers), grid);
  const mixes = SIM2_MIXES.map((pi) => ({
    pi,
    error: expectedError(mixAtoms(probs, p.kMix, pi, q, buffers), grid),
  }));

  const G = p.generations;
  const result: Sim2Result = {
    grid,
    clean,
    cuts,
    narrowed,
    mixes,
    done: 0,
    reps: p.reps,
    genErrors: Array.from({ length: G }, () => new Float64Array(p.reps * grid.length)),
    genFloors: Array.from({ length: G }, () => new Float64Array(p.reps)),
    gen1FloorExpected,
  };
  // The exact curves are ready: show them while the replicates run.
  onPartial?.(result, 0, p.reps);
  const src = source(probs);
  for (let rep = 0; rep < p.reps; rep++) {
    const chain = resampleGenerations(src, p.T0, G, labRng(subSeed(seed, rep)));
    chain.forEach((gen, i) => {
      const { atoms: a, floor } = generationAtoms(probs, gen, p.T0, buffers);
      result.genErrors[i].set(expectedError(a, grid), rep * grid.length);
      result.genFloors[i][rep] = floor;
    });
    result.done = rep + 1;
    if (result.done % BLOCK === 0 && result.done < p.reps) onPartial?.(result, result.done, p.reps);
  }
  return result;
}
