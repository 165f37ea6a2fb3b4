/**
 * Sim 4's figures: accuracy against p and against n, the effective clean sample size, and 4B's geometry —
 * each closed form dashed under its Monte-Carlo curve; nothing here runs the model.
 */
import { normalCdf } from '../../math/special';
import type { Figure, Series } from '../simulation';
import { effectiveSampleSize, type Verifier } from './sim4-closed-forms';
import { GEOMETRY_EXAMPLES, type McCurve, type Sim4Result } from './sim4-model';
import type { Sim4Params } from './sim4-params';

function simulated(label: string, c: McCurve, group: string): Series {
  return { label, kind: 'simulated', x: c.x, y: c.mean, lo: c.lo, hi: c.hi, group };
}

export function sim4Figures(r: Sim4Result, params: Sim4Params): Figure[] {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const pStarRule =
    r.pStar === null ? [] : [{ axis: 'x' as const, value: r.pStar, label: `p* = ${fmt(r.pStar)}` }];
  const accuracy = {
    label: 'student accuracy',
    scale: 'linear' as const,
    domain: [0, 1] as [number, number],
  };
  const best = normalCdf(params.mu);
  const byP: Series[] = [];
  for (const c of r.byP) {
    const group = `n = ${c.n}`;
    if (c.simulated) byP.push(simulated(`simulated, n = ${c.n}`, c.simulated, group));
    byP.push({ label: `closed form, n = ${c.n}`, kind: 'closed-form', ...c.closedForm, group });
  }
  const byN: Series[] = [];
  if (r.byN.simulated) byN.push(simulated(`simulated, p = ${params.p}`, r.byN.simulated, 'verifier'));
  byN.push({ label: 'closed form', kind: 'closed-form', ...r.byN.closedForm, group: 'verifier' });
  byN.push({
    label: 'closed form, no verifier',
    kind: 'reference',
    x: r.byN.closedForm.x,
    y: r.byN.noVerifier,
    group: 'none',
  });
  const effX = r.byP[0].closedForm.x;
  const g = r.geometry;
  const geometrySeries: Series[] = [];
  if (g.simulated) {
    geometrySeries.push(
      simulated(`simulated student (${GEOMETRY_EXAMPLES} examples)`, g.simulated, 'student'),
    );
  }
  geometrySeries.push(
    { label: 'acc∞ (orthogonal errors)', kind: 'closed-form', x: g.x, y: g.closedForm, group: 'student' },
    {
      label: 'generator alone: 1 − θ_g/π',
      kind: 'reference',
      x: g.x,
      y: g.x.map((t) => 1 - t),
      group: 'gen',
    },
  );
  return [
    {
      id: 'acc-vs-p',
      title: 'Accuracy vs the generator’s error rate p',
      x: { label: 'generator error rate p', scale: 'linear', domain: [0, 1] },
      y: accuracy,
      series: byP,
      rules: [...pStarRule, { axis: 'y', value: 0.5, label: 'chance' }],
      caption:
        'Below p* the kept data has more correct than wrong labels and the student learns; above it, it ' +
        'learns the opposite. More data sharpens the step at p* = φ/(φ + ψ) — it does not move it.',
    },
    {
      id: 'acc-vs-n',
      title: `Accuracy vs the number of generated examples (p = ${params.p})`,
      x: { label: 'generated examples n', scale: 'log' },
      y: accuracy,
      series: byN,
      rules: [
        { axis: 'y', value: best, label: `Φ(‖μ‖) = ${fmt(best)}: the best possible` },
        { axis: 'y', value: 0.5, label: 'chance' },
      ],
      caption:
        'Below p* accuracy climbs towards Φ(‖μ‖) as n grows; above p* more data only makes the student ' +
        'surer of the wrong answer.',
    },
    {
      id: 'effective-n',
      title: `Effective clean sample size n·λ²/α (n = ${params.n})`,
      x: { label: 'generator error rate p', scale: 'linear', domain: [0, 1] },
      y: { label: 'clean examples worth', scale: 'linear' },
      series: [
        {
          label: 'this verifier',
          kind: 'closed-form',
          x: effX,
          y: effX.map((p) => effectiveSampleSize(params.n, p, v)),
          group: 'verifier',
        },
        {
          label: 'no verifier: n(1 − 2p)²',
          kind: 'reference',
          x: effX,
          y: effX.map((p) => effectiveSampleSize(params.n, p, { phi: 1, psi: 1 })),
          group: 'none',
        },
      ],
      rules: pStarRule,
      caption:
        'λ = (1−p)φ − pψ is the net share of correct kept examples and α = (1−p)φ + pψ the share kept: ' +
        'n generated examples teach as much as n·λ²/α clean ones, which is 0 at p*.',
    },
    {
      id: 'geometry',
      title: `4B: a linear generator and verifier (θ_v = ${params.thetaV}π)`,
      x: { label: 'generator error rate p = θ_g/π', scale: 'linear', domain: [0, 1] },
      y: accuracy,
      series: geometrySeries,
      rules: [
        { axis: 'x', value: 1 - params.thetaV, label: 'breakdown: θ_g + θ_v = π' },
        { axis: 'y', value: 1 - params.thetaV, label: 'the verifier’s own accuracy' },
        { axis: 'x', value: params.thetaG, label: 'your generator' },
      ],
      caption:
        'Assumes the generator’s and verifier’s error directions are orthogonal. The student learns the ' +
        'bisector of the two and can beat both; it breaks down when θ_g + θ_v > π.',
    },
    {
      id: 'geometry-pstar',
      title: '4B: the verifier’s φ, ψ and p* depend on the generator',
      x: { label: 'generator error rate p = θ_g/π', scale: 'linear', domain: [0, 1] },
      y: { label: 'rate', scale: 'linear', domain: [0, 1] },
      series: [
        { label: 'φ = P(keep | correct)', kind: 'closed-form', x: g.x, y: g.phi, group: 'phi' },
        { label: 'ψ = P(keep | wrong)', kind: 'closed-form', x: g.x, y: g.psi, group: 'psi' },
        { label: 'p* = φ/(φ + ψ)', kind: 'closed-form', x: g.x, y: g.pStar, group: 'pstar' },
        { label: 'p', kind: 'reference', x: [0, 1], y: [0, 1], group: 'p' },
      ],
      rules: [{ axis: 'x', value: 1 - params.thetaV, label: 'breakdown' }],
      caption:
        'p* is exact when the keep decision does not depend on x given correctness (4A). This verifier looks ' +
        'at x, so its φ and ψ change with the generator and p* is a proxy — though p crosses it exactly at ' +
        'the breakdown.',
    },
  ];
}

function fmt(x: number): string {
  return x.toFixed(3);
}
