/**
 * Two finalized corpus reports compared (metrics.md): divergences of the hashed features and of the exact
 * n-grams with ranked per-feature JSD contributions, two-sample tests on log PPL, and the length-sensitive
 * figures recomputed on equal-size samples; seeded bootstrap intervals where metrics.md asks for them.
 */
import type { LexicalReport } from './corpus-report';
import type { Maybe } from './statistic';

export interface CompareOptions {
  /** Seeds every bootstrap (default 0). */
  seed?: number;
  /** Bootstrap replicates (default 200). */
  replicates?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Smoothing α of KL (default 0.5; JSD and TV use α = 0). */
  klAlpha?: number;
  /** Contributions listed (default 200). */
  limit?: number;
  /** Known n-grams listed per contributing bucket (default 5). */
  ngramsPerBucket?: number;
}

export interface Interval {
  low: number;
  high: number;
  level: number;
  replicates: number;
  /** e.g. "percentile bootstrap over documents" or "… over 64 random document groups". */
  method: string;
}

export interface Estimate {
  value: number;
  interval: Maybe<Interval>;
}

export interface CorpusRef {
  name: string;
  documents: number;
  seed: number;
}

export interface FeatureContribution {
  bucket: number;
  countA: number;
  countB: number;
  p: number;
  q: number;
  /** δ_g ≥ 0, bits. */
  delta: number;
  /** +1 when A uses the feature more, −1 when B does. */
  sign: 1 | -1;
  cumulativeShare: number;
  /** The most frequent known n-grams hashing to this bucket, from both corpora's summaries. */
  ngrams: { ngram: string; countA: number; countB: number }[];
}

export interface FeatureComparison {
  buckets: number;
  jsd: Estimate;
  tv: Estimate;
  /** KL(A‖B) and KL(B‖A), nats, smoothed with klAlpha. */
  klAB: Maybe<number>;
  klBA: Maybe<number>;
  contributions: FeatureContribution[];
}

export interface NgramContribution {
  ngram: string;
  bucket: number;
  countA: number;
  countB: number;
  p: number;
  q: number;
  delta: number;
  sign: 1 | -1;
  cumulativeShare: number;
}

/**
 * Divergences over exact n-grams: the support is every n-gram either summary kept, plus one "other"
 * category holding the rest of each corpus's mass, so both distributions sum to 1.
 */
export interface NgramComparison {
  n: 1 | 2;
  /** Both summaries exact: the divergences are those of the full n-gram distributions. */
  exact: boolean;
  errorBound: { a: number; b: number };
  support: number;
  jsd: number;
  tv: number;
  klAB: Maybe<number>;
  klBA: Maybe<number>;
  other: { p: number; q: number };
  contributions: NgramContribution[];
}

export interface PerplexityComparison {
  ks: Estimate;
  w1: Estimate;
  auroc: Estimate;
  /** P(PPL_d > t) in each corpus, t = A's 95th percentile of PPL_d (A is the reference). */
  tailThreshold: number;
  tailMass: { a: number; b: number };
  corpusPpl: { a: number; b: number };
  meanDocumentPpl: { a: number; b: number };
}

/** Length-sensitive figures on equal-size samples of both corpora. */
export interface LexicalComparison {
  tokens: number;
  a: LexicalReport;
  b: LexicalReport;
}

export interface Comparison {
  a: CorpusRef;
  b: CorpusRef;
  recipe: Required<CompareOptions>;
  features: Maybe<FeatureComparison>;
  unigrams: Maybe<NgramComparison>;
  bigrams: Maybe<NgramComparison>;
  perplexity: Maybe<PerplexityComparison>;
  lexical: Maybe<LexicalComparison>;
  /** Things that make the comparison less than like-for-like (different buckets, models, seeds). */
  warnings: string[];
}
