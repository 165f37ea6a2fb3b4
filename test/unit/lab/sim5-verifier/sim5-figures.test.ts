import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../../src/lib/math/special';
import { sim5Figures } from '../../../../src/lib/lab/sim5-verifier/sim5-figures';
import { SIM5_DEFAULTS, type Sim5Params } from '../../../../src/lib/lab/sim5-verifier/sim5-params';
import { insufficient } from '../../../../src/lib/stats/measures/statistic';
import { figureById, undrawable } from '../figure-checks';
import { handMadeSim5 } from './sim5-hand-made';

const P: Sim5Params = { ...SIM5_DEFAULTS, rule: 'score', threshold: 0.5 };

describe('Sim 5 figures', () => {
  it('draw the predicted curve, the rates and, for a score, the threshold sweep', () => {
    const figs = sim5Figures(handMadeSim5(), P);
    expect(figs.map((f) => f.id)).toEqual(['predicted', 'rates', 'threshold']);
    expect(sim5Figures(handMadeSim5({ sweep: null }), P).map((f) => f.id)).toEqual(['predicted', 'rates']);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('draw the prediction with its Wilson band against no verifier, under the best possible Φ(‖μ‖)', () => {
    const predicted = figureById(sim5Figures(handMadeSim5(), P), 'predicted');
    expect(predicted.series.map((s) => [s.kind, s.label, Array.from(s.y)])).toEqual([
      ['closed-form', 'predicted for this verifier', [0.6, 0.7]],
      ['reference', 'no verifier', [0.45, 0.4]],
    ]);
    expect(predicted.series[0].lo).toEqual([0.55, 0.65]);
    expect(predicted.rules![0]).toEqual({
      axis: 'y',
      value: normalCdf(1),
      label: 'Φ(‖μ‖) = 0.841: the best possible',
    });
  });

  it('place the verifier at (ψ̂, φ̂) above the line (1 − p̂)φ = p̂ψ, which meets the frame’s edge', () => {
    const rates = figureById(sim5Figures(handMadeSim5({ sweep: null }), P), 'rates');
    const [point, line] = rates.series;
    expect(point).toMatchObject({ label: 'this verifier', x: [1 / 6], y: [0.75] });
    // Slope p̂/(1 − p̂) = 1.5: the line leaves the unit square at φ = 1, ψ = 2/3.
    expect(line.x[1]).toBeCloseTo(2 / 3, 12);
    expect(line.y).toEqual([0, 1]);
  });

  it('sweep φ̂, ψ̂, the keep rate and p̂* over thresholds, leaving out those that keep nothing', () => {
    const threshold = figureById(sim5Figures(handMadeSim5(), P), 'threshold');
    const pStar = threshold.series.find((s) => s.label === 'p̂*')!;
    expect(pStar.x).toEqual([0, 0.5]);
    expect(pStar.y).toEqual([0.5, 0.75 / 0.95]);
    expect(threshold.rules).toEqual([
      { axis: 'x', value: 0.5, label: 'threshold' },
      { axis: 'y', value: 0.6, label: 'p̂ = 0.600' },
    ]);
  });

  it('draw nothing but the frames when p̂* cannot be estimated', () => {
    const figs = sim5Figures(
      handMadeSim5({ estimates: insufficient('no wrong candidates'), curve: null, sweep: null }),
      P,
    );
    for (const f of figs) expect(f.series, f.id).toEqual([]);
  });
});
