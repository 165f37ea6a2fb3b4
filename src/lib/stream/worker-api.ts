/**
 * What a stats worker does, as one object: the single source of truth for the worker's functions. The
 * browser worker (workers/stats.worker.ts), the Node worker thread of the benchmark and the tests expose
 * this same object over comlink. Large arrays go back by transfer.
 */
import * as Comlink from 'comlink';
import { compareReports, type CompareOptions, type Comparison } from '../stats/compare-corpora';
import type { CorpusReport, CorpusReportOptions } from '../stats/corpus-report';
import { joinedBytes, withCompression } from '../stats/report/lexical';
import { isInsufficient } from '../stats/statistic';
import type { BlockTask } from './blocks';
import {
  accTransferables,
  Reducer,
  reportTransferables,
  runBlock,
  type BlockProgress,
  type BlockResult,
  type PackedReportAcc,
} from './engine';
import {
  findExamples,
  type ExampleCandidate,
  type ExampleSource,
  type FeatureExample,
  type FeatureRef,
} from './examples';
import type { StreamFormat } from './format';
import { inspectFile, type Inspection } from './inspect';

/** Progress callbacks from a worker at most this often (each is a message to the page). */
export const PROGRESS_INTERVAL_MS = 100;

export function createStatsWorkerApi() {
  let reducer: Reducer | null = null;
  return {
    inspect(file: Blob, source: string, format: StreamFormat): Promise<Inspection> {
      return inspectFile(file, source, format);
    },

    async runBlock(
      task: BlockTask,
      options: CorpusReportOptions,
      onProgress?: (p: BlockProgress) => void,
    ): Promise<BlockResult> {
      let last = 0;
      const throttled =
        onProgress &&
        ((p: BlockProgress) => {
          const now = performance.now();
          if (now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          void onProgress(p);
        });
      const result = await runBlock(task, options, throttled);
      return Comlink.transfer(result, accTransferables(result.acc));
    },

    beginReduce(options: CorpusReportOptions): void {
      reducer = new Reducer(options);
    },

    /** Returns how many blocks have been merged so far. */
    fold(index: number, acc: PackedReportAcc): number {
      if (!reducer) throw new Error('beginReduce was not called');
      return reducer.accept(index, acc);
    },

    async finishReduce(blocks: number): Promise<CorpusReport> {
      if (!reducer) throw new Error('beginReduce was not called');
      const report = reducer.finish(blocks);
      reducer = null;
      const texts = report.sample.documents.map((d) => d.text);
      report.lexical = await withCompression(report.lexical, texts, joinedBytes(texts), report.recipe.seed);
      return Comlink.transfer(report, reportTransferables(report));
    },

    /** compareReports, plus the compression ratios of both samples cut to the same number of bytes. */
    async compare(a: CorpusReport, b: CorpusReport, options?: CompareOptions): Promise<Comparison> {
      const c = compareReports(a, b, options);
      if (isInsufficient(c.lexical)) return c;
      const ta = a.sample.documents.map((d) => d.text);
      const tb = b.sample.documents.map((d) => d.text);
      const bytes = Math.min(joinedBytes(ta), joinedBytes(tb));
      const [la, lb] = await Promise.all([
        withCompression(c.lexical.a, ta, bytes, c.recipe.seed),
        withCompression(c.lexical.b, tb, bytes, c.recipe.seed),
      ]);
      if (!isInsufficient(la) && !isInsufficient(lb)) c.lexical = { ...c.lexical, a: la, b: lb };
      return c;
    },

    examples(
      source: ExampleSource,
      candidates: ExampleCandidate[],
      feature: FeatureRef,
      buckets: number,
      options?: { limit?: number; context?: number },
    ): Promise<FeatureExample[]> {
      return findExamples(source, candidates, feature, buckets, options);
    },
  };
}

export type StatsWorkerApi = ReturnType<typeof createStatsWorkerApi>;
