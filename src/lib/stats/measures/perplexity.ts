/**
 * Perplexity, per document and per corpus (metrics.md):
 *   PPL_d = exp(−mean of the document's scored log p_i)
 *   corpus PPL = exp(−Σ log p / Σ n)  (token-weighted: long documents weigh more; not the mean of PPL_d)
 * and quantiles of log PPL_d. Quantiles of per-document values need the values, so the accumulator keeps
 * each scored document's (Σ log p, n) — two numbers per document, few next to the tokens — instead of a
 * sketch: the quantiles are exact and merging is concatenation.
 *
 * Exact merging of a floating-point sum: each document's Σ log p is summed in token order inside add(),
 * whichever worker sees it; finalize() sorts the documents and sums in that order, so the corpus total
 * does not depend on how the corpus was sharded or in which order shards were merged.
 */
import { bisectRight, quantileSorted } from 'd3-array';
import type { DocumentScores } from '../../scoring/scores';
import { insufficient, type Maybe, type Statistic } from './statistic';
import { scoredLogprobs } from '../../scoring/scored-logprobs';

export interface DocumentPerplexity {
  /** Scored tokens. */
  tokens: number;
  /** Σ log p over scored tokens (natural log). */
  sumLogprob: number;
  /** −Σ log p / n. */
  logPpl: number;
  ppl: number;
}

/** One document's perplexity; insufficient when it has no scored token. */
export function documentPerplexity(scores: DocumentScores): Maybe<DocumentPerplexity> {
  const { sum, count: n } = scoredLogprobs(scores);
  if (n === 0) return insufficient('no scored tokens in the document');
  const logPpl = -sum / n;
  return { tokens: n, sumLogprob: sum, logPpl, ppl: Math.exp(logPpl) };
}

export interface PerplexityAcc {
  /** Per scored document, in the order added: Σ log p and scored-token count. */
  sums: number[];
  tokens: number[];
  /** Documents with no scored token: no PPL, left out of every quantile (and said so). */
  unscoredDocuments: number;
}

export const QUANTILE_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface LogPplQuantiles {
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
  iqr: number;
}

export interface CorpusPerplexity {
  documents: number;
  unscoredDocuments: number;
  tokens: number;
  /** Token-weighted: exp(−Σ log p / Σ n). */
  corpusLogPpl: number;
  corpusPpl: number;
  /** The mean of the documents' PPL_d: a different number from corpusPpl, shown beside it. */
  meanDocumentPpl: number;
  /** Every document's log PPL_d, ascending (for ECDFs, two-sample tests, histograms). */
  documentLogPpl: Float64Array;
  /** Type-7 (linear interpolation) quantiles of log PPL_d, as d3.quantileSorted computes them. */
  quantiles: LogPplQuantiles;
}

/** d3's type-7 quantile, except that two equal infinite neighbours give that infinity rather than ∞ − ∞. */
export function quantileOfSorted(sorted: Float64Array | readonly number[], q: number): number {
  // d3 reads any array-like at run time; its types ask for an Array.
  const v = quantileSorted(sorted as unknown as number[], q) as number;
  return Number.isNaN(v) ? sorted[Math.floor((sorted.length - 1) * q)] : v;
}

/** P(PPL_d > t) from the sorted log PPL values, e.g. with t the reference corpus's 95th percentile. */
export function tailMass(documentLogPpl: Float64Array, pplThreshold: number): Maybe<number> {
  if (documentLogPpl.length === 0) return insufficient('no scored documents');
  const above = documentLogPpl.length - bisectRight(documentLogPpl, Math.log(pplThreshold));
  return above / documentLogPpl.length;
}

export const perplexity: Statistic<PerplexityAcc, DocumentScores, Maybe<CorpusPerplexity>> = {
  empty: () => ({ sums: [], tokens: [], unscoredDocuments: 0 }),
  add(acc, scores) {
    const d = documentPerplexity(scores);
    if ('insufficient' in d) {
      acc.unscoredDocuments++;
      return;
    }
    acc.sums.push(d.sumLogprob);
    acc.tokens.push(d.tokens);
  },
  merge: (a, b) => ({
    sums: a.sums.concat(b.sums),
    tokens: a.tokens.concat(b.tokens),
    unscoredDocuments: a.unscoredDocuments + b.unscoredDocuments,
  }),
  finalize(acc) {
    const n = acc.sums.length;
    if (n === 0) {
      return insufficient(
        acc.unscoredDocuments
          ? `none of ${acc.unscoredDocuments} documents has a scored token`
          : 'no documents',
      );
    }
    // A canonical order (by Σ log p, then n) makes every sum below independent of sharding.
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (i, j) => acc.sums[i] - acc.sums[j] || acc.tokens[i] - acc.tokens[j],
    );
    let sum = 0;
    let tokens = 0;
    let pplSum = 0;
    const logPpl = new Float64Array(n);
    order.forEach((i, k) => {
      sum += acc.sums[i];
      tokens += acc.tokens[i];
      logPpl[k] = -acc.sums[i] / acc.tokens[i];
      pplSum += Math.exp(logPpl[k]);
    });
    logPpl.sort();
    const q = QUANTILE_LEVELS.map((level) => quantileOfSorted(logPpl, level));
    const corpusLogPpl = -sum / tokens;
    return {
      documents: n,
      unscoredDocuments: acc.unscoredDocuments,
      tokens,
      corpusLogPpl,
      corpusPpl: Math.exp(corpusLogPpl),
      meanDocumentPpl: pplSum / n,
      documentLogPpl: logPpl,
      quantiles: { q05: q[0], q25: q[1], q50: q[2], q75: q[3], q95: q[4], iqr: q[3] - q[1] },
    };
  },
};
