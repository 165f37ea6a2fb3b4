/**
 * Stats workers for Node tests and the benchmark: the same API object as workers/stats.worker.ts, exposed
 * over comlink either in this thread (a MessageChannel: the full message path, transfers included) or in
 * a worker thread (real parallelism; the thread loads TypeScript through tsx).
 */
import * as Comlink from 'comlink';
import { Worker, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { createStatsWorkerApi, type StatsWorkerApi } from '../../src/lib/stream/worker-api';
import type { WorkerHandle } from '../../src/state/stats-client';

export function inProcessWorker(): WorkerHandle {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createStatsWorkerApi(), port1);
  const api = Comlink.wrap<StatsWorkerApi>(port2);
  return {
    api,
    terminate() {
      port1.close();
      port2.close();
    },
  };
}

/** A worker thread, spoken to over a MessagePort sent to it (ports are EventTargets, as comlink wants). */
export function threadWorker(): WorkerHandle {
  const worker = new Worker(new URL('./stats-thread.mjs', import.meta.url));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage(port2, [port2 as unknown as NodeMessagePort]);
  const api = Comlink.wrap<StatsWorkerApi>(port1);
  return {
    api,
    terminate() {
      port1.close();
      void worker.terminate();
    },
  };
}
