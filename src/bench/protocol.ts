/**
 * What the benchmark script (Node, scripts/bench.ts) asks of the bench page and its worker, and what comes
 * back. Plain data only: it crosses page.evaluate and comlink.
 */

export type BenchDevice = 'cpu' | 'wasm' | 'webgpu';

export interface RunSpec {
  modelId: string;
  /** Where the worker finds `modelId` (env.localModelPath), a path on the bench server's origin. */
  modelRoot: string;
  device: BenchDevice;
  /** env.backends.onnx.wasm.numThreads before the first load; undefined leaves ORT's default. */
  threads?: number;
  k: number;
  /** Scored once first (compiles shaders, warms caches); its time is reported as the cold run. */
  warmupText: string;
  /** Scored after the warm-up; its time gives the throughput. */
  text: string;
  /** On WebGPU: score the text once more with the GPU score head off, for the bytes reaching the CPU. */
  headOff?: boolean;
}

/** Work counters of one scoring call, when TransformersPrior exposes them (stats()). */
export interface Counters {
  passes: number;
  rows: number;
  scoredTokens: number;
  bytesToCpu: number;
  reducedOn: string;
}

export interface Timing {
  /** Tokens that received a score (finite log p). */
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
  counters: Counters | null;
  /** Runs behind a warm timing (it is their median). */
  runs?: number;
}

export interface Measurement {
  loadSeconds: number;
  cold: Timing;
  warm: Timing;
}

export interface BytesMeasurement {
  withHead: Timing & { counters: Counters };
  withoutHead: Timing & { counters: Counters };
}

export interface RunResult extends Measurement {
  crossOriginIsolated: boolean;
  /** ORT's env.wasm.numThreads after the load (ORT lowers it to 1 when threads are unavailable). */
  threads: number;
  /** Why the GPU score head is off on WebGPU; '' when on or not WebGPU. */
  headProblem: string;
  scoreHead: boolean;
  bytes: BytesMeasurement | null;
}

export interface PageInfo {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  webgpu: {
    vendor: string;
    architecture: string;
    device: string;
    description: string;
    shaderF16: boolean;
  } | null;
}

/** The bench page's global, driven by Playwright's page.evaluate. */
export interface BenchPageApi {
  pageInfo(): Promise<PageInfo>;
  /** One run in a fresh worker (numThreads is fixed per realm once ORT initialises). */
  run(spec: RunSpec): Promise<RunResult>;
}
