/** A Node worker thread running the stats worker API (see stats-workers.ts), on the port it is sent. */
import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { createStatsWorkerApi } from '../../src/lib/stats/engine/stats-worker-api';

parentPort!.once('message', (port: MessagePort) => Comlink.expose(createStatsWorkerApi(), port));
