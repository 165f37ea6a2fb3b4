/**
 * What Sim 4A's closed form predicts for a measured verifier: accuracy against the number of generated
 * examples at the estimated p̂, φ̂, ψ̂, with a band from the corners of the Wilson intervals, and without
 * a verifier for comparison.
 */
import { closedFormAccuracy, type Mixture } from '../sim4-verification/sim4-closed-forms';
import type { VerifierEstimates } from './sim5-estimates';

export interface PredictedCurve {
  x: number[];
  y: number[];
  lo: number[];
  hi: number[];
  noVerifier: number[];
}

const N_GRID = Array.from({ length: 51 }, (_, i) => Math.round(10 ** (1 + i / 10)));

export function predictedCurve(e: VerifierEstimates, m: Mixture): PredictedCurve {
  const corners = [e.phiInterval.lo, e.phiInterval.hi].flatMap((phi) =>
    [e.psiInterval.lo, e.psiInterval.hi].map((psi) => ({ phi, psi })),
  );
  const y: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const n of N_GRID) {
    y.push(closedFormAccuracy(n, e.p, e, m));
    const band = corners.map((v) => closedFormAccuracy(n, e.p, v, m));
    lo.push(Math.min(...band));
    hi.push(Math.max(...band));
  }
  return {
    x: N_GRID,
    y,
    lo,
    hi,
    noVerifier: N_GRID.map((n) => closedFormAccuracy(n, e.p, { phi: 1, psi: 1 }, m)),
  };
}
