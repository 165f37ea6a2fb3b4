/**
 * Two-sample comparisons of per-document values (log PPL of H and S): the Kolmogorov–Smirnov statistic,
 * Wasserstein-1 and AUROC. All three are exact walks over the two sorted samples that step over each
 * distinct value at once, so ties are handled the same way everywhere.
 */
import { insufficient, type Insufficient, type Maybe } from './statistic';

function sortedCopy(name: string, xs: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(xs);
  for (const x of s) if (Number.isNaN(x)) throw new RangeError(`sample ${name} contains NaN`);
  return s.sort();
}

function empty(a: ArrayLike<number>, b: ArrayLike<number>): Insufficient | null {
  if (a.length === 0 || b.length === 0) {
    return insufficient(`an empty sample (sizes ${a.length} and ${b.length}): nothing to compare`);
  }
  return null;
}

/**
 * Visits every distinct value v of a ∪ b in ascending order with how many of each sample equal v and how
 * many lie strictly below it.
 */
function walk(
  a: Float64Array,
  b: Float64Array,
  visit: (v: number, aEq: number, bEq: number, aBelow: number, bBelow: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    visit(v, i - i0, j - j0, i0, j0);
  }
}

/** KS statistic D = sup_x |F_a(x) − F_b(x)| (ECDFs right-continuous, so evaluated after each value). */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): Maybe<number> {
  const bad = empty(a, b);
  if (bad) return bad;
  const sa = sortedCopy('a', a);
  const sb = sortedCopy('b', b);
  let d = 0;
  walk(sa, sb, (_v, aEq, bEq, aBelow, bBelow) => {
    d = Math.max(d, Math.abs((aBelow + aEq) / sa.length - (bBelow + bEq) / sb.length));
  });
  return d;
}

/**
 * Wasserstein-1 = ∫ |F_a(x) − F_b(x)| dx, the area between the ECDFs (in the samples' units: nats of log
 * PPL). Insufficient when a value is infinite (a document with PPL = ∞): the area would be ∞ or undefined.
 */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): Maybe<number> {
  const bad = empty(a, b);
  if (bad) return bad;
  const sa = sortedCopy('a', a);
  const sb = sortedCopy('b', b);
  if (![sa[0], sa[sa.length - 1], sb[0], sb[sb.length - 1]].every(Number.isFinite)) {
    return insufficient('an infinite value: the area between the ECDFs is not finite');
  }
  let area = 0;
  let prev = 0;
  let gap = 0; // |F_a − F_b| on [prev, v)
  walk(sa, sb, (v, aEq, bEq, aBelow, bBelow) => {
    area += gap * (v - prev);
    prev = v;
    gap = Math.abs((aBelow + aEq) / sa.length - (bBelow + bEq) / sb.length);
  });
  return area;
}

/**
 * AUROC = U / (n_a n_b) = P(A > B) + ½ P(A = B) for A, B drawn from a and b (Mann–Whitney U with ties
 * counted half). 0.5: indistinguishable; 1: every value of a exceeds every value of b. For (H, S) on
 * log PPL it is the chance that a random human document is more surprising than a random synthetic one.
 */
export function auroc(a: ArrayLike<number>, b: ArrayLike<number>): Maybe<number> {
  const bad = empty(a, b);
  if (bad) return bad;
  const sa = sortedCopy('a', a);
  const sb = sortedCopy('b', b);
  let u = 0;
  walk(sa, sb, (_v, aEq, bEq, _aBelow, bBelow) => {
    u += aEq * bBelow + 0.5 * aEq * bEq;
  });
  return u / (sa.length * sb.length);
}

export interface TwoSample {
  ks: number;
  w1: number;
  auroc: number;
}

/**
 * KS, Wasserstein-1 and AUROC of two samples already sorted ascending (finite, non-empty), in one walk: what a
 * permutation null recomputes for every re-split. Equal to ksStatistic, wasserstein1 and auroc.
 */
export function twoSampleSorted(sa: Float64Array, sb: Float64Array): TwoSample {
  let ks = 0;
  let w1 = 0;
  let u = 0;
  let prev = 0;
  let gap = 0;
  walk(sa, sb, (v, aEq, bEq, aBelow, bBelow) => {
    w1 += gap * (v - prev);
    prev = v;
    gap = Math.abs((aBelow + aEq) / sa.length - (bBelow + bEq) / sb.length);
    if (gap > ks) ks = gap;
    u += aEq * bBelow + 0.5 * aEq * bEq;
  });
  return { ks, w1, auroc: u / (sa.length * sb.length) };
}

/**
 * DeLong's placement values for AUROC = P(A > B) + ½P(A = B): for each value of a, the share of b below it
 * (ties ½); for each value of b, the share of a above it (ties ½). Their means are both the AUROC.
 */
export function aurocPlacements(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { below: Float64Array; above: Float64Array } {
  const sa = sortedCopy('a', a);
  const sb = sortedCopy('b', b);
  const below = new Float64Array(sa.length);
  const above = new Float64Array(sb.length);
  walk(sa, sb, (_v, aEq, bEq, aBelow, bBelow) => {
    const vb = (bBelow + 0.5 * bEq) / sb.length;
    for (let i = aBelow; i < aBelow + aEq; i++) below[i] = vb;
    const va = (sa.length - aBelow - aEq + 0.5 * aEq) / sa.length;
    for (let j = bBelow; j < bBelow + bEq; j++) above[j] = va;
  });
  return { below, above };
}
