/**
 * Exact type counts (word → occurrences) and the frequency-law figures read from them (metrics.md):
 * hapax ratio V₁/V, Good–Turing unseen mass V₁/N (the estimated probability that the next word is a type
 * never seen so far), and the survival of the human corpus's rare types in a synthetic one (the share of
 * H's types with count ≤ r that appear in S at all; collapse loses the tail first).
 *
 * The accumulator is a Map<string, number>: exact and mergeable (add counts), and the only way to list
 * types by name. Memory: roughly 80–120 bytes per distinct type in V8 (the string and the map entry), so
 * 1 M types ≈ 100 MB; a Map holds at most 2^24 entries, so more distinct types than that is an error
 * that says to subsample. All of these figures are length-sensitive (V₁/V falls as text grows):
 * compare corpora subsampled to equal token counts.
 */
import { insufficient, type Maybe, type Statistic } from './statistic';

/** V8's Map cannot hold more entries than this. */
export const MAX_TYPES = 2 ** 24;

export interface TypeCountsAcc {
  counts: Map<string, number>;
  /** N: words counted. */
  tokens: number;
  documents: number;
  /** Documents with no word. */
  emptyDocuments: number;
}

export interface TypeCounts {
  tokens: number;
  /** V: distinct types. */
  types: number;
  documents: number;
  emptyDocuments: number;
  /** The accumulator's map itself (not a copy: large). */
  counts: Map<string, number>;
}

function addCount(counts: Map<string, number>, type: string, c: number): void {
  const before = counts.get(type);
  if (before === undefined && counts.size >= MAX_TYPES) {
    throw new RangeError(
      `more than ${MAX_TYPES} distinct words: too many to count exactly in one Map — subsample the corpus first`,
    );
  }
  counts.set(type, (before ?? 0) + c);
}

/** Type counts over documents given as their words (e.g. words(text, { lowercase: true })). */
export const typeCounts: Statistic<TypeCountsAcc, readonly string[], Maybe<TypeCounts>> = {
  empty: () => ({ counts: new Map(), tokens: 0, documents: 0, emptyDocuments: 0 }),
  add(acc, words) {
    for (let i = 0; i < words.length; i++) addCount(acc.counts, words[i], 1);
    acc.tokens += words.length;
    acc.documents++;
    if (words.length === 0) acc.emptyDocuments++;
  },
  merge(a, b) {
    const [big, small] = a.counts.size >= b.counts.size ? [a, b] : [b, a];
    const counts = new Map(big.counts);
    for (const [t, c] of small.counts) addCount(counts, t, c);
    return {
      counts,
      tokens: a.tokens + b.tokens,
      documents: a.documents + b.documents,
      emptyDocuments: a.emptyDocuments + b.emptyDocuments,
    };
  },
  finalize(acc) {
    if (acc.tokens === 0) {
      return insufficient(acc.documents ? `none of ${acc.documents} documents has a word` : 'no documents');
    }
    return {
      tokens: acc.tokens,
      types: acc.counts.size,
      documents: acc.documents,
      emptyDocuments: acc.emptyDocuments,
      counts: acc.counts,
    };
  },
};

/** V_r: how many types occur exactly r times, as ascending (r, V_r) pairs. */
export function frequencyOfFrequencies(counts: Iterable<number>): { r: Float64Array; types: Float64Array } {
  const byR = new Map<number, number>();
  for (const c of counts) {
    if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`a type count ${c} is not a positive integer`);
    byR.set(c, (byR.get(c) ?? 0) + 1);
  }
  const r = Float64Array.from(byR.keys()).sort();
  return { r, types: r.map((x) => byR.get(x) ?? 0) };
}

function hapaxesAndTotals(counts: Iterable<number>): { v1: number; types: number; tokens: number } {
  let v1 = 0;
  let types = 0;
  let tokens = 0;
  for (const c of counts) {
    if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`a type count ${c} is not a positive integer`);
    types++;
    tokens += c;
    if (c === 1) v1++;
  }
  return { v1, types, tokens };
}

export interface HapaxRatio {
  hapaxes: number;
  types: number;
  /** V₁/V. */
  ratio: number;
}

/** V₁/V: the share of types seen exactly once. */
export function hapaxRatio(counts: Iterable<number>): Maybe<HapaxRatio> {
  const { v1, types } = hapaxesAndTotals(counts);
  if (types === 0) return insufficient('no words: the hapax ratio needs at least one type');
  return { hapaxes: v1, types, ratio: v1 / types };
}

export interface UnseenMass {
  hapaxes: number;
  tokens: number;
  /** V₁/N. */
  mass: number;
}

/** Good–Turing estimate of the probability mass of unseen types: V₁/N. */
export function goodTuringUnseen(counts: Iterable<number>): Maybe<UnseenMass> {
  const { v1, tokens } = hapaxesAndTotals(counts);
  if (tokens === 0) return insufficient('no words: the unseen mass needs at least one token');
  return { hapaxes: v1, tokens, mass: v1 / tokens };
}

export interface RareTypeSurvival {
  /** r: a type is rare in H when it occurs at most r times there. */
  maxCount: number;
  /** H's rare types. */
  rareTypes: number;
  /** How many of them appear in S at least once. */
  survived: number;
  /** survived / rareTypes. */
  share: number;
}

/**
 * The share of H's rare types (count ≤ maxCount in H, default 1: hapaxes) that occur in S at all.
 * Length-sensitive in both corpora: compare at equal token counts.
 */
export function rareTypeSurvival(
  human: ReadonlyMap<string, number>,
  synthetic: ReadonlyMap<string, number>,
  maxCount = 1,
): Maybe<RareTypeSurvival> {
  if (!(maxCount >= 1)) throw new RangeError(`maxCount ${maxCount} must be ≥ 1`);
  let rare = 0;
  let survived = 0;
  for (const [type, c] of human) {
    if (c > maxCount) continue;
    rare++;
    if ((synthetic.get(type) ?? 0) > 0) survived++;
  }
  if (human.size === 0) return insufficient('the human corpus has no words');
  if (rare === 0) return insufficient(`the human corpus has no type occurring ≤ ${maxCount} times`);
  return { maxCount, rareTypes: rare, survived, share: survived / rare };
}
