/// <reference lib="webworker" />
/**
 * The bench worker: loads one model with TransformersPrior on one device and times scoring. The page
 * creates a fresh worker per run because ORT fixes its thread count when it first initialises in a realm.
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
// The ORT instance transformers.js uses in the browser; the GPU score head must come from the same one.
import * as ort from 'onnxruntime-web/webgpu';
import wasmMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { TransformersPrior } from '../lib/scoring/transformers/transformers-prior';
import { ScoreHead, type OrtModule } from '../lib/scoring/transformers/score-head';
import { measure, timeScore, type BenchPrior } from './measure';
import type { BytesMeasurement, RunResult, RunSpec, Timing } from './protocol';

// The default points at a CDN; the bundled files keep everything on 127.0.0.1.
env.backends.onnx.wasm!.wasmPaths = {
  mjs: new URL(wasmMjs, self.location.href).href,
  wasm: new URL(wasmBinary, self.location.href).href,
};
// ORT's script is imported from that URL, on this origin: transformers.js would otherwise re-serve it from a
// blob: URL (forbidden by the Content-Security-Policy's script-src 'self') and keep a copy of the binary in
// Cache Storage, which the service worker already does for the app.
env.useWasmCache = false;

/** Attaches the GPU score head if this build of TransformersPrior takes one; returns why not otherwise. */
async function attachGpuHead(
  prior: TransformersPrior & BenchPrior,
): Promise<{ head: ScoreHead | null; problem: string }> {
  if (typeof prior.useScoreHead !== 'function')
    return { head: null, problem: 'TransformersPrior has no useScoreHead' };
  const onnx = env.backends.onnx as { wasm?: unknown; webgpu?: unknown };
  if (onnx.wasm !== ort.env.wasm || onnx.webgpu !== ort.env.webgpu)
    return { head: null, problem: 'transformers.js uses a different onnxruntime-web instance' };
  try {
    const logitsType = (prior as { logitsType?: 'float32' | 'float16' }).logitsType ?? 'float32';
    const head = await ScoreHead.create(ort as unknown as OrtModule, 'webgpu', logitsType);
    prior.useScoreHead(head);
    return { head, problem: '' };
  } catch (error) {
    return { head: null, problem: String(error) };
  }
}

/** The warm run (head on) against the same text scored again with the head off: bytes that reach the CPU. */
async function headOff(
  prior: BenchPrior,
  warm: Timing,
  text: string,
  k: number,
): Promise<BytesMeasurement | null> {
  prior.useScoreHead!(null);
  const off = await timeScore(prior, text, k);
  return warm.counters && off.counters
    ? { withHead: { ...warm, counters: warm.counters }, withoutHead: { ...off, counters: off.counters } }
    : null;
}

const api = {
  async run(spec: RunSpec): Promise<RunResult> {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.useBrowserCache = false; // served from 127.0.0.1; caching a 650 MB model would only cost time
    env.localModelPath = spec.modelRoot;
    if (spec.threads !== undefined) env.backends.onnx.wasm!.numThreads = spec.threads;

    const gpu: { head: ScoreHead | null; problem: string } = { head: null, problem: '' };
    const { prior, ...measured } = await measure(async () => {
      const p = await TransformersPrior.load(spec.modelId, { device: spec.device, dtype: 'fp32' });
      if (spec.device === 'webgpu') Object.assign(gpu, await attachGpuHead(p));
      return p;
    }, spec);
    let bytes: BytesMeasurement | null = null;
    if (gpu.head && spec.headOff) bytes = await headOff(prior, measured.warm, spec.text, spec.k);
    return {
      ...measured,
      crossOriginIsolated: self.crossOriginIsolated,
      threads: Number(env.backends.onnx.wasm!.numThreads),
      scoreHead: gpu.head !== null,
      headProblem: gpu.problem,
      bytes,
    };
  },
};

export type BenchWorkerApi = typeof api;

Comlink.expose(api);
