/**
 * Sim 1's figures: a result turned into plot-ready series (the fan chart of σ, mean log σ² and mean σ²
 * against their closed forms, three chains' fitted densities against the original, and the mass beyond
 * 3σ0). Nothing here runs the simulation.
 */
import type { Figure, Rule, Series } from '../simulation';
import { expectedLogVar, expectedVar, halvingGeneration, normalPdf, tailMass } from './sim1-closed-forms';
import { trackLabel, type Sim1Result } from './sim1-model';
import { sim1Delta, type Sim1Params } from './sim1-params';

/** σ below this is drawn at this value on the log-scale plots (a double underflows near 1e-308). */
export const SIM1_SIGMA_FLOOR = 1e-300;

/** The chains whose σ sits at the 10th, 50th and 90th percentile. */
function representativeChains(sigma: Float64Array): { chain: number; share: string }[] {
  const order = Array.from(sigma.keys()).sort((a, b) => sigma[a] - sigma[b]);
  return [
    { p: 0.5, share: 'median' },
    { p: 0.1, share: '10th percentile of' },
    { p: 0.9, share: '90th percentile of' },
  ].map(({ p, share }) => ({ chain: order[Math.round(p * (order.length - 1))], share }));
}

/** Entry i of each summary for i < filled, mapped through f(i, generation). */
function pick(r: Sim1Result, f: (i: number, g: number) => number): Float64Array {
  const out = new Float64Array(r.filled);
  for (let i = 0; i < r.filled; i++) out[i] = f(i, r.gens[i]);
  return out;
}

const floorSigma = (s: number): number => (s > SIM1_SIGMA_FLOOR ? s : SIM1_SIGMA_FLOOR);
const floorVar = (v: number): number => (v > SIM1_SIGMA_FLOOR ? v : SIM1_SIGMA_FLOOR);

