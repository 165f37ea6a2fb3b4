/// <reference lib="webworker" />
/**
 * The prior worker: exposes src/lib/scoring/prior-worker-api.ts with what only a browser worker has (the
 * bundled ORT WASM files, the ORT instance transformers.js uses, GPU buffer counting).
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
// The same module transformers.js imports in the browser, so Vite bundles one ORT instance (checked at load).
import * as ort from 'onnxruntime-web/webgpu';
import wasmMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { createPriorWorkerApi, type PriorWorkerApi } from '../src/lib/scoring/prior-worker-api';
import { gpuMemory, trackGpuBuffers } from '../src/lib/scoring/transformers/gpu-memory';

// Before any model exists, so every buffer ORT creates is counted (see memory()).
const trackingGpu = trackGpuBuffers();

// The default points at a CDN; ours are bundled so nothing leaves 127.0.0.1 (mutate, don't replace .wasm).
env.backends.onnx.wasm!.wasmPaths = {
  mjs: new URL(wasmMjs, self.location.href).href,
  wasm: new URL(wasmBinary, self.location.href).href,
};

const api = createPriorWorkerApi({
  baseUrl: self.location.href,
  bundledModels: new URL('models/', new URL(import.meta.env.BASE_URL, self.location.origin)).pathname,
  fetch: self.fetch.bind(self),
  ort,
  gpuMemory: trackingGpu ? gpuMemory : undefined,
});

Comlink.expose(api);
// For browser tests and the benchmark: Playwright's worker.evaluate reaches the same API without comlink.
(self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi = api;
