/**
 * The page's handle on the stats workers: a pool of N workers that read a corpus as a stream, in blocks,
 * and merge the blocks' accumulators in stream order, so the report is exactly the single-worker one
 * (which blocks, and which one a free worker reads next: src/lib/stats/engine/pool-plan.ts).
 * Everything heavy (reading, parsing, tokenizing, hashing, merging, comparing) runs in the workers; the
 * page receives throttled progress and the finished report.
 */
import * as Comlink from 'comlink';
import type { Problem } from '../lib/io/problem';
import type { DocumentScores } from '../lib/scoring/scores';
import type { CompareOptions, Comparison } from '../lib/stats/compare/compare-corpora';
import type { CorpusReport, CorpusReportOptions, ModelRecipe } from '../lib/stats/report/corpus-report-types';
import { BLOCK_BYTES } from '../lib/stats/engine/blocks';
import {
  analysisPlan,
  nextBlock,
  READ_AHEAD_PER_WORKER,
  type AnalysisPlan,
  type ReportSettings,
} from '../lib/stats/engine/pool-plan';
import type { BlockProgress } from '../lib/stats/engine/block-reduce';
import {
  candidatesFor,
  type ExampleSource,
  type FeatureExample,
  type FeatureRef,
} from '../lib/stats/engine/example-search';
import { formatForName, type ResolvedFormat, type StreamFormat } from '../lib/io/stream-format';
import type { ParquetColumn } from '../lib/io/parquet-records';
import type { OpenProgress } from '../lib/io/open-inputs';
import type { PartialReport, StatsWorkerApi } from '../lib/stats/engine/stats-worker-api';
import {
  abortReason,
  connectWorker,
  untilAborted,
  WorkerGone,
  type WorkerConnection,
} from '../lib/worker/worker-connection';

export type AnalyseInput =
  /** A file the user picked: the workers stream it (the page never reads it). Format from the name when omitted. */
  | {
      kind: 'file';
      file: Blob & { name?: string };
      format?: StreamFormat;
      /** The name messages use when `file` has none (an opened input: FileInspection.opened). */
      source?: string;
      parquet?: ParquetColumn[];
    }
  /** Documents already in the page (e.g. the editor's output), with their scores when the prior scored them. */
  | { kind: 'texts'; texts: readonly string[]; scores?: readonly (DocumentScores | null)[] };

export interface AnalyseProgress {
  phase: 'reading' | 'finalizing' | 'done';
  /** Bytes read so far (for texts: UTF-16 code units sent). */
  bytes: number;
  totalBytes: number;
  documents: number;
  /** Problems in the blocks read so far (counted when a block is done). */
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
  /**
   * Aborting rejects with the signal's reason (an AbortError): at once if the analysis is still queued;
   * while it runs, by ending the workers (fresh ones start for the next call). Other calls in flight on those
   * workers (comparisons, examples) are run again on the fresh ones, not failed.
   */
  signal?: AbortSignal;
}

export type { FeatureExample, FeatureRef } from '../lib/stats/engine/example-search';

/** What the page needs to offer a field or column choice before streaming a JSONL or CSV file. */
export interface FileInspection {
  /**
   * What the workers read: the picked files opened (decompressed, unzipped, Parquet rows as JSON Lines)
   * and joined into one plain stream, named for messages. Undefined when nothing could be opened.
   */
  opened: { file: Blob; source: string; parquet?: ParquetColumn[] } | undefined;
  format: StreamFormat;
  /** Text fields (JSONL) or columns (CSV) seen in the first records, most filled first. */
  fields: { name: string; count: number; numeric?: boolean }[];
  defaultField: string | undefined;
  /** Records read to decide. */
  sampledRecords: number;
  problems: Problem[];
  /** False when the file cannot be analysed at all (binary, not UTF-8, no such field…): `problems` says why. */
  usable: boolean;
}

export interface InspectOptions {
  /** How far opening the files has gone (compressed bytes read, Parquet row groups), ~10 times a second. */
  onProgress?: (p: OpenProgress) => void;
  /**
   * Aborting ends the worker opening the files at once (it is one of its own, outside the pool, so no
   * analysis is disturbed) and rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** The client's public surface (StatsClient implements it). */
export interface StatsClientApi {
  readonly workers: number;
  inspect(
    files: PickedFile | readonly PickedFile[],
    format?: StreamFormat,
    options?: InspectOptions,
  ): Promise<FileInspection>;
  analyse(input: AnalyseInput, options: AnalyseOptions): Promise<CorpusReport>;
  /**
   * A statistics partial (`semisynth stats`) read and folded in a worker into its report, exactly as
   * analysing the same file here would give it. Rejects with a PartialRefused saying what is wrong.
   */
  openPartial(file: PickedFile): Promise<{ report: CorpusReport; blocks: number }>;
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

/** The file could not be read at all (empty, binary, UTF-16, no such field or column): what and what to do. */
export class StatsInputError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'StatsInputError';
  }
}

