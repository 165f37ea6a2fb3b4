/** Starts the corpus-run worker (workers/corpus-run.worker.ts) behind a connection that reports its death. */
import type { CorpusRunWorkerApi } from '../lib/run/corpus-run-worker-api';
import { connectWorker, type WorkerConnection } from '../lib/worker/worker-connection';

export function browserCorpusRunWorker(): WorkerConnection<CorpusRunWorkerApi> {
  const worker = new Worker(new URL('../../workers/corpus-run.worker.ts', import.meta.url), {
    type: 'module',
    name: 'semisynth-corpus-run',
  });
  return connectWorker<CorpusRunWorkerApi>(worker, 'the corpus-run worker');
}
