/**
 * Sim 1 — a Gaussian refitted on its own samples (Shumailov et al., Nature 2024; collapse-lab.md, Sim 1):
 * the fan chart of σ over generations with its closed forms, replace vs accumulate, MLE vs unbiased
 * variance, the fitted density against the original, and the mass left beyond 3σ0.
 */
import { checkFields } from './field-check';
import { digamma, normalCdf } from '../math/special';
import {
  newTrack,
  normalPdf,
  runChains,
  summaryGenerations,
  type Sim1Mode,
  type Sim1Track,
  type Sim1TrackSpec,
} from './sim1-chains';
import type { Checked, Figure, ParamField, Params, Reading, Rule, Series, Simulation } from './simulation';

export interface Sim1Params extends Params {
  M: number;
  G: number;
  chains: number;
  delta: '0' | '1';
  mode: 'replace' | 'accumulate' | 'both';
  compareM: boolean;
  densityAt: number;
  mu0: number;
  sigma0: number;
}

export interface Sim1Result {
  /** Generations finished. */
  done: number;
  G: number;
  /** The generations the tracks summarise (all up to 100, then about 500 in all), and how many are filled. */
  gens: Int32Array;
  filled: number;
  tracks: Sim1Track[];
  densityGeneration: number;
  /** x values the fitted densities are drawn at: μ0 ± 4σ0. */
  densityGrid: Float64Array;
}

/** The M values drawn side by side when "compare M" is on. */
export const SIM1_COMPARE_M = [10, 100, 1000, 10000] as const;
/** chains × G × curves above this is reduced (fewer chains) so one run stays within about a second. */
export const SIM1_MAX_STEPS = 5_000_000;
/** σ below this is drawn at this value on the log-scale plots (a double underflows near 1e-308). */
export const SIM1_SIGMA_FLOOR = 1e-300;
const DENSITY_POINTS = 201;

const fields: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'M',
    label: 'Samples per generation M',
    min: 2,
    max: 100000,
    step: 1,
    log: true,
    integer: true,
    help: 'Each generation fits a Gaussian to M samples drawn from the previous fit. Try 10, 100, 500, 1000, 10000.',
  },
  { kind: 'number', key: 'G', label: 'Generations', min: 1, max: 5000, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'chains',
    label: 'Chains (independent repeats)',
    min: 10,
    max: 5000,
    step: 1,
    log: true,
    integer: true,
  },
  {
    kind: 'choice',
    key: 'delta',
    label: 'Variance estimate',
    options: [
      { value: '0', label: 'MLE, divide by M (δ = 0)' },
      { value: '1', label: 'unbiased, divide by M − 1 (δ = 1)' },
    ],
    help: 'δ = 0 is what the authors’ notebook uses; δ = 1 keeps E[σ²] fixed yet still collapses.',
  },
  {
    kind: 'choice',
    key: 'mode',
    label: 'Data each generation trains on',
    options: [
      { value: 'replace', label: 'replace: only the newest samples' },
      { value: 'accumulate', label: 'accumulate: every sample ever drawn' },
      { value: 'both', label: 'both, side by side' },
    ],
  },
  { kind: 'toggle', key: 'compareM', label: 'Compare M = 10, 100, 1000, 10000' },
  {
    kind: 'number',
    key: 'densityAt',
    label: 'Show fitted densities at generation',
    min: 0,
    max: 5000,
    step: 1,
    integer: true,
  },
  { kind: 'number', key: 'mu0', label: 'True mean μ0', min: -100, max: 100, step: 0.1 },
  { kind: 'number', key: 'sigma0', label: 'True spread σ0', min: 0.001, max: 1000, step: 0.001, log: true },
];

const defaults: Sim1Params = {
  M: 100,
  G: 1000,
  chains: 500,
  delta: '0',
  mode: 'replace',
  compareM: false,
  densityAt: 100,
  mu0: 0,
  sigma0: 1,
};

function check(raw: Params): Checked<Sim1Params> {
  const { params, notes } = checkFields(fields, defaults, raw);
  if (params.densityAt > params.G) {
    notes.push(
      `Densities are shown at generation ${params.G}, the last one (asked for ${params.densityAt}).`,
    );
    params.densityAt = params.G;
  }
  const tracks = trackSpecs(params).length;
  const maxChains = Math.floor(SIM1_MAX_STEPS / (params.G * tracks));
  if (params.chains > maxChains) {
    notes.push(
      `${params.chains} chains × ${params.G} generations${tracks > 1 ? ` × ${tracks} curves` : ''} is too long a run; using ${maxChains} chains (at most ${SIM1_MAX_STEPS.toLocaleString('en-US')} chain-generations in all).`,
    );
    params.chains = maxChains;
  }
  return { ok: true, params, notes };
}

