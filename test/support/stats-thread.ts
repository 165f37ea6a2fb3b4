/** A Node worker thread running the stats worker API (see stats-workers.ts). */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createStatsWorkerApi } from '../../src/lib/stream/worker-api';

Comlink.expose(createStatsWorkerApi(), nodeEndpoint(parentPort!));
