/// <reference lib="webworker" />
/**
 * The Text page's input worker: reads the files the user adds (src/lib/io/input-worker-api.ts), so parsing a
 * large file never blocks the page.
 */
import * as Comlink from 'comlink';
import { createInputWorkerApi } from '../src/lib/io/input-worker-api';

Comlink.expose(createInputWorkerApi());
