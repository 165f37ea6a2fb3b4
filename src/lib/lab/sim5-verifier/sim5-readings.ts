/** Sim 5's readings: the counts, p̂, φ̂ and ψ̂ with their intervals, p̂*, the verdict, what selection does. */
import { isInsufficient } from '../../stats/measures/statistic';
import type { Reading } from '../simulation';
import type { Sim5Result } from './sim5-model';

export function sim5Readings(r: Sim5Result): Reading[] {
  if (isInsufficient(r.estimates)) {
    return [
      { label: 'Candidates', value: r.candidates, detail: r.source },
      { label: 'p̂*', value: 'cannot be estimated', detail: r.estimates.insufficient },
    ];
  }
  const e = r.estimates;
  const { tp, fn, fp, tn } = e.counts;
  const ci = (i: { lo: number; hi: number }) => `95 % Wilson interval ${f3(i.lo)}–${f3(i.hi)}`;
  const out: Reading[] = [
    { label: 'Candidates', value: e.n, detail: `${r.source}: TP ${tp}, FN ${fn}, FP ${fp}, TN ${tn}` },
    { label: 'Generator error rate p̂', value: round(e.p), detail: `${fp + tn} wrong of ${e.n}` },
    { label: 'φ̂ = P(keep | correct)', value: round(e.phi), detail: ci(e.phiInterval) },
    { label: 'ψ̂ = P(keep | wrong)', value: round(e.psi), detail: ci(e.psiInterval) },
    { label: 'Breakdown point p̂*', value: round(e.pStar), detail: 'φ̂/(φ̂ + ψ̂)' },
    {
      label: 'Verdict',
      value: e.helps ? 'verification helps' : 'verification does not help',
      detail: `kept: ${tp} correct vs ${fp} wrong (p̂ ${e.helps ? '<' : '≥'} p̂*)`,
    },
    { label: 'Keep rate', value: round(e.keepRate), detail: `${tp + fp} of ${e.n} kept` },
    {
      label: 'Error after selection',
      value: round(e.postSelectionError),
      detail: `FP/(TP + FP); before selection ${f3(e.p)}`,
    },
    {
      label: 'Effective clean sample size',
      value: Math.round(e.effectiveN * 10) / 10,
      detail: `n·λ̂²/α̂ = (TP − FP)²/(TP + FP) for these ${e.n} candidates`,
    },
  ];
  if (r.slipped) {
    const s = r.slipped;
    out.push({
      label: 'Mistakes that slipped through',
      value: s.shift + s.pair + s.sign,
      detail: `shifted eigenvalue ${s.shift}, ±δ pair ${s.pair}, flipped sign ${s.sign}`,
    });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function f3(x: number): string {
  return x.toFixed(3);
}
