/** The closed form of "collapse on your own text": how many types one generation keeps in expectation. */
import type { PieceCorpus } from './ngram-collapse-corpus';

/**
 * Expected number of types after one generation of N independent draws from the human unigram
 * distribution: Σ_w 1 − (1 − p_w)^N, with (1 − p)^N = exp(N·log1p(−p)). Exact for n = 1; for longer
 * contexts the draws are dependent but have the same marginal, so it stays a close guide.
 */
export function expectedSurvivors(human: PieceCorpus, vocabSize: number): number {
  const counts = new Int32Array(vocabSize);
  for (const id of human.ids) counts[id]++;
  const n = human.ids.length;
  let sum = 0;
  for (const c of counts) if (c > 0) sum += 1 - Math.exp(n * Math.log1p(-c / n));
  return sum;
}
