/**
 * Resampling for two-corpus comparisons: permutation nulls (is the difference real?) and the intervals that
 * go with each statistic (how large is it?). metrics.md asks for a permutation test before a difference is
 * claimed, and for intervals that are honest about the upward bias of plug-in divergences.
 *
 * Units. Documents are what is exchangeable between two corpora. For per-document values (log PPL) the
 * permutation shuffles documents. For counts (hashed features, exact n-grams) the reports keep counts per
 * document group — documents assigned to G groups by a seeded hash, so each group is a random subset of its
 * corpus — and a re-split draws groups ("bags") in random order and gives them to the pseudo-A side while
 * that brings its document count closer to A's (`splitBags`). Under the null (both corpora from one
 * source) a bag's content does not depend on its size, so a pseudo-A is a random set of about n_A
 * documents, as it should be even when the corpora differ greatly in size (a plain label shuffle of
 * equal-count bags would compare two half-pooled corpora instead, and under-state the null for the
 * smaller one).
 *
 * p-values are (1 + #{T* ≥ T})/(1 + R) (Phipson & Smyth 2010: never 0, exact for R re-splits).
 */
import { normalQuantile } from '../../math/special';
import type { Uniform } from '../../math/seeded';
import { quantileOfSorted } from './perplexity';
import { insufficient, type Maybe } from './statistic';

/** The permutation null of one statistic. */
export interface NullTest {
  /** Re-splits drawn. */
  replicates: number;
  /** (1 + #{null ≥ observed}) / (1 + replicates). */
  pValue: number;
  /** The null's mean: what two same-source corpora of these sizes show on average (the plug-in's bias). */
  mean: number;
  /** The null's `level` quantile: an observed value above it is significant at 1 − level. */
  quantile: number;
  level: number;
  method: string;
}

/** A statistic on the data, with its permutation null and, where one is honest, an interval. */
export interface Estimate {
  /** The figure to show: the plug-in value, or a bias-corrected one where `plugin` differs. */
  value: number;
  /** The plain plug-in value on the data. */
  plugin: number;
  /** A `level` interval that contains `value`, or why none is given for this statistic. */
  interval: Maybe<Interval>;
  test: Maybe<NullTest>;
}

export interface Interval {
  low: number;
  high: number;
  level: number;
  replicates: number;
  /** How it was computed, with its reference. */
  method: string;
}

/**
 * Marks the pooled bags (A's first, then B's) that form a pseudo-A of about `targetA` documents: bags in a
 * random order, each given to pseudo-A while that brings its size closer to the target. `inA` is filled
 * with 1 (pseudo-A) or 0.
 */
export function splitBags(sizes: ArrayLike<number>, targetA: number, rng: Uniform, inA: Uint8Array): void {
  const n = sizes.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  inA.fill(0);
  let docs = 0;
  for (let k = 0; k < n; k++) {
    const b = order[k];
    if (docs + sizes[b] / 2 < targetA) {
      inA[b] = 1;
      docs += sizes[b];
    }
  }
}

/**
 * Permutation nulls of several statistics at once: `resplit` draws one re-split and returns the statistics
 * on it, in the order of `observed`. NaN replicates (an empty side) are dropped.
 */
export function permutationNull(
  observed: readonly number[],
  resplit: () => readonly number[],
  replicates: number,
  level: number,
  method: string,
): Maybe<NullTest>[] {
  const draws = observed.map(() => [] as number[]);
  for (let r = 0; r < replicates; r++) {
    const values = resplit();
    values.forEach((v, i) => {
      if (Number.isFinite(v)) draws[i].push(v);
    });
  }
  return observed.map((t, i) => nullTest(t, draws[i], level, method));
}

/** A NullTest from the null's draws; insufficient for too few draws or a non-finite observation. */
export function nullTest(observed: number, draws: number[], level: number, method: string): Maybe<NullTest> {
  if (!Number.isFinite(observed)) return insufficient('the statistic is not finite on the data');
  if (draws.length < 19)
    return insufficient(`only ${draws.length} usable re-splits (19 needed for p ≤ 0.05)`);
  const sorted = Float64Array.from(draws).sort();
  // A tolerance for rounding: a re-split equal to the data (e.g. the identity) must count as "≥".
  const tol = 1e-12 * Math.max(1, Math.abs(observed));
  let atLeast = 0;
  let sum = 0;
  for (const v of sorted) {
    if (v >= observed - tol) atLeast++;
    sum += v;
  }
  return {
    replicates: sorted.length,
    pValue: (1 + atLeast) / (1 + sorted.length),
    mean: sum / sorted.length,
    quantile: quantileOfSorted(sorted, level),
    level,
    method,
  };
}

/** Draws of a bootstrap: their mean and the two percentiles of a `level` interval. */
export interface BootstrapSpread {
  replicates: number;
  mean: number;
  low: number;
  high: number;
}

