/**
 * Sim 2 — Zipf tails and a broken scaling law (Dohmatob et al., "A Tale of Tails", ICML 2024;
 * collapse-lab.md, Sim 2). Items i = 1..N with p_i ∝ i^(−β); a memorising learner trained on T samples
 * from q errs on exactly the items it has not seen: E(T) = Σ p_i (1 − q_i)^T (sim2-error.ts). Curves:
 * the clean power law, tails cut at k or narrowed, generations of resampling whose floor rises, and
 * mixing a real fraction π back in.
 */
import { checkFields } from './field-check';
import { labRng, subSeed } from '../math/variates';
import { quantilesInPlace } from '../math/quantile';
import { logGamma, powerSum, zeta } from '../math/special';
import { atomBuffers, atoms, expectedError, logGrid, zipf, type AtomBuffers, type Atoms } from './sim2-error';
import { resampleGenerations, source, type Generation } from './sim2-resample';
import type { Checked, Figure, ParamField, Params, Reading, Series, Simulation } from './simulation';

export interface Sim2Params extends Params {
  N: number;
  beta: number;
  betaNarrow: number;
  T0: number;
  generations: number;
  reps: number;
  kMix: number;
}

export interface Sim2Curve {
  label: string;
  error: Float64Array;
}

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
/** reps × T0 above this is reduced (fewer replicates): each draw is one alias lookup. */
export const SIM2_MAX_DRAWS = 2e7;

const fields: readonly ParamField[] = [
  { kind: 'number', key: 'N', label: 'Items N', min: 1000, max: 1000000, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'beta',
    label: 'Zipf exponent β (p_i ∝ i^−β)',
    min: 1.1,
    max: 4,
    step: 0.05,
    help: 'Heavier tails (β near 1) make rare items matter more.',
  },
  {
    kind: 'number',
    key: 'betaNarrow',
    label: 'Narrowed tail β′ of the synthetic data',
    min: 1.15,
    max: 8,
    step: 0.05,
    help: 'A generator that under-samples the tail: q_i ∝ i^−β′ with β′ > β.',
  },
  {
    kind: 'number',
    key: 'T0',
    label: 'Samples per generation T0',
    min: 100,
    max: 10000000,
    step: 1,
    log: true,
    integer: true,
  },
  {
    kind: 'number',
    key: 'generations',
    label: 'Generations of resampling',
    min: 1,
    max: 20,
    step: 1,
    integer: true,
  },
  { kind: 'number', key: 'reps', label: 'Replicates', min: 1, max: 200, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'kMix',
    label: 'Tail cut k of the synthetic data mixed with real data',
    min: 10,
    max: 1000000,
    step: 1,
    log: true,
    integer: true,
  },
];

const defaults: Sim2Params = {
  N: 100000,
  beta: 2,
  betaNarrow: 3,
  T0: 100000,
  generations: 5,
  reps: 16,
  kMix: 1000,
};

function check(raw: Params): Checked<Sim2Params> {
  const { params, notes } = checkFields(fields, defaults, raw);
  if (params.betaNarrow <= params.beta) {
    const v = Number((params.beta + 0.5).toFixed(2));
    notes.push(
      `Narrowed tail β′ = ${params.betaNarrow} is not narrower than β = ${params.beta}; using ${v}.`,
    );
    params.betaNarrow = v;
  }
  if (params.kMix >= params.N) {
    const v = Math.max(1, Math.floor(params.N / 10));
    notes.push(`A tail cut at k = ${params.kMix} keeps all ${params.N} items; using k = ${v}.`);
    params.kMix = v;
  }
  const maxReps = Math.max(1, Math.floor(SIM2_MAX_DRAWS / params.T0));
  if (params.reps > maxReps) {
    notes.push(
      `${params.reps} replicates of ${params.T0.toLocaleString('en-US')} draws is too long a run; using ${maxReps} replicate${maxReps === 1 ? '' : 's'}.`,
    );
    params.reps = maxReps;
  }
  return { ok: true, params, notes };
}

// ---- closed forms --------------------------------------------------------------------------------------

/** The clean law's constant: E(T) ≈ C·T^(−(1−1/β)), C = (1/β)Γ(1 − 1/β)ζ(β)^(−1/β) (β = 2: 0.691). */
export function cleanConstant(beta: number): number {
  return Math.exp(logGamma(1 - 1 / beta) - Math.log(beta) - Math.log(zeta(beta)) / beta);
}

/** The clean law for infinitely many items: C·T^(−(1−1/β)). */
export function cleanLaw(T: number, beta: number): number {
  return cleanConstant(beta) * Math.pow(T, -(1 - 1 / beta));
}

/** The floor of a tail cut at k with N items: Σ_{k<i≤N} p_i, exactly. */
export function tailFloor(k: number, N: number, beta: number): number {
  if (k >= N) return 0;
  return powerSum(beta, k + 1, N) / powerSum(beta, 1, N);
}