// ---- closed forms --------------------------------------------------------------------------------------

/** Per-generation drift of E[log σ²]: ψ((M−1)/2) + log(2/(M−δ)) (≈ −2/M for δ = 0, −1/M for δ = 1). */
export function logVarDrift(M: number, delta: number): number {
  return digamma((M - 1) / 2) + Math.log(2 / (M - delta));
}

/** E[log σ_g²] = log σ0² + g·drift (replace). */
export function expectedLogVar(g: number, M: number, delta: number, sigma0: number): number {
  return 2 * Math.log(sigma0) + g * logVarDrift(M, delta);
}

/** E[σ_g²] = σ0²·((M−1)/(M−δ))^g (replace). */
export function expectedVar(g: number, M: number, delta: number, sigma0: number): number {
  return sigma0 * sigma0 * Math.exp(g * Math.log((M - 1) / (M - delta)));
}

/**
 * Generations until the median σ halves: log σ_g² is a sum of g i.i.d. terms, so its median ≈ its mean and
 * median σ_g ≈ σ0·exp(g·drift/2); solving for σ0/2 gives ln 4 / (−drift) ≈ 0.69·M (δ = 0), 1.39·M (δ = 1).
 */
export function halvingGeneration(M: number, delta: number): number {
  return Math.log(4) / -logVarDrift(M, delta);
}

/** Mass of the fitted N(μ_g, σ_g²) farther than 3σ0 from its own mean: 2Φ(−3σ0/σ_g). */
export function tailMass(sigma: number, sigma0: number): number {
  return sigma > 0 ? 2 * normalCdf((-3 * sigma0) / sigma) : 0;
}

// ---- run -----------------------------------------------------------------------------------------------

function trackSpecs(p: Sim1Params): Sim1TrackSpec[] {
  const modes: Sim1Mode[] = p.mode === 'both' ? ['replace', 'accumulate'] : [p.mode];
  const specs: Sim1TrackSpec[] = modes.map((mode) => ({ M: p.M, mode }));
  if (p.compareM) {
    const mode: Sim1Mode = p.mode === 'accumulate' ? 'accumulate' : 'replace';
    for (const M of SIM1_COMPARE_M) if (M !== p.M) specs.push({ M, mode });
  }
  return specs;
}

function run(
  p: Sim1Params,
  seed: number,
  onPartial?: (partial: Sim1Result, done: number, total: number) => void,
): Sim1Result {
  const delta = p.delta === '1' ? 1 : 0;
  const densityGrid = new Float64Array(DENSITY_POINTS);
  for (let j = 0; j < DENSITY_POINTS; j++)
    densityGrid[j] = p.mu0 + p.sigma0 * (-4 + (8 * j) / (DENSITY_POINTS - 1));
  const gens = summaryGenerations(p.G);
  const result: Sim1Result = {
    done: 0,
    G: p.G,
    gens,
    filled: 1,
    tracks: trackSpecs(p).map((s) => newTrack(s, gens.length)),
    densityGeneration: p.densityAt,
    densityGrid,
  };
  runChains(
    {
      mu0: p.mu0,
      sigma0: p.sigma0,
      delta,
      G: p.G,
      chains: p.chains,
      densityGeneration: p.densityAt,
      tracks: result.tracks,
    },
    seed,
    result.tracks,
    gens,
    (done, filled) => {
      result.done = done;
      result.filled = filled;
      if (done < p.G) onPartial?.(result, done, p.G);
    },
  );
  return result;
}

// ---- figures -------------------------------------------------------------------------------------------

/** The chains whose σ sits at the 10th, 50th and 90th percentile. */
function representativeChains(sigma: Float64Array): { chain: number; share: string }[] {
  const order = Array.from(sigma.keys()).sort((a, b) => sigma[a] - sigma[b]);
  return [
    { p: 0.5, share: 'median' },
    { p: 0.1, share: '10th percentile of' },
    { p: 0.9, share: '90th percentile of' },
  ].map(({ p, share }) => ({ chain: order[Math.round(p * (order.length - 1))], share }));
}

function trackLabel(t: Sim1TrackSpec): string {
  return `M = ${t.M} · ${t.mode}`;
}

