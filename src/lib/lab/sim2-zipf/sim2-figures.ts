/**
 * Sim 2's figures: the clean scaling law, tails cut or narrowed, generations of resampling and their
 * rising floor, and real data mixed back in — a result turned into series; nothing here runs the model.
 */
import type { Figure, Series } from '../simulation';
import { cleanConstant, cleanLaw } from './sim2-closed-forms';
import type { Sim2Result } from './sim2-model';
import type { Sim2Params } from './sim2-params';
import { floorSummary, generationSummary } from './sim2-summaries';

/** Log axes cannot show 0: errors that underflow (a fully covered head at huge T) are drawn at 1e-300. */
const positive = (a: Float64Array): Float64Array => a.map((v) => (v > 1e-300 ? v : 1e-300));

export function sim2Figures(r: Sim2Result, p: Sim2Params): Figure[] {
  const x = r.grid;
  const T = { label: 'training samples T (log scale)', scale: 'log' as const };
  const E = { label: 'expected error (log scale)', scale: 'log' as const };
  const C = cleanConstant(p.beta);
  const law: Series = {
    label: `closed form ${C.toFixed(3)}·T^−${(1 - 1 / p.beta).toFixed(2)} (N = ∞)`,
    kind: 'closed-form',
    group: 'clean',
    x,
    y: x.map((t) => cleanLaw(t, p.beta)),
  };
  const cleanSeries = (label: string, kind: Series['kind'] = 'simulated'): Series => ({
    label,
    kind,
    group: 'clean',
    x,
    y: positive(r.clean),
  });

  const cutSeries: Series[] = [cleanSeries('real data (exact expectation)', 'reference')];
  for (const c of r.cuts) {
    const group = `k = ${c.k}`;
    cutSeries.push({ label: `tail cut at k = ${c.k}`, kind: 'simulated', group, x, y: positive(c.error) });
    cutSeries.push({
      label: `floor Σ_{i>${c.k}} p_i = ${c.floor.toExponential(2)}`,
      kind: 'closed-form',
      group,
      x,
      y: x.map(() => c.floor),
    });
  }
  cutSeries.push({
    label: `narrowed tail β′ = ${p.betaNarrow}`,
    kind: 'simulated',
    group: 'narrowed',
    x,
    y: positive(r.narrowed),
  });

  const genSeries: Series[] = [cleanSeries('real data (exact expectation)', 'reference')];
  // Before the first replicate finishes there is nothing to summarise yet.
  for (let g = 1; r.done > 0 && g <= r.genErrors.length; g++) {
    const s = generationSummary(r, g);
    genSeries.push({
      label: `generation ${g}`,
      kind: 'simulated',
      group: `generation ${g}`,
      x,
      y: positive(s.mean),
      lo: positive(s.lo),
      hi: positive(s.hi),
    });
  }

  const floors = floorSummary(r);
  const gens = Float64Array.from({ length: floors.mean.length }, (_, i) => i + 1);

  const mixSeries: Series[] = [cleanSeries('real data only (exact expectation)', 'reference')];
  for (const m of r.mixes) {
    const group = `π = ${m.pi}`;
    mixSeries.push({
      label: m.pi === 0 ? `synthetic only (tail cut at k = ${p.kMix})` : `real fraction π = ${m.pi}`,
      kind: 'simulated',
      group,
      x,
      y: positive(m.error),
    });
    if (m.pi > 0)
      mixSeries.push({
        label: `π = ${m.pi}: clean law at π·T`,
        kind: 'closed-form',
        group,
        x,
        y: x.map((t) => cleanLaw(m.pi * t, p.beta)),
      });
  }
  const replicates = `${r.done} replicate${r.done === 1 ? '' : 's'}`;

  return [
    {
      id: 'scaling',
      title: `The clean scaling law (N = ${p.N.toLocaleString('en-US')}, β = ${p.beta})`,
      x: T,
      y: E,
      series: [cleanSeries('real data: Σ p_i(1 − p_i)^T (exact expectation)'), law],
      caption:
        'A learner that memorises what it has seen errs on the items it has not: with Zipf-distributed items the error falls as a power of T — until the N items run out.',
    },
    {
      id: 'tail-cut',
      title: 'Synthetic data with a cut or narrowed tail',
      x: T,
      y: E,
      series: cutSeries,
      caption:
        'Cutting the tail at rank k puts a floor under the error: items beyond k are never seen, however much synthetic data there is. A narrowed tail bends the law instead.',
    },
    {
      id: 'generations',
      title: `Generations of resampling (T0 = ${p.T0.toLocaleString('en-US')} per generation)`,
      x: T,
      y: E,
      series: genSeries,
      caption: `Each generation trains on T0 samples of the previous one. Rare items that are not drawn die and never return, so the floor rises generation after generation (mean over ${replicates}, band 10–90 %).`,
    },
    {
      id: 'floors',
      title: 'The floor rises each generation',
      x: { label: 'generation', scale: 'linear', domain: [1, Math.max(2, floors.mean.length)] },
      y: { label: 'p-mass of dead items (floor)', scale: 'linear' },
      series: [
        ...(r.done > 0
          ? [
              {
                label: 'floor',
                kind: 'simulated' as const,
                x: gens,
                y: floors.mean,
                lo: floors.lo,
                hi: floors.hi,
              },
            ]
          : []),
        {
          label: `generation 1 expected: Σ p_i(1 − p_i)^T0`,
          kind: 'closed-form',
          x: gens.subarray(0, 1),
          y: Float64Array.of(r.gen1FloorExpected),
        },
      ],
      caption: 'Types only die: the mass the model can never produce again grows with every generation.',
    },
    {
      id: 'mixing',
      title: `Mixing real data back in (synthetic: tail cut at k = ${p.kMix})`,
      x: T,
      y: E,
      series: mixSeries,
      caption:
        'With a fraction π of real data every item has a chance to be seen again: the error resumes its descent once π·T is large enough to reach the missing tail.',
    },
  ];
}
