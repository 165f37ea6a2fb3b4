/**
 * Quantiles of token probability read off a fixed histogram (the 25/50/75th percentile lines on the
 * token-probability figure): the report keeps bin counts, not the tokens, so a quantile is found by
 * linear interpolation inside the bin where the cumulative count crosses q·N. Its error is at most one
 * bin width (1/300 for the fine histogram). Values below the first edge (underflow) count at the bottom.
 */
import { insufficient, type Maybe } from '../../stats/measures/statistic';

export function histogramQuantile(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
  q: number,
  underflow = 0,
  overflow = 0,
): Maybe<number> {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level ${q} must lie in [0, 1]`);
  if (edges.length !== counts.length + 1) throw new RangeError('need one more edge than counts');
  let total = underflow + overflow;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total === 0) return insufficient('no values in the histogram');
  const target = q * total;
  let cumulative = underflow;
  if (target <= cumulative && underflow > 0) return edges[0];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0 && cumulative + c >= target) {
      const within = (target - cumulative) / c;
      return edges[i] + within * (edges[i + 1] - edges[i]);
    }
    cumulative += c;
  }
  return edges[edges.length - 1];
}
