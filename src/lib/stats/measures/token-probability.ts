/**
 * Reading token probabilities out of a prior's scores. Kept in one place so every token statistic agrees on
 * which tokens count (scored ones: logprob not NaN) and on p.
 */
import type { DocumentScores } from '../../scoring/scores';

/**
 * p = exp(log p), capped at 1: log p is computed in float32 and can come out a hair above 0 for a
 * near-certain token; that is rounding, not a probability above 1, and it belongs in the p = 1 bin.
 */
export function probabilityOf(logprob: number): number {
  const p = Math.exp(logprob);
  return p > 1 ? 1 : p;
}

/** Calls `visit(p, i)` for every scored token of the document (unscored tokens have logprob NaN). */
export function forEachScoredProbability(
  scores: DocumentScores,
  visit: (p: number, i: number) => void,
): void {
  const lp = scores.logprob;
  for (let i = 0; i < lp.length; i++) {
    const x = lp[i];
    if (!Number.isNaN(x)) visit(probabilityOf(x), i);
  }
}
