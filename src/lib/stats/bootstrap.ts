/**
 * Resampling over documents (metrics.md, hygiene for every comparison):
 *  - bootstrap: percentile intervals for any statistic of a corpus — resample the documents with
 *    replacement `replicates` times, recompute, and take the (1 ± level)/2 quantiles (type 7) of the
 *    replicate values. The estimate is the statistic of the corpus itself.
 *  - permutation test: is a difference between two corpora more than chance? Pool the documents, deal
 *    them at random into groups of the original sizes `permutations` times, and count how often the
 *    statistic is at least as extreme as observed; p = (1 + count)/(1 + permutations), so p is never 0
 *    (Phipson & Smyth 2010).
 * Resampling is over documents, not tokens: tokens of a document are not independent.
 * Every draw comes from seededRng(seed): the same seed gives the same interval and p-value, in any engine.
 */
import { quantileOfSorted } from './perplexity';
import { insufficient, isInsufficient, type Maybe, type Statistic } from './statistic';
import { seededRng } from '../random/seeded';

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  replicates?: number;
  seed?: number;
  /** Interval coverage (default 0.95). */
  level?: number;
}

export interface BootstrapInterval {
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  /** Replicates that gave a value. */
  replicates: number;
  /** Replicates on which the statistic was insufficient (left out; at most 10 % of them). */
  failed: number;
  /** Standard deviation of the replicate values. */
  standardError: number;
}

function checkOptions(o: BootstrapOptions): Required<BootstrapOptions> {
  const { replicates = 1000, seed = 0, level = 0.95 } = o;
  if (!(Number.isInteger(replicates) && replicates >= 2)) throw new RangeError(`replicates must be ≥ 2`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level ${level} must lie in (0, 1)`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed ${seed} must be an integer`);
  return { replicates, seed, level };
}

function interval(
  estimate: number,
  values: number[],
  failed: number,
  level: number,
): Maybe<BootstrapInterval> {
  const total = values.length + failed;
  if (failed > total / 10) {
    return insufficient(
      `the statistic could not be computed on ${failed} of ${total} resamples: too few documents for an interval`,
    );
  }
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= sorted.length;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  return {
    estimate,
    lo: quantileOfSorted(sorted, (1 - level) / 2),
    hi: quantileOfSorted(sorted, (1 + level) / 2),
    level,
    replicates: sorted.length,
    failed,
    standardError: Math.sqrt(ss / Math.max(1, sorted.length - 1)),
  };
}

const asMaybe = (x: Maybe<number> | number): Maybe<number> =>
  typeof x === 'number' && !Number.isFinite(x) ? insufficient(`the statistic is ${x}`) : x;

/**
 * Percentile bootstrap of `statistic` over `items` (one per document: values, accumulators, texts).
 * The sample array passed to `statistic` is reused between replicates: read it, do not keep it.
 */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => Maybe<number> | number,
  options: BootstrapOptions = {},
): Maybe<BootstrapInterval> {
  const { replicates, seed, level } = checkOptions(options);
  const n = items.length;
  if (n < 2)
    return insufficient(`a bootstrap needs at least 2 documents; there ${n === 1 ? 'is 1' : 'are 0'}`);
  const estimate = asMaybe(statistic(items));
  if (isInsufficient(estimate)) return estimate;
  const rng = seededRng(seed);
  const sample: T[] = items.slice();
  const values: number[] = [];
  let failed = 0;
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) sample[i] = items[Math.floor(rng() * n)];
    const v = asMaybe(statistic(sample));
    if (isInsufficient(v)) failed++;
    else values.push(v);
  }
  return interval(estimate, values, failed, level);
}

