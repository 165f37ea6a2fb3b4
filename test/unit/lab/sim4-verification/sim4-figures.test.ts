import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../../src/lib/math/special';
import { effectiveSampleSize } from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import { sim4Figures } from '../../../../src/lib/lab/sim4-verification/sim4-figures';
import { figureById, undrawable } from '../figure-checks';
import { HAND_MADE_PARAMS, handMadeSim4 } from './sim4-hand-made';

describe('Sim 4 figures', () => {
  it('draw accuracy against p and n, n·λ²/α and 4B, each simulated curve over its closed form', () => {
    const figs = sim4Figures(handMadeSim4(), HAND_MADE_PARAMS);
    expect(figs.map((f) => f.id)).toEqual([
      'acc-vs-p',
      'acc-vs-n',
      'effective-n',
      'geometry',
      'geometry-pstar',
    ]);
    expect(figureById(figs, 'acc-vs-p').series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'simulated, n = 100'],
      ['closed-form', 'closed form, n = 100'],
    ]);
    expect(figureById(figs, 'acc-vs-n').series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'simulated, p = 0.6'],
      ['closed-form', 'closed form'],
      ['reference', 'closed form, no verifier'],
    ]);
    expect(figureById(figs, 'geometry').series.map((s) => s.label)).toEqual([
      'simulated student (500 examples)',
      'acc∞ (orthogonal errors)',
      'generator alone: 1 − θ_g/π',
    ]);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('rule p* and chance on the accuracy plot, and the best possible Φ(‖μ‖) against n', () => {
    const figs = sim4Figures(handMadeSim4(), HAND_MADE_PARAMS);
    const [pStar, chance] = figureById(figs, 'acc-vs-p').rules!;
    expect(pStar).toMatchObject({ axis: 'x', label: 'p* = 0.727' });
    expect(pStar.value).toBeCloseTo(0.7273, 4);
    expect(chance).toEqual({ axis: 'y', value: 0.5, label: 'chance' });
    expect(figureById(figs, 'acc-vs-n').rules![0]).toEqual({
      axis: 'y',
      value: normalCdf(1),
      label: 'Φ(‖μ‖) = 0.841: the best possible',
    });
  });

  it('draw no p* when the verifier keeps nothing, and only closed forms before the Monte Carlo', () => {
    const none = handMadeSim4({ pStar: null });
    none.byP[0].simulated = null;
    none.byN.simulated = null;
    none.geometry.simulated = null;
    const figs = sim4Figures(none, HAND_MADE_PARAMS);
    expect(figureById(figs, 'acc-vs-p').rules).toEqual([{ axis: 'y', value: 0.5, label: 'chance' }]);
    expect(figureById(figs, 'effective-n').rules).toEqual([]);
    for (const f of figs)
      expect(
        f.series.map((s) => s.kind),
        f.id,
      ).not.toContain('simulated');
  });

  it('value the generated examples at n·λ²/α, against n(1 − 2p)² without a verifier', () => {
    const eff = figureById(sim4Figures(handMadeSim4(), HAND_MADE_PARAMS), 'effective-n');
    const v = { phi: 0.8, psi: 0.3 };
    expect(eff.series[0].y).toEqual([0, 0.5, 1].map((p) => effectiveSampleSize(100, p, v)));
    expect(eff.series[1].y).toEqual([100, 0, 100]);
  });

  it('rule 4B at the breakdown θ_g + θ_v = π, the verifier’s accuracy and the chosen generator', () => {
    const geometry = figureById(sim4Figures(handMadeSim4(), HAND_MADE_PARAMS), 'geometry');
    expect(geometry.rules!.map((r) => [r.axis, r.value])).toEqual([
      ['x', 0.7],
      ['y', 0.7],
      ['x', 0.3],
    ]);
  });
});