export function bootstrapSpread(draws: number[], level: number): Maybe<BootstrapSpread> {
  const finite = Float64Array.from(draws.filter(Number.isFinite)).sort();
  if (finite.length < 10) return insufficient(`only ${finite.length} usable bootstrap replicates`);
  let sum = 0;
  for (const v of finite) sum += v;
  return {
    replicates: finite.length,
    mean: sum / finite.length,
    low: quantileOfSorted(finite, (1 - level) / 2),
    high: quantileOfSorted(finite, (1 + level) / 2),
  };
}

export const NULL_CORRECTED_METHOD =
  'estimate: plug-in minus the permutation null’s mean (the plug-in’s bias at these sample sizes); interval: the bootstrap’s spread around its own mean, moved onto the estimate, with the low end 0 where the permutation test does not reject; see docs/statistics.md';

/**
 * A divergence ≥ 0 whose plug-in is biased upward (JSD): estimate = plug-in − null mean (≥ 0), interval =
 * [estimate − (q_hi − mean*), estimate + (mean* − q_lo)] from the bootstrap draws (a basic interval around
 * the corrected estimate), clamped to [0, max], its low end 0 when the test's p-value exceeds 1 − level.
 * Coverage is checked by simulation in test/node/interval-coverage.test.ts.
 */
export function nullCorrected(
  plugin: number,
  test: Maybe<NullTest>,
  boot: Maybe<BootstrapSpread>,
  level: number,
  max = 1,
): Estimate {
  if ('insufficient' in test) {
    return { value: plugin, plugin, interval: insufficient(`no interval: ${test.insufficient}`), test };
  }
  const value = Math.min(max, Math.max(0, plugin - test.mean));
  if ('insufficient' in boot) return { value, plugin, interval: boot, test };
  let low = Math.max(0, value - (boot.high - boot.mean));
  let high = Math.min(max, value + (boot.mean - boot.low));
  if (test.pValue > 1 - level) low = 0;
  // The mean of the draws lies between their percentiles in every realistic case; never exclude the estimate.
  low = Math.min(low, value);
  high = Math.max(high, value);
  return {
    value,
    plugin,
    interval: { low, high, level, replicates: boot.replicates, method: NULL_CORRECTED_METHOD },
    test,
  };
}

/**
 * The Dvoretzky–Kiefer–Wolfowitz–Massart band for the two-sample KS statistic: each ECDF is within ε_n =
 * √(ln(4/α)/(2n)) of its CDF with probability ≥ 1 − α/2 (Massart 1990), so |D̂ − D| ≤ ε_a + ε_b with
 * probability ≥ 1 − α. Distribution-free and exact in finite samples (conservative), and it always
 * contains D̂: bootstrap intervals for KS do neither (the KS functional is not smooth).
 */
export function ksInterval(d: number, na: number, nb: number, level: number): Maybe<Interval> {
  if (na === 0 || nb === 0) return insufficient('an empty sample');
  const alpha = 1 - level;
  const eps = (n: number) => Math.sqrt(Math.log(4 / alpha) / (2 * n));
  const e = eps(na) + eps(nb);
  return {
    low: Math.max(0, d - e),
    high: Math.min(1, d + e),
    level,
    replicates: 0,
    method: 'DKW–Massart band: |D̂ − D| ≤ ε_a + ε_b, ε_n = √(ln(4/α)/2n) (Massart 1990); distribution-free',
  };
}

/**
 * DeLong's variance of the AUROC (DeLong, DeLong & Clarke-Pearson 1988) with the interval built on the
 * logit scale and mapped back (Pepe 2003; Qin & Hotilovac 2008), which keeps it inside (0, 1) and covers
 * better than the plain normal interval near 0 and 1. `below[i]`: the share of b below a[i] (ties ½);
 * `above[j]`: the share of a above b[j] (ties ½).
 */
export function aurocInterval(
  auc: number,
  below: Float64Array,
  above: Float64Array,
  level: number,
): Maybe<Interval> {
  const m = below.length;
  const n = above.length;
  if (m < 2 || n < 2) return insufficient('fewer than two documents on a side');
  const variance = (xs: Float64Array) => {
    let mean = 0;
    for (const x of xs) mean += x;
    mean /= xs.length;
    let s = 0;
    for (const x of xs) s += (x - mean) ** 2;
    return s / (xs.length - 1);
  };
  const se = Math.sqrt(variance(below) / m + variance(above) / n);
  // A perfect (or perfectly wrong) separation has no logit: nudge it half a pair inside (0, 1).
  const half = 1 / (2 * m * n);
  const a = Math.min(1 - half, Math.max(half, auc));
  const z = normalQuantile((1 + level) / 2);
  const logit = Math.log(a / (1 - a));
  const seLogit = Math.max(se, half) / (a * (1 - a));
  const back = (x: number) => 1 / (1 + Math.exp(-x));
  return {
    low: Math.min(auc, back(logit - z * seLogit)),
    high: Math.max(auc, back(logit + z * seLogit)),
    level,
    replicates: 0,
    method: 'DeLong variance, interval on the logit scale (DeLong et al. 1988; Qin & Hotilovac 2008)',
  };
}
