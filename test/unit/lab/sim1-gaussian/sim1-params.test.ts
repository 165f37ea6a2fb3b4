import { describe, expect, it } from 'vitest';
import { checkSim1, SIM1_DEFAULTS } from '../../../../src/lib/lab/sim1-gaussian/sim1-params';
import type { Params } from '../../../../src/lib/lab/simulation';

const ODD: Params = { M: 1.5, G: 5000, chains: 5000, densityAt: 9999, mode: 'both', compareM: true };

describe('Sim 1 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = checkSim1({ ...SIM1_DEFAULTS, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(checkSim1(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged', () => {
    const c = checkSim1(SIM1_DEFAULTS);
    expect(c).toEqual({ ok: true, params: SIM1_DEFAULTS, notes: [] });
  });
  it('clamps out-of-range values with a note each', () => {
    const c = checkSim1({
      M: 1,
      G: 1e6,
      chains: 3.7,
      delta: '2',
      mode: 'both',
      densityAt: 9000,
      sigma0: -1,
    });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({
      M: 2,
      G: 5000,
      chains: 10,
      delta: '0',
      mode: 'both',
      densityAt: 5000,
      sigma0: 0.001,
    });
    expect(c.notes.length).toBe(6);
    expect(c.notes.join(' ')).toMatch(/Samples per generation M: 1 is outside 2–100000; using 2/);
  });
  it('caps chains × generations and moves the density generation into range', () => {
    const c = checkSim1({ G: 5000, chains: 5000, densityAt: 100 });
    if (!c.ok) throw new Error(c.error);
    expect(c.params.chains).toBe(1000);
    expect(c.notes[0]).toMatch(/using 1000 chains/);
    const d = checkSim1({ G: 50, densityAt: 100 });
    if (!d.ok) throw new Error(d.error);
    expect(d.params.densityAt).toBe(50);
    expect(d.notes[0]).toMatch(/generation 50/);
  });
});
