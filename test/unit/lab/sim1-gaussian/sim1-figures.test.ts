import { describe, expect, it } from 'vitest';
import type { Sim1Mode, Sim1Track } from '../../../../src/lib/lab/sim1-gaussian/sim1-chains';
import {
  expectedLogVar,
  halvingGeneration,
  normalPdf,
  tailMass,
} from '../../../../src/lib/lab/sim1-gaussian/sim1-closed-forms';
import { SIM1_SIGMA_FLOOR, sim1Figures } from '../../../../src/lib/lab/sim1-gaussian/sim1-figures';
import type { Sim1Result } from '../../../../src/lib/lab/sim1-gaussian/sim1-model';
import { SIM1_DEFAULTS, type Sim1Params } from '../../../../src/lib/lab/sim1-gaussian/sim1-params';
import { figureById, undrawable } from '../figure-checks';

/** A hand-made track: q10 and q90 at 0.8 and 1.25 times the median, one chain per density σ, all at μ = 0. */
function track(mode: Sim1Mode, M: number, median: number[], densitySigma: number[] = []): Sim1Track {
  return {
    M,
    mode,
    median: Float64Array.from(median),
    q10: Float64Array.from(median, (s) => 0.8 * s),
    q90: Float64Array.from(median, (s) => 1.25 * s),
    meanVar: Float64Array.from(median, (s) => s * s),
    // The engine keeps log σ², finite even where σ itself underflows to 0.
    meanLogVar: Float64Array.from(median, (s) => 2 * Math.log(Math.max(s, Number.MIN_VALUE))),
    densityMu: new Float64Array(densitySigma.length),
    densitySigma: Float64Array.from(densitySigma),
  };
}

/** Generations 0, 1, 2 all summarised; densities kept at generation 1 on a 9-point grid over ±4. */
function result(tracks: Sim1Track[], overrides: Partial<Sim1Result> = {}): Sim1Result {
  return {
    done: 2,
    G: 2,
    gens: Int32Array.of(0, 1, 2),
    filled: 3,
    tracks,
    densityGeneration: 1,
    densityGrid: Float64Array.from({ length: 9 }, (_, i) => i - 4),
    ...overrides,
  };
}

const P: Sim1Params = { ...SIM1_DEFAULTS, M: 10, G: 2, densityAt: 1 };

describe('Sim 1 figures', () => {
  it('draws the fan, log σ², σ², the densities and the tails, each track solid with its closed form dashed', () => {
    const figs = sim1Figures(
      result([track('replace', 10, [1, 0.9, 0.8]), track('accumulate', 10, [1, 1, 1])]),
      P,
    );
    expect(figs.map((f) => f.id)).toEqual(['fan', 'log-variance', 'variance', 'density', 'tails']);
    const fan = figureById(figs, 'fan');
    expect(fan.series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'M = 10 · replace: median σ'],
      ['closed-form', 'M = 10 · replace: closed form σ0·exp(½·E log σ²)'],
      ['simulated', 'M = 10 · accumulate: median σ'],
    ]);
    const [median, closed] = fan.series;
    expect(Array.from(median.x)).toEqual([0, 1, 2]);
    expect(Array.from(median.y)).toEqual([1, 0.9, 0.8]);
    expect(Array.from(median.lo!)).toEqual([0.8, 0.9 * 0.8, 0.8 * 0.8]);
    expect(Array.from(closed.y)).toEqual([0, 1, 2].map((g) => Math.exp(0.5 * expectedLogVar(g, 10, 0, 1))));
    expect(fan.x.domain).toEqual([0, 2]);
    // Accumulate has no closed form: only replace's curves are dashed.
    for (const id of ['log-variance', 'variance'])
      expect(figureById(figs, id).series.map((s) => s.kind)).toEqual([
        'simulated',
        'closed-form',
        'simulated',
      ]);
    expect(figureById(figs, 'tails').series.map((s) => s.kind)).toEqual(['simulated', 'simulated']);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('draws a collapsed chain at σ = 1e-300 on the log plots rather than 0', () => {
    const figs = sim1Figures(result([track('replace', 10, [1, 1e-200, 0])]), P);
    expect(figureById(figs, 'fan').series[0].y[2]).toBe(SIM1_SIGMA_FLOOR);
    expect(figureById(figs, 'variance').series[0].y[1]).toBe(SIM1_SIGMA_FLOOR); // σ² = 1e-400 underflows
    expect(figureById(figs, 'tails').series[0].y[2]).toBe(0);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('marks σ0/2, and the generation the median halves at only when the run reaches it', () => {
    const short = figureById(sim1Figures(result([track('replace', 10, [1, 0.9, 0.8])]), P), 'fan');
    expect(short.rules).toEqual([{ axis: 'y', value: 0.5, label: 'σ0 / 2' }]);
    const long = figureById(sim1Figures(result([track('replace', 10, [1, 0.9, 0.8])], { G: 10 }), P), 'fan');
    const half = halvingGeneration(10, 0); // ≈ 6.3
    expect(long.rules![1]).toEqual({ axis: 'x', value: half, label: 'median halves ≈ g 6' });
    const accumulate = figureById(
      sim1Figures(result([track('accumulate', 10, [1, 1, 1])], { G: 10 }), P),
      'fan',
    );
    expect(accumulate.rules).toHaveLength(1);
  });

  it('draws only the generations summarised so far, and waits for the density generation', () => {
    const partial = result([track('replace', 10, [1, 0.9, 0])], { done: 0, filled: 1, densityGeneration: 2 });
    const figs = sim1Figures(partial, { ...P, densityAt: 2 });
    for (const f of figs.filter((x) => x.id !== 'density'))
      for (const s of f.series) expect(s.y.length, `${f.id} / ${s.label}`).toBe(1);
    const density = figureById(figs, 'density');
    expect(density.caption).toBe('Waiting for generation 2.');
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('draws the chains at the median, 10th and 90th percentile σ against the original density', () => {
    const chosen = track('replace', 10, [1, 0.9, 0.8], [0.5, 0.2, 0.9, 0.35, 0.7]);
    const other = track('replace', 100, [1, 1, 1], [1, 1, 1, 1, 1]);
    const density = figureById(sim1Figures(result([chosen, other]), P), 'density');
    expect(density.title).toBe('Fitted densities at generation 1 against the original');
    expect(density.x.domain).toEqual([-4, 4]);
    expect(density.series.map((s) => s.label)).toEqual([
      'original N(0, 1²)',
      'M = 10 · replace: the chain at the median σ, fitted at g = 1',
      'M = 10 · replace: the chain at the 10th percentile of σ, fitted at g = 1',
      'M = 10 · replace: the chain at the 90th percentile of σ, fitted at g = 1',
    ]);
    // Each is its chain's own Gaussian: at x = 0 (the grid's middle) its peak 1/(σ√2π).
    expect(density.series.map((s) => s.y[4])).toEqual([1, 0.5, 0.2, 0.9].map((s) => normalPdf(0, 0, s)));
  });

  it('rules the tails figure at the original 0.27 %', () => {
    const tails = figureById(sim1Figures(result([track('replace', 10, [1, 0.5, 0.25])]), P), 'tails');
    expect(tails.rules).toEqual([{ axis: 'y', value: tailMass(1, 1), label: 'original 0.27 %' }]);
    expect(Array.from(tails.series[0].y)).toEqual([1, 0.5, 0.25].map((s) => tailMass(s, 1)));
  });
});
