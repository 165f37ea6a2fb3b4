/**
 * What a corpus report is made of (corpus-report.ts computes it): the options and recipe that shape the
 * numbers, the documents it reads, and the finished report with each of its parts.
 */
import type { Problem } from '../../io/problem';
import type { StreamFormat } from '../../io/stream-format';
import type { DocumentScores, ScoringProvenance } from '../../scoring/scores';
import type { ExactBudget, ExactNgrams } from '../exact/exact-ngrams';
import type { Concentration } from '../measures/concentration';
import type { HistogramResult } from '../measures/fixed-histogram';
import type { HeapsFit } from '../measures/heaps';
import type { CorpusPerplexity } from '../measures/perplexity';
import type { ProbabilityHistogramOptions, ProbabilityHistograms } from '../measures/probability-histograms';
import type { ProbabilityTails, ProbabilityTailsOptions } from '../measures/probability-tails';
import type { RankBuckets } from '../measures/rank-buckets';
import type { SelfBleu } from '../measures/self-bleu';
import type { Maybe } from '../measures/statistic';
import type { ZipfFit } from '../measures/zipf';

/** The per-token columns the model-based statistics read (the rest of DocumentScores stays in the page). */
export type TokenScores = Pick<DocumentScores, 'logprob' | 'rank'>;

/** What scored the documents, recorded with every export. */
export interface ModelRecipe extends ScoringProvenance {
  bosPrepended?: boolean;
  /** Context window and stride when documents were scored in chunks. */
  context?: number;
  stride?: number;
}

export interface CorpusReportOptions {
  /** The user's name for the corpus ("human", "synthetic", "edited"). */
  name: string;
  /** Seeds the document sample, the bootstrap groups and the example choice. */
  seed: number;
  /** Hashed-feature buckets (default 10 000). */
  buckets?: number;
  /** Distinct n-grams kept per n before the Misra–Gries summary takes over (default 65 536). */
  heavyHitterCapacity?: number;
  /** n-grams listed in `top` (default 1000; the full summary is in `summary`). */
  topK?: number;
  /** Word-punct tokens kept in the seeded document sample (default 200 000). */
  sampleTokens?: number;
  /** Example documents kept per hashed feature (default 3). */
  examplesPerFeature?: number;
  /**
   * Random groups of documents (default 64, at most 256) that bootstraps and permutation tests re-split:
   * every feature and exact n-gram count is kept per group.
   */
  bootstrapGroups?: number;
  /** Memory budget of the exact n-gram tables (exact-ngrams.ts); the defaults suit a browser tab. */
  exactBudget?: Partial<ExactBudget>;
  /** The scores' provenance; required when documents carry scores. */
  model?: ModelRecipe | null;
  probability?: ProbabilityHistogramOptions;
  tails?: ProbabilityTailsOptions;
  /** For the recipe only: where the documents came from, and the stream's block size. */
  source?: ReportRecipe['source'];
  blockBytes?: number;
}

/** One document as the report sees it. */
export interface ReportDocument {
  text: string;
  /** UTF-8 byte offset of the record in its file; −1 when the document did not come from a file. */
  byteOffset?: number;
  /** 1-based line of the record, counted within the accumulator it is added to (see merge). */
  line?: number;
  scores?: TokenScores | null;
}

/** Where the documents came from and every setting that shapes the numbers. */
export interface ReportRecipe {
  name: string;
  engine: string;
  version: number;
  source:
    | { kind: 'file'; fileName: string; fileBytes: number; format: StreamFormat }
    | { kind: 'texts'; texts: number };
  documents: number;
  /** UTF-8 bytes of the documents' text. */
  bytes: number;
  seed: number;
  /** How words are cut for the features, the n-grams and the sample. */
  tokenizer: string;
  /** "FNV-1a 32 over UTF-8, mod <buckets>". */
  hash: string;
  buckets: number;
  heavyHitters: { algorithm: string; capacity: number };
  /** Budget of the exact n-gram tables the divergences are computed from. */
  exactBudget: ExactBudget;
  sample: { tokens: number; rule: string };
  bootstrap: { groups: number; rule: string };
  /** Size of the blocks the stream is cut into (0 for texts: see blocks.ts). */
  blockBytes: number;
  model: ModelRecipe | null;
}

export interface ReportCounts {
  documents: number;
  /** Documents with no word-punct token (counted, contribute nothing to features). */
  emptyDocuments: number;
  /** Word-punct tokens = unigrams counted. */
  tokens: number;
  bigrams: number;
  bytes: number;
  characters: number;
}

/** What went wrong while reading: every problem counted, the first ones listed. */
export interface ReadProblems {
  errors: number;
  warnings: number;
  /** Records (lines, rows, paragraphs) that were skipped; the good ones around them were kept. */
  skippedRecords: number;
  listed: Problem[];
}

