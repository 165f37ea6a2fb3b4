/**
 * What the Text page's input worker does, as one object (the worker file only exposes it): read a user's
 * file into documents off the page's thread, handing them over in batches (read-corpus.ts).
 */
import { readCorpus, type CorpusBatch, type CorpusRead, type CorpusReadOptions } from './read-corpus';

export function createInputWorkerApi() {
  return {
    read(
      file: Blob,
      name: string,
      options: CorpusReadOptions,
      onBatch: (batch: CorpusBatch) => Promise<void> | void,
    ): Promise<CorpusRead> {
      return readCorpus(file, name, options, onBatch);
    },
  };
}

export type InputWorkerApi = ReturnType<typeof createInputWorkerApi>;
