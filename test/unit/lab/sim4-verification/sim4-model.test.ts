import { describe, expect, it } from 'vitest';
import { runSim4 } from '../../../../src/lib/lab/sim4-verification/sim4-model';
import {
  checkSim4,
  SIM4_DEFAULTS,
  type Sim4Params,
} from '../../../../src/lib/lab/sim4-verification/sim4-params';
import { acceptedParams } from '../accepted-params';
import { FIXTURES } from './sim4-fixtures';

const checked = (overrides: Partial<Sim4Params> = {}) => acceptedParams(checkSim4, SIM4_DEFAULTS, overrides);

describe('Sim 4 runs', () => {
  it('its own curves reproduce the Monte-Carlo fixtures at n = 10⁴', () => {
    const params = checked({ replicates: 200 });
    const r = runSim4(params, 3);
    const curve = r.byP.find((c) => c.n === 1e4)!.simulated!;
    for (const [n, p, sim] of FIXTURES) {
      if (n !== 1e4) continue;
      expect(Math.abs(curve.mean[curve.x.indexOf(p)] - sim)).toBeLessThan(0.015);
    }
    const big = r.byP.find((c) => c.n === 1e5)!.simulated!;
    expect(Math.abs(big.mean[big.x.indexOf(0.7)] - 0.796)).toBeLessThan(0.015);
    expect(Math.abs(big.mean[big.x.indexOf(0.75)] - 0.224)).toBeLessThan(0.015);
  });

  it('is deterministic for a seed', () => {
    const p = checked();
    expect(runSim4(p, 4)).toEqual(runSim4(p, 4));
    expect(runSim4(p, 5).byN.simulated).not.toEqual(runSim4(p, 4).byN.simulated);
  });

  it('streams a partial per block', () => {
    const p = checked();
    const seen: number[] = [];
    const r = runSim4(p, 1, (_, done, total) => {
      seen.push(done);
      expect(total).toBe(5);
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(r.done).toBe(5);
  });
});
