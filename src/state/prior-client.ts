import * as Comlink from 'comlink';
import type { PriorWorkerApi, LoadProgress, LoadedPrior } from '../../workers/prior.worker';
import type { ModelSource } from '../lib/model/source';
import type { Device } from '../lib/prior/transformers-prior';
import type { DocumentScores } from '../lib/scoring/types';
import type { GpuCapabilities } from '../lib/prior/gpu';

/**
 * The page's handle on the prior worker. Any model error leaves transformers.js broken inside that worker
 * (runtime.md), so a failed call terminates it and the next call gets a fresh one; results already returned
 * to the page are untouched.
 */
export class PriorClient {
  private worker!: Worker;
  private api!: Comlink.Remote<PriorWorkerApi>;

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(new URL('../../workers/prior.worker.ts', import.meta.url), { type: 'module' });
    this.api = Comlink.wrap<PriorWorkerApi>(this.worker);
  }

  /** Terminates the worker (cancelling whatever it was doing) and starts a fresh one. */
  restart(): void {
    this.dispose();
    this.spawn();
  }

  /** Terminates the worker for good (a short-lived second worker, e.g. the self-test's). */
  dispose(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.restart();
      throw error;
    }
  }

  detectGpu(): Promise<GpuCapabilities> {
    return this.api.detectGpu();
  }

  load(
    source: ModelSource,
    device: Device,
    dtype: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<LoadedPrior> {
    return this.guarded(() => this.api.load(source, device, dtype, Comlink.proxy(onProgress)));
  }

  /** Several documents per forward pass (fewer passes, same numbers); results in input order. */
  scoreBatch(texts: string[], k: number): Promise<DocumentScores[]> {
    return this.guarded(() => this.api.scoreBatch(texts, k));
  }
}
