/** Sim 2's readings: the clean law's constant, the tail-cut floors, the generations' floors, mixing. */
import type { Reading } from '../simulation';
import { cleanConstant, cleanLaw, tailFloorAsymptotic } from './sim2-closed-forms';
import type { Sim2Result } from './sim2-model';
import type { Sim2Params } from './sim2-params';
import { floorSummary } from './sim2-summaries';

export function sim2Readings(r: Sim2Result, p: Sim2Params): Reading[] {
  const out: Reading[] = [];
  const C = cleanConstant(p.beta);
  const t4 = r.grid.indexOf(10000);
  out.push({
    label: 'clean law constant C in C·T^−(1−1/β)',
    value: Number(C.toPrecision(4)),
    detail: 'β = 2: 0.691',
  });
  out.push({
    label: 'clean error at T = 10⁴',
    value: Number(cleanLaw(10000, p.beta).toPrecision(3)),
    detail: `closed form (N = ∞); exact with N = ${p.N}: ${t4 >= 0 ? r.clean[t4].toPrecision(3) : '—'}`,
  });
  for (const c of r.cuts)
    out.push({
      label: `floor of the tail cut at k = ${c.k}`,
      value: Number(c.floor.toPrecision(3)),
      detail: `k^(1−β)/((β−1)ζ(β)) ≈ ${tailFloorAsymptotic(c.k, p.beta).toPrecision(3)} for N = ∞`,
    });
  const floors = floorSummary(r);
  if (r.done > 0 && floors.mean.length > 0) {
    out.push({
      label: 'floor after generation 1',
      value: Number(floors.mean[0].toPrecision(3)),
      detail: `expected Σ p_i(1 − p_i)^T0 = ${r.gen1FloorExpected.toPrecision(3)}`,
    });
    const G = floors.mean.length;
    if (G > 1)
      out.push({
        label: `floor after generation ${G}`,
        value: Number(floors.mean[G - 1].toPrecision(3)),
        detail: `×${(floors.mean[G - 1] / floors.mean[0]).toFixed(2)} the first generation’s`,
      });
  }
  const last = r.grid.length - 1;
  for (const m of r.mixes)
    out.push({
      label: `error at T = 10⁹ with real fraction π = ${m.pi}`,
      value: Number(m.error[last].toPrecision(3)),
      detail: m.pi === 0 ? `the floor of the cut at k = ${p.kMix}` : 'descent restored',
    });
  return out;
}
