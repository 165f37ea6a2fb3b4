/**
 * What a comparison of two corpus reports holds (compare-corpora.ts computes it). Every divergence and
 * two-sample statistic is an Estimate (resampling.ts): the value, its permutation null (p-value, null mean
 * and quantile), and an interval where one is honest.
 */
import type { Keyness } from '../measures/keyness';
import type { Novelty } from '../measures/novelty';
import type { LexicalReport } from '../report/corpus-report-types';
import type { Estimate } from '../measures/resampling';
import type { Maybe } from '../measures/statistic';
import type { RareTypeSurvival } from '../measures/type-counts';

export type { Estimate, Interval, NullTest } from '../measures/resampling';

export interface CompareOptions {
  /** Seeds every bootstrap and permutation (default 0). */
  seed?: number;
  /** Bootstrap replicates (default 200). */
  replicates?: number;
  /** Permutation re-splits (default 200: p-values down to 1/201). */
  permutations?: number;
  /** Interval and null-quantile level (default 0.95). */
  level?: number;
  /** Smoothing α of KL (default 0.5; JSD and TV use α = 0). */
  klAlpha?: number;
  /** Contributions listed (default 200). */
  limit?: number;
  /** Known n-grams listed per contributing bucket (default 5). */
  ngramsPerBucket?: number;
  /**
   * Most counts a permutation null of exact n-grams may touch (re-splits × (entries + support); default
   * 4·10^8, a few seconds): larger corpora get fewer re-splits, and none below 19.
   */
  permutationWork?: number;
}

export interface CorpusRef {
  name: string;
  documents: number;
  seed: number;
}

/** One item's share of a JSD: its counts and probabilities in A and B, and its term. */
export interface Contribution {
  countA: number;
  countB: number;
  p: number;
  q: number;
  /** δ_g ≥ 0, bits. */
  delta: number;
  /** +1 when A uses the item more, −1 when B does. */
  sign: 1 | -1;
  cumulativeShare: number;
}

export interface FeatureContribution extends Contribution {
  bucket: number;
  /** The most frequent known n-grams hashing to this bucket, from both corpora's summaries. */
  ngrams: { ngram: string; countA: number; countB: number }[];
}

/** Divergences of the hashed features (10 000 buckets by default). */
export interface FeatureComparison {
  buckets: number;
  /** Bias-corrected (plug-in − null mean), with an interval: see resampling.ts. */
  jsd: Estimate;
  tv: Estimate;
  /** KL(A‖B) and KL(B‖A), nats, smoothed with klAlpha. */
  klAB: Estimate;
  klBA: Estimate;
  contributions: FeatureContribution[];
}

export interface NgramContribution extends Contribution {
  /** The n-gram, when a report's top-n summary names it (else null: too rare to have been kept). */
  ngram: string | null;
  /** Its hashed-feature bucket (for example documents). */
  bucket: number;
}

/** Divergences over every n-gram either corpus has (exact), or over hashed buckets past the budget. */
export interface NgramComparison {
  n: 1 | 2;
  /** `exact`: over the true joint support; `hashed`: over 2^bits buckets, a lower bound of the exact values. */
  tier: 'exact' | 'hashed';
  method: string;
  /** n-grams (or non-empty buckets) in A ∪ B. */
  support: number;
  totals: { a: number; b: number };
  /** Plug-in values; the null tells what two same-source corpora of these sizes would show. */
  jsd: Estimate;
  tv: Estimate;
  klAB: Estimate;
  klBA: Estimate;
  contributions: NgramContribution[];
}

export interface PerplexityComparison {
  ks: Estimate;
  w1: Estimate;
  /** The test is two-sided: its null is of |AUROC − ½|. */
  auroc: Estimate;
  /** P(PPL_d > t) in each corpus, t = A's 95th percentile of PPL_d (A is the reference). */
  tailThreshold: number;
  tailMass: { a: number; b: number };
  corpusPpl: { a: number; b: number };
  meanDocumentPpl: { a: number; b: number };
}

/** Length-sensitive figures on equal-size samples of both corpora (`tokens` words each). */
export interface LexicalComparison {
  tokens: number;
  a: LexicalReport;
  b: LexicalReport;
  /** Of A's hapax words in its sample, the share that occur in B's (equal-size) sample. */
  rareTypeSurvival: Maybe<RareTypeSurvival>;
  /** Share of B's 4..8-gram occurrences absent from A (A as the human reference), on the same samples. */
  novelty: Maybe<Novelty>;
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
  /**
   * Words (word-punct unigrams, from the reports' summaries) marking A against B: log-odds with an
   * informative Dirichlet prior. `exact`: both summaries exact (otherwise counts are Misra–Gries lower bounds).
   */
  keyness: Maybe<Keyness & { exact: boolean }>;
  /** Things that make the comparison less than like-for-like (different buckets, models, seeds). */
  warnings: string[];
}

export const COMPARE_DEFAULTS: Required<CompareOptions> = {
  seed: 0,
  replicates: 200,
  permutations: 200,
  level: 0.95,
  klAlpha: 0.5,
  limit: 200,
  ngramsPerBucket: 5,
  permutationWork: 4e8,
};

/** Why TV and KL carry no interval (and JSD on exact n-grams none either). */
export const NO_INTERVAL = {
  tv: 'no interval: the plug-in TV is biased upward by an amount that depends on the unknown truth, and no resampling interval covers at its stated rate (checked by simulation); read it against its permutation null',
  kl: 'no interval: smoothed KL depends on the smoothing and on unseen n-grams; read it against its permutation null',
  sparse:
    'no interval: exact n-grams are sparsely sampled (most occur once), where no bias correction is reliable; read the value against its permutation null',
  w1: 'no interval: bootstrap intervals for W1 cover below their stated rate near 0 (checked by simulation); read it against its permutation null',
};
