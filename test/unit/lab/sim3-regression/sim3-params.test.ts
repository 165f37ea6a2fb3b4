import { describe, expect, it } from 'vitest';
import { checkSim3, SIM3_DEFAULTS } from '../../../../src/lib/lab/sim3-regression/sim3-params';
import type { Params } from '../../../../src/lib/lab/simulation';

const ODD: Params = { T: 2000, d: 50, G: 200, reps: 2000, eta: 2 };

describe('Sim 3 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = checkSim3({ ...SIM3_DEFAULTS, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(checkSim3(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged', () => {
    expect(checkSim3(SIM3_DEFAULTS)).toEqual({ ok: true, params: SIM3_DEFAULTS, notes: [] });
  });
  it('refuses T ≤ d + 1 with a reason', () => {
    const c = checkSim3({ T: 11, d: 10 });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(/T = 11 .* d = 10 .* T > d \+ 1 \(here T ≥ 12\)/);
    expect(checkSim3({ T: 12, d: 10 }).ok).toBe(true);
  });
  it('clamps out-of-range values and caps the work with notes', () => {
    const c = checkSim3({ T: 5000, d: 0, sigma: 0, eta: 1.5, rho1: -1, G: 2.4, reps: 'many' });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({ T: 2000, d: 1, sigma: 0.01, eta: 0.99, rho1: 0, G: 2, reps: 64 });
    expect(c.notes).toHaveLength(7);
    const big = checkSim3({ T: 2000, d: 50, G: 200, reps: 100 });
    if (!big.ok) throw new Error(big.error);
    expect(big.params.reps).toBe(5);
    expect(big.notes[0]).toMatch(/using 5 replicates/);
  });
});