/** A file that is not a complete statistics partial: the message names it and says what to do. */
export class PartialRefused extends Error {
  constructor(problem: string, hint: string) {
    super(`${problem}. ${hint}`);
    this.name = 'PartialRefused';
  }
}

/** One worker of the pool. */
export type WorkerHandle = WorkerConnection<StatsWorkerApi>;

export interface StatsClientOptions {
  /** Workers in the pool (default: cores − 1, at most 4, at least 1). */
  workers?: number;
  /** How to start a worker (default: workers/stats.worker.ts; tests and the benchmark pass their own). */
  spawn?: () => WorkerHandle;
  /** Block size for files and texts (default BLOCK_BYTES); changes the recipe, so keep the default. */
  blockBytes?: number;
}

function browserWorker(): WorkerHandle {
  const worker = new Worker(new URL('../../workers/stats.worker.ts', import.meta.url), {
    type: 'module',
    name: 'semisynth-stats',
  });
  return connectWorker<StatsWorkerApi>(worker, 'a statistics worker');
}

/** How often a comparison or example search is run again after its workers were ended under it. */
const RERUNS = 3;

function defaultWorkers(): number {
  const cores = typeof navigator === 'undefined' ? 2 : (navigator.hardwareConcurrency ?? 2);
  return Math.max(1, Math.min(4, cores - 1));
}

type KeptSource =
  { kind: 'texts'; texts: readonly string[] } | { kind: 'file'; file: Blob; format: ResolvedFormat };

/** Progress reaches the page at most this often. */
const PROGRESS_MS = 100;

export class StatsClient implements StatsClientApi {
  readonly workers: number;
  private readonly spawn: () => WorkerHandle;
  private readonly blockBytes: number;
  private handles: WorkerHandle[] = [];
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Where each report's documents can be read again, for examples. */
  private readonly sources = new WeakMap<CorpusReport, KeptSource>();

  constructor(options: number | StatsClientOptions = {}) {
    const o = typeof options === 'number' ? { workers: options } : options;
    this.workers = Math.max(1, Math.floor(o.workers ?? defaultWorkers()));
    this.spawn = o.spawn ?? browserWorker;
    this.blockBytes = o.blockBytes ?? BLOCK_BYTES;
  }

  /** The pool, with a fresh worker in place of any that died. */
  private pool(): WorkerHandle[] {
    if (this.disposed) throw new Error('the statistics client was disposed');
    this.handles = this.handles.filter((h) => h.alive);
    while (this.handles.length < this.workers) this.handles.push(this.spawn());
    return this.handles;
  }

  /** Ends every worker (and whatever they were doing); the next call starts fresh ones. */
  private restart(why: string): void {
    const ended = this.handles;
    this.handles = [];
    for (const h of ended) h.terminate(why);
  }

