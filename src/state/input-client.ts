/**
 * The page's handle on the input worker (workers/input.worker.ts), which reads the files added on the Text
 * page. One read at a time; aborting a read ends the worker (a fresh one starts for the next read), and a
 * worker that dies (fails to start, runs out of memory) rejects the read instead of leaving it pending.
 */
import * as Comlink from 'comlink';
import type { InputWorkerApi } from '../lib/stream/input-api';
import type { CorpusBatch, CorpusRead, CorpusReadOptions } from '../lib/stream/read-corpus';

export interface InputWorkerHandle {
  api: Comlink.Remote<InputWorkerApi>;
  /** Rejects when the worker dies or cannot be read from; never resolves otherwise. */
  died: Promise<never>;
  terminate(): void;
}

export function browserInputWorker(): InputWorkerHandle {
  const worker = new Worker(new URL('../../workers/input.worker.ts', import.meta.url), {
    type: 'module',
    name: 'semisynth-input',
  });
  const api = Comlink.wrap<InputWorkerApi>(worker);
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(
        new Error(`the file reader stopped: ${e.message || 'it could not start, or ran out of memory'}`),
      );
    });
    worker.addEventListener('messageerror', () =>
      reject(new Error('the file reader sent something the page could not read')),
    );
  });
  died.catch(() => {}); // observed through the race in read()
  return {
    api,
    died,
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export class InputClient {
  private handle: InputWorkerHandle | null = null;

  constructor(private readonly spawn: () => InputWorkerHandle = browserInputWorker) {}

  /**
   * Reads `file` into documents; `onBatch` sees them as they come. Aborting `signal` ends the worker and
   * rejects with an AbortError; batches already on their way may still arrive, so callers drop those.
   */
  async read(
    file: Blob,
    name: string,
    options: CorpusReadOptions,
    onBatch: (batch: CorpusBatch) => void,
    signal?: AbortSignal,
  ): Promise<CorpusRead> {
    signal?.throwIfAborted();
    const h = (this.handle ??= this.spawn());
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.end(h);
        reject(signal?.reason ?? new DOMException('The read was cancelled.', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([h.api.read(file, name, options, Comlink.proxy(onBatch)), h.died, aborted]);
    } catch (error) {
      this.end(h); // whatever happened to it, a fresh worker reads the next file
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private end(h: InputWorkerHandle): void {
    if (this.handle !== h) return;
    this.handle = null;
    h.terminate();
  }

  dispose(): void {
    if (this.handle) this.end(this.handle);
  }
}