export function sim1Figures(r: Sim1Result, p: Sim1Params): Figure[] {
  const delta = sim1Delta(p);
  const x = pick(r, (_, g) => g);
  const fan: Series[] = [];
  const logVar: Series[] = [];
  const variance: Series[] = [];
  const tails: Series[] = [];
  for (const t of r.tracks) {
    const group = trackLabel(t);
    fan.push({
      label: `${group}: median σ`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => floorSigma(t.median[i])),
      lo: pick(r, (i) => floorSigma(t.q10[i])),
      hi: pick(r, (i) => floorSigma(t.q90[i])),
    });
    logVar.push({
      label: `${group}: mean log σ²`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => t.meanLogVar[i]),
      lo: pick(r, (i) => 2 * Math.log(floorSigma(t.q10[i]))),
      hi: pick(r, (i) => 2 * Math.log(floorSigma(t.q90[i]))),
    });
    variance.push({
      label: `${group}: mean σ²`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => floorVar(t.meanVar[i])),
    });
    tails.push({
      label: `${group}: median share beyond 3σ0`,
      kind: 'simulated',
      group,
      x,
      y: pick(r, (i) => tailMass(t.median[i], p.sigma0)),
      lo: pick(r, (i) => tailMass(t.q10[i], p.sigma0)),
      hi: pick(r, (i) => tailMass(t.q90[i], p.sigma0)),
    });
    if (t.mode === 'replace') {
      fan.push({
        label: `${group}: closed form σ0·exp(½·E log σ²)`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => floorSigma(Math.exp(0.5 * expectedLogVar(g, t.M, delta, p.sigma0)))),
      });
      logVar.push({
        label: `${group}: closed form E log σ²`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => expectedLogVar(g, t.M, delta, p.sigma0)),
      });
      variance.push({
        label: `${group}: closed form E σ² = σ0²((M−1)/(M−δ))^g`,
        kind: 'closed-form',
        group,
        x,
        y: pick(r, (_, g) => floorVar(expectedVar(g, t.M, delta, p.sigma0))),
      });
    }
  }

  const main = r.tracks[0];
  const half = main.mode === 'replace' ? halvingGeneration(main.M, delta) : Infinity;
  const fanRules: Rule[] = [{ axis: 'y', value: p.sigma0 / 2, label: 'σ0 / 2' }];
  if (half <= r.G) fanRules.push({ axis: 'x', value: half, label: `median halves ≈ g ${half.toFixed(0)}` });
  const generationAxis = {
    label: 'generation g',
    scale: 'linear' as const,
    domain: [0, r.G] as [number, number],
  };

  const density: Series[] = [
    {
      label: `original N(${p.mu0}, ${p.sigma0}²)`,
      kind: 'reference',
      x: r.densityGrid,
      y: Float64Array.from(r.densityGrid, (v) => normalPdf(v, p.mu0, p.sigma0)),
    },
  ];
  // Three real fitted models, not a pointwise summary: each chain's mean wanders too (by about
  // sqrt(Σσ²/M)), so a pointwise median of densities would blur them into a shape no chain has.
  for (const t of r.tracks)
    if (t.M === p.M && t.densitySigma.length > 0)
      for (const { chain, share } of representativeChains(t.densitySigma))
        density.push({
          label: `${trackLabel(t)}: the chain at the ${share} σ, fitted at g = ${r.densityGeneration}`,
          kind: 'simulated',
          group: trackLabel(t),
          x: r.densityGrid,
          y: Float64Array.from(r.densityGrid, (v) => normalPdf(v, t.densityMu[chain], t.densitySigma[chain])),
        });

  return [
    {
      id: 'fan',
      title: 'Spread σ of the fitted Gaussian, generation by generation',
      x: generationAxis,
      y: { label: 'σ (log scale)', scale: 'log' },
      series: fan,
      rules: fanRules,
      caption:
        'Solid: median over chains, band: 10–90 % of chains; dashed: the closed form. With replace, σ drifts down on a log scale at about 1/M per generation (δ = 0) and never comes back; accumulating every sample keeps it near σ0.',
    },
    {
      id: 'log-variance',
      title: 'Mean log σ² against its closed form',
      x: generationAxis,
      y: { label: 'E log σ²', scale: 'linear' },
      series: logVar,
      caption:
        'E log σ_g² = log σ0² + g·[ψ((M−1)/2) + log(2/(M−δ))]: a straight line down, ≈ −2g/M for δ = 0.',
    },
    {
      id: 'variance',
      title: 'Mean σ² hides the collapse',
      x: generationAxis,
      y: { label: 'E σ² (log scale)', scale: 'log' },
      series: variance,
      caption:
        'The average of σ² falls slowly (δ = 0) or not at all (δ = 1), yet the typical chain collapses: a few rare chains with large σ carry the mean.',
    },
    {
      id: 'density',
      title: `Fitted densities at generation ${r.densityGeneration} against the original`,
      x: { label: 'x', scale: 'linear', domain: [r.densityGrid[0], r.densityGrid[r.densityGrid.length - 1]] },
      y: { label: 'density', scale: 'linear' },
      series: density,
      caption:
        r.done >= r.densityGeneration
          ? 'Three chains’ fitted Gaussians (median, 10th and 90th percentile of σ): narrower than the original and off-centre — the tails go first.'
          : `Waiting for generation ${r.densityGeneration}.`,
    },
    {
      id: 'tails',
      title: 'Probability the fitted model puts beyond 3σ0',
      x: generationAxis,
      y: { label: 'P(|X − μ_g| > 3σ0) = 2Φ(−3σ0/σ_g)', scale: 'linear' },
      series: tails,
      rules: [{ axis: 'y', value: tailMass(p.sigma0, p.sigma0), label: 'original 0.27 %' }],
      caption: 'Rare events vanish long before the bulk changes visibly: the tail mass falls to zero first.',
    },
  ];
}
