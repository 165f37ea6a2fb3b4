import { describe, expect, it } from 'vitest';
import { SIM2_GRID } from '../../../../src/lib/lab/sim2-zipf/sim2-model';
import { checkSim2, SIM2_DEFAULTS } from '../../../../src/lib/lab/sim2-zipf/sim2-params';
import type { Params } from '../../../../src/lib/lab/simulation';

const ODD: Params = { N: 2000, beta: 3, betaNarrow: 2, kMix: 1e6, T0: 5e6, reps: 200 };

describe('Sim 2 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = checkSim2({ ...SIM2_DEFAULTS, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(checkSim2(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged and uses the documented grid', () => {
    expect(checkSim2(SIM2_DEFAULTS)).toEqual({ ok: true, params: SIM2_DEFAULTS, notes: [] });
    expect(SIM2_GRID[0]).toBe(10);
    expect(SIM2_GRID[SIM2_GRID.length - 1]).toBe(1e9);
    expect(SIM2_GRID.indexOf(1e4)).toBeGreaterThan(0);
  });
  it('clamps with notes: ranges, a narrowed tail that is not narrower, a cut beyond N, too many draws', () => {
    const c = checkSim2({ N: 10, beta: 9, betaNarrow: 2, kMix: 50000, T0: 1e7, reps: 50 });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({ N: 1000, beta: 4, betaNarrow: 4.5, kMix: 100, T0: 1e7, reps: 2 });
    expect(c.notes).toHaveLength(5);
    expect(c.notes.join(' ')).toMatch(/not narrower than β = 4; using 4\.5/);
    expect(c.notes.join(' ')).toMatch(/keeps all 1000 items; using k = 100/);
    expect(c.notes.join(' ')).toMatch(/using 2 replicates/);
  });
});
