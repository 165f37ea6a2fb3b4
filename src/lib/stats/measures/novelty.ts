/**
 * Novelty (metrics.md): the share of S's n-grams (n = 4..8) that never occur in H — how much of the
 * synthetic text is not copied from the human text at the phrase level. Two passes:
 *  1. ngramIndex over H: the exact set of H's n-gram keys for each n (key-set.ts: 53-bit hashes, exact up
 *     to a collision chance ≈ distinct²/2^54; sets merge by union);
 *  2. novelty(index) over S: for each n, S's n-gram occurrences and how many are absent from H (counts
 *     add, so shards merge exactly).
 * The share is over occurrences (an n-gram S repeats counts each time); n-grams never cross documents.
 * Both corpora must be cut into words the same way.
 *
 * Limits: the index holds every distinct n-gram of H for each n — about 5 × 16–32 bytes per H word for
 * n = 4..8, i.e. ~100–150 MB per million H words. Past `maxKeys` (default 8 million keys, ~250 MB) the
 * index stops growing and novelty is insufficient with a message to subsample H, rather than a number
 * computed against part of H.
 */
import { ngramKey, wordLanes } from '../../math/key-hash';
import { emptyKeySet, keySetAdd, keySetHas, keySetUnion, type KeySet } from '../../math/key-set';
import { insufficient, type Maybe, type Statistic } from './statistic';

export const NOVELTY_NS = [4, 5, 6, 7, 8] as const;

export interface NgramIndexAcc {
  ns: number[];
  sets: KeySet[];
  words: number;
  /** True once the key budget was exceeded (the sets are then incomplete). */
  overflow: boolean;
}

export interface NgramIndexOptions {
  ns?: readonly number[];
  maxKeys?: number;
}

function checkNs(ns: readonly number[]): number[] {
  for (const n of ns) if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n ${n} must be ≥ 1`);
  if (ns.length === 0) throw new RangeError('no n given');
  return ns.slice();
}

/** Pass 1: H's n-gram sets. finalize() returns the accumulator itself (it is the index). */
export function ngramIndex(
  options: NgramIndexOptions = {},
): Statistic<NgramIndexAcc, readonly string[], NgramIndexAcc> {
  const ns = checkNs(options.ns ?? NOVELTY_NS);
  const maxKeys = options.maxKeys ?? 8_000_000;
  let lanes: { lo: Uint32Array; hi: Uint32Array } | undefined;
  const size = (acc: NgramIndexAcc) => acc.sets.reduce((s, k) => s + k.size, 0);
  return {
    empty: () => ({ ns, sets: ns.map(() => emptyKeySet()), words: 0, overflow: false }),
    add(acc, words) {
      acc.words += words.length;
      if (acc.overflow) return;
      lanes = wordLanes(words, lanes);
      acc.ns.forEach((n, j) => {
        for (let i = 0; i + n <= words.length; i++)
          keySetAdd(acc.sets[j], ngramKey(lanes!.lo, lanes!.hi, i, n));
      });
      if (size(acc) > maxKeys) acc.overflow = true;
    },
    merge(a, b) {
      if (a.ns.join() !== b.ns.join()) throw new RangeError('cannot merge n-gram indexes for different n');
      const merged = {
        ns: a.ns,
        sets: a.sets.map((s, j) => keySetUnion(s, b.sets[j])),
        words: a.words + b.words,
        overflow: a.overflow || b.overflow,
      };
      if (size(merged) > maxKeys) merged.overflow = true;
      return merged;
    },
    finalize: (acc) => acc,
  };
}

export interface NoveltyAcc {
  ns: number[];
  /** Per n: S's n-gram occurrences, and those absent from H. */
  ngrams: number[];
  novel: number[];
  documents: number;
}

export interface NoveltyByN {
  n: number;
  ngrams: number;
  novel: number;
  /** novel / ngrams: share of S's n-gram occurrences never seen in H. */
  share: Maybe<number>;
}

export interface Novelty {
  humanWords: number;
  documents: number;
  byN: NoveltyByN[];
}

/** Pass 2: over S's documents, against H's index. */
export function novelty(index: NgramIndexAcc): Statistic<NoveltyAcc, readonly string[], Maybe<Novelty>> {
  let lanes: { lo: Uint32Array; hi: Uint32Array } | undefined;
  return {
    empty: () => ({
      ns: index.ns,
      ngrams: index.ns.map(() => 0),
      novel: index.ns.map(() => 0),
      documents: 0,
    }),
    add(acc, words) {
      acc.documents++;
      lanes = wordLanes(words, lanes);
      acc.ns.forEach((n, j) => {
        const set = index.sets[j];
        for (let i = 0; i + n <= words.length; i++) {
          acc.ngrams[j]++;
          if (!keySetHas(set, ngramKey(lanes!.lo, lanes!.hi, i, n))) acc.novel[j]++;
        }
      });
    },
    merge: (a, b) => ({
      ns: a.ns,
      ngrams: a.ngrams.map((c, j) => c + b.ngrams[j]),
      novel: a.novel.map((c, j) => c + b.novel[j]),
      documents: a.documents + b.documents,
    }),
    finalize(acc) {
      if (index.overflow) {
        return insufficient(
          `the human corpus (${index.words} words) has too many distinct n-grams to hold exactly: ` +
            'subsample it (about a million words) and compute novelty again',
        );
      }
      if (index.words === 0) return insufficient('the human corpus has no words to compare against');
      if (acc.documents === 0) return insufficient('no synthetic documents');
      return {
        humanWords: index.words,
        documents: acc.documents,
        byN: acc.ns.map((n, j) => ({
          n,
          ngrams: acc.ngrams[j],
          novel: acc.novel[j],
          share: acc.ngrams[j]
            ? acc.novel[j] / acc.ngrams[j]
            : insufficient(`no synthetic document has ${n} words`),
        })),
      };
    },
  };
}
