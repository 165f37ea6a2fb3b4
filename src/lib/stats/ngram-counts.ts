/**
 * Exact n-gram counts over word-punct tokens (lowercased; an n-gram is n tokens joined by one space, never
 * across a document boundary): the top-k n-grams with counts (paper: top-40 / top-64 bigrams), distinct-n
 * at corpus level, and distinct-n per document (mean over documents). For n = 1, the corpus distinct-n is
 * the type–token ratio. These are length-sensitive: compare corpora subsampled to equal token counts.
 *
 * Exact means one map entry per distinct n-gram: fine for the corpora a browser tab holds; a bounded-memory
 * heavy-hitter sketch (metrics.md) is the step for larger ones. Per-document ratios are kept (one number
 * per document) and summed in sorted order, so the mean does not depend on sharding.
 */
import { insufficient, type Maybe, type Statistic } from './statistic';
import { wordPunctTokens } from './word-punct';

export interface NgramCountsOptions {
  /** n ≥ 1 (default 2). */
  n?: number;
  /** How many of the most frequent n-grams finalize() lists (default 64). */
  topK?: number;
}

export interface NgramCountsAcc {
  counts: Map<string, number>;
  /** n-grams counted (Σ counts). */
  total: number;
  /** distinct / total per document that has at least one n-gram. */
  documentDistinct: number[];
  /** Documents too short for a single n-gram. */
  shortDocuments: number;
}

export interface NgramCounts {
  n: number;
  total: number;
  distinct: number;
  /** distinct / total over the whole corpus (for n = 1: the type–token ratio). */
  distinctRatio: number;
  /** Mean over documents of each document's distinct / total. */
  meanDocumentDistinct: number;
  documents: number;
  shortDocuments: number;
  /** Most frequent first; ties in code-unit order of the n-gram, so the list is deterministic. */
  top: { ngram: string; count: number; share: number }[];
}

export function ngramCounts(
  options: NgramCountsOptions = {},
): Statistic<NgramCountsAcc, string, Maybe<NgramCounts>> {
  const { n = 2, topK = 64 } = options;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n ${n} must be a positive integer`);
  return {
    empty: () => ({ counts: new Map(), total: 0, documentDistinct: [], shortDocuments: 0 }),
    add(acc, text) {
      const tokens = wordPunctTokens(text);
      const grams = tokens.length - n + 1;
      if (grams <= 0) {
        acc.shortDocuments++;
        return;
      }
      const seen = new Set<string>();
      for (let i = 0; i < grams; i++) {
        const g = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
        seen.add(g);
        acc.counts.set(g, (acc.counts.get(g) ?? 0) + 1);
      }
      acc.total += grams;
      acc.documentDistinct.push(seen.size / grams);
    },
    merge(a, b) {
      const counts = new Map(a.counts);
      for (const [g, c] of b.counts) counts.set(g, (counts.get(g) ?? 0) + c);
      return {
        counts,
        total: a.total + b.total,
        documentDistinct: a.documentDistinct.concat(b.documentDistinct),
        shortDocuments: a.shortDocuments + b.shortDocuments,
      };
    },
    finalize(acc) {
      if (acc.total === 0) return insufficient(`no document has ${n} word-punct tokens`);
      const ratios = Float64Array.from(acc.documentDistinct).sort();
      const top = Array.from(acc.counts)
        .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .slice(0, topK)
        .map(([ngram, count]) => ({ ngram, count, share: count / acc.total }));
      return {
        n,
        total: acc.total,
        distinct: acc.counts.size,
        distinctRatio: acc.counts.size / acc.total,
        meanDocumentDistinct: ratios.reduce((s, r) => s + r, 0) / ratios.length,
        documents: ratios.length,
        shortDocuments: acc.shortDocuments,
        top,
      };
    },
  };
}
