/**
 * What "collapse on your own text" measures in each generation: tokens, piece types used, hapaxes, tail
 * mass outside the human top k, JSD to the human text on hashed features, and distinct-1/2/3.
 */
import { jsDivergence } from '../../stats/measures/divergence';
import { DEFAULT_BUCKETS } from '../../stats/measures/hashed-features';
import { isInsufficient } from '../../stats/measures/statistic';
import { TokenScan } from '../../stats/measures/token-scan';
import { documentsOf, type PieceCorpus } from './ngram-collapse-corpus';

export interface GenerationStats {
  generation: number;
  tokens: number;
  /** Distinct piece types used. */
  vocabulary: number;
  /** Types used exactly once. */
  hapax: number;
  /** Share of tokens outside the human corpus's top-k types. */
  tailMass: number;
  /** JSD (bits) to generation 0 on hashed unigram+bigram features; null when this generation is empty. */
  jsd: number | null;
  /** Corpus-level distinct-1, -2, -3 over pieces (n-grams within documents). */
  distinct: [number, number, number];
  /** Edit mode: tokens flagged (p > τ) and tokens actually changed, as shares of all tokens. */
  flagRate?: number;
  changeRate?: number;
}

/** Reused between documents and runs (runs are synchronous). */
const SCAN = new TokenScan();

/**
 * Hashed unigram + bigram bucket counts of the generation's text (hashed-features.ts), through the
 * statistics engine's fused scanner (TokenScan: the same tokens and FNV hashes as addTextFeatures, several
 * times faster), since this runs once per generation on the whole corpus.
 */
export function features(corpus: PieceCorpus, pieces: readonly string[]): Float64Array {
  const counts = new Float64Array(DEFAULT_BUCKETS);
  for (const text of documentsOf(corpus, pieces)) {
    const n = SCAN.scan(text.toLowerCase());
    for (let i = 0; i < n; i++) {
      counts[SCAN.hash[i] % DEFAULT_BUCKETS]++;
      if (i > 0) counts[SCAN.pairHash[i] % DEFAULT_BUCKETS]++;
    }
  }
  return counts;
}

export function measure(
  generation: number,
  corpus: PieceCorpus,
  vocabSize: number,
  topK: number,
  pieces: readonly string[],
  humanFeatures: Float64Array,
): GenerationStats {
  const { ids, offsets } = corpus;
  const counts = new Int32Array(vocabSize);
  let tail = 0;
  for (let i = 0; i < ids.length; i++) {
    counts[ids[i]]++;
    if (ids[i] >= 3 + topK) tail++;
  }
  let vocabulary = 0;
  let hapax = 0;
  for (const c of counts) {
    if (c > 0) vocabulary++;
    if (c === 1) hapax++;
  }
  const jsd = generation === 0 ? 0 : jsDivergence(humanFeatures, features(corpus, pieces));
  return {
    generation,
    tokens: ids.length,
    vocabulary,
    hapax,
    tailMass: ids.length === 0 ? 0 : tail / ids.length,
    jsd: isInsufficient(jsd) ? null : jsd,
    distinct: [ids.length === 0 ? 0 : vocabulary / ids.length, ...distinctCounts(ids, offsets)],
  };
}

/**
 * Unique n-grams over all n-grams (n-grams inside documents only); 0 when there are none. Counted in an
 * open-addressing table of (prefix index, id) pairs — a JavaScript Set of numbers was the slowest part of a
 * generation. A trigram is (index of its bigram, id), so no key ever exceeds 32 bits per part.
 */
function distinctCounts(ids: Int32Array, offsets: Int32Array): [number, number] {
  const bigrams = new PairSet(ids.length);
  const trigrams = new PairSet(ids.length);
  let total2 = 0;
  let total3 = 0;
  for (let d = 0; d + 1 < offsets.length; d++) {
    let prevBigram = -1;
    for (let i = offsets[d] + 1; i < offsets[d + 1]; i++) {
      const b = bigrams.add(ids[i - 1], ids[i]);
      total2++;
      if (prevBigram >= 0) {
        trigrams.add(prevBigram, ids[i]);
        total3++;
      }
      prevBigram = b;
    }
  }
  return [total2 === 0 ? 0 : bigrams.size / total2, total3 === 0 ? 0 : trigrams.size / total3];
}

/** A set of pairs of non-negative 31-bit integers; add() returns the pair's index (insertion order). */
class PairSet {
  size = 0;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly slots: Int32Array;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    let n = 16;
    while (n < 2 * capacity) n *= 2;
    this.slots = new Int32Array(n); // index + 1; 0 = empty
  }

  add(x: number, y: number): number {
    const mask = this.slots.length - 1;
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s] - 1;
      if (k < 0) {
        this.a[this.size] = x;
        this.b[this.size] = y;
        this.slots[s] = ++this.size;
        return this.size - 1;
      }
      if (this.a[k] === x && this.b[k] === y) return k;
    }
  }
}
