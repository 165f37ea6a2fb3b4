/**
 * The page's handle on the input worker (workers/input.worker.ts), which reads the files added on the Text
 * page. One read at a time. Aborting a read ends the worker (a fresh one starts for the next read); a worker
 * that dies (fails to start, runs out of memory) rejects the read through its connection instead of leaving
 * it pending.
 */
import * as Comlink from 'comlink';
import type { InputWorkerApi } from '../lib/io/input-worker-api';
import type { CorpusRead, CorpusReadOptions } from '../lib/io/read-corpus';
import type { InputBatch } from '../lib/io/read-input';
import { connectWorker, type WorkerConnection } from '../lib/worker/worker-connection';

export function browserInputWorker(): WorkerConnection<InputWorkerApi> {
  const worker = new Worker(new URL('../../workers/input.worker.ts', import.meta.url), {
    type: 'module',
    name: 'semisynth-input',
  });
  return connectWorker<InputWorkerApi>(worker, 'the file reader');
}

export class InputClient {
  private connection: WorkerConnection<InputWorkerApi> | null = null;

  constructor(private readonly spawn: () => WorkerConnection<InputWorkerApi> = browserInputWorker) {}

  /**
   * Reads `file` into documents; `onBatch` sees them as they come. Aborting `signal` ends the worker and
   * rejects with the signal's reason; batches already on their way may still arrive, so callers drop those.
   */
  async read(
    file: Blob,
    name: string,
    options: CorpusReadOptions,
    onBatch: (batch: InputBatch) => void,
    signal?: AbortSignal,
  ): Promise<CorpusRead> {
    signal?.throwIfAborted();
    if (!this.connection?.alive) this.connection = this.spawn();
    const connection = this.connection;
    // The worker reads on until it is ended: a cancelled read ends it.
    const onAbort = () => connection.terminate('stopped: the read was cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await connection.call((api) => api.read(file, name, options, Comlink.proxy(onBatch)), signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    this.connection?.terminate();
    this.connection = null;
  }
}
