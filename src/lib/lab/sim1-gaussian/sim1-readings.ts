/**
 * Sim 1's readings for the chosen M: the median σ at g = 10, 100 and the last generation; for replace, the
 * mean log σ² and the generation the median σ halves at, each beside its closed form; the mass beyond 3σ0.
 */
import type { Reading } from '../simulation';
import { expectedLogVar, halvingGeneration, tailMass } from './sim1-closed-forms';
import { summaryIndex, trackLabel, type Sim1Result } from './sim1-model';
import { sim1Delta, type Sim1Params } from './sim1-params';

export function sim1Readings(r: Sim1Result, p: Sim1Params): Reading[] {
  const delta = sim1Delta(p);
  const out: Reading[] = [];
  for (const t of r.tracks.filter((t) => t.M === p.M)) {
    const name = trackLabel(t);
    const lastIndex = r.filled - 1;
    const last = r.gens[lastIndex];
    for (const g of new Set([10, 100, last])) {
      const i = summaryIndex(r, g);
      if (i >= 0)
        out.push({
          label: `${name}: median σ at g = ${g}`,
          value: round(t.median[i], 4),
          detail: `σ0 = ${p.sigma0}`,
        });
    }
    if (t.mode === 'replace') {
      out.push({
        label: `${name}: mean log σ² at g = ${last}`,
        value: round(t.meanLogVar[lastIndex], 3),
        detail: `closed form ${expectedLogVar(last, t.M, delta, p.sigma0).toFixed(3)}`,
      });
      const half = halvingGeneration(t.M, delta);
      const firstHalf = t.median.subarray(0, r.filled).findIndex((s) => s <= p.sigma0 / 2);
      out.push({
        label: `${name}: median σ first halves at generation`,
        value: firstHalf === -1 ? `not within ${last}` : r.gens[firstHalf],
        detail: `closed form ≈ ${half.toFixed(1)} = ${(half / t.M).toFixed(2)}·M`,
      });
    }
    out.push({
      label: `${name}: share beyond 3σ0 at g = ${last} (median chain)`,
      value: round(tailMass(t.median[lastIndex], p.sigma0), 6),
      detail: `original ${tailMass(p.sigma0, p.sigma0).toFixed(5)}`,
    });
  }
  return out;
}

function round(v: number, digits: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}
