import type { DocumentScores } from './scores';

/** Sum and count of the scored log-probs (unscored tokens, NaN, are skipped). */
export function scoredLogprobs(scores: DocumentScores): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const lp of scores.logprob) {
    if (!Number.isNaN(lp)) {
      sum += lp;
      count++;
    }
  }
  return { sum, count };
}

/** Document perplexity exp(−mean log p) over scored tokens; NaN when no token is scored. */
export function perplexity(scores: DocumentScores): number {
  const { sum, count } = scoredLogprobs(scores);
  return count === 0 ? NaN : Math.exp(-sum / count);
}
