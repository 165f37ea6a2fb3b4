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
