/**
 * Hashed unigram + bigram features (paper Fig. 5; DSIR's featuriser): lowercase, word-punct tokens, one
 * count per unigram and per bigram (the two tokens joined by one space), bucket = FNV-1a 32 of the
 * feature's UTF-8 bytes mod B (B = 10 000 by default). Bigrams do not cross document boundaries. Counts
 * are integers, so shards merge exactly.
 */
import { fnv1a32, fnv1aByte, fnv1aUpdate } from '../../math/fnv1a';
import { insufficient, type Maybe, type Statistic } from './statistic';
import { wordPunctTokens } from './word-punct';

export const DEFAULT_BUCKETS = 10_000;

export interface HashedFeaturesAcc {
  counts: Float64Array;
  /** Σ counts: unigrams + bigrams counted. */
  features: number;
  documents: number;
}

export interface HashedFeatures {
  buckets: number;
  documents: number;
  features: number;
  counts: Float64Array;
  /** counts / features: sums to 1. */
  distribution: Float64Array;
}

/** The bucket of a feature string (a unigram, or a bigram "a b"). */
export function featureBucket(feature: string, buckets = DEFAULT_BUCKETS): number {
  return fnv1a32(feature) % buckets;
}

/** Adds one text's unigram and bigram bucket counts to `counts` (length B); returns how many it added. */
export function addTextFeatures(counts: Float64Array, text: string): number {
  const buckets = counts.length;
  const tokens = wordPunctTokens(text);
  let previous = 0;
  for (let i = 0; i < tokens.length; i++) {
    const h = fnv1a32(tokens[i]);
    counts[h % buckets]++;
    // hash("a b") continues hash("a") with the space and "b": no bigram string is built.
    if (i > 0) counts[fnv1aUpdate(fnv1aByte(previous, 0x20), tokens[i]) % buckets]++;
    previous = h;
  }
  return tokens.length === 0 ? 0 : 2 * tokens.length - 1;
}

export function hashedFeatures(
  buckets = DEFAULT_BUCKETS,
): Statistic<HashedFeaturesAcc, string, Maybe<HashedFeatures>> {
  if (!(Number.isInteger(buckets) && buckets >= 1)) throw new RangeError(`buckets ${buckets} must be ≥ 1`);
  return {
    empty: () => ({ counts: new Float64Array(buckets), features: 0, documents: 0 }),
    add(acc, text) {
      acc.features += addTextFeatures(acc.counts, text);
      acc.documents++;
    },
    merge(a, b) {
      if (a.counts.length !== b.counts.length) throw new RangeError('cannot merge different bucket counts');
      return {
        counts: a.counts.map((c, i) => c + b.counts[i]),
        features: a.features + b.features,
        documents: a.documents + b.documents,
      };
    },
    finalize(acc) {
      if (acc.features === 0) return insufficient('no word-punct tokens in the corpus');
      const n = acc.features;
      return {
        buckets,
        documents: acc.documents,
        features: n,
        counts: acc.counts.slice(),
        distribution: acc.counts.map((c) => c / n),
      };
    },
  };
}
