import { describe, expect, it } from 'vitest';
import { cleanLaw, tailFloor } from '../../../../src/lib/lab/sim2-zipf/sim2-closed-forms';
import { runSim2 } from '../../../../src/lib/lab/sim2-zipf/sim2-model';
import { checkSim2, SIM2_DEFAULTS, type Sim2Params } from '../../../../src/lib/lab/sim2-zipf/sim2-params';
import { floorSummary } from '../../../../src/lib/lab/sim2-zipf/sim2-summaries';
import { acceptedParams } from '../accepted-params';

const params = (overrides: Partial<Sim2Params> = {}) => acceptedParams(checkSim2, SIM2_DEFAULTS, overrides);

describe('Sim 2 runs', () => {
  it('floors rise with every generation in every replicate; generation 1 matches Σ p_i(1 − p_i)^T0', () => {
    const p = params({ reps: 64, T0: 20000, N: 20000 });
    const r = runSim2(p, 1);
    for (let rep = 0; rep < p.reps; rep++)
      for (let g = 1; g < p.generations; g++)
        expect(r.genFloors[g][rep]).toBeGreaterThanOrEqual(r.genFloors[g - 1][rep]);
    const f = floorSummary(r);
    const col = r.genFloors[0];
    const sd = Math.sqrt(col.reduce((a, v) => a + (v - f.mean[0]) ** 2, 0) / (col.length - 1));
    expect(Math.abs(f.mean[0] - r.gen1FloorExpected)).toBeLessThan(4 * (sd / Math.sqrt(col.length)));
    expect(f.mean[p.generations - 1]).toBeGreaterThan(1.3 * f.mean[0]);
    // Each generation's error curve flattens onto its floor.
    const last = r.grid.length - 1;
    for (let rep = 0; rep < 4; rep++)
      expect(r.genErrors[0][rep * r.grid.length + last]).toBeCloseTo(r.genFloors[0][rep], 12);
  });

  it('tail cuts sit on their floors; a real fraction restores the descent', () => {
    const p = params({ reps: 1, generations: 1 });
    const r = runSim2(p, 1);
    const last = r.grid.length - 1;
    for (const c of r.cuts) {
      expect(c.floor).toBeCloseTo(tailFloor(c.k, p.N, p.beta), 14);
      // k = 10⁴ is still settling at T = 10⁹ (its rarest kept item has T·q ≈ 6).
      expect(Math.abs(c.error[last] / c.floor - 1)).toBeLessThan(c.k < 10000 ? 1e-6 : 1e-3);
    }
    expect(r.cuts.map((c) => c.k)).toEqual([100, 1000, 10000]);
    const [none, small, tenth, half] = r.mixes;
    expect(none.error[last]).toBeCloseTo(tailFloor(p.kMix, p.N, p.beta), 12);
    expect(small.error[last]).toBeLessThan(0.5 * none.error[last]);
    expect(tenth.error[last]).toBeLessThan(small.error[last]);
    expect(half.error[last]).toBeLessThan(tenth.error[last]);
    // With π = 0.01 the tail is trained on π·T samples: the clean law at π·T predicts it within 10 %.
    expect(Math.abs(small.error[last] / cleanLaw(0.01 * 1e9, 2) - 1)).toBeLessThan(0.1);
    // The narrowed tail falls more slowly than the clean law.
    const t = r.grid.indexOf(1e6);
    expect(r.narrowed[t]).toBeGreaterThan(2 * r.clean[t]);
  });

  it('is deterministic and streams every 4 replicates', () => {
    const p = params({ reps: 10, N: 5000, T0: 5000 });
    const seen: number[] = [];
    const a = runSim2(p, 2, (_, done, total) => {
      expect(total).toBe(10);
      seen.push(done);
    });
    expect(seen).toEqual([0, 4, 8]);
    const b = runSim2(p, 2);
    expect(b).toEqual(a);
    expect(Array.from(runSim2(p, 3).genFloors[0])).not.toEqual(Array.from(a.genFloors[0]));
  });
});
