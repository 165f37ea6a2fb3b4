import { describe, expect, it } from 'vitest';
import {
  accumulateError,
  editHumanError,
  replaceError,
  theorem1,
} from '../../../../src/lib/lab/sim3-regression/sim3-closed-forms';
import { sim3Figures } from '../../../../src/lib/lab/sim3-regression/sim3-figures';
import { undrawable } from '../figure-checks';
import { HAND_MADE_PARAMS, handMadeSim3 } from './sim3-hand-made';

const V = 10 / 89;

describe('Sim 3 figures', () => {
  it('draw every mode’s mean with its band, and the closed forms dashed, on a log axis ruled at V', () => {
    const [modes] = sim3Figures(handMadeSim3(), HAND_MADE_PARAMS);
    expect(modes.id).toBe('modes');
    expect(modes.y.scale).toBe('log');
    expect(modes.series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'replace: simulated'],
      ['closed-form', 'replace: (g + 1)·V'],
      ['simulated', 'accumulate: simulated'],
      ['closed-form', 'accumulate: V·Σ 1/k²'],
      ['simulated', 'edit-human (η = 0.5): simulated'],
      ['closed-form', 'edit-human (η = 0.5): mean-field closed form'],
      ['simulated', 'edit-previous (η = 0.5): simulated'],
    ]);
    const at = (i: number) => Array.from(modes.series[i].y);
    expect(at(1)).toEqual([0, 1, 2].map((g) => replaceError(g, V)));
    expect(at(3)).toEqual([0, 1, 2].map((g) => accumulateError(g, V)));
    expect(at(5)).toEqual([0, 1, 2].map((g) => editHumanError(g, V, 0.5)));
    expect(at(2)[1]).toBeCloseTo(1.25 * V, 15); // the mean of the two finished replicates
    expect(modes.rules).toEqual([{ axis: 'y', value: V, label: 'V = σ²d/(T − d − 1)' }]);
    expect(modes.caption).toMatch(/^Solid: mean over 2 replicates/);
  });

  it('draw ToEdit against the paper’s bounds, with the verdict as caption', () => {
    const [, toedit] = sim3Figures(handMadeSim3(), HAND_MADE_PARAMS);
    expect(toedit.id).toBe('toedit');
    expect(toedit.series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'ToEdit: simulated'],
      ['paper-bound', 'paper bound: Theorem 1, base·(1 + Σρ_i)'],
      ['paper-bound', 'paper bound: 2·base'],
      ['paper-bound', 'paper bound: decaying edits'],
    ]);
    expect(Array.from(toedit.series[1].y)).toEqual([0, 1, 2].map((g) => theorem1(g, V, 0.5, 0.5)));
    expect(Array.from(toedit.series[2].y)).toEqual([2 * V, 2 * V, 2 * V]);
    expect(toedit.caption).toMatch(/^The simulation stays within the paper’s Theorem 1 curve/);
  });

  it('leave out the decaying-edits bound when T ≤ d + 3, and say so', () => {
    const [, toedit] = sim3Figures(handMadeSim3(), { ...HAND_MADE_PARAMS, T: 13 });
    expect(toedit.series.map((s) => s.label)).not.toContain('paper bound: decaying edits');
    expect(toedit.caption).toMatch(/\(The decaying-edits bound needs T > d \+ 3 and is not drawn\.\)$/);
  });

  it('are drawable: every series spans generations 0–G', () => {
    const figs = sim3Figures(handMadeSim3(), HAND_MADE_PARAMS);
    for (const f of figs) for (const s of f.series) expect(Array.from(s.x)).toEqual([0, 1, 2]);
    expect(undrawable(figs, [])).toEqual([]);
  });
});
