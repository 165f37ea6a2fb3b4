/**
 * Sim 5's figures: the predicted accuracy curve, φ̂ against ψ̂ with the line above which verification
 * helps, and, for a score, φ̂, ψ̂ and p̂* against the threshold — a result turned into series.
 */
import { normalCdf } from '../../math/special';
import { isInsufficient } from '../../stats/measures/statistic';
import type { Figure, Series } from '../simulation';
import type { Sim5Result } from './sim5-model';
import type { Sim5Params } from './sim5-params';

export function sim5Figures(r: Sim5Result, params: Sim5Params): Figure[] {
  const out: Figure[] = [];
  const e = isInsufficient(r.estimates) ? null : r.estimates;
  const best = normalCdf(params.mu);
  const predicted: Series[] = [];
  if (r.curve) {
    predicted.push(
      {
        label: 'predicted for this verifier',
        kind: 'closed-form',
        x: r.curve.x,
        y: r.curve.y,
        lo: r.curve.lo,
        hi: r.curve.hi,
        group: 'verifier',
      },
      { label: 'no verifier', kind: 'reference', x: r.curve.x, y: r.curve.noVerifier, group: 'none' },
    );
  }
  out.push({
    id: 'predicted',
    title: 'Predicted accuracy vs number of generated examples (Sim 4’s closed form)',
    x: { label: 'generated examples n', scale: 'log' },
    y: { label: 'student accuracy', scale: 'linear', domain: [0, 1] },
    series: predicted,
    rules: [
      { axis: 'y', value: best, label: `Φ(‖μ‖) = ${best.toFixed(3)}: the best possible` },
      { axis: 'y', value: 0.5, label: 'chance' },
    ],
    caption:
      'The band spans the Wilson intervals of φ̂ and ψ̂. Below p̂* the curve rises with n; above it, it falls.',
  });

  const roc: Series[] = [];
  if (r.sweep) {
    roc.push({ label: 'every threshold', kind: 'simulated', x: r.sweep.psi, y: r.sweep.phi, group: 'sweep' });
  }
  if (e) {
    roc.push({ label: 'this verifier', kind: 'simulated', x: [e.psi], y: [e.phi], group: 'point' });
    // TP > FP ⇔ (1 − p)φ > pψ: above the line φ = ψ·p/(1 − p) verification helps.
    const slope = e.p / (1 - e.p);
    roc.push({
      label: 'helps above this line: (1 − p̂)φ = p̂ψ',
      kind: 'reference',
      x: [0, Math.min(1, 1 / slope)],
      y: [0, Math.min(1, slope)],
      group: 'line',
    });
  }
  out.push({
    id: 'rates',
    title: 'What the verifier keeps: φ̂ = P(keep | correct) against ψ̂ = P(keep | wrong)',
    x: { label: 'ψ̂ (wrong kept)', scale: 'linear', domain: [0, 1] },
    y: { label: 'φ̂ (correct kept)', scale: 'linear', domain: [0, 1] },
    series: roc,
    caption: 'Kept correct outnumber kept wrong (p̂ < p̂*) above the line; its slope is p̂/(1 − p̂).',
  });

  if (r.sweep) {
    const s = r.sweep;
    const xs: number[] = [];
    const ps: number[] = [];
    s.threshold.forEach((t, i) => {
      if (s.phi[i] + s.psi[i] > 0) {
        xs.push(t);
        ps.push(s.phi[i] / (s.phi[i] + s.psi[i]));
      }
    });
    out.push({
      id: 'threshold',
      title: 'φ̂, ψ̂ and p̂* against the threshold',
      x: { label: 'threshold (keep at or above)', scale: 'linear' },
      y: { label: 'rate', scale: 'linear', domain: [0, 1] },
      series: [
        { label: 'φ̂', kind: 'simulated', x: s.threshold, y: s.phi, group: 'phi' },
        { label: 'ψ̂', kind: 'simulated', x: s.threshold, y: s.psi, group: 'psi' },
        { label: 'keep rate', kind: 'simulated', x: s.threshold, y: s.keepRate, group: 'keep' },
        { label: 'p̂*', kind: 'simulated', x: xs, y: ps, group: 'pstar' },
      ],
      rules: [
        { axis: 'x', value: params.threshold, label: 'threshold' },
        ...(e ? [{ axis: 'y' as const, value: e.p, label: `p̂ = ${e.p.toFixed(3)}` }] : []),
      ],
      caption: 'Verification helps at thresholds where p̂* is above p̂.',
    });
  }
  return out;
}
