/**
 * Zipf's law the way Clauset, Shalizi & Newman (2009, "Power-law distributions in empirical data") fit it,
 * not by least squares on the log–log plot (metrics.md): the type frequencies x (how often each word type
 * occurs) are taken as draws from a discrete power law p(x) = x^(−α)/ζ(α, x_min) for x ≥ x_min, and
 *  - for a given x_min, α̂ maximises the log-likelihood ℓ(α) = −n ln ζ(α, x_min) − α Σ ln x_i over the n
 *    types with x ≥ x_min (ℓ is concave in α, so a golden-section search on (1, 20] finds it);
 *  - x_min is the candidate whose fit has the smallest Kolmogorov–Smirnov distance between the tail's
 *    empirical CDF and the fitted one, D = max_x |E(x) − F(x)| over the integers x ≥ x_min.
 * Candidates are every distinct frequency that leaves at least `minTail` types in the tail, all of them
 * scanned: each costs one fit and one KS pass over the tail's distinct values, little at the sample's
 * size, while a log-spaced subset of candidates could miss the minimum.
 *
 * α here is the exponent of the frequency distribution; the rank–frequency exponent s of f(r) ∝ r^(−s)
 * is 1/(α − 1) (α ≈ 2 ⇔ s ≈ 1, classic Zipf), reported beside it. The standard error is from the observed
 * Fisher information, 1/√(−ℓ''(α̂)).
 */
import { hurwitzZeta } from '../../math/special';
import { insufficient, type Maybe } from './statistic';

export interface ZipfOptions {
  /** Fewest types (overall, and in a candidate's tail) to fit at all (default 50). */
  minTail?: number;
}

export interface ZipfFit {
  /** α̂: the discrete power-law exponent of type frequencies ≥ xmin. */
  exponent: number;
  /** Standard error of α̂ (observed Fisher information). */
  exponentStdError: number;
  /** s = 1/(α − 1): the exponent of frequency against rank. */
  rankExponent: number;
  xmin: number;
  /** KS distance of the fit on the tail. */
  ks: number;
  /** Types with frequency ≥ xmin (n_tail). */
  tail: number;
  /** All types given. */
  types: number;
  /** x_min candidates tried: every distinct frequency leaving ≥ minTail types in the tail. */
  candidates: number;
}

const ALPHA_MIN = 1 + 1e-9;
const ALPHA_MAX = 20;
const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** Golden-section maximum of a unimodal f on [lo, hi]. */
function argmax(f: (x: number) => number, lo: number, hi: number, tol = 1e-10): number {
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol * (1 + Math.abs(a))) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** The MLE of α for a tail of n values ≥ xmin with Σ ln x = sumLog; null when ℓ has no interior maximum. */
export function powerLawExponent(n: number, sumLog: number, xmin: number): number | null {
  const ell = (alpha: number) => -n * Math.log(hurwitzZeta(alpha, xmin)) - alpha * sumLog;
  const alpha = argmax(ell, ALPHA_MIN, ALPHA_MAX);
  // At the ends the likelihood is still rising: all values equal xmin (α → ∞) or a tail too heavy to fit.
  if (alpha > ALPHA_MAX - 1e-6 || alpha < ALPHA_MIN + 1e-6) return null;
  return alpha;
}

/**
 * KS distance between the tail (distinct ascending values `values[from..]` with multiplicities) and the
 * discrete power law (α, xmin). The fitted CDF F(x) = 1 − ζ(α, x+1)/ζ(α, xmin) rises between data
 * values while E(x) stays flat, so |E − F| is checked at each value and just before the next one.
 * ζ(α, x) is stepped by the recurrence ζ(α, x+1) = ζ(α, x) − x^(−α) over short gaps, recomputed over long ones.
 */
function ksDistance(
  values: Float64Array,
  multiplicity: Float64Array,
  from: number,
  n: number,
  alpha: number,
): number {
  const xmin = values[from];
  const z0 = hurwitzZeta(alpha, xmin);
  let x = xmin; // zeta = ζ(α, x)
  let zeta = z0;
  const zetaAt = (target: number): number => {
    if (target - x > 64) {
      x = target;
      zeta = hurwitzZeta(alpha, x);
    }
    while (x < target) zeta -= Math.pow(x++, -alpha);
    return zeta;
  };
  let below = 0;
  let d = 0;
  for (let j = from; j < values.length; j++) {
    below += multiplicity[j];
    const e = below / n;
    d = Math.max(d, Math.abs(e - (1 - zetaAt(values[j] + 1) / z0)));
    if (j + 1 < values.length && values[j + 1] - 1 > values[j]) {
      d = Math.max(d, Math.abs(e - (1 - zetaAt(values[j + 1]) / z0)));
    }
  }
  return d;
}

