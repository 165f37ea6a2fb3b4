/// <reference lib="webworker" />
/**
 * A stats worker: the typed comlink API of src/lib/stats/engine/stats-worker-api.ts (reading blocks of a corpus,
 * merging them in order, comparing reports, finding example documents). The pool in
 * src/state/stats-client.ts runs several.
 */
import * as Comlink from 'comlink';
import { createStatsWorkerApi } from '../src/lib/stats/engine/stats-worker-api';

Comlink.expose(createStatsWorkerApi());
