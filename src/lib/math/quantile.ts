/**
 * Quantiles of a small sample by selection instead of sorting: Sim 1 needs the 10th, 50th and 90th
 * percentile of hundreds of chains at every one of thousands of generations, and three quickselects cost
 * less than one TypedArray sort there (d3.quickselect pays for its comparator).
 */

/** Partially orders a[lo..hi] so that a[k] holds the value it would have if sorted (Hoare quickselect). */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    // Median of three as the pivot: sorted or reversed input stays linear.
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Quantiles (linear interpolation between order statistics, R type 7 like d3.quantile) of a NaN-free
 * sample, for increasing probabilities `ps`; reorders `a`. Writes into `out` and returns it.
 */
export function quantilesInPlace(
  a: Float64Array,
  ps: readonly number[],
  out = new Float64Array(ps.length),
): Float64Array {
  const n = a.length;
  if (n === 0) throw new RangeError('quantiles of an empty sample');
  let lo = 0;
  for (let q = 0; q < ps.length; q++) {
    const h = (n - 1) * ps[q];
    const k = Math.floor(h);
    selectInPlace(a, k, lo, n - 1);
    let v = a[k];
    if (h > k) {
      // The next order statistic is the smallest value to the right of k.
      let next = Infinity;
      for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
      v += (h - k) * (next - v);
    }
    out[q] = v;
    lo = k; // later (larger) quantiles lie at or right of k
  }
  return out;
}
