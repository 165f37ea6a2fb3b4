/**
 * What the corpus-run worker does, as one object (workers/corpus-run.worker.ts only exposes it): a whole
 * corpus scored, edited and exported (corpus-run.ts) off the page, so the page holds progress and counts,
 * never the corpus or its scores.
 *
 * It scores through the prior worker, over a MessageChannel the page sets up (prior-worker-api.ts
 * `connect`), rather than loading a model of its own: the model the user loaded may be a large Hub or
 * folder model (a second copy would double its memory and, for the Hub, its download), onnxruntime-web
 * runs only under runtime/'s policy (WebAssembly is not allowed to workers/ scripts), and scores must come
 * from the very model (device, dtype) the session's key names, so the run's output is the page's export.
 */
import * as Comlink from 'comlink';
import type { ByteStore } from '../persist/byte-store';
import { IndexedScoreFile } from '../persist/score-index';
import type { ScoreKey } from '../persist/score-key';
import type { InputFile } from '../io/open-inputs';
import type { PriorWorkerApi } from '../scoring/prior-worker-api';
import { vocabularyOf, type PackedVocabulary } from '../scoring/tokens/packed-vocabulary';
import type { ToEditConfig } from '../toedit';
import { runCorpus, type CorpusRunProgress, type CorpusRunSummary, type RunOutput } from './corpus-run';
import type { ByteSink } from './text-sink';

export interface CorpusRunRequest {
  files: InputFile[];
  field?: string;
  /** The loaded model's score key (its k is the alternatives kept). */
  key: ScoreKey;
  vocabulary: PackedVocabulary;
  config: ToEditConfig;
  seed: number;
  /** A file per output: one the user picked (showSaveFilePicker) or an OPFS file. */
  outputs: Partial<Record<RunOutput, FileSystemFileHandle>>;
  /** The Parquet output's key-value metadata (the run's recipe under `semisynth.recipe`). */
  parquetMetadata?: Record<string, string>;
}

export interface CorpusRunDeps {
  /** The run's own score file for `key` (kept between runs: a rerun resumes), and how to let it go. */
  openScores(key: ScoreKey): Promise<{ store: ByteStore; close(): void }>;
  openOutput(handle: FileSystemFileHandle): Promise<ByteSink>;
}

/** Scoring call ids of this worker: far from the page's own (1, 2, …), though the page waits meanwhile. */
const FIRST_CALL_ID = 1_000_000_000;

export function createCorpusRunWorkerApi(deps: CorpusRunDeps) {
  let stop: AbortController | null = null;
  let nextId = FIRST_CALL_ID;
  return {
    /** Runs the whole corpus; rejects with an AbortError after `cancel`. One run at a time. */
    async run(
      request: CorpusRunRequest,
      priorPort: MessagePort,
      onProgress: (progress: CorpusRunProgress) => void,
    ): Promise<CorpusRunSummary> {
      if (stop) throw new Error('a corpus run is already running');
      const controller = new AbortController();
      stop = controller;
      const { signal } = controller;
      const prior = Comlink.wrap<PriorWorkerApi>(priorPort);
      const scores = await deps.openScores(request.key);
      try {
        const outputs: Partial<Record<RunOutput, ByteSink>> = {};
        for (const [kind, handle] of Object.entries(request.outputs))
          outputs[kind as RunOutput] = await deps.openOutput(handle);
        return await runCorpus({
          files: request.files,
          ...(request.field === undefined ? {} : { field: request.field }),
          k: request.key.k,
          scoreFile: await IndexedScoreFile.open(scores.store, request.key),
          vocabulary: vocabularyOf(request.vocabulary),
          config: request.config,
          seed: request.seed,
          outputs,
          ...(request.parquetMetadata ? { parquetMetadata: request.parquetMetadata } : {}),
          signal,
          onProgress,
          score: async (texts, options) => {
            const id = nextId++;
            const cancel = () => void prior.cancel(id);
            signal.addEventListener('abort', cancel);
            try {
              return await prior.score(id, [...texts], options.k ?? request.key.k);
            } finally {
              signal.removeEventListener('abort', cancel);
            }
          },
        });
      } finally {
        scores.close();
        prior[Comlink.releaseProxy]();
        priorPort.close();
        stop = null;
      }
    },

    /** Stops the run within one forward pass; its outputs are discarded, its scores kept. */
    cancel(): void {
      stop?.abort(new DOMException('The corpus run was cancelled.', 'AbortError'));
    },
  };
}

export type CorpusRunWorkerApi = ReturnType<typeof createCorpusRunWorkerApi>;
