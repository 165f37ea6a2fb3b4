/** Sim 3's replicates summarised per generation, for its figures, readings and verdict. */
import { quantilesInPlace } from '../../math/quantile';
import type { Sim3Mode } from './sim3-loop';
import type { Sim3Result } from './sim3-model';

export interface Sim3Summary {
  mean: Float64Array;
  /** Standard error of the mean (0 with one replicate). */
  se: Float64Array;
  q10: Float64Array;
  q90: Float64Array;
}

/** Mean, its standard error, and 10th / 90th percentiles over the finished replicates, per generation. */
export function summarise(r: Sim3Result, mode: Sim3Mode): Sim3Summary {
  const G = r.G;
  const n = Math.max(1, r.done);
  const out: Sim3Summary = {
    mean: new Float64Array(G + 1),
    se: new Float64Array(G + 1),
    q10: new Float64Array(G + 1),
    q90: new Float64Array(G + 1),
  };
  const column = new Float64Array(n);
  const q = new Float64Array(2);
  const e = r.errors[mode];
  for (let g = 0; g <= G; g++) {
    let s = 0;
    for (let rep = 0; rep < n; rep++) s += column[rep] = e[rep * (G + 1) + g];
    const mean = s / n;
    let ss = 0;
    for (let rep = 0; rep < n; rep++) ss += (column[rep] - mean) ** 2;
    out.mean[g] = mean;
    out.se[g] = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
    quantilesInPlace(column, [0.1, 0.9], q);
    out.q10[g] = q[0];
    out.q90[g] = q[1];
  }
  return out;
}
