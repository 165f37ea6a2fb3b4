/**
 * What the prior worker does, as one object: the single source of truth for its functions (workers/
 * prior.worker.ts only exposes it, with what only a browser worker has). It owns one model, TransformersPrior
 * or the n-gram prior. After any load or run error transformers.js stays broken in this realm (runtime.md),
 * so the page ends this worker on error instead of retrying here.
 *
 * A scoring call has an id; at its checkpoints (after each forward pass) it reports progress, stops if
 * `cancel(id)` was called, and waits while `pause(id)` holds it, so a long document can be followed, paused
 * and cancelled part-way.
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
import {
  TransformersPrior,
  type Device,
  type PriorInfo,
  type ScoringStats,
} from './transformers/transformers-prior';
import { ScoreHead, type OrtModule } from './transformers/score-head';
import type { Prior, ScoringProgress } from './prior';
import { packedTransferables, type PackedVocabulary } from './tokens/packed-vocabulary';
import { NgramAccumulator } from './ngram/kneser-ney';
import { NgramPrior } from './ngram/ngram-prior';
import type { DocumentScores } from './scores';
import type { ModelSource } from './models/source';
import { detectGpu, type GpuCapabilities } from './transformers/gpu';
import { wasmThreads } from './transformers/wasm-threads';
import type { GpuMemory } from './transformers/gpu-memory';
import { yieldToMessages } from '../worker/yield-to-messages';

/** Progress callbacks from a scoring call at most this often (each is a message to the page). */
export const SCORE_PROGRESS_MS = 100;

const FOLDER_ROOT = '/__semisynth_local__/';

export interface LoadProgress {
  file: string;
  loaded: number;
  total: number;
}

/** What the page keeps of a loaded prior: its description, token labels and token bytes (transferred). */
export interface LoadedPrior {
  info: PriorInfo;
  labels: string[];
  vocabulary: PackedVocabulary;
  /** WASM threads onnxruntime-web runs in this worker (1 for the n-gram prior). */
  threads: number;
}

export interface LoadOptions {
  /**
   * WASM threads for onnxruntime-web (its default otherwise). It fixes the count when it first starts in a
   * worker, so a later load asking another count gets the first one: the page starts a fresh worker instead.
   */
  threads?: number;
}

/** onnxruntime-web as transformers.js uses it: the GPU score head must come from the same instance. */
export interface OrtWeb {
  env: { wasm?: unknown; webgpu?: unknown };
  InferenceSession: unknown;
}

export interface PriorWorkerDeps {
  /** The worker script's URL: relative model URLs resolve against it. */
  baseUrl: string;
  /** Path of the bundled models folder on this origin, with a trailing slash. */
  bundledModels: string;
  /** The realm's own fetch, restored for every load that is not a local folder. */
  fetch: typeof fetch;
  /** For the GPU score head on WebGPU; without it logits are reduced on the CPU. */
  ort?: OrtWeb;
  /** Live GPU buffers, where they are being counted. */
  gpuMemory?: () => GpuMemory;
  /** onnxruntime-web's WASM settings (transformers.js's env.backends.onnx.wasm), where threads are set. */
  wasm?: { numThreads?: number };
  /** Without cross-origin isolation there is no SharedArrayBuffer, and onnxruntime-web runs one thread. */
  crossOriginIsolated?: boolean;
}

