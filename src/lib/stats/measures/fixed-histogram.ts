/**
 * A histogram over fixed bin edges: the edges are chosen before any data is seen, so histograms of shards
 * merge by adding counts, exactly (datatrove's rule). Bin i is [edges[i], edges[i+1]); the last bin is
 * closed, [edges[B−1], edges[B]], so the upper end of the range (p = 1) has a bin. Values outside the range
 * are counted as underflow / overflow rather than dropped or clamped, so counts always conserve:
 * underflow + Σ counts + overflow = number of values added.
 */
import { bisectRight } from 'd3-array';
import { insufficient, type Maybe } from './statistic';

export interface FixedHistogram {
  /** B + 1 strictly increasing edges. */
  edges: Float64Array;
  /** B counts (Float64Array: exact integers up to 2^53, and transferable). */
  counts: Float64Array;
  underflow: number;
  overflow: number;
}

export interface HistogramResult {
  edges: Float64Array;
  counts: Float64Array;
  underflow: number;
  overflow: number;
  /** Every value added: underflow + Σ counts + overflow. */
  total: number;
  /** counts / total; with the underflow and overflow shares they sum to 1. */
  shares: Float64Array;
  underflowShare: number;
  overflowShare: number;
}

/** `bins` equal-width bins from lo to hi; edge i is lo + (hi − lo)·i/bins, so [0, 1] gives exactly i/bins. */
export function linearEdges(lo: number, hi: number, bins: number): Float64Array {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins ${bins} must be a positive integer`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError(`need lo < hi`);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  edges[bins] = hi; // no rounding drift at the top: the closed last bin must end exactly at hi
  return edges;
}

export function emptyHistogram(edges: Float64Array): FixedHistogram {
  if (edges.length < 2) throw new RangeError('a histogram needs at least two edges');
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] > edges[i - 1])) throw new RangeError('histogram edges must be strictly increasing');
  }
  return { edges, counts: new Float64Array(edges.length - 1), underflow: 0, overflow: 0 };
}

/** The bin of x: −1 below the range, B above it. NaN has no bin (callers skip unscored tokens first). */
export function binIndex(edges: Float64Array, x: number): number {
  if (Number.isNaN(x)) throw new RangeError('NaN has no bin');
  const bins = edges.length - 1;
  if (x < edges[0]) return -1;
  if (x > edges[bins]) return bins;
  if (x === edges[bins]) return bins - 1; // the last bin is closed
  return bisectRight(edges, x) - 1;
}

export function addValue(h: FixedHistogram, x: number): void {
  const i = binIndex(h.edges, x);
  if (i < 0) h.underflow++;
  else if (i >= h.counts.length) h.overflow++;
  else h.counts[i]++;
}

function sameEdges(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function mergeHistograms(a: FixedHistogram, b: FixedHistogram): FixedHistogram {
  // Different edges cannot merge exactly; refusing is better than a silently re-binned answer.
  if (!sameEdges(a.edges, b.edges)) throw new RangeError('cannot merge histograms with different edges');
  const counts = new Float64Array(a.counts.length);
  for (let i = 0; i < counts.length; i++) counts[i] = a.counts[i] + b.counts[i];
  return { edges: a.edges, counts, underflow: a.underflow + b.underflow, overflow: a.overflow + b.overflow };
}

export function histogramTotal(h: FixedHistogram): number {
  let total = h.underflow + h.overflow;
  for (const c of h.counts) total += c;
  return total;
}

export function finalizeHistogram(h: FixedHistogram): Maybe<HistogramResult> {
  const total = histogramTotal(h);
  if (total === 0) return insufficient('no values: a histogram of nothing has no shares');
  return {
    edges: h.edges,
    counts: h.counts.slice(),
    underflow: h.underflow,
    overflow: h.overflow,
    total,
    shares: h.counts.map((c) => c / total),
    underflowShare: h.underflow / total,
    overflowShare: h.overflow / total,
  };
}
