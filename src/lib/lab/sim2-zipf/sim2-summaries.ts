/**
 * Summaries of Sim 2's replicates, for its figures and readings: each generation's error curve and floor
 * as a mean with 10th and 90th percentiles over the replicates finished so far.
 */
import { quantilesInPlace } from '../../math/quantile';
import type { Sim2Result } from './sim2-model';

/** Mean and 10th / 90th percentiles over finished replicates of generation g's error curve. */
export function generationSummary(
  r: Sim2Result,
  g: number,
): { mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const n = Math.max(1, r.done);
  const len = r.grid.length;
  const e = r.genErrors[g - 1];
  const mean = new Float64Array(len);
  const lo = new Float64Array(len);
  const hi = new Float64Array(len);
  const column = new Float64Array(n);
  const q = new Float64Array(2);
  for (let t = 0; t < len; t++) {
    let s = 0;
    for (let rep = 0; rep < n; rep++) s += column[rep] = e[rep * len + t];
    mean[t] = s / n;
    quantilesInPlace(column, [0.1, 0.9], q);
    lo[t] = q[0];
    hi[t] = q[1];
  }
  return { mean, lo, hi };
}

/** Mean and 10th / 90th percentiles of each generation's floor over finished replicates. */
export function floorSummary(r: Sim2Result): { mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const G = r.genFloors.length;
  const n = Math.max(1, r.done);
  const out = { mean: new Float64Array(G), lo: new Float64Array(G), hi: new Float64Array(G) };
  const q = new Float64Array(2);
  for (let g = 0; g < G; g++) {
    const column = r.genFloors[g].slice(0, n);
    out.mean[g] = column.reduce((a, b) => a + b, 0) / n;
    quantilesInPlace(column, [0.1, 0.9], q);
    out.lo[g] = q[0];
    out.hi[g] = q[1];
  }
  return out;
}
