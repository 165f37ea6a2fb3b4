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

// The default points at a CDN; ours are bundled so nothing leaves this origin (mutate, don't replace .wasm).
env.backends.onnx.wasm!.wasmPaths = {
  mjs: new URL(wasmMjs, self.location.href).href,
  wasm: new URL(wasmBinary, self.location.href).href,
};
// ORT's script is imported from that URL, on this origin: transformers.js would otherwise re-serve it from a
// blob: URL (forbidden by the Content-Security-Policy's script-src 'self') and keep a copy of the binary in
// Cache Storage, which the service worker already does for the app.
env.useWasmCache = false;

const api = createPriorWorkerApi({
  baseUrl: self.location.href,
  // This script is one folder below the app's root (runtime/ when built, workers/ in dev), and the app may
  // be served under any sub-path: the bundled models are beside it, in models/.
  bundledModels: new URL('../models/', self.location.href).pathname,
  fetch: self.fetch.bind(self),
  ort,
  wasm: env.backends.onnx.wasm!,
  crossOriginIsolated: self.crossOriginIsolated,
  gpuMemory: trackingGpu ? gpuMemory : undefined,
});

Comlink.expose(api);
// Instrumented builds only (tests, benchmark): Playwright's worker.evaluate reaches the same API.
if (__SEMISYNTH_TEST_HOOKS__)
  (self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi = api;
