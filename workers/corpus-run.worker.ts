/// <reference lib="webworker" />
/**
 * The corpus-run worker: exposes src/lib/run/corpus-run-worker-api.ts with what only a browser
 * worker has: the run's score file in OPFS through a sync access handle (appends in place), and the
 * outputs through the File System Access writables of the files it is handed.
 */
import * as Comlink from 'comlink';
import { createCorpusRunWorkerApi } from '../src/lib/run/corpus-run-worker-api';
import { CORPUS_RUN_DIR } from '../src/lib/run/run-files';
import { scoreFileName } from '../src/lib/persist/score-key';
import { SyncFileStore } from '../src/lib/persist/sync-file-store';

Comlink.expose(
  createCorpusRunWorkerApi({
    async openScores(key) {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle(CORPUS_RUN_DIR, { create: true });
      const file = await dir.getFileHandle(await scoreFileName(key), { create: true });
      const store = new SyncFileStore(await file.createSyncAccessHandle());
      return { store, close: () => store.close() };
    },
    async openOutput(handle) {
      const writable = await handle.createWritable();
      return {
        write: (bytes) => writable.write(bytes as Uint8Array<ArrayBuffer>),
        close: () => writable.close(),
        abort: () => writable.abort(),
      };
    },
  }),
);