  /**
   * A call on the first worker that is not an analysis. If that worker is ended under it (another call's
   * cancel or failure restarted the pool), it runs again on a fresh one: it did not fail. A crash fails it.
   */
  private async stateless<T>(call: (api: Comlink.Remote<StatsWorkerApi>) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool()[0].call(call);
      } catch (error) {
        const ended = error instanceof WorkerGone && error.kind === 'terminated';
        if (!ended || this.disposed || attempt >= RERUNS) throw error;
      }
    }
  }

  /** Analyses one at a time: worker 0 holds one reducer. A cancelled one leaves the queue at once. */
  private serial<T>(run: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const previous = this.queue;
    const result = untilAborted(previous, signal).then(run);
    // The next one waits for this one and for those before it (this one may leave the queue early).
    this.queue = Promise.all([previous, result.catch(() => {})]);
    return result;
  }

  /**
   * Opens the picked files (one, several, or a folder's: one corpus in natural order of their paths) in a
   * worker, then inspects the head of what they hold. Files that cannot be opened are listed in problems.
   */
  inspect(
    files: PickedFile | readonly PickedFile[],
    format?: StreamFormat,
    options: InspectOptions = {},
  ): Promise<FileInspection> {
    const picked = (Array.isArray(files) ? files : [files]) as readonly PickedFile[];
    const inputs = picked.map((f) => ({ name: f.webkitRelativePath || f.name || 'file', blob: f }));
    const name = inputs.length === 1 ? inputs[0].name : commonFolder(inputs.map((i) => i.name));
    const { onProgress, signal } = options;
    const inspectOn = async (api: Comlink.Remote<StatsWorkerApi>): Promise<FileInspection> => {
      const joined = await api.open(inputs, name, onProgress && Comlink.proxy(onProgress));
      if (!joined.ok) {
        const f = format ?? formatForName(name);
        return {
          opened: undefined,
          format: f,
          fields: [],
          defaultField: undefined,
          sampledRecords: 0,
          problems: joined.problems,
          usable: false,
        };
      }
      const f = format ?? joined.format;
      const r = await api.inspect(joined.blob, joined.name, f, joined.parquet);
      const opened = {
        file: joined.blob,
        source: joined.name,
        ...(joined.parquet ? { parquet: joined.parquet } : {}),
      };
      return {
        opened: r.resolved ? opened : undefined,
        format: r.resolved ?? f,
        fields: r.fields,
        defaultField: r.defaultField,
        sampledRecords: r.sampledRecords,
        problems: [...joined.problems, ...r.problems],
        usable: r.resolved !== undefined,
      };
    };
    return signal ? this.cancellable(inspectOn, signal) : this.stateless(inspectOn);
  }

  /** A call on a worker of its own, ended when the call settles or `signal` aborts (which rejects it). */
  private async cancellable<T>(
    call: (api: Comlink.Remote<StatsWorkerApi>) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    signal.throwIfAborted();
    if (this.disposed) throw new Error('the statistics client was disposed');
    const worker = this.spawn();
    const end = () => worker.terminate('was ended to cancel opening files');
    signal.addEventListener('abort', end, { once: true });
    try {
      return await untilAborted(worker.call(call), signal);
    } finally {
      signal.removeEventListener('abort', end);
      worker.terminate('was done opening files');
    }
  }

  analyse(input: AnalyseInput, options: AnalyseOptions): Promise<CorpusReport> {
    const { signal } = options;
    return this.serial(async () => {
      signal?.throwIfAborted();
      const pool = this.pool();
      // Aborting mid-run ends the workers, which rejects every call this run has in flight.
      const onAbort = () => this.restart('was ended to cancel an analysis');
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await untilAborted(this.run(pool, input, options), signal);
      } catch (error) {
        // Blocks may still be running or waiting to merge: end them so the next analysis starts clean.
        if (!signal?.aborted) this.restart('was ended after an analysis failed');
        throw signal?.aborted ? abortReason(signal) : error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }, signal);
  }

  private async run(
    pool: WorkerHandle[],
    input: AnalyseInput,
    options: AnalyseOptions,
  ): Promise<CorpusReport> {
    const [reducer] = pool;
    const settings: ReportSettings = {
      ...options.report,
      name: options.name,
      seed: options.seed ?? 0,
      model: options.model ?? null,
    };
    let plan: AnalysisPlan;
    let kept: KeptSource;
    let warnings: Problem[] = [];
    if (input.kind === 'file') {
      const { file } = input;
      const source = input.source ?? file.name ?? 'file';
      const format = input.format ?? formatForName(source);
      const inspection = await reducer.call((api) => api.inspect(file, source, format, input.parquet));
      const resolved = inspection.resolved;
      if (!resolved) throw new StatsInputError(inspection.problems[0]);
      warnings = inspection.problems;
      plan = analysisPlan({ kind: 'file', file, source, format: resolved }, settings, this.blockBytes);
      kept = { kind: 'file', file, format: resolved };
    } else {
      plan = analysisPlan(input, settings, this.blockBytes);
      kept = { kind: 'texts', texts: input.texts };
    }
    const { reportOptions, blocks: tasks, totalBytes } = plan;

    // Progress: bytes and documents per block, summed, sent to the page at most every PROGRESS_MS.
    const blockBytes = new Float64Array(tasks);
    const blockDocs = new Float64Array(tasks);
    const blockProblems = new Float64Array(tasks);
    // A block's last progress message may arrive after its result (another port): ignore it then.
    const finished = new Uint8Array(tasks);
    let lastSent = -Infinity;
    const report = (phase: AnalyseProgress['phase'], force = false) => {
      if (!options.onProgress) return;
      const now = performance.now();
      if (!force && now - lastSent < PROGRESS_MS) return;
      lastSent = now;
      let bytes = 0;
      let documents = 0;
      let problems = 0;
      for (let i = 0; i < tasks; i++) {
        bytes += blockBytes[i];
        documents += blockDocs[i];
        problems += blockProblems[i];
      }
      options.onProgress({ phase, bytes: Math.min(bytes, totalBytes), totalBytes, documents, problems });
    };

    await reducer.call((api) => api.beginReduce(reportOptions));
    // Every other worker gets its own port to worker 0's reducer: accumulators go worker to worker.
    await Promise.all(
      pool.slice(1).map(async (h) => {
        const { port1, port2 } = new MessageChannel();
        await reducer.call((api) => api.serveReducer(Comlink.transfer(port1, [port1])));
        await h.call((api) => api.connectReducer(Comlink.transfer(port2, [port2])));
      }),
    );
    const window = READ_AHEAD_PER_WORKER * pool.length;
    let next = 0;
    let merged = 0;
    let waiting: (() => void)[] = [];
    const work = async (h: WorkerHandle) => {
      for (;;) {
        const i = nextBlock(next, merged, tasks, window);
        if (i === 'done') return;
        if (i === 'wait') {
          await new Promise<void>((r) => waiting.push(r));
          continue;
        }
        next++;
        const { task, transfer } = plan.task(i);
        const done = await h.call((api) =>
          api.readBlock(
            Comlink.transfer(task, transfer),
            reportOptions,
            Comlink.proxy((p: BlockProgress) => {
              if (finished[i]) return;
              blockBytes[i] = p.bytes;
              blockDocs[i] = p.documents;
              report('reading');
            }),
          ),
        );
        if (done.refused) throw new StatsInputError(done.refused);
        finished[i] = 1;
        blockBytes[i] = done.bytes;
        blockDocs[i] = done.documents;
        blockProblems[i] = done.problems;
        report('reading');
        merged = Math.max(merged, done.merged);
        const wake = waiting;
        waiting = [];
        for (const w of wake) w();
      }
    };
    await Promise.all(pool.map(work));
    report('finalizing', true);
    const out = await reducer.call((api) => api.finishReduce(tasks));
    if (warnings.length > 0) {
      out.problems.warnings += warnings.length;
      out.problems.listed = [...warnings, ...out.problems.listed];
    }
    this.sources.set(out, kept);
    report('done', true);
    return out;
  }

  async openPartial(file: PickedFile): Promise<{ report: CorpusReport; blocks: number }> {
    const source = file.name || 'file';
    const r = await this.stateless<PartialReport>(
      (api) => api.openPartial(file, source) as Promise<PartialReport>,
    );
    if (!r.ok) throw new PartialRefused(r.problem, r.hint);
    return { report: r.report, blocks: r.blocks };
  }

  compare(a: CorpusReport, b: CorpusReport, options?: CompareOptions): Promise<Comparison> {
    return this.stateless((api) => api.compare(a, b, options));
  }

  async examples(
    report: CorpusReport,
    feature: FeatureRef,
    options?: { limit?: number; context?: number },
  ): Promise<FeatureExample[]> {
    const kept = this.sources.get(report);
    if (!kept) {
      throw new Error(
        `the documents of "${report.recipe.name}" are not available here: analyse the corpus in this page to see examples`,
      );
    }
    const candidates = candidatesFor(report.examples, feature);
    const source: ExampleSource =
      kept.kind === 'file'
        ? kept
        : {
            kind: 'texts',
            texts: Object.fromEntries(candidates.map((c) => [c.docIndex, kept.texts[c.docIndex]])),
          };
    return this.stateless((api) =>
      api.examples(source, candidates, feature, report.examples.buckets, options),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.restart('was closed');
  }
}

/** A picked file: a File (with its path in a folder, when picked as one) or any named Blob. */
export type PickedFile = Blob & { name?: string; webkitRelativePath?: string };

/** Several picked files' name: their common folder ("shards/"), else how many they are. */
function commonFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/') ?? [];
  let depth = 0;
  while (depth < first.length - 1 && paths.every((p) => p.split('/')[depth] === first[depth])) depth++;
  return depth > 0 ? `${first.slice(0, depth).join('/')}/` : `${paths.length} files`;
}
