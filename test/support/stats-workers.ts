/**
 * Stats workers for Node tests and the benchmark: the same API object as workers/stats.worker.ts, exposed
 * over comlink either in this thread (a MessageChannel: the full message path, transfers included) or in
 * a worker thread (real parallelism; the thread loads TypeScript through tsx).
 */
import * as Comlink from 'comlink';
import { Worker, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { createStatsWorkerApi, type StatsWorkerApi } from '../../src/lib/stats/engine/stats-worker-api';
import type { WorkerHandle } from '../../src/state/stats-client';
import { connectWorker, WorkerConnection } from '../../src/lib/worker/worker-connection';
import { FakeWorker } from './fake-worker';

export function inProcessWorker(): WorkerHandle {
  return connectWorker<StatsWorkerApi>(
    new FakeWorker(createStatsWorkerApi()),
    'an in-process statistics worker',
  );
}

/** A worker thread, spoken to over a MessagePort sent to it (ports are EventTargets, as comlink wants). */
export function threadWorker(): WorkerHandle {
  const worker = new Worker(new URL('./stats-thread.mjs', import.meta.url));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage(port2, [port2 as unknown as NodeMessagePort]);
  const connection = new WorkerConnection<StatsWorkerApi>(
    Comlink.wrap<StatsWorkerApi>(port1),
    () => {
      port1.close();
      void worker.terminate();
    },
    'a statistics worker thread',
  );
  worker.on('error', (error) => connection.die(`stopped: ${error.message}`, 'crashed'));
  return connection;
}
