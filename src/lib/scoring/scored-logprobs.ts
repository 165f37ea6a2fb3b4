import type { DocumentScores } from './scores';

/**
 * Sum and count of the scored log-probs (unscored tokens, NaN, are skipped), of the tokens `keep` keeps
 * (default: all).
 */
export function scoredLogprobs(
  scores: Pick<DocumentScores, 'logprob'>,
  keep?: (token: number) => boolean,
): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let t = 0; t < scores.logprob.length; t++) {
    const lp = scores.logprob[t];
    if (!Number.isNaN(lp) && (keep === undefined || keep(t))) {
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