export interface FeatureReport {
  buckets: number;
  /** Unigrams + bigrams counted. */
  features: number;
  counts: Float64Array;
  /** counts / features; sums to 1. */
  distribution: Float64Array;
  concentration: Maybe<Concentration>;
  /** Counts per bootstrap group: groups × buckets, row-major; rows sum to `counts`. */
  groups: number;
  groupCounts: Uint32Array;
  /** Documents (with at least one word-punct token) in each group: the sizes permutations match. */
  groupDocuments: Uint32Array;
}

export interface NgramCount {
  ngram: string;
  /** A lower bound on the true count; the true count is at most `count + errorBound`. */
  count: number;
  share: number;
  /** Its hashed-feature bucket. */
  bucket: number;
}

export interface TopNgrams {
  n: 1 | 2;
  /** n-grams counted (true total, whatever the summary kept). */
  total: number;
  /** True while every distinct n-gram is still counted exactly (errorBound = 0). */
  exact: boolean;
  capacity: number;
  /**
   * E: every listed count is at most this much below the true count. When E > 0 only n-grams counted more
   * than E times are listed, and every n-gram occurring more than 2E times is among them.
   */
  errorBound: number;
  /** The bound in words, for the page and exports. */
  guarantee: string;
  /** The `topK` most frequent, most frequent first (ties in code-unit order). */
  top: NgramCount[];
  /** Every listed n-gram (all of them when exact), for divergences on exact n-grams: parallel arrays. */
  summary: { ngrams: string[]; counts: Float64Array };
}

export interface TypeCount {
  exact: boolean;
  value: number;
  /** 0 when exact; else the estimator's relative standard error. */
  relativeStdError: number;
  method: string;
}

export interface LengthDistribution {
  documents: number;
  mean: number;
  min: number;
  max: number;
  /** Over fixed edges: 0, 1, 2, … 16, then 2^(k/4); merge-exact. */
  histogram: HistogramResult;
}

export interface SampledDocument {
  docIndex: number;
  /** The document's seeded priority (smaller is sampled first). */
  priority: number;
  tokens: number;
  text: string;
}

/** Documents taken in the order of a seeded hash of their content until `tokens` reaches the budget. */
export interface DocumentSample {
  rule: string;
  tokens: number;
  documents: SampledDocument[];
}

/** Figures that depend on sample size, computed on the first `tokens` tokens of the sample. */
export interface LexicalReport {
  tokens: number;
  documents: number;
  segmenter: string;
  /** Types / tokens over the whole sample. */
  ttr: Maybe<number>;
  /** Means over documents (MATTR window 50, MTLD threshold 0.72). */
  mattr: Maybe<number>;
  mtld: Maybe<number>;
  /** The same on the sample's words pooled into one stream (windows and factors cross documents). */
  mattrPooled: Maybe<number>;
  mtldPooled: Maybe<number>;
  /** Self-BLEU-4 of the first sampled documents against each other (self-bleu.ts). */
  selfBleu: Maybe<SelfBleu>;
  distinct: { n: number; corpus: Maybe<number>; perDocument: Maybe<number> }[];
  hapaxRatio: Maybe<number>;
  goodTuringUnseen: Maybe<number>;
  compressionRatio: Maybe<number>;
  zipf: Maybe<ZipfFit>;
  heaps: Maybe<HeapsFit>;
}

/** Example documents per hashed feature: `perFeature` slots per bucket, −1 where empty. */
export interface FeatureExamples {
  buckets: number;
  perFeature: number;
  docIndex: Float64Array;
  byteOffset: Float64Array;
  line: Float64Array;
}

export interface ModelReport {
  recipe: ModelRecipe | null;
  scoredDocuments: number;
  /** Documents given without scores (null). */
  unscoredDocuments: number;
  histograms: Maybe<ProbabilityHistograms>;
  tails: Maybe<ProbabilityTails>;
  ranks: Maybe<RankBuckets>;
  perplexity: Maybe<CorpusPerplexity>;
}

export interface CorpusReport {
  recipe: ReportRecipe;
  counts: ReportCounts;
  problems: ReadProblems;
  features: Maybe<FeatureReport>;
  unigrams: Maybe<TopNgrams>;
  bigrams: Maybe<TopNgrams>;
  /** Every distinct n-gram's count (exact-ngrams.ts): what the n-gram divergences are computed from. */
  exact: { unigrams: Maybe<ExactNgrams>; bigrams: Maybe<ExactNgrams> };
  types: { unigrams: TypeCount; bigrams: TypeCount };
  lengths: { words: Maybe<LengthDistribution>; bytes: Maybe<LengthDistribution> };
  sample: DocumentSample;
  lexical: Maybe<LexicalReport>;
  examples: FeatureExamples;
  /** Insufficient when no document came with scores. */
  model: Maybe<ModelReport>;
}
