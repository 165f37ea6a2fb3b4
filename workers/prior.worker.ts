/// <reference lib="webworker" />
/**
 * The prior worker: a typed comlink API over TransformersPrior. It owns the model so scoring never blocks
 * the page. After any load or run error transformers.js stays broken in this realm (runtime.md), so the
 * page recreates this worker on error instead of retrying here.
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
import wasmMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { TransformersPrior, type Device, type PriorInfo } from '../src/lib/prior/transformers-prior';
import type { DocumentScores } from '../src/lib/scoring/types';
import type { ModelSource } from '../src/lib/model/source';
import { detectGpu, type GpuCapabilities } from '../src/lib/prior/gpu';

// The default points at a CDN; ours are bundled so nothing leaves 127.0.0.1 (mutate, don't replace .wasm).
env.backends.onnx.wasm!.wasmPaths = {
  mjs: new URL(wasmMjs, self.location.href).href,
  wasm: new URL(wasmBinary, self.location.href).href,
};

const FOLDER_ROOT = '/__semisynth_local__/';
const BASE = new URL(import.meta.env.BASE_URL, self.location.origin);
const nativeFetch = self.fetch.bind(self);

let prior: TransformersPrior | null = null;

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

function configure(source: ModelSource): string {
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
  ): Promise<{ info: PriorInfo; labels: string[] }> {
    if (prior) await prior.dispose();
    prior = null;
    const id = configure(source);
    prior = await TransformersPrior.load(id, {
      device,
      dtype,
      progress: (event) => {
        const e = event as { status?: string; file?: string; loaded?: number; total?: number };
        if (e.status === 'progress' && onProgress)
          onProgress({ file: e.file ?? '', loaded: e.loaded ?? 0, total: e.total ?? 0 });
      },
    });
    return {
      info: { ...prior.info, modelId: source.kind === 'folder' ? source.name : prior.info.modelId },
      labels: prior.vocabularyLabels(),
    };
  },

  async score(text: string, k: number): Promise<DocumentScores> {
    if (!prior) throw new Error('no model is loaded');
    const s = await prior.score(text, { k });
    return Comlink.transfer(s, [
      s.tokenIds.buffer,
      s.byteStart.buffer,
      s.byteEnd.buffer,
      s.logprob.buffer,
      s.rank.buffer,
      s.entropy.buffer,
      s.topIds.buffer,
      s.topLogprobs.buffer,
    ]);
  },
};

export type PriorWorkerApi = typeof api;

Comlink.expose(api);
