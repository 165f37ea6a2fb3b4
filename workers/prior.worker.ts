/// <reference lib="webworker" />
/**
 * The prior worker: a typed comlink API over TransformersPrior. It owns the model so scoring never blocks
 * the page. After any load or run error transformers.js stays broken in this realm (runtime.md), so the
 * page recreates this worker on error instead of retrying here.
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
// The same module transformers.js imports in the browser, so Vite bundles one ORT instance (checked at load).
import * as ort from 'onnxruntime-web/webgpu';
import wasmMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import {
  TransformersPrior,
  type Device,
  type PriorInfo,
  type ScoringStats,
} from '../src/lib/prior/transformers-prior';
import { ScoreHead, type OrtModule } from '../src/lib/prior/score-head';
import type { Prior } from '../src/lib/prior/prior';
import { packedTransferables, type PackedVocabulary } from '../src/lib/tokens/packed-vocabulary';
import { NgramAccumulator } from '../src/lib/ngram/kneser-ney';
import { NgramPrior } from '../src/lib/ngram/ngram-prior';
import type { DocumentScores } from '../src/lib/scoring/types';
import type { ModelSource } from '../src/lib/model/source';
import { detectGpu, type GpuCapabilities } from '../src/lib/prior/gpu';
import { gpuMemory, trackGpuBuffers, type GpuMemory } from '../src/lib/prior/gpu-memory';

// Before any model exists, so every buffer ORT creates is counted (see memory()).
const trackingGpu = trackGpuBuffers();

// The default points at a CDN; ours are bundled so nothing leaves 127.0.0.1 (mutate, don't replace .wasm).
env.backends.onnx.wasm!.wasmPaths = {
  mjs: new URL(wasmMjs, self.location.href).href,
  wasm: new URL(wasmBinary, self.location.href).href,
};

const FOLDER_ROOT = '/__semisynth_local__/';
const BASE = new URL(import.meta.env.BASE_URL, self.location.origin);
const nativeFetch = self.fetch.bind(self);

let prior: Prior | null = null;
let head: ScoreHead | null = null;
/** Why the GPU score head is off on WebGPU ('' when on, or when the device is not WebGPU). */
let headProblem = '';

/** Serves a user's folder to transformers.js from memory: zero network requests. */
function folderFetch(files: Record<string, Blob>) {
  return async (input: string | URL): Promise<Response> => {
    const path = new URL(input, self.location.href).pathname;
    const prefix = FOLDER_ROOT + 'local/folder/';
    const file = path.startsWith(prefix) ? files[decodeURIComponent(path.slice(prefix.length))] : undefined;
    return file
      ? new Response(file, { status: 200 })
      : new Response(null, { status: 404, statusText: 'Not Found' });
  };
}

function configure(source: Exclude<ModelSource, { kind: 'ngram' }>): string {
  env.fetch = nativeFetch;
  env.useBrowserCache = true;
  switch (source.kind) {
    case 'bundled':
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = new URL('models/', BASE).pathname;
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

export interface LoadProgress {
  file: string;
  loaded: number;
  total: number;
}

const api = {
  detectGpu(): Promise<GpuCapabilities> {
    return detectGpu();
  },

  async load(
    source: ModelSource,
    device: Device,
    dtype: string,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LoadedPrior> {
    if (prior) await prior.dispose();
    prior = null;
    await head?.dispose();
    head = null;
    headProblem = '';
    if (source.kind === 'ngram') {
      prior = fitNgram(source);
      return loaded(prior, prior.info);
    }
    const id = configure(source);
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
    return loaded(model, {
      ...model.info,
      modelId: source.kind === 'folder' ? source.name : model.info.modelId,
    });
  },

  /** Several documents per forward pass; results in input order. Sizes default to what the device allows. */
  async scoreBatch(
    texts: string[],
    k: number,
    sizes: { batchSize?: number; chunkSize?: number } = {},
  ): Promise<DocumentScores[]> {
    if (!prior) throw new Error('no model is loaded');
    const all = await prior.scoreBatch(texts, { ...sizes, k });
    return Comlink.transfer(all, all.flatMap(transferables));
  },

  /** Work counters since the last reset, and whether the GPU score head is in use (for the benchmark). */
  stats(): ScoringStats & { scoreHead: 'on' | 'off'; headProblem: string } {
    if (!(prior instanceof TransformersPrior)) throw new Error('no neural model is loaded');
    return { ...prior.stats(), scoreHead: head ? 'on' : 'off', headProblem };
  },

  /** Live GPU buffers and the worker's JS heap (Chromium only), to show that repeated scoring does not grow them. */
  memory(): { gpu: GpuMemory | null; jsHeapBytes: number | null } {
    const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return { gpu: trackingGpu ? gpuMemory() : null, jsHeapBytes: heap?.usedJSHeapSize ?? null };
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

/** What the page keeps of a loaded prior: its description, token labels and token bytes (transferred). */
export interface LoadedPrior {
  info: PriorInfo;
  labels: string[];
  vocabulary: PackedVocabulary;
}

function loaded(p: Prior, info: PriorInfo): LoadedPrior {
  const vocabulary = p.vocabularyBytes();
  return Comlink.transfer(
    { info, labels: p.vocabularyLabels(), vocabulary },
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

/**
 * Keeps the logits on the GPU. This only works with the ORT instance that created the model's session:
 * its GPU device owns our logits buffer, and session.run accepts a pre-allocated output only if it is an
 * instance of that ORT's Tensor class (anything else is silently taken as run options and the logits come
 * back to the CPU). transformers.js exposes `env.backends.onnx` as a shallow copy of ORT's `env`, so the
 * nested `wasm`/`webgpu` objects are identical when the instance is the same; the session's class confirms it.
 */
async function attachGpuHead(p: TransformersPrior): Promise<void> {
  const onnx = env.backends.onnx as { wasm?: unknown; webgpu?: unknown };
  const SessionClass = ort.InferenceSession as unknown as abstract new () => unknown; // a class at run time
  if (onnx.wasm !== ort.env.wasm || onnx.webgpu !== ort.env.webgpu || !(p.session instanceof SessionClass)) {
    headProblem = 'transformers.js uses a different onnxruntime-web instance; logits are reduced on the CPU';
    return;
  }
  head = await ScoreHead.create(ort as unknown as OrtModule, 'webgpu', p.logitsType);
  p.useScoreHead(head);
}

export type PriorWorkerApi = typeof api;

Comlink.expose(api);
// For browser tests and the benchmark: Playwright's worker.evaluate reaches the same API without comlink.
(self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi = api;
