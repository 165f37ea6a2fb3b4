import { describe, expect, it } from 'vitest';
import { cleanLaw } from '../../../../src/lib/lab/sim2-zipf/sim2-closed-forms';
import { sim2Figures } from '../../../../src/lib/lab/sim2-zipf/sim2-figures';
import { SIM2_DEFAULTS, type Sim2Params } from '../../../../src/lib/lab/sim2-zipf/sim2-params';
import { figureById, undrawable } from '../figure-checks';
import { handMadeSim2 } from './sim2-hand-made';

const P: Sim2Params = { ...SIM2_DEFAULTS, generations: 2, reps: 3, kMix: 100 };

describe('Sim 2 figures', () => {
  it('draw the law, the cuts, the generations, their floors and the mixes on log axes, all drawable', () => {
    const figs = sim2Figures(handMadeSim2(), P);
    expect(figs.map((f) => f.id)).toEqual(['scaling', 'tail-cut', 'generations', 'floors', 'mixing']);
    for (const id of ['scaling', 'tail-cut', 'generations', 'mixing']) {
      expect(figureById(figs, id).x.scale).toBe('log');
      expect(figureById(figs, id).y.scale).toBe('log');
    }
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('draw the exact clean curve against the N = ∞ law, an error of 0 at 1e-300', () => {
    const scaling = figureById(sim2Figures(handMadeSim2(), P), 'scaling');
    const [exact, law] = scaling.series;
    expect(exact.kind).toBe('simulated');
    expect(Array.from(exact.y)).toEqual([0.5, 0.1, 1e-300]);
    expect(law).toMatchObject({ kind: 'closed-form', label: 'closed form 0.691·T^−0.50 (N = ∞)' });
    expect(Array.from(law.y)).toEqual([10, 100, 1000].map((t) => cleanLaw(t, 2)));
  });

  it('draw each tail cut with its floor dashed, then the narrowed tail', () => {
    const cut = figureById(sim2Figures(handMadeSim2(), P), 'tail-cut');
    expect(cut.series.map((s) => [s.kind, s.label])).toEqual([
      ['reference', 'real data (exact expectation)'],
      ['simulated', 'tail cut at k = 100'],
      ['closed-form', 'floor Σ_{i>100} p_i = 1.00e-2'],
      ['simulated', 'narrowed tail β′ = 3'],
    ]);
    expect(Array.from(cut.series[2].y)).toEqual([0.01, 0.01, 0.01]);
  });

  it('draw each generation and each floor over the finished replicates only', () => {
    const figs = sim2Figures(handMadeSim2(), P);
    const gens = figureById(figs, 'generations');
    expect(gens.series.map((s) => s.label)).toEqual([
      'real data (exact expectation)',
      'generation 1',
      'generation 2',
    ]);
    [0.6, 0.4, 0.06].forEach((want, t) => expect(gens.series[2].y[t]).toBeCloseTo(want, 15));
    expect(gens.caption).toMatch(/mean over 2 replicates/);
    const floors = figureById(figs, 'floors');
    expect(Array.from(floors.series[0].x)).toEqual([1, 2]);
    expect(floors.series[0].y[1]).toBeCloseTo(0.06, 15);
    expect(floors.series[1]).toMatchObject({
      kind: 'closed-form',
      x: Float64Array.of(1),
      y: Float64Array.of(0.03),
    });
  });

  it('draw only the exact curves before the first replicate finishes', () => {
    const figs = sim2Figures(handMadeSim2({ done: 0 }), P);
    expect(figureById(figs, 'generations').series.map((s) => s.kind)).toEqual(['reference']);
    expect(figureById(figs, 'floors').series.map((s) => s.kind)).toEqual(['closed-form']);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('draw synthetic data alone, and each real fraction π beside the clean law at π·T', () => {
    const mixing = figureById(sim2Figures(handMadeSim2(), P), 'mixing');
    expect(mixing.series.map((s) => [s.kind, s.label])).toEqual([
      ['reference', 'real data only (exact expectation)'],
      ['simulated', 'synthetic only (tail cut at k = 100)'],
      ['simulated', 'real fraction π = 0.1'],
      ['closed-form', 'π = 0.1: clean law at π·T'],
    ]);
    expect(Array.from(mixing.series[3].y)).toEqual([1, 10, 100].map((t) => cleanLaw(t, 2)));
  });
});
