/**
 * The bench page (bench.html): no UI, only a global that the benchmark script drives with Playwright.
 * Each run gets its own worker, terminated afterwards so the next run starts with a fresh ORT and memory.
 */
import * as Comlink from 'comlink';
import type { BenchWorkerApi } from './bench.worker';
import type { BenchPageApi, PageInfo, RunSpec } from './protocol';

interface AdapterLike {
  info?: { vendor: string; architecture: string; device: string; description: string };
  features: { has(name: string): boolean };
}

async function pageInfo(): Promise<PageInfo> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  const info = adapter?.info;
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    webgpu: adapter
      ? {
          vendor: info?.vendor ?? '',
          architecture: info?.architecture ?? '',
          device: info?.device ?? '',
          description: info?.description ?? '',
          shaderF16: adapter.features.has('shader-f16'),
        }
      : null,
  };
}

async function run(spec: RunSpec) {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
    type: 'module',
    name: 'semisynth-bench',
  });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  try {
    return await api.run(spec);
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

const bench: BenchPageApi = { pageInfo, run };
(window as unknown as { semisynthBench: BenchPageApi }).semisynthBench = bench;
