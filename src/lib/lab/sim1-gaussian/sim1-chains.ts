/**
 * Sim 1's engine: many independent chains of "fit a Gaussian to M samples, sample M new points from the
 * fit, repeat", advanced with the exact O(1) update per chain and generation (collapse-lab.md, Sim 1), so a
 * chain never draws its M samples one by one:
 *
 *   replace:     μ ← μ + sqrt(σ²/M)·Z,   σ² ← σ²·χ²_{M−1}/(M − δ)
 *   accumulate:  merge a batch (mean μ + sqrt(σ²/M)·Z, sum of squares σ²·χ²_{M−1}) into the pool, refit.
 *
 * Generation g is the fit after g rounds (g = 0 is the true N(μ0, σ0²)). Replace keeps log σ² rather than
 * σ², so a collapsed chain (log σ² ≈ −2g/M) never underflows to 0 and log σ² stays finite.
 */
import { quantilesInPlace } from '../../math/quantile';
import { labRng, subSeed, type LabRng } from '../../math/variates';

const BAND = [0.1, 0.5, 0.9] as const;

export type Sim1Mode = 'replace' | 'accumulate';

export interface Sim1TrackSpec {
  M: number;
  mode: Sim1Mode;
}

/**
 * One (M, mode) ensemble's summaries at the summary generations (`summaryGenerations(G)`): entry i belongs
 * to generation gens[i]; entries are filled as the run reaches them.
 */
export interface Sim1Track extends Sim1TrackSpec {
  /** Median and 10th / 90th percentiles of σ_g over chains. */
  median: Float64Array;
  q10: Float64Array;
  q90: Float64Array;
  /** Mean over chains of σ_g² (may underflow to 0 for collapsed chains) and of log σ_g². */
  meanVar: Float64Array;
  meanLogVar: Float64Array;
  /** Each chain's fitted μ and σ at the density generation (empty until it is reached). */
  densityMu: Float64Array;
  densitySigma: Float64Array;
}

export interface Sim1Config {
  mu0: number;
  sigma0: number;
  delta: 0 | 1;
  G: number;
  chains: number;
  /** The generation whose fitted (μ, σ) per chain are kept. */
  densityGeneration: number;
  tracks: readonly Sim1TrackSpec[];
}

interface TrackState {
  rng: LabRng;
  mu: Float64Array;
  /** replace: log σ²; accumulate: the pool's sum of squared deviations (M2). */
  logVar: Float64Array;
  m2: Float64Array;
  /** accumulate: samples pooled so far (the same for every chain). */
  pooled: number;
}

/** The stream a track draws from depends on (seed, M, mode) only, so adding tracks never changes others. */
function trackSeed(seed: number, spec: Sim1TrackSpec): number {
  return subSeed(seed, spec.M * 2 + (spec.mode === 'accumulate' ? 1 : 0));
}

/** Every generation is summarised up to this one, so early readings (g = 10, 100) are exact. */
export const SUMMARY_ALL_UP_TO = 100;
/** Beyond it, about this many summaries in all: a plot cannot show more, and quantiles cost the most. */
export const SUMMARY_POINTS = 500;

/** The generations summarised: 0..100, then every ⌈G/500⌉-th, and always G. */
export function summaryGenerations(G: number): Int32Array {
  const stride = Math.max(1, Math.ceil(G / SUMMARY_POINTS));
  const gens: number[] = [];
  for (let g = 0; g <= G; g++) if (g <= SUMMARY_ALL_UP_TO || g % stride === 0 || g === G) gens.push(g);
  return Int32Array.from(gens);
}

export function newTrack(spec: Sim1TrackSpec, summaries: number): Sim1Track {
  return {
    ...spec,
    median: new Float64Array(summaries),
    q10: new Float64Array(summaries),
    q90: new Float64Array(summaries),
    meanVar: new Float64Array(summaries),
    meanLogVar: new Float64Array(summaries),
    densityMu: new Float64Array(0),
    densitySigma: new Float64Array(0),
  };
}

/**
 * Advances every track generation by generation, summarising at `gens`, and calls `onBlock(done, filled)`
 * after each block of generations (`filled` summaries are then written).
 */