/** The bootstrap of a mean of per-document values, without building samples (same draws as bootstrap()). */
export function bootstrapMean(
  values: ArrayLike<number>,
  options: BootstrapOptions = {},
): Maybe<BootstrapInterval> {
  const { replicates, seed, level } = checkOptions(options);
  const n = values.length;
  if (n < 2)
    return insufficient(`a bootstrap needs at least 2 documents; there ${n === 1 ? 'is 1' : 'are 0'}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`value ${i} is ${values[i]}`);
    total += values[i];
  }
  const rng = seededRng(seed);
  const means: number[] = [];
  for (let r = 0; r < replicates; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rng() * n)];
    means.push(s / n);
  }
  return interval(total / n, means, 0, level);
}

/**
 * The bootstrap of a mergeable statistic from per-document accumulators: each replicate merges the drawn
 * documents' accumulators and reads a number off the finalized result. O(documents) merges per
 * replicate, so meant for corpora of thousands of documents, not millions.
 */
export function bootstrapStatistic<Acc, Input, Result>(
  stat: Statistic<Acc, Input, Result>,
  perDocument: readonly Acc[],
  read: (result: Result) => Maybe<number> | number,
  options: BootstrapOptions = {},
): Maybe<BootstrapInterval> {
  return bootstrap(
    perDocument,
    (sample) => {
      let acc = stat.empty();
      for (const a of sample) acc = stat.merge(acc, a);
      return read(stat.finalize(acc));
    },
    options,
  );
}

export interface PermutationOptions {
  /** Random relabellings (default 9999). */
  permutations?: number;
  seed?: number;
  /** 'two-sided' (default): |T*| ≥ |T|; 'greater': T* ≥ T; 'less': T* ≤ T. */
  alternative?: 'two-sided' | 'greater' | 'less';
}

export interface PermutationTest {
  /** T(a, b) on the corpora as given. */
  observed: number;
  /** (1 + #{permutations at least as extreme}) / (1 + permutations). */
  pValue: number;
  permutations: number;
  alternative: 'two-sided' | 'greater' | 'less';
}

/**
 * Permutation test of T(a, b) (e.g. the difference of a per-document mean). The arrays passed to
 * `statistic` are reused between permutations: read them, do not keep them.
 */
export function permutationTest<T>(
  a: readonly T[],
  b: readonly T[],
  statistic: (a: readonly T[], b: readonly T[]) => number,
  options: PermutationOptions = {},
): Maybe<PermutationTest> {
  const { permutations = 9999, seed = 0, alternative = 'two-sided' } = options;
  if (!(Number.isInteger(permutations) && permutations >= 1))
    throw new RangeError('permutations must be ≥ 1');
  if (a.length === 0 || b.length === 0) {
    return insufficient(
      `a permutation test needs documents in both corpora (sizes ${a.length} and ${b.length})`,
    );
  }
  const observed = statistic(a, b);
  if (!Number.isFinite(observed)) return insufficient(`the statistic is ${observed} on the corpora as given`);
  const pooled = a.concat(b);
  const x: T[] = a.slice();
  const y: T[] = b.slice();
  const rng = seededRng(seed);
  // Equal up to rounding counts as "as extreme": relabellings that reproduce the observed split must count.
  const eps = 1e-12 * Math.max(1, Math.abs(observed));
  let extreme = 0;
  for (let p = 0; p < permutations; p++) {
    // Partial Fisher–Yates: the first |a| positions become the new a.
    for (let i = 0; i < a.length; i++) {
      const j = i + Math.floor(rng() * (pooled.length - i));
      const t = pooled[i];
      pooled[i] = pooled[j];
      pooled[j] = t;
    }
    for (let i = 0; i < a.length; i++) x[i] = pooled[i];
    for (let i = 0; i < b.length; i++) y[i] = pooled[a.length + i];
    const t = statistic(x, y);
    if (
      alternative === 'two-sided'
        ? Math.abs(t) >= Math.abs(observed) - eps
        : alternative === 'greater'
          ? t >= observed - eps
          : t <= observed + eps
    ) {
      extreme++;
    }
  }
  return { observed, pValue: (1 + extreme) / (1 + permutations), permutations, alternative };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Permutation test of mean(a) − mean(b) for per-document values. */
export function permutationTestMeans(
  a: readonly number[],
  b: readonly number[],
  options: PermutationOptions = {},
): Maybe<PermutationTest> {
  return permutationTest(a, b, (x, y) => mean(x) - mean(y), options);
}