export function createPriorWorkerApi(deps: PriorWorkerDeps) {
  let prior: Prior | null = null;
  let head: ScoreHead | null = null;
  /** Why the GPU score head is off on WebGPU ('' when on, or when the device is not WebGPU). */
  let headProblem = '';
  /** Scoring calls running, by id, so `cancel`, `pause` and `resume` can reach one. */
  const running = new Map<number, RunningCall>();
  /** The WASM threads onnxruntime-web started with in this worker (null until its first model). */
  let ortThreads: number | null = null;

  /** Sets the thread count before onnxruntime-web starts; returns what it runs with. */
  function useThreads(requested: number | undefined): number {
    if (ortThreads !== null) return ortThreads;
    const isolated = deps.crossOriginIsolated ?? false;
    const env = {
      crossOriginIsolated: isolated,
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
    };
    ortThreads = wasmThreads(requested ?? 'auto', env).threads;
    if (deps.wasm) deps.wasm.numThreads = ortThreads;
    return ortThreads;
  }

  /** Serves a user's folder to transformers.js from memory: zero network requests. */
  function folderFetch(files: Record<string, Blob>) {
    return async (input: string | URL): Promise<Response> => {
      const path = new URL(input, deps.baseUrl).pathname;
      const prefix = FOLDER_ROOT + 'local/folder/';
      const file = path.startsWith(prefix) ? files[decodeURIComponent(path.slice(prefix.length))] : undefined;
      return file
        ? new Response(file, { status: 200 })
        : new Response(null, { status: 404, statusText: 'Not Found' });
    };
  }

  function configure(source: Exclude<ModelSource, { kind: 'ngram' }>): string {
    env.fetch = deps.fetch;
    env.useBrowserCache = true;
    switch (source.kind) {
      case 'bundled':
        env.allowLocalModels = true;
        env.allowRemoteModels = false;
        env.localModelPath = deps.bundledModels;
        env.useBrowserCache = false; // served by our own origin; caching would only duplicate it
        return source.id;
      case 'hub':
        env.allowLocalModels = false;
        env.allowRemoteModels = true;
        env.remoteHost = source.host; // the Hub or a mirror; the only host contacted
        return source.id;
      case 'folder':
        env.allowLocalModels = true;
        env.allowRemoteModels = false;
        env.localModelPath = FOLDER_ROOT;
        env.useBrowserCache = false;
        env.fetch = folderFetch(source.files);
        return 'local/folder';
    }
  }

  /**
   * Keeps the logits on the GPU. This only works with the ORT instance that created the model's session:
   * its GPU device owns our logits buffer, and session.run accepts a pre-allocated output only if it is an
   * instance of that ORT's Tensor class (anything else is silently taken as run options and the logits come
   * back to the CPU). transformers.js exposes `env.backends.onnx` as a shallow copy of ORT's `env`, so the
   * nested `wasm`/`webgpu` objects are identical when the instance is the same; the session's class confirms it.
   */
  async function attachGpuHead(p: TransformersPrior): Promise<void> {
    const ort = deps.ort;
    if (!ort) {
      headProblem = 'no onnxruntime-web instance was given; logits are reduced on the CPU';
      return;
    }
    const onnx = env.backends.onnx as { wasm?: unknown; webgpu?: unknown };
    const SessionClass = ort.InferenceSession as abstract new () => unknown; // a class at run time
    if (
      onnx.wasm !== ort.env.wasm ||
      onnx.webgpu !== ort.env.webgpu ||
      !(p.session instanceof SessionClass)
    ) {
      headProblem =
        'transformers.js uses a different onnxruntime-web instance; logits are reduced on the CPU';
      return;
    }
    head = await ScoreHead.create(ort as unknown as OrtModule, 'webgpu', p.logitsType);
    p.useScoreHead(head);
  }

  function loadedModel(): Prior {
    if (!prior) throw new Error('no model is loaded');
    return prior;
  }

  const api = {
    /**
     * Serves this same API (the same loaded model) on another port: the corpus-run worker scores through a
     * MessageChannel to here rather than loading a second copy of the model.
     */
    connect(port: MessagePort): void {
      Comlink.expose(api, port);
    },

    detectGpu(): Promise<GpuCapabilities> {
      return detectGpu();
    },

    async load(
      source: ModelSource,
      device: Device,
      dtype: string,
      onProgress?: (p: LoadProgress) => void,
      options: LoadOptions = {},
    ): Promise<LoadedPrior> {
      if (prior) await prior.dispose();
      prior = null;
      await head?.dispose();
      head = null;
      headProblem = '';
      if (source.kind === 'ngram') {
        prior = fitNgram(source);
        return loaded(prior, prior.info, 1);
      }
      const id = configure(source);
      const threads = useThreads(options.threads);
      const model = await TransformersPrior.load(id, {
        device,
        dtype,
        progress: (event) => {
          const e = event as { status?: string; file?: string; loaded?: number; total?: number };
          if (e.status === 'progress' && onProgress)
            onProgress({ file: e.file ?? '', loaded: e.loaded ?? 0, total: e.total ?? 0 });
        },
      });
      prior = model;
      if (device === 'webgpu') await attachGpuHead(model);
      return loaded(
        model,
        { ...model.info, modelId: source.kind === 'folder' ? source.name : model.info.modelId },
        threads,
      );
    },

    /**
     * Scores documents (batched per forward pass; results in input order), reporting progress at most every
     * SCORE_PROGRESS_MS. `cancel(id)` makes it reject with an AbortError after the pass running.
     */
    async score(
      id: number,
      texts: string[],
      k: number,
      onProgress?: (p: ScoringProgress) => void | Promise<void>,
    ): Promise<DocumentScores[]> {
      const model = loadedModel();
      const call = new RunningCall();
      running.set(id, call);
      let last = -Infinity;
      try {
        const all = await model.scoreBatch(texts, {
          k,
          checkpoint: async (progress) => {
            const now = performance.now();
            if (onProgress && now - last >= SCORE_PROGRESS_MS) {
              last = now;
              // The page may be gone; a progress message is not worth an error.
              Promise.resolve(onProgress(progress)).catch(() => {});
            }
            await yieldToMessages(); // so a cancel or pause message can be handled
            await call.checkpoint();
          },
        });
        return Comlink.transfer(all, all.flatMap(transferables));
      } finally {
        running.delete(id);
        call.finished();
      }
    },

    /** Stops scoring call `id` at its next checkpoint, or where it is paused (nothing if it has finished). */
    cancel(id: number): void {
      running.get(id)?.cancel();
    },

    /**
     * Holds scoring call `id` at its next checkpoint until `resume(id)`. Resolves true once it is held there,
     * false if it finished (or was not running) first.
     */
    pause(id: number): Promise<boolean> {
      return running.get(id)?.pause() ?? Promise.resolve(false);
    },

    resume(id: number): void {
      running.get(id)?.resume();
    },

    /** Several documents per forward pass, with explicit sizes (the benchmark and browser tests use this). */
    async scoreBatch(
      texts: string[],
      k: number,
      sizes: { batchSize?: number; chunkSize?: number } = {},
    ): Promise<DocumentScores[]> {
      const all = await loadedModel().scoreBatch(texts, { ...sizes, k });
      return Comlink.transfer(all, all.flatMap(transferables));
    },

    /**
     * Each conversation through the loaded tokenizer's chat template (instruction data: src/lib/sft builds
     * the requests and reads the results), or null when the model has none (the n-gram prior, a tokenizer
     * without `chat_template`): the page then uses the plain template. A conversation the template rejects
     * (roles that do not alternate, …) gets its error, so one bad record costs only itself.
     */
    renderChat(conversations: { role: string; content: string }[][]): (string | { error: string })[] | null {
      const render = prior instanceof TransformersPrior ? prior.chatRender() : null;
      if (render === null) return null;
      return conversations.map((messages) => {
        try {
          return render(messages);
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      });
    },

    /** Work counters since the last reset, and whether the GPU score head is in use (for the benchmark). */
    stats(): ScoringStats & { scoreHead: 'on' | 'off'; headProblem: string } {
      if (!(prior instanceof TransformersPrior)) throw new Error('no neural model is loaded');
      return { ...prior.stats(), scoreHead: head ? 'on' : 'off', headProblem };
    },

    /** Live GPU buffers and the worker's JS heap (Chromium only), to show that repeated scoring does not grow them. */
    memory(): { gpu: GpuMemory | null; jsHeapBytes: number | null } {
      const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { gpu: deps.gpuMemory?.() ?? null, jsHeapBytes: heap?.usedJSHeapSize ?? null };
    },

    resetStats(): void {
      if (prior instanceof TransformersPrior) prior.resetStats();
    },

    /** Switches the GPU score head off (logits come to the CPU) or back on, e.g. to measure the difference. */
    setScoreHead(enabled: boolean): boolean {
      if (prior instanceof TransformersPrior) prior.useScoreHead(enabled ? head : null);
      return enabled && head !== null;
    },
  };
  return api;
}

export type PriorWorkerApi = ReturnType<typeof createPriorWorkerApi>;

/** A scoring call's cancel and pause, as its checkpoints see them. */
class RunningCall {
  private readonly controller = new AbortController();
  /** Set while paused: released by resume or cancel. */
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  /** Answers of pause(): true once held at a checkpoint, false if the call ends first. */
  private held: ((parked: boolean) => void)[] = [];
  private parked = false;

  async checkpoint(): Promise<void> {
    this.controller.signal.throwIfAborted();
    while (this.gate) {
      this.parked = true;
      for (const answer of this.held.splice(0)) answer(true);
      await this.gate.promise;
      this.parked = false;
      this.controller.signal.throwIfAborted();
    }
  }

  cancel(): void {
    this.controller.abort();
    this.resume();
  }

  pause(): Promise<boolean> {
    if (!this.gate) {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.gate = { promise, release };
    }
    if (this.parked) return Promise.resolve(true);
    return new Promise((resolve) => this.held.push(resolve));
  }

  resume(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.release();
  }

  finished(): void {
    for (const answer of this.held.splice(0)) answer(false);
  }
}

function loaded(p: Prior, info: PriorInfo, threads: number): LoadedPrior {
  const vocabulary = p.vocabularyBytes();
  return Comlink.transfer(
    { info, labels: p.vocabularyLabels(), vocabulary, threads },
    packedTransferables(vocabulary),
  );
}

/** The built-in n-gram prior, fitted here so a large reference corpus never blocks the page. */
function fitNgram(source: Extract<ModelSource, { kind: 'ngram' }>): NgramPrior {
  const accumulator = new NgramAccumulator({ order: source.order });
  for (const text of source.texts) accumulator.add(text);
  if (accumulator.documentCount === 0) throw new Error('the reference corpus has no documents');
  return new NgramPrior(accumulator.finalize(), { name: source.name });
}

function transferables(s: DocumentScores): ArrayBuffer[] {
  return [s.tokenIds, s.byteStart, s.byteEnd, s.logprob, s.rank, s.entropy, s.topIds, s.topLogprobs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
