/**
 * The page's handle on the stats workers: a pool of N workers that read a corpus as a stream, in blocks,
 * and merge the blocks' accumulators in stream order, so the report is exactly the single-worker one.
 * Everything heavy (reading, parsing, tokenizing, hashing, merging, comparing) runs in the workers; the
 * page receives throttled progress and the finished report.
 */
import type { DocumentScores } from '../lib/scoring/types';
import type { StreamFormat } from '../lib/stream/format';
import type { Problem } from '../lib/corpus/types';
import type { CorpusReport, CorpusReportOptions, ModelRecipe } from '../lib/stats/corpus-report';
import type { CompareOptions, Comparison } from '../lib/stats/compare-corpora';
import type { FeatureExample, FeatureRef } from '../lib/stream/examples';

export type AnalyseInput =
  /** A file the user picked: the workers stream it (the page never reads it). Format from the name when omitted. */
  | { kind: 'file'; file: Blob & { name?: string }; format?: StreamFormat }
  /** Documents already in the page (e.g. the editor's output), with their scores when the prior scored them. */
  | { kind: 'texts'; texts: readonly string[]; scores?: readonly (DocumentScores | null)[] };

export interface AnalyseProgress {
  phase: 'reading' | 'finalizing' | 'done';
  /** Bytes read so far (for texts: UTF-16 code units sent). */
  bytes: number;
  totalBytes: number;
  documents: number;
  problems: number;
}

export interface AnalyseOptions {
  /** The user's name for the corpus. */
  name: string;
  /** Seeds the sample, bootstrap groups and examples (default 0). */
  seed?: number;
  /** Provenance of `scores` (required with scores). */
  model?: ModelRecipe;
  /** Report settings beyond name, seed and model (buckets, capacity, sample size …). */
  report?: Partial<Omit<CorpusReportOptions, 'name' | 'seed' | 'model'>>;
  /** Called at most ~10 times a second. */
  onProgress?: (p: AnalyseProgress) => void;
  /** Aborting terminates the workers (fresh ones start for the next call) and rejects with an AbortError. */
  signal?: AbortSignal;
}

export type { FeatureExample, FeatureRef } from '../lib/stream/examples';

/** What the page needs to offer a field or column choice before streaming a JSONL or CSV file. */
export interface FileInspection {
  format: StreamFormat;
  /** Text fields (JSONL) or columns (CSV) seen in the first records, most filled first. */
  fields: { name: string; count: number; numeric?: boolean }[];
  defaultField: string | undefined;
  /** Records read to decide. */
  sampledRecords: number;
  problems: Problem[];
}

/** The client's public surface (StatsClient implements it). */
export interface StatsClientApi {
  readonly workers: number;
  inspect(file: Blob & { name?: string }, format?: StreamFormat): Promise<FileInspection>;
  analyse(input: AnalyseInput, options: AnalyseOptions): Promise<CorpusReport>;
  /** Runs in a worker (bootstraps take a few hundred ms). */
  compare(a: CorpusReport, b: CorpusReport, options?: CompareOptions): Promise<Comparison>;
  /** Example documents containing a feature, from the report's kept examples (reads the source again). */
  examples(
    report: CorpusReport,
    feature: FeatureRef,
    options?: { limit?: number; context?: number },
  ): Promise<FeatureExample[]>;
  dispose(): void;
}