/** Discrete power-law fit of type frequencies (positive integers), x_min by minimum KS distance. */
export function fitZipf(frequencies: Iterable<number>, options: ZipfOptions = {}): Maybe<ZipfFit> {
  const { minTail = 50 } = options;
  const xs = Float64Array.from(frequencies);
  for (const x of xs) {
    if (!(Number.isInteger(x) && x >= 1)) throw new RangeError(`frequency ${x} is not a positive integer`);
  }
  if (xs.length < minTail) {
    return insufficient(
      `a Zipf fit needs at least ${minTail} word types; this corpus has ${xs.length} — use a larger sample`,
    );
  }
  xs.sort();
  // Distinct values with multiplicities, and suffix sums for each tail.
  const values: number[] = [];
  const mult: number[] = [];
  for (const x of xs) {
    if (values.length && values[values.length - 1] === x) mult[mult.length - 1]++;
    else {
      values.push(x);
      mult.push(1);
    }
  }
  const v = Float64Array.from(values);
  const m = Float64Array.from(mult);
  const tailCount = new Float64Array(v.length + 1);
  const tailLog = new Float64Array(v.length + 1);
  for (let j = v.length - 1; j >= 0; j--) {
    tailCount[j] = tailCount[j + 1] + m[j];
    tailLog[j] = tailLog[j + 1] + m[j] * Math.log(v[j]);
  }
  let last = 0; // the largest candidate index leaving ≥ minTail types
  while (last + 1 < v.length && tailCount[last + 1] >= minTail) last++;
  let best: { j: number; alpha: number; ks: number } | null = null;
  for (let j = 0; j <= last; j++) {
    const n = tailCount[j];
    const alpha = powerLawExponent(n, tailLog[j], v[j]);
    if (alpha === null) continue;
    const ks = ksDistance(v, m, j, n, alpha);
    if (!best || ks < best.ks) best = { j, alpha, ks };
  }
  if (!best) {
    return insufficient('no power law fits: the frequencies are (nearly) all equal in every candidate tail');
  }
  const { j, alpha, ks } = best;
  const n = tailCount[j];
  const xmin = v[j];
  // −ℓ''(α̂) = n (ln ζ)''(α̂), by central differences of ln ζ.
  const h = 1e-4 * alpha;
  const lz = (a: number) => Math.log(hurwitzZeta(a, xmin));
  const curvature = (n * (lz(alpha + h) - 2 * lz(alpha) + lz(alpha - h))) / (h * h);
  return {
    exponent: alpha,
    exponentStdError: curvature > 0 ? 1 / Math.sqrt(curvature) : Infinity,
    rankExponent: 1 / (alpha - 1),
    xmin,
    ks,
    tail: n,
    types: xs.length,
    candidates: last + 1,
  };
}

export interface RankFrequency {
  /** 1-based ranks, ascending. */
  ranks: Float64Array;
  /** The frequency at each rank (descending). */
  frequencies: Float64Array;
  /** All types (the last rank). */
  types: number;
  /** True when only a log-spaced subset of ranks is listed. */
  thinned: boolean;
}

/**
 * The raw rank–frequency points for the Zipf plot: every rank up to `maxPoints` types; beyond that, every
 * rank up to maxPoints/4 and log-spaced ranks after it (the last rank always included), so a million-type
 * tail plots as a few thousand points with its shape intact.
 */
export function rankFrequency(frequencies: Iterable<number>, maxPoints = 2000): RankFrequency {
  const f = Float64Array.from(frequencies).sort().reverse();
  const types = f.length;
  if (types <= maxPoints) {
    return { ranks: Float64Array.from(f, (_, i) => i + 1), frequencies: f, types, thinned: false };
  }
  const head = Math.floor(maxPoints / 4);
  const ranks: number[] = [];
  for (let r = 1; r <= head; r++) ranks.push(r);
  const rest = maxPoints - head;
  const lo = Math.log(head + 1);
  const hi = Math.log(types);
  for (let t = 0; t < rest; t++) {
    const r = Math.round(Math.exp(lo + ((hi - lo) * t) / (rest - 1)));
    if (r > ranks[ranks.length - 1]) ranks.push(r);
  }
  if (ranks[ranks.length - 1] !== types) ranks.push(types);
  const r = Float64Array.from(ranks);
  return { ranks: r, frequencies: r.map((x) => f[x - 1]), types, thinned: true };
}
