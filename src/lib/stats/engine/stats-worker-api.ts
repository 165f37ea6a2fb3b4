/**
 * What a stats worker does, as one object: the single source of truth for the worker's functions. The
 * browser worker (workers/stats.worker.ts), the Node worker thread of the benchmark and the tests expose
 * this same object over comlink. Large arrays go back by transfer.
 */
import * as Comlink from 'comlink';
import { compareReports, type CompareOptions, type Comparison } from '../compare/compare-corpora';
import type { CorpusReport, CorpusReportOptions } from '../report/corpus-report-types';
import { joinedBytes, withCompression } from '../report/lexical';
import { isInsufficient } from '../measures/statistic';
import type { BlockTask } from './blocks';
import {
  accTransferables,
  Reducer,
  reportTransferables,
  runBlock,
  shareExactTables,
  type BlockProgress,
  type BlockResult,
  type PackedReportAcc,
} from './block-reduce';
import {
  findExamples,
  type ExampleCandidate,
  type ExampleSource,
  type FeatureExample,
  type FeatureRef,
} from './example-search';
import type { StreamFormat } from '../../io/stream-format';
import { inspectFile, type Inspection } from '../../io/inspect';
import {
  joinEntries,
  openInputs,
  type InputFile,
  type JoinedInputs,
  type OpenProgress,
} from '../../io/open-inputs';
import { parquetFieldProblem, type ParquetColumn } from '../../io/parquet-records';
import { decodeCompletePartial } from './stats-partial';

/** A report as the reducer's worker hands it over: tables shared, compression ratio added (needs the sample). */
async function finishedReport(reducer: Reducer, blocks: number): Promise<CorpusReport> {
  const report = reducer.finish(blocks);
  shareExactTables(report);
  const texts = report.sample.documents.map((d) => d.text);
  report.lexical = await withCompression(report.lexical, texts, joinedBytes(texts), report.recipe.seed);
  return report;
}

/** What a statistics partial folds into, or why it cannot be read: a sentence naming the file, and what to do. */
export type PartialReport =
  { ok: true; report: CorpusReport; blocks: number } | { ok: false; problem: string; hint: string };

/**
 * A complete statistics partial (`semisynth stats`, or `semisynth merge` of its shards) folded into its
 * report: every block's accumulator merged in block order, then finished, exactly as the page's reducer
 * folds the blocks its workers read, so the report is the one analysing the same file here gives.
 */
export async function reportOfPartial(text: string, source: string): Promise<PartialReport> {
  const decoded = decodeCompletePartial(text, source);
  if (!decoded.ok) return decoded;
  const { partial } = decoded;
  try {
    const reducer = new Reducer(partial.options);
    for (const { index, acc } of partial.accs) reducer.accept(index, acc);
    return { ok: true, report: await finishedReport(reducer, partial.blocks), blocks: partial.blocks };
  } catch (error) {
    // Blocks missing or twice, or an accumulator that is not one (edited by hand, or another version's).
    return {
      ok: false,
      problem: `${source} is damaged: ${(error as Error).message}`,
      hint: 'Write it again with `semisynth stats` (and `semisynth merge` for shards) from this version.',
    };
  }
}

/** Progress callbacks from a worker at most this often (each is a message to the page). */
export const PROGRESS_INTERVAL_MS = 100;

/** What the page hears about a block once it is read and merged: a few numbers, never the accumulator. */
export interface BlockSummary {
  index: number;
  documents: number;
  bytes: number;
  problems: number;
  /** Blocks merged by the reducer so far. */
  merged: number;
  refused?: BlockResult['refused'];
}

/** The reducer as other workers reach it, over a MessagePort of their own. */
interface ReducerPort {
  fold(index: number, acc: PackedReportAcc): number;
}

function throttle(onProgress?: (p: BlockProgress) => void): ((p: BlockProgress) => void) | undefined {
  if (!onProgress) return undefined;
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    void onProgress(p);
  };
}