export function runChains(
  config: Sim1Config,
  seed: number,
  tracks: Sim1Track[],
  gens: Int32Array,
  onBlock?: (done: number, filled: number) => void,
  blockSize = 50,
): void {
  const { mu0, sigma0, delta, G, chains } = config;
  const logVar0 = 2 * Math.log(sigma0);
  const states: TrackState[] = tracks.map((t) => ({
    rng: labRng(trackSeed(seed, t)),
    mu: new Float64Array(chains).fill(mu0),
    logVar: new Float64Array(chains).fill(logVar0),
    m2: new Float64Array(chains),
    pooled: 0,
  }));
  const scratch = new Float64Array(chains);
  const q = new Float64Array(3);
  tracks.forEach((t, i) => summarise(t, states[i], 0));
  if (config.densityGeneration === 0) tracks.forEach((t, i) => keepDensity(t, states[i]));
  let filled = 1;

  for (let g = 1; g <= G; g++) {
    const summary = gens[filled] === g;
    for (let i = 0; i < tracks.length; i++) {
      const t = tracks[i];
      const s = states[i];
      // Replace never reads μ again once the densities are kept (σ's update does not involve it).
      if (t.mode === 'replace') stepReplace(s, t.M, delta, chains, g <= config.densityGeneration);
      else stepAccumulate(s, t.M, delta, chains);
      if (summary) summarise(t, s, filled);
      if (g === config.densityGeneration) keepDensity(t, s);
    }
    if (summary) filled++;
    if (onBlock && (g % blockSize === 0 || g === G)) onBlock(g, filled);
  }

  function summarise(t: Sim1Track, s: TrackState, at: number): void {
    let sumVar = 0;
    let sumLog = 0;
    for (let c = 0; c < chains; c++) {
      const lv = s.logVar[c];
      sumVar += Math.exp(lv);
      sumLog += lv;
      scratch[c] = lv;
    }
    // Quantiles of σ are exp(½·quantiles of log σ²): the map is monotone.
    quantilesInPlace(scratch, BAND, q);
    t.q10[at] = Math.exp(0.5 * q[0]);
    t.median[at] = Math.exp(0.5 * q[1]);
    t.q90[at] = Math.exp(0.5 * q[2]);
    t.meanVar[at] = sumVar / chains;
    t.meanLogVar[at] = sumLog / chains;
  }

  function keepDensity(t: Sim1Track, s: TrackState): void {
    t.densityMu = Float64Array.from(s.mu);
    t.densitySigma = s.logVar.map((lv) => Math.exp(0.5 * lv));
  }
}

function stepReplace(s: TrackState, M: number, delta: number, chains: number, moveMean: boolean): void {
  const { rng, mu, logVar } = s;
  const logDenominator = Math.log(M - delta);
  const df = M - 1;
  const invM = 1 / M;
  for (let c = 0; c < chains; c++) {
    const lv = logVar[c];
    if (moveMean) mu[c] += Math.sqrt(Math.exp(lv) * invM) * rng.normal();
    logVar[c] = lv + Math.log(rng.chiSquare(df)) - logDenominator;
  }
}

/**
 * Pools a batch of M draws from each chain's current fit with everything drawn before, merging (count,
 * mean, M2) by Chan et al.'s parallel update — the same fit as keeping Σx and Σx², without its
 * cancellation when |μ| ≫ σ. Generation 1 draws its batch from the true distribution.
 */
function stepAccumulate(s: TrackState, M: number, delta: number, chains: number): void {
  const { rng, mu, logVar, m2 } = s;
  const n = s.pooled;
  const total = n + M;
  const df = M - 1;
  const logDenominator = Math.log(total - delta);
  for (let c = 0; c < chains; c++) {
    const sigma2 = Math.exp(logVar[c]);
    const batchMean = mu[c] + Math.sqrt(sigma2 / M) * rng.normal();
    const batchM2 = sigma2 * rng.chiSquare(df);
    const diff = batchMean - mu[c];
    // For the first batch n = 0: the pool is the batch itself.
    const newMean = n === 0 ? batchMean : mu[c] + (diff * M) / total;
    const newM2 = n === 0 ? batchM2 : m2[c] + batchM2 + (diff * diff * n * M) / total;
    mu[c] = newMean;
    m2[c] = newM2;
    logVar[c] = Math.log(newM2) - logDenominator;
  }
  s.pooled = total;
}
