/**
 * Sim 5's statistics: from labelled candidates (correct or not) and a verifier's keep decisions, the
 * quantities of Sim 4 estimated from data — p̂, φ̂, ψ̂, p̂* = φ̂/(φ̂ + ψ̂) — with Wilson intervals, the verdict
 * and what selection does to the data (collapse-lab.md, Sim 5).
 */
import { insufficient, type Maybe } from '../../stats/measures/statistic';

/** TP: kept correct, FN: rejected correct, FP: kept wrong, TN: rejected wrong. */
export interface ConfusionCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export interface Interval {
  lo: number;
  hi: number;
}

export interface VerifierEstimates {
  counts: ConfusionCounts;
  n: number;
  /** Share of wrong candidates: the generator's error rate. */
  p: number;
  /** P(keep | correct) and P(keep | wrong). */
  phi: number;
  psi: number;
  phiInterval: Interval;
  psiInterval: Interval;
  /** φ̂/(φ̂ + ψ̂); the verdict is p̂ < p̂* ⇔ TP > FP. */
  pStar: number;
  helps: boolean;
  keepRate: number;
  /** Share of wrong among kept: FP/(TP + FP). */
  postSelectionError: number;
  /** n·λ̂²/α̂ = (TP − FP)²/(TP + FP): the clean examples these n candidates are worth. */
  effectiveN: number;
}

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for k successes in n trials: (k + z²/2 ± z·sqrt(k(n−k)/n + z²/4)) / (n + z²).
 * Unlike the Wald interval it stays inside [0, 1] and is sensible at k = 0 and k = n.
 */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  if (!(n > 0) || k < 0 || k > n)
    throw new RangeError(`Wilson interval needs 0 ≤ k ≤ n and n > 0 (k ${k}, n ${n})`);
  const z2 = z * z;
  const center = (k + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((k * (n - k)) / n + z2 / 4)) / (n + z2);
  return { lo: Math.max(0, center - half), hi: Math.min(1, center + half) };
}

/** Counts from per-candidate correctness and keep decisions. */
export function confusion(
  correct: ArrayLike<boolean | number>,
  keep: ArrayLike<boolean | number>,
): ConfusionCounts {
  if (correct.length !== keep.length)
    throw new RangeError('correct and keep must have one entry per candidate');
  const c: ConfusionCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (let i = 0; i < correct.length; i++) {
    if (correct[i]) {
      if (keep[i]) c.tp++;
      else c.fn++;
    } else if (keep[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

/**
 * The estimates, or why they cannot be made: with no wrong candidates ψ̂ is undefined and so is p̂*; with
 * no correct ones φ̂ is; with nothing kept there is no selected data to describe.
 */
export function verifierEstimates(counts: ConfusionCounts): Maybe<VerifierEstimates> {
  const { tp, fn, fp, tn } = counts;
  const correct = tp + fn;
  const wrong = fp + tn;
  const kept = tp + fp;
  const n = correct + wrong;
  if (n === 0) return insufficient('There are no candidates.');
  if (wrong === 0) {
    return insufficient(
      `All ${n} candidates are correct, so ψ̂ = P(keep | wrong) is undefined and p̂* = φ̂/(φ̂ + ψ̂) cannot be estimated. Add candidates the generator got wrong.`,
    );
  }
  if (correct === 0) {
    return insufficient(
      `All ${n} candidates are wrong, so φ̂ = P(keep | correct) is undefined and p̂* cannot be estimated. Add candidates the generator got right.`,
    );
  }
  if (kept === 0) {
    return insufficient(
      'The verifier keeps none of the candidates: φ̂ = ψ̂ = 0, p̂* is 0/0 and there is no selected data. Lower the threshold, or check the keep column.',
    );
  }
  const phi = tp / correct;
  const psi = fp / wrong;
  return {
    counts: { ...counts },
    n,
    p: wrong / n,
    phi,
    psi,
    phiInterval: wilsonInterval(tp, correct),
    psiInterval: wilsonInterval(fp, wrong),
    pStar: phi / (phi + psi),
    helps: tp > fp,
    keepRate: kept / n,
    postSelectionError: fp / kept,
    effectiveN: ((tp - fp) * (tp - fp)) / kept,
  };
}

/**
 * φ̂, ψ̂ and the keep rate at every distinct score used as the threshold (keep when score ≥ t), in one pass
 * over the sorted scores: O(n log n) for the whole sweep.
 */
export function thresholdSweep(
  correct: ArrayLike<boolean | number>,
  score: ArrayLike<number>,
): { threshold: number[]; phi: number[]; psi: number[]; keepRate: number[] } {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let nCorrect = 0;
  for (let i = 0; i < n; i++) if (correct[i]) nCorrect++;
  const nWrong = n - nCorrect;
  const out = {
    threshold: [] as number[],
    phi: [] as number[],
    psi: [] as number[],
    keepRate: [] as number[],
  };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n;) {
    const t = score[order[i]];
    while (i < n && score[order[i]] === t) {
      if (correct[order[i]]) tp++;
      else fp++;
      i++;
    }
    out.threshold.push(t);
    out.phi.push(nCorrect > 0 ? tp / nCorrect : 0);
    out.psi.push(nWrong > 0 ? fp / nWrong : 0);
    out.keepRate.push((tp + fp) / n);
  }
  // Ascending thresholds read left to right on a plot.
  for (const a of Object.values(out)) a.reverse();
  return out;
}