export function createStatsWorkerApi() {
  let reducer: Reducer | null = null;
  let remoteReducer: Comlink.Remote<ReducerPort> | null = null;
  return {
    /**
     * Opens what the user picked (files, a folder, archives, compressed or Parquet files) into one plain
     * stream for the blocks to cut: the workers read it by byte ranges like any other file.
     */
    async open(
      files: InputFile[],
      name: string,
      onProgress?: (p: OpenProgress) => void,
    ): Promise<JoinedInputs> {
      const totalBytes = files.reduce((n, f) => n + f.blob.size, 0);
      const groups = new Map<string, { done: number; total: number }>();
      let bytes = 0;
      let last = -Infinity;
      const send = (force: boolean) => {
        const now = performance.now();
        if (!onProgress || (!force && now - last < PROGRESS_INTERVAL_MS)) return;
        last = now;
        const all = [...groups.values()];
        const rowGroups = all.length
          ? { done: all.reduce((n, g) => n + g.done, 0), total: all.reduce((n, g) => n + g.total, 0) }
          : null;
        void onProgress({ bytes: Math.min(bytes, totalBytes), totalBytes, rowGroups });
      };
      send(true);
      const opened = await openInputs(
        files,
        (n) => {
          bytes += n;
          send(false);
        },
        (entry, done, total) => {
          groups.set(entry, { done, total });
          send(false);
        },
      );
      // Plain files need no opening and count no bytes on the way: every input byte is read now.
      bytes = totalBytes;
      send(true);
      return joinEntries(opened, name);
    },

    /** `parquet`: the columns when the file was Parquet, so a chosen column that is not text is refused. */
    async inspect(
      file: Blob,
      source: string,
      format: StreamFormat,
      parquet?: ParquetColumn[],
    ): Promise<Inspection> {
      const field = format.kind === 'jsonl' ? format.field : undefined;
      const wrong = parquet && field !== undefined && parquetFieldProblem(source, parquet, field);
      if (wrong)
        return {
          resolved: undefined,
          fields: [],
          defaultField: undefined,
          sampledRecords: 0,
          problems: [wrong],
        };
      return inspectFile(file, source, format);
    },

    /** Reads a block and returns its accumulator (by transfer). */
    async runBlock(
      task: BlockTask,
      options: CorpusReportOptions,
      onProgress?: (p: BlockProgress) => void,
    ): Promise<BlockResult> {
      const result = await runBlock(task, options, throttle(onProgress));
      return Comlink.transfer(result, accTransferables(result.acc));
    },

    /**
     * Reads a block and merges it: here when this worker holds the reducer, else in the reducer's worker
     * over the port given to connectReducer. The accumulator never passes through the page, whose main
     * thread would otherwise copy every block's tables twice.
     */
    async readBlock(
      task: BlockTask,
      options: CorpusReportOptions,
      onProgress?: (p: BlockProgress) => void,
    ): Promise<BlockSummary> {
      const r = await runBlock(task, options, throttle(onProgress));
      const summary = {
        index: r.index,
        documents: r.documents,
        bytes: r.bytes,
        problems: r.acc.problems.errors + r.acc.problems.warnings,
      };
      if (r.refused) return { ...summary, merged: 0, refused: r.refused };
      let merged: number;
      if (reducer) merged = reducer.accept(r.index, r.acc);
      else if (remoteReducer)
        merged = await remoteReducer.fold(r.index, Comlink.transfer(r.acc, accTransferables(r.acc)));
      else throw new Error('this worker holds no reducer and is connected to none');
      return { ...summary, merged };
    },

    /** Serves this worker's reducer to another worker on `port`. */
    serveReducer(port: MessagePort): void {
      const api: ReducerPort = {
        fold(index, acc) {
          if (!reducer) throw new Error('beginReduce was not called');
          return reducer.accept(index, acc);
        },
      };
      Comlink.expose(api, port);
    },

    /** Sends this worker's blocks to the reducer served on `port` (replacing any earlier connection). */
    connectReducer(port: MessagePort): void {
      remoteReducer?.[Comlink.releaseProxy]();
      remoteReducer = Comlink.wrap<ReducerPort>(port);
      reducer = null;
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
      const report = await finishedReport(reducer, blocks);
      reducer = null;
      return Comlink.transfer(report, reportTransferables(report));
    },

    /** A statistics partial the user picked, read and folded here (the page never reads it). */
    async openPartial(file: Blob, source: string): Promise<PartialReport> {
      const r = await reportOfPartial(await file.text(), source);
      if (r.ok) Comlink.transfer(r, reportTransferables(r.report));
      return r;
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