/** Entry i of each summary for i < filled, mapped through f(i, generation). */
function pick(r: Sim1Result, f: (i: number, g: number) => number): Float64Array {
  const out = new Float64Array(r.filled);
  for (let i = 0; i < r.filled; i++) out[i] = f(i, r.gens[i]);
  return out;
}

/** The summary entry of generation g, or −1 when g is not summarised or not reached yet. */
export function summaryIndex(r: Sim1Result, g: number): number {
  const i = r.gens.indexOf(g);
  return i >= 0 && i < r.filled ? i : -1;
}

const floorSigma = (s: number): number => (s > SIM1_SIGMA_FLOOR ? s : SIM1_SIGMA_FLOOR);
const floorVar = (v: number): number => (v > SIM1_SIGMA_FLOOR ? v : SIM1_SIGMA_FLOOR);

function figures(r: Sim1Result, p: Sim1Params): Figure[] {
  const delta = p.delta === '1' ? 1 : 0;
  const x = pick(r, (_, g) => g);
  const fan: Series[] = [];
  const logVar: Series[] = [];
  const variance: Series[] = [];
  const tails: Series[] = [];
  for (const t of r.tracks) {
    const group = trackLabel(t);
    fan.push({
      label: `${group}: median σ`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => floorSigma(t.median[i])),
      lo: pick(r, (i) => floorSigma(t.q10[i])),
      hi: pick(r, (i) => floorSigma(t.q90[i])),
    });
    logVar.push({
      label: `${group}: mean log σ²`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => t.meanLogVar[i]),
      lo: pick(r, (i) => 2 * Math.log(floorSigma(t.q10[i]))),
      hi: pick(r, (i) => 2 * Math.log(floorSigma(t.q90[i]))),
    });
    variance.push({
      label: `${group}: mean σ²`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => floorVar(t.meanVar[i])),
    });
    tails.push({
      label: `${group}: median share beyond 3σ0`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => tailMass(t.median[i], p.sigma0)),
      lo: pick(r, (i) => tailMass(t.q10[i], p.sigma0)),
      hi: pick(r, (i) => tailMass(t.q90[i], p.sigma0)),
    });
    if (t.mode === 'replace') {
      fan.push({
        label: `${group}: closed form σ0·exp(½·E log σ²)`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => floorSigma(Math.exp(0.5 * expectedLogVar(g, t.M, delta, p.sigma0)))),
      });
      logVar.push({
        label: `${group}: closed form E log σ²`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => expectedLogVar(g, t.M, delta, p.sigma0)),
      });
      variance.push({
        label: `${group}: closed form E σ² = σ0²((M−1)/(M−δ))^g`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => floorVar(expectedVar(g, t.M, delta, p.sigma0))),
      });
    }
  }

  const main = r.tracks[0];
  const half = main.mode === 'replace' ? halvingGeneration(main.M, delta) : Infinity;
  const fanRules: Rule[] = [{ axis: 'y', value: p.sigma0 / 2, label: 'σ0 / 2' }];
  if (half <= r.G) fanRules.push({ axis: 'x', value: half, label: `median halves ≈ g ${half.toFixed(0)}` });
  const generationAxis = {
    label: 'generation g',
    scale: 'linear' as const,
    domain: [0, r.G] as [number, number],
  };

  const density: Series[] = [
    {
      label: `original N(${p.mu0}, ${p.sigma0}²)`,
      kind: 'reference',
      x: r.densityGrid,
      y: Float64Array.from(r.densityGrid, (v) => normalPdf(v, p.mu0, p.sigma0)),
    },
  ];
  // Three real fitted models, not a pointwise summary: each chain's mean wanders too (by about
  // sqrt(Σσ²/M)), so a pointwise median of densities would blur them into a shape no chain has.
  for (const t of r.tracks)
    if (t.M === p.M && t.densitySigma.length > 0)
      for (const { chain, share } of representativeChains(t.densitySigma))
        density.push({
          label: `${trackLabel(t)}: the chain at the ${share} σ, fitted at g = ${r.densityGeneration}`,
          kind: 'simulated',
          group: trackLabel(t),
          x: r.densityGrid,
          y: Float64Array.from(r.densityGrid, (v) => normalPdf(v, t.densityMu[chain], t.densitySigma[chain])),
        });

  return [
    {
      id: 'fan',
      title: 'Spread σ of the fitted Gaussian, generation by generation',
      x: generationAxis,
      y: { label: 'σ (log scale)', scale: 'log' },
      series: fan,
      rules: fanRules,
      caption:
        'Solid: median over chains, band: 10–90 % of chains; dashed: the closed form. With replace, σ drifts down on a log scale at about 1/M per generation (δ = 0) and never comes back; accumulating every sample keeps it near σ0.',
    },
    {
      id: 'log-variance',
      title: 'Mean log σ² against its closed form',
      x: generationAxis,
      y: { label: 'E log σ²', scale: 'linear' },
      series: logVar,
      caption:
        'E log σ_g² = log σ0² + g·[ψ((M−1)/2) + log(2/(M−δ))]: a straight line down, ≈ −2g/M for δ = 0.',
    },
    {
      id: 'variance',
      title: 'Mean σ² hides the collapse',
      x: generationAxis,
      y: { label: 'E σ² (log scale)', scale: 'log' },
      series: variance,
      caption:
        'The average of σ² falls slowly (δ = 0) or not at all (δ = 1), yet the typical chain collapses: a few rare chains with large σ carry the mean.',
    },
    {
      id: 'density',
      title: `Fitted densities at generation ${r.densityGeneration} against the original`,
      x: { label: 'x', scale: 'linear', domain: [r.densityGrid[0], r.densityGrid[r.densityGrid.length - 1]] },
      y: { label: 'density', scale: 'linear' },
      series: density,
      caption:
        r.done >= r.densityGeneration
          ? 'Three chains’ fitted Gaussians (median, 10th and 90th percentile of σ): narrower than the original and off-centre — the tails go first.'
          : `Waiting for generation ${r.densityGeneration}.`,
    },
    {
      id: 'tails',
      title: 'Probability the fitted model puts beyond 3σ0',
      x: generationAxis,
      y: { label: 'P(|X − μ_g| > 3σ0) = 2Φ(−3σ0/σ_g)', scale: 'linear' },
      series: tails,
      rules: [{ axis: 'y', value: tailMass(p.sigma0, p.sigma0), label: 'original 0.27 %' }],
      caption: 'Rare events vanish long before the bulk changes visibly: the tail mass falls to zero first.',
    },
  ];
}

