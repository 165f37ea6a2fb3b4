/**
 * Equal-size subsamples for the length-sensitive statistics (TTR, MATTR, MTLD, distinct-n, hapax ratio,
 * Zipf, Heaps, compression ratio all change with the amount of text): documents are drawn in a seeded
 * random order and taken until exactly `targetTokens` words are reached, the last one cut short, so two
 * corpora compared at the same target have exactly the same number of words. Use the smaller corpus's
 * size (equalSizeTarget) to compare two corpora.
 *
 * The plan works on per-document word counts only, so a worker can choose documents before holding their
 * words. Deterministic for a seed (seededRng, a Fisher–Yates shuffle).
 */
import { seededRng } from '../random/seeded';
import { insufficient, type Maybe } from './statistic';

export interface SubsamplePlan {
  /** Indices of the documents taken, in draw order. */
  documents: Int32Array;
  /** Words taken from the last document (all of the others are taken whole). */
  lastDocumentWords: number;
  /** = targetTokens. */
  words: number;
}

/** The seeded plan for `targetTokens` words out of documents with these word counts. */
export function subsamplePlan(
  wordCounts: ArrayLike<number>,
  targetTokens: number,
  seed: number,
): Maybe<SubsamplePlan> {
  if (!(Number.isInteger(targetTokens) && targetTokens >= 1)) {
    throw new RangeError(`target ${targetTokens} must be a positive whole number of words`);
  }
  let total = 0;
  for (let i = 0; i < wordCounts.length; i++) {
    const c = wordCounts[i];
    if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`document ${i} has word count ${c}`);
    total += c;
  }
  if (total < targetTokens) {
    return insufficient(`the corpus has ${total} words, fewer than the ${targetTokens} asked for`);
  }
  const rng = seededRng(seed);
  const order = Int32Array.from({ length: wordCounts.length }, (_, i) => i);
  let taken = 0;
  let k = 0;
  // A lazy Fisher–Yates: shuffle only as far as documents are drawn.
  for (; taken < targetTokens; k++) {
    const j = k + Math.floor(rng() * (order.length - k));
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
    taken += wordCounts[order[k]];
  }
  const last = wordCounts[order[k - 1]];
  return {
    documents: order.slice(0, k),
    lastDocumentWords: last - (taken - targetTokens),
    words: targetTokens,
  };
}

/** The documents (as their words) of a seeded equal-size subsample, the last one cut short. */
export function subsampleDocuments<T>(
  documents: readonly (readonly T[])[],
  targetTokens: number,
  seed: number,
): Maybe<T[][]> {
  const plan = subsamplePlan(
    documents.map((d) => d.length),
    targetTokens,
    seed,
  );
  if ('insufficient' in plan) return plan;
  const out = Array.from(plan.documents, (i) => documents[i].slice());
  out[out.length - 1] = out[out.length - 1].slice(0, plan.lastDocumentWords);
  return out;
}

/** The size at which corpora of these word totals can all be compared: the smallest. */
export function equalSizeTarget(...wordTotals: number[]): Maybe<number> {
  if (wordTotals.length === 0) return insufficient('no corpora');
  const min = Math.min(...wordTotals);
  if (!(min >= 1)) return insufficient('a corpus has no words: there is no common size to compare at');
  return min;
}