/** The floor for N = ∞, to first order: k^(1−β)/((β − 1)ζ(β)). */
export function tailFloorAsymptotic(k: number, beta: number): number {
  return Math.pow(k, 1 - beta) / ((beta - 1) * zeta(beta));
}

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

function run(
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

// ---- figures and readings ------------------------------------------------------------------------------

/** Mean and 10th / 90th percentiles over finished replicates of generation g's error curve. */
export function generationSummary(
  r: Sim2Result,
  g: number,
): { mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const n = Math.max(1, r.done);
  const len = r.grid.length;
  const e = r.genErrors[g - 1];
  const mean = new Float64Array(len);
  const lo = new Float64Array(len);
  const hi = new Float64Array(len);
  const column = new Float64Array(n);
  const q = new Float64Array(2);
  for (let t = 0; t < len; t++) {
    let s = 0;
    for (let rep = 0; rep < n; rep++) s += column[rep] = e[rep * len + t];
    mean[t] = s / n;
    quantilesInPlace(column, [0.1, 0.9], q);
    lo[t] = q[0];
    hi[t] = q[1];
  }
  return { mean, lo, hi };
}

/** Mean and 10th / 90th percentiles of each generation's floor over finished replicates. */
export function floorSummary(r: Sim2Result): { mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const G = r.genFloors.length;
  const n = Math.max(1, r.done);
  const out = { mean: new Float64Array(G), lo: new Float64Array(G), hi: new Float64Array(G) };
  const q = new Float64Array(2);
  for (let g = 0; g < G; g++) {
    const column = r.genFloors[g].slice(0, n);
    out.mean[g] = column.reduce((a, b) => a + b, 0) / n;
    quantilesInPlace(column, [0.1, 0.9], q);
    out.lo[g] = q[0];
    out.hi[g] = q[1];
  }
  return out;
}

/** Log axes cannot show 0: errors that underflow (a fully covered head at huge T) are drawn at 1e-300. */
const positive = (a: Float64Array): Float64Array => a.map((v) => (v > 1e-300 ? v : 1e-300));

function figures(r: Sim2Result, p: Sim2Params): Figure[] {
  const x = r.grid;
  const T = { label: 'training samples T (log scale)', scale: 'log' as const };
  const E = { label: 'expected error (log scale)', scale: 'log' as const };
  const C = cleanConstant(p.beta);
  const law: Series = {
    label: `closed form ${C.toFixed(3)}·T^−${(1 - 1 / p.beta).toFixed(2)} (N = ∞)`,
    kind: 'closed-form',
    group: 'clean',
    x,
    y: x.map((t) => cleanLaw(t, p.beta)),
  };
  const cleanSeries = (label: string, kind: Series['kind'] = 'simulated'): Series => ({
    label,
    kind,
    group: 'clean',
    x,
    y: positive(r.clean),
  });

  const cutSeries: Series[] = [cleanSeries('real data (exact expectation)', 'reference')];
  for (const c of r.cuts) {
    const group = `k = ${c.k}`;
    cutSeries.push({ label: `tail cut at k = ${c.k}`, kind: 'simulated', group, x, y: positive(c.error) });
    cutSeries.push({
      label: `floor Σ_{i>${c.k}} p_i = ${c.floor.toExponential(2)}`,
      kind: 'closed-form',
      group,
      x,
      y: x.map(() => c.floor),
    });
  }
  cutSeries.push({
    label: `narrowed tail β′ = ${p.betaNarrow}`,
    kind: 'simulated',
    group: 'narrowed',
    x,
    y: positive(r.narrowed),
  });

  const genSeries: Series[] = [cleanSeries('real data (exact expectation)', 'reference')];
  // Before the first replicate finishes there is nothing to summarise yet.
  for (let g = 1; r.done > 0 && g <= r.genErrors.length; g++) {
    const s = generationSummary(r, g);
    genSeries.push({
      label: `generation ${g}`,
      kind: 'simulated',
      group: `generation ${g}`,
      x,
      y: positive(s.mean),
      lo: positive(s.lo),
      hi: positive(s.hi),
    });
  }

  const floors = floorSummary(r);
  const gens = Float64Array.from({ length: floors.mean.length }, (_, i) => i + 1);

  const mixSeries: Series[] = [cleanSeries('real data only (exact expectation)', 'reference')];
  for (const m of r.mixes) {
    const group = `π = ${m.pi}`;
    mixSeries.push({
      label: m.pi === 0 ? `synthetic only (tail cut at k = ${p.kMix})` : `real fraction π = ${m.pi}`,
      kind: 'simulated',
      group,
      x,
      y: positive(m.error),
    });
    if (m.pi > 0)
      mixSeries.push({
        label: `π = ${m.pi}: clean law at π·T`,
        kind: 'closed-form',
        group,
        x,
        y: x.map((t) => cleanLaw(m.pi * t, p.beta)),
      });
  }
  const replicates = `${r.done} replicate${r.done === 1 ? '' : 's'}`;

  return [
    {
      id: 'scaling',
      title: `The clean scaling law (N = ${p.N.toLocaleString('en-US')}, β = ${p.beta})`,
      x: T,
      y: E,
      series: [cleanSeries('real data: Σ p_i(1 − p_i)^T (exact expectation)'), law],
      caption:
        'A learner that memorises what it has seen errs on the items it has not: with Zipf-distributed items the error falls as a power of T — until the N items run out.',
    },
    {
      id: 'tail-cut',
      title: 'Synthetic data with a cut or narrowed tail',
      x: T,
      y: E,
      series: cutSeries,
      caption:
        'Cutting the tail at rank k puts a floor under the error: items beyond k are never seen, however much synthetic data there is. A narrowed tail bends the law instead.',
    },
    {
      id: 'generations',
      title: `Generations of resampling (T0 = ${p.T0.toLocaleString('en-US')} per generation)`,
      x: T,
      y: E,
      series: genSeries,
      caption: `Each generation trains on T0 samples of the previous one. Rare items that are not drawn die and never return, so the floor rises generation after generation (mean over ${replicates}, band 10–90 %).`,
    },
    {
      id: 'floors',
      title: 'The floor rises each generation',
      x: { label: 'generation', scale: 'linear', domain: [1, Math.max(2, floors.mean.length)] },
      y: { label: 'p-mass of dead items (floor)', scale: 'linear' },
      series: [
        ...(r.done > 0
          ? [
              {
                label: 'floor',
                kind: 'simulated' as const,
                x: gens,
                y: floors.mean,
                lo: floors.lo,
                hi: floors.hi,
              },
            ]
          : []),
        {
          label: `generation 1 expected: Σ p_i(1 − p_i)^T0`,
          kind: 'closed-form',
          x: gens.subarray(0, 1),
          y: Float64Array.of(r.gen1FloorExpected),
        },
      ],
      caption: 'Types only die: the mass the model can never produce again grows with every generation.',
    },
    {
      id: 'mixing',
      title: `Mixing real data back in (synthetic: tail cut at k = ${p.kMix})`,
      x: T,
      y: E,
      series: mixSeries,
      caption:
        'With a fraction π of real data every item has a chance to be seen again: the error resumes its descent once π·T is large enough to reach the missing tail.',
    },
  ];
}

function readings(r: Sim2Result, p: Sim2Params): Reading[] {
  const out: Reading[] = [];
  const C = cleanConstant(p.beta);
  const t4 = r.grid.indexOf(10000);
  out.push({
    label: 'clean law constant C in C·T^−(1−1/β)',
    value: Number(C.toPrecision(4)),
    detail: 'β = 2: 0.691',
  });
  out.push({
    label: 'clean error at T = 10⁴',
    value: Number(cleanLaw(10000, p.beta).toPrecision(3)),
    detail: `closed form (N = ∞); exact with N = ${p.N}: ${t4 >= 0 ? r.clean[t4].toPrecision(3) : '—'}`,
  });
  for (const c of r.cuts)
    out.push({
      label: `floor of the tail cut at k = ${c.k}`,
      value: Number(c.floor.toPrecision(3)),
      detail: `k^(1−β)/((β−1)ζ(β)) ≈ ${tailFloorAsymptotic(c.k, p.beta).toPrecision(3)} for N = ∞`,
    });
  const floors = floorSummary(r);
  if (r.done > 0 && floors.mean.length > 0) {
    out.push({
      label: 'floor after generation 1',
      value: Number(floors.mean[0].toPrecision(3)),
      detail: `expected Σ p_i(1 − p_i)^T0 = ${r.gen1FloorExpected.toPrecision(3)}`,
    });
    const G = floors.mean.length;
    if (G > 1)
      out.push({
        label: `floor after generation ${G}`,
        value: Number(floors.mean[G - 1].toPrecision(3)),
        detail: `×${(floors.mean[G - 1] / floors.mean[0]).toFixed(2)} the first generation’s`,
      });
  }
  const last = r.grid.length - 1;
  for (const m of r.mixes)
    out.push({
      label: `error at T = 10⁹ with real fraction π = ${m.pi}`,
      value: Number(m.error[last].toPrecision(3)),
      detail: m.pi === 0 ? `the floor of the cut at k = ${p.kMix}` : 'descent restored',
    });
  return out;
}

export const sim2: Simulation<Sim2Params, Sim2Result> = {
  id: 'sim2',
  title: 'Zipf tails and a broken scaling law',
  explanation:
    'Facts in the world follow a long tail: a few are common, most are rare. A model that learns what it sees gets better as a power of the amount of data — the scaling law. Train it on synthetic data that lacks the tail and the law breaks: the error stops at a floor that more synthetic data cannot lower, and each generation trained on the previous one’s output raises that floor, since rare facts that are not drawn are lost for good. Mixing in even a small fraction of real data restores the descent.',
  fields,
  defaults,
  check,
  run,
  figures,
  readings,
};
