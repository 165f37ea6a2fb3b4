/// <reference lib="webworker" />
/**
 * A stats worker: the typed comlink API of src/lib/stats/engine/stats-worker-api.ts (reading blocks of a corpus,
 * merging them in order, comparing reports, finding example documents). The pool in
 * src/state/stats-client.ts runs several.
 */
import * as Comlink from 'comlink';
import { createStatsWorkerApi, type StatsWorkerApi } from '../src/lib/stats/engine/stats-worker-api';

const api = createStatsWorkerApi();
Comlink.expose(api);
// For browser tests: Playwright's worker.evaluate reaches the same API without comlink.
(self as unknown as { __semisynthStatsApi: StatsWorkerApi }).__semisynthStatsApi = api;
