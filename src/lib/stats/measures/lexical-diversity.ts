/**
 * Lexical diversity of documents given as their words (words.ts), per document — never across document
 * boundaries — and, for distinct-n, also over the corpus (metrics.md):
 *  - TTR = types / tokens;
 *  - MATTR (Covington & McFall 2010): the mean TTR over every window of `window` (50) consecutive words;
 *    undefined for a document shorter than the window (counted, not padded);
 *  - MTLD (McCarthy & Jarvis 2010): the mean length of stretches that keep TTR above `threshold` (0.72):
 *    walk the words; whenever the running TTR of the current stretch falls to ≤ threshold, count one
 *    factor and restart; the leftover stretch adds the partial factor (1 − TTR)/(1 − threshold);
 *    MTLD = words / factors, averaged over the forward and the backward walk. Undefined when no factor
 *    accumulates (every word distinct);
 *  - distinct-n = distinct n-grams / n-grams (n = 1..4 by default), per document and over the corpus.
 * All of them fall as texts grow: compare corpora at equal token counts (subsample.ts).
 *
 * Mergeable: per-document values are kept (one number per document and metric) and averaged in sorted
 * order, so the means do not depend on sharding; corpus distinct-n keeps the exact set of n-gram keys
 * (key-set.ts: 53-bit hashes, so "exact" up to a collision chance ≈ distinct²/2^54). That set is the
 * memory cost: about 16–32 bytes per distinct n-gram per n — roughly 100 bytes per word for n = 1..4 —
 * which is why this runs on subsamples (200 000 words ≈ 20 MB), not on a 100 MB corpus.
 */
import { ngramKey, wordLanes } from '../../math/key-hash';
import { emptyKeySet, keySetAdd, keySetUnion, type KeySet } from '../../math/key-set';
import { insufficient, type Maybe, type Statistic } from './statistic';

export const MATTR_WINDOW = 50;
export const MTLD_THRESHOLD = 0.72;

/** Types / tokens of one document. */
export function ttr(words: readonly string[]): Maybe<number> {
  if (words.length === 0) return insufficient('no words: TTR is 0/0');
  return new Set(words).size / words.length;
}

/** Moving-average TTR over every window of `window` words (one pass, counts updated as the window slides). */
export function mattr(words: readonly string[], window = MATTR_WINDOW): Maybe<number> {
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window ${window} must be ≥ 1`);
  if (words.length < window) {
    return insufficient(`MATTR needs at least ${window} words (the window); this has ${words.length}`);
  }
  const counts = new Map<string, number>();
  let types = 0;
  for (let i = 0; i < window; i++) {
    const c = counts.get(words[i]) ?? 0;
    if (c === 0) types++;
    counts.set(words[i], c + 1);
  }
  let sum = types;
  for (let i = window; i < words.length; i++) {
    const out = words[i - window];
    const co = counts.get(out)! - 1;
    counts.set(out, co);
    if (co === 0) types--;
    const c = counts.get(words[i]) ?? 0;
    if (c === 0) types++;
    counts.set(words[i], c + 1);
    sum += types;
  }
  return sum / window / (words.length - window + 1);
}

/** The factor count of one MTLD walk, forward or backward, the partial factor included. */
function mtldFactors(words: readonly string[], threshold: number, backward: boolean): number {
  const seen = new Set<string>();
  let count = 0;
  let factors = 0;
  let current = 1;
  const n = words.length;
  for (let k = 0; k < n; k++) {
    seen.add(words[backward ? n - 1 - k : k]);
    count++;
    current = seen.size / count;
    if (current <= threshold) {
      factors++;
      seen.clear();
      count = 0;
      current = 1;
    }
  }
  return factors + (1 - current) / (1 - threshold);
}

/** MTLD: the mean of the forward and backward walks' words / factors. */
export function mtld(words: readonly string[], threshold = MTLD_THRESHOLD): Maybe<number> {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold ${threshold} must lie in (0, 1)`);
  if (words.length === 0) return insufficient('no words: MTLD is undefined');
  const forward = mtldFactors(words, threshold, false);
  const backward = mtldFactors(words, threshold, true);
  if (forward === 0 || backward === 0) {
    return insufficient('every word is distinct: TTR never falls, so MTLD is unbounded');
  }
  return (words.length / forward + words.length / backward) / 2;
}

