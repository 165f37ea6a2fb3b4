/**
 * What the Text page's input worker does, as one object (the worker file only exposes it): read a user's
 * file (plain, compressed, zipped or Parquet) into documents off the page's thread, handing them over in
 * batches (read-input.ts).
 */
import type { CorpusRead, CorpusReadOptions } from './read-corpus';
import { readInput, type InputBatch } from './read-input';

export function createInputWorkerApi() {
  return {
    read(
      file: Blob,
      name: string,
      options: CorpusReadOptions,
      onBatch: (batch: InputBatch) => Promise<void> | void,
    ): Promise<CorpusRead> {
      return readInput(file, name, options, onBatch);
    },
  };
}

export type InputWorkerApi = ReturnType<typeof createInputWorkerApi>;
