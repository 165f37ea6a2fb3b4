/**
 * An x-brush in data units: the pixels the pointer swept, inverted through the scale, ordered, clamped to
 * the domain and (for histograms) widened to whole bins, so a brushed range is always a union of bars.
 */
import { bisectRight } from 'd3-array';
import type { ContinuousScale } from './scales';

export function brushDomain(
  px0: number,
  px1: number,
  x: ContinuousScale,
  edges?: ArrayLike<number>,
): [number, number] | null {
  const [d0, d1] = x.domain();
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  let a = x.invert(Math.min(px0, px1));
  let b = x.invert(Math.max(px0, px1));
  if (a > b) [a, b] = [b, a];
  a = Math.max(lo, Math.min(hi, a));
  b = Math.max(lo, Math.min(hi, b));
  if (edges && edges.length >= 2) return snapToEdges(a, b, edges);
  return b > a ? [a, b] : null;
}

/** The smallest union of bins [edges[i], edges[j]] that covers [a, b]. */
export function snapToEdges(a: number, b: number, edges: ArrayLike<number>): [number, number] {
  const n = edges.length;
  const e = Array.from(edges);
  const i = Math.max(0, Math.min(n - 2, bisectRight(e, a) - 1));
  const k = bisectRight(e, b) - 1; // the last edge ≤ b
  const upper = k >= 0 && e[k] === b ? k : k + 1;
  const j = Math.max(i + 1, Math.min(n - 1, upper));
  return [e[i], e[j]];
}