/** Distinct n-grams / n-grams of one document (n-grams of the given words, in order). */
export function distinctN(words: readonly string[], n: number): Maybe<number> {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n ${n} must be a positive integer`);
  const grams = words.length - n + 1;
  if (grams <= 0) return insufficient(`fewer than ${n} words: no ${n}-grams`);
  const seen = new Set<string>();
  for (let i = 0; i < grams; i++) seen.add(words.slice(i, i + n).join(' '));
  return seen.size / grams;
}

export interface LexicalDiversityOptions {
  /** n for distinct-n (default [1, 2, 3, 4]). */
  ns?: readonly number[];
  window?: number;
  threshold?: number;
}

interface DistinctAcc {
  n: number;
  /** Per document with ≥ n words. */
  perDocument: number[];
  /** n-grams counted, and the corpus set of their keys. */
  ngrams: number;
  keys: KeySet;
}

export interface LexicalDiversityAcc {
  documents: number;
  /** Documents with no words. */
  emptyDocuments: number;
  words: number;
  ttr: number[];
  mattr: number[];
  /** Documents shorter than the MATTR window. */
  mattrShort: number;
  mtld: number[];
  /** Documents (with words) whose MTLD is undefined (every word distinct). */
  mtldUndefined: number;
  distinct: DistinctAcc[];
}

/** A mean over documents, with the values it came from (ascending) and how many documents lacked one. */
export interface DocumentMean {
  mean: Maybe<number>;
  /** Ascending per-document values (for bootstraps and distributions). */
  values: Float64Array;
  /** Documents with words for which the metric is undefined (too short, …). */
  missing: number;
}

export interface DistinctNResult {
  n: number;
  ngrams: number;
  distinct: number;
  /** Distinct n-grams / n-grams over the whole corpus (n-grams never cross documents). */
  corpus: Maybe<number>;
  /** Mean of each document's distinct-n. */
  perDocument: DocumentMean;
}

export interface LexicalDiversity {
  documents: number;
  emptyDocuments: number;
  words: number;
  window: number;
  threshold: number;
  /** Corpus TTR = distinct-1 over the corpus. */
  corpusTtr: Maybe<number>;
  ttr: DocumentMean;
  mattr: DocumentMean;
  mtld: DocumentMean;
  distinct: DistinctNResult[];
}

/** Sorted values and their mean summed in that order: independent of sharding. */
function documentMean(values: number[], missing: number, what: string): DocumentMean {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean: Maybe<number> = sorted.length
    ? sum / sorted.length
    : insufficient(
        missing ? `${what} is undefined for every document (${missing})` : 'no documents with words',
      );
  return { mean, values: sorted, missing };
}

export function lexicalDiversity(
  options: LexicalDiversityOptions = {},
): Statistic<LexicalDiversityAcc, readonly string[], Maybe<LexicalDiversity>> {
  const { ns = [1, 2, 3, 4], window = MATTR_WINDOW, threshold = MTLD_THRESHOLD } = options;
  for (const n of ns) if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n ${n} must be ≥ 1`);
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold ${threshold} must lie in (0, 1)`);
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window ${window} must be ≥ 1`);
  // Scratch reused across documents: word hash lanes and one document's n-gram keys.
  let lanes: { lo: Uint32Array; hi: Uint32Array } | undefined;
  let keys = new Float64Array(1024);
  return {
    empty: () => ({
      documents: 0,
      emptyDocuments: 0,
      words: 0,
      ttr: [],
      mattr: [],
      mattrShort: 0,
      mtld: [],
      mtldUndefined: 0,
      distinct: ns.map((n) => ({ n, perDocument: [], ngrams: 0, keys: emptyKeySet() })),
    }),
    add(acc, words) {
      acc.documents++;
      if (words.length === 0) {
        acc.emptyDocuments++;
        return;
      }
      acc.words += words.length;
      const m = mattr(words, window);
      if (typeof m === 'number') acc.mattr.push(m);
      else acc.mattrShort++;
      const t = mtld(words, threshold);
      if (typeof t === 'number') acc.mtld.push(t);
      else acc.mtldUndefined++;
      lanes = wordLanes(words, lanes);
      if (keys.length < words.length) keys = new Float64Array(words.length * 2);
      for (const d of acc.distinct) {
        const grams = words.length - d.n + 1;
        if (grams <= 0) continue;
        for (let i = 0; i < grams; i++) {
          const k = ngramKey(lanes.lo, lanes.hi, i, d.n);
          keys[i] = k;
          keySetAdd(d.keys, k);
        }
        const doc = keys.subarray(0, grams).sort();
        let distinct = 1;
        for (let i = 1; i < grams; i++) if (doc[i] !== doc[i - 1]) distinct++;
        d.perDocument.push(distinct / grams);
        d.ngrams += grams;
        if (d.n === 1) acc.ttr.push(distinct / grams); // TTR is distinct-1 of the document
      }
      if (!ns.includes(1)) acc.ttr.push(ttr(words) as number);
    },
    merge(a, b) {
      return {
        documents: a.documents + b.documents,
        emptyDocuments: a.emptyDocuments + b.emptyDocuments,
        words: a.words + b.words,
        ttr: a.ttr.concat(b.ttr),
        mattr: a.mattr.concat(b.mattr),
        mattrShort: a.mattrShort + b.mattrShort,
        mtld: a.mtld.concat(b.mtld),
        mtldUndefined: a.mtldUndefined + b.mtldUndefined,
        distinct: a.distinct.map((d, i) => {
          const e = b.distinct[i];
          if (!e || e.n !== d.n) throw new RangeError('cannot merge lexical diversity for different n');
          return {
            n: d.n,
            perDocument: d.perDocument.concat(e.perDocument),
            ngrams: d.ngrams + e.ngrams,
            keys: keySetUnion(d.keys, e.keys),
          };
        }),
      };
    },
    finalize(acc) {
      if (acc.words === 0) {
        return insufficient(acc.documents ? `none of ${acc.documents} documents has a word` : 'no documents');
      }
      const withWords = acc.documents - acc.emptyDocuments;
      const unigrams = acc.distinct.find((d) => d.n === 1);
      return {
        documents: acc.documents,
        emptyDocuments: acc.emptyDocuments,
        words: acc.words,
        window,
        threshold,
        corpusTtr: unigrams
          ? unigrams.keys.size / acc.words
          : insufficient('corpus TTR needs n = 1 among the distinct-n orders'),
        ttr: documentMean(acc.ttr, 0, 'TTR'),
        mattr: documentMean(acc.mattr, acc.mattrShort, `MATTR (window ${window})`),
        mtld: documentMean(acc.mtld, acc.mtldUndefined, 'MTLD'),
        distinct: acc.distinct.map((d) => ({
          n: d.n,
          ngrams: d.ngrams,
          distinct: d.keys.size,
          corpus: d.ngrams ? d.keys.size / d.ngrams : insufficient(`no document has ${d.n} words`),
          perDocument: documentMean(d.perDocument, withWords - d.perDocument.length, `distinct-${d.n}`),
        })),
      };
    },
  };
}
