/// <reference lib="webworker" />
/** The lab worker: exposes src/lib/lab/lab-worker-api.ts. */
import * as Comlink from 'comlink';
import { createLabWorkerApi } from '../src/lib/lab/lab-worker-api';

Comlink.expose(createLabWorkerApi());
