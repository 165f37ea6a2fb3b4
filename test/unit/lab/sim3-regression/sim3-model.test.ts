import { describe, expect, it } from 'vitest';
import { accumulateError, replaceError } from '../../../../src/lib/lab/sim3-regression/sim3-closed-forms';
import { runSim3 } from '../../../../src/lib/lab/sim3-regression/sim3-model';
import {
  checkSim3,
  SIM3_DEFAULTS,
  type Sim3Params,
} from '../../../../src/lib/lab/sim3-regression/sim3-params';
import { summarise } from '../../../../src/lib/lab/sim3-regression/sim3-summaries';
import { toeditVerdict } from '../../../../src/lib/lab/sim3-regression/sim3-verdict';
import { acceptedParams } from '../accepted-params';

const params = (overrides: Partial<Sim3Params> = {}) => acceptedParams(checkSim3, SIM3_DEFAULTS, overrides);

describe('Sim 3 Monte-Carlo fixtures', () => {
  it('ToEdit masks (T = 50, d = 10, σ = 1, ρ₁ = η = 0.5, 4000 reps): 0.432, 0.552, 0.660, 0.700, 0.700', () => {
    const p = params({ T: 50, G: 12, reps: 4000, rho1: 0.5, decay: 0.5 });
    const r = runSim3(p, 1);
    const s = summarise(r, 'toedit');
    const targets: [number, number][] = [
      [1, 0.432],
      [2, 0.552],
      [4, 0.66],
      [8, 0.7],
      [12, 0.7],
    ];
    for (const [g, want] of targets) expect(Math.abs(s.mean[g] - want), `g = ${g}`).toBeLessThan(0.015);
    // Above the paper's 2·base = 0.513, below its decaying bound 1.178 — and the verdict says so.
    expect(s.mean[8]).toBeGreaterThan(0.513);
    expect(s.mean[8]).toBeLessThan(1.178);
    const verdict = toeditVerdict(r, p, s);
    expect(verdict).toMatch(/sits above the paper’s Theorem 1 curve/);
    expect(verdict).toMatch(/above its 2·base bound/);
    expect(verdict).toMatch(/but below the decaying-edits bound 1\.18/);
  });

  it.each([
    [0.3, 1.56],
    [0.5, 2.0],
  ])('edit-human η = %f settles at %f·V (T = 100, d = 10; mean over g = 15..30)', (eta, want) => {
    const p = params({ G: 30, reps: 2000, eta });
    const r = runSim3(p, 2);
    const s = summarise(r, 'edit-human');
    const tail = s.mean.subarray(15);
    const level = tail.reduce((a, b) => a + b, 0) / tail.length / r.V;
    // The closed form is mean-field (exact as T → ∞); at T = 100 the loop sits about 1 % lower.
    expect(Math.abs(level - want)).toBeLessThan(0.025);
  });

  it('replace and accumulate match (g + 1)·V and V·Σ1/k² within 4 standard errors', () => {
    const p = params({ reps: 1000, G: 20 });
    const r = runSim3(p, 3);
    for (const [mode, f] of [
      ['replace', replaceError],
      ['accumulate', accumulateError],
    ] as const) {
      const s = summarise(r, mode);
      for (const g of [0, 1, 5, 20])
        expect(Math.abs(s.mean[g] - f(g, r.V)), `${mode} g = ${g}`).toBeLessThan(4 * s.se[g]);
    }
    // Accumulate never exceeds π²/6·V by more than noise; replace has long passed it.
    const acc = summarise(r, 'accumulate');
    expect(Math.max(...acc.mean)).toBeLessThan((Math.PI ** 2 / 6) * r.V * 1.1);
    expect(summarise(r, 'replace').mean[20]).toBeGreaterThan(15 * r.V);
    expect(summarise(r, 'edit-previous').mean[20]).toBeGreaterThan(3 * summarise(r, 'edit-human').mean[20]);
  });
});

describe('Sim 3 runs', () => {
  it('are deterministic for a seed', () => {
    const p = params({ reps: 16, G: 10 });
    expect(runSim3(p, 5)).toEqual(runSim3(p, 5));
    expect(Array.from(runSim3(p, 6).errors.replace)).not.toEqual(Array.from(runSim3(p, 5).errors.replace));
  });

  it('with no edits, editing modes keep the human fit (error constant at generation 0’s)', () => {
    const p = params({ reps: 4, G: 5, eta: 0, rho1: 0 });
    const r = runSim3(p, 1);
    for (const mode of ['edit-human', 'edit-previous', 'toedit'] as const)
      for (let rep = 0; rep < 4; rep++) {
        const row = r.errors[mode].subarray(rep * 6, rep * 6 + 6);
        for (const v of row) expect(v).toBeCloseTo(row[0], 12);
      }
    expect(toeditVerdict(r, p)).toMatch(/stays within the paper’s Theorem 1 curve/);
  });

  it('streams after every replicate but the last and ends with the unstreamed numbers', () => {
    const p = params({ reps: 20, G: 5 });
    const seen: number[] = [];
    const r = runSim3(p, 3, (_, done, total) => {
      expect(total).toBe(20);
      seen.push(done);
    });
    expect(seen).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(r.done).toBe(20);
    expect(Array.from(r.errors.toedit)).toEqual(Array.from(runSim3(p, 3).errors.toedit));
  });
});