// ---- readings ------------------------------------------------------------------------------------------

function readings(r: Sim1Result, p: Sim1Params): Reading[] {
  const delta = p.delta === '1' ? 1 : 0;
  const out: Reading[] = [];
  for (const t of r.tracks.filter((t) => t.M === p.M)) {
    const name = trackLabel(t);
    const lastIndex = r.filled - 1;
    const last = r.gens[lastIndex];
    for (const g of new Set([10, 100, last])) {
      const i = summaryIndex(r, g);
      if (i >= 0)
        out.push({
          label: `${name}: median σ at g = ${g}`,
          value: round(t.median[i], 4),
          detail: `σ0 = ${p.sigma0}`,
        });
    }
    if (t.mode === 'replace') {
      out.push({
        label: `${name}: mean log σ² at g = ${last}`,
        value: round(t.meanLogVar[lastIndex], 3),
        detail: `closed form ${expectedLogVar(last, t.M, delta, p.sigma0).toFixed(3)}`,
      });
      const half = halvingGeneration(t.M, delta);
      const firstHalf = t.median.subarray(0, r.filled).findIndex((s) => s <= p.sigma0 / 2);
      out.push({
        label: `${name}: median σ first halves at generation`,
        value: firstHalf === -1 ? `not within ${last}` : r.gens[firstHalf],
        detail: `closed form ≈ ${half.toFixed(1)} = ${(half / t.M).toFixed(2)}·M`,
      });
    }
    out.push({
      label: `${name}: share beyond 3σ0 at g = ${last} (median chain)`,
      value: round(tailMass(t.median[lastIndex], p.sigma0), 6),
      detail: `original ${tailMass(p.sigma0, p.sigma0).toFixed(5)}`,
    });
  }
  return out;
}

function round(v: number, digits: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

export const sim1: Simulation<Sim1Params, Sim1Result> = {
  id: 'sim1',
  title: 'A Gaussian refitted on its own samples',
  explanation:
    'Start from a normal distribution, draw M samples, fit a new normal to them, draw M samples from the fit, and repeat. Each fit is a little off, and the errors compound: the spread σ shrinks generation after generation until the model has forgotten its tails and, eventually, nearly everything. Watch the fan of σ fall on the log scale, the tails vanish first, and compare: a larger M only slows the collapse, while keeping every sample ever drawn (accumulate) stops it.',
  fields,
  defaults,
  check,
  run,
  figures,
  readings,
};
