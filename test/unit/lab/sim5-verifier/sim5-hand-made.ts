import type { Sim5Result } from '../../../../src/lib/lab/sim5-verifier/sim5-model';
import {
  verifierEstimates,
  type VerifierEstimates,
} from '../../../../src/lib/lab/sim5-verifier/sim5-estimates';
import { isInsufficient } from '../../../../src/lib/stats/measures/statistic';

/** TP 30, FN 10, FP 10, TN 50: p̂ = 0.6, φ̂ = 0.75, ψ̂ = 1/6, so verification helps (p̂* ≈ 0.82). */
export function handMadeEstimates(): VerifierEstimates {
  const e = verifierEstimates({ tp: 30, fn: 10, fp: 10, tn: 50 });
  if (isInsufficient(e)) throw new Error(e.insufficient);
  return e;
}

/** A small Sim 5 result written out by hand: two points of predicted curve and a three-threshold sweep. */
export function handMadeSim5(overrides: Partial<Sim5Result> = {}): Sim5Result {
  return {
    source: 'hand.csv',
    candidates: 100,
    estimates: handMadeEstimates(),
    curve: { x: [10, 100], y: [0.6, 0.7], lo: [0.55, 0.65], hi: [0.65, 0.75], noVerifier: [0.45, 0.4] },
    sweep: { threshold: [0, 0.5, 1], phi: [1, 0.75, 0], psi: [1, 0.2, 0], keepRate: [1, 0.4, 0] },
    slipped: null,
    ...overrides,
  };
}
