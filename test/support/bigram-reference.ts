import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { BIGRAM_ALPHA } from '../../scripts/testmodels/bigram';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

export const BOS = 0;
export const EOS = 1;

/**
 * The bigram model's distributions recomputed independently of the generator: counts from the corpus
 * tokenized by transformers.js's tokenizer (not the generator's encoder), smoothed as documented.
 * Returns logP(a, b) = log p(b | a) in float64.
 */
export function bigramReference(tokenizer: PreTrainedTokenizer, vocab: number) {
  const docs = CORPUS_DOCUMENTS.map((d) => [BOS, ...tokenizer.encode(d, { add_special_tokens: false }), EOS]);
  const counts = Array.from({ length: vocab }, () => new Float64Array(vocab));
  for (const seq of docs) for (let i = 0; i + 1 < seq.length; i++) counts[seq[i]][seq[i + 1]] += 1;
  const totals = counts.map((row) => row.reduce((x, y) => x + y, 0));
  const logP = (a: number, b: number) =>
    Math.log((counts[a][b] + BIGRAM_ALPHA) / (totals[a] + BIGRAM_ALPHA * vocab));
  return { docs, logP };
}
