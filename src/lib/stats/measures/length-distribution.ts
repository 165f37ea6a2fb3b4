/**
 * Document lengths — words per document and characters (Unicode code points) per document — on fixed
 * log-spaced histograms, so shards merge by adding counts, exactly (fixed-histogram.ts). The edges are
 * 0, 1, 2, …, 10 (one bin per small length, so short documents and empty ones are visible), then ten bins
 * per decade up to 10^8: every bin holds at least one whole number, and longer documents are counted as
 * overflow, never dropped. Mean, minimum and maximum are exact.
 */
import {
  addValue,
  emptyHistogram,
  finalizeHistogram,
  mergeHistograms,
  type FixedHistogram,
  type HistogramResult,
} from './fixed-histogram';
import { insufficient, type Maybe, type Statistic } from './statistic';

/** 0…10 one by one, then 10^(1 + k/perDecade) up to 10^maxDecade. */
export function lengthEdges(maxDecade = 8, perDecade = 10): Float64Array {
  const edges: number[] = [];
  for (let i = 0; i <= 10; i++) edges.push(i);
  for (let k = 1; k <= (maxDecade - 1) * perDecade; k++) edges.push(Math.pow(10, 1 + k / perDecade));
  return Float64Array.from(edges);
}

export const LENGTH_EDGES = lengthEdges();

/** Code points of a string (a surrogate pair is one character). */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** One length's running histogram, sum and range; shared with the corpus report (its own edges). */
export interface OneLengthAcc {
  histogram: FixedHistogram;
  sum: number;
  min: number;
  max: number;
}

export interface LengthDistributionAcc {
  documents: number;
  words: OneLengthAcc;
  characters: OneLengthAcc;
}

export interface OneLength {
  mean: number;
  min: number;
  max: number;
  /** Σ lengths (words or characters in the corpus). */
  total: number;
  histogram: HistogramResult;
}

export interface LengthDistribution {
  documents: number;
  words: OneLength;
  characters: OneLength;
}

/** One document: its text and its words (words.ts or word-punct tokens). */
export interface LengthInput {
  text: string;
  words: readonly string[];
}

export const emptyOne = (edges: Float64Array = LENGTH_EDGES): OneLengthAcc => ({
  histogram: emptyHistogram(edges),
  sum: 0,
  min: Infinity,
  max: -Infinity,
});

export function addOne(acc: OneLengthAcc, x: number): void {
  addValue(acc.histogram, x);
  acc.sum += x;
  if (x < acc.min) acc.min = x;
  if (x > acc.max) acc.max = x;
}

export const mergeOne = (a: OneLengthAcc, b: OneLengthAcc): OneLengthAcc => ({
  histogram: mergeHistograms(a.histogram, b.histogram),
  sum: a.sum + b.sum,
  min: Math.min(a.min, b.min),
  max: Math.max(a.max, b.max),
});

function finalizeOne(acc: OneLengthAcc, documents: number): OneLength {
  const histogram = finalizeHistogram(acc.histogram);
  if ('insufficient' in histogram) throw new Error('unreachable: finalizeOne with no documents');
  return { mean: acc.sum / documents, min: acc.min, max: acc.max, total: acc.sum, histogram };
}

export const lengthDistribution: Statistic<LengthDistributionAcc, LengthInput, Maybe<LengthDistribution>> = {
  empty: () => ({ documents: 0, words: emptyOne(), characters: emptyOne() }),
  add(acc, doc) {
    acc.documents++;
    addOne(acc.words, doc.words.length);
    addOne(acc.characters, codePointLength(doc.text));
  },
  merge: (a, b) => ({
    documents: a.documents + b.documents,
    words: mergeOne(a.words, b.words),
    characters: mergeOne(a.characters, b.characters),
  }),
  finalize(acc) {
    if (acc.documents === 0) return insufficient('no documents: no lengths to show');
    return {
      documents: acc.documents,
      words: finalizeOne(acc.words, acc.documents),
      characters: finalizeOne(acc.characters, acc.documents),
    };
  },
};
