/**
 * Plans how several documents are scored together: which documents share a forward pass (a batch, right-
 * padded to its longest member) and the chunk steps every pass of that batch takes. Pure function.
 *
 * The limit that matters is the logits tensor, B·S·V·bytes: on WebGPU it is one storage buffer, so it must fit
 * the device's maxStorageBufferBindingSize (128–256 MiB on many real GPUs), and everywhere it must fit a
 * memory budget together with the batch's KV cache. The vocabulary size therefore sets the rows per pass:
 * 1 GiB holds 5,461 rows of a 49,152-token vocabulary but 1,766 of a 151,936-token one.
 *
 * Documents are sorted by length (longest first) so each batch pads little, and a document much shorter than
 * a multi-pass lead waits for a later batch; every batch's steps are planned
 * for its longest member, and a shorter member takes the same steps, clipped: planChunks makes the same
 * decisions for every prefix, so each document sees exactly the windows it would see alone.
 */
import { planChunks, type ChunkStep } from './chunk-plan';

export interface BatchPlanOptions {
  /** Rows of the logits (the model's vocabulary, padding included). */
  vocabSize: number;
  /** 4 for float32 logits, 2 for float16. */
  bytesPerLogit: number;
  /** Largest single buffer binding (WebGPU maxStorageBufferBindingSize); Infinity where there is none. */
  maxBindingBytes: number;
  /** Logits plus KV cache of one batch. */
  memoryBudgetBytes: number;
  /** KV cache per position per sequence (all layers, keys and values); 0 when unknown or absent. */
  kvBytesPerToken?: number;
  maxContext: number;
  kvCache: boolean;
  /** Upper bound on documents per pass (default 8); the limits may allow fewer. */
  maxBatch?: number;
  /** New tokens per pass (default: as many as fit). */
  chunkSize?: number;
}

export interface PlannedBatch {
  /** Indices into the input, longest first. */
  docs: number[];
  /** S: rows per pass of this batch (the widest step). */
  rows: number;
  /** Steps planned for docs[0]; shorter members are right-padded and ignore rows past their end. */
  steps: ChunkStep[];
}

export const DEFAULT_MAX_BATCH = 8;

/**
 * @param lengths  token ids per document (a prepended BOS included); documents with fewer than two ids have
 *                 nothing to predict and are left out of every batch.
 */
export function planBatches(lengths: readonly number[], options: BatchPlanOptions): PlannedBatch[] {
  const { vocabSize, bytesPerLogit, maxContext, kvCache } = options;
  const rowBytes = vocabSize * bytesPerLogit;
  const kvBytes = kvCache ? (options.kvBytesPerToken ?? 0) : 0;
  const passBytes = Math.min(options.maxBindingBytes, options.memoryBudgetBytes);
  const maxRows = Math.floor(passBytes / rowBytes); // B·S bound
  if (!(maxRows >= 1)) {
    throw new RangeError(
      `one row of logits (${vocabSize} × ${bytesPerLogit} bytes) exceeds the limit of ${passBytes} bytes`,
    );
  }
  const maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_MAX_BATCH));

  const order = lengths
    .map((n, i) => ({ n, i }))
    .filter((d) => d.n >= 2)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((d) => d.i);

  const batches: PlannedBatch[] = [];
  for (let next = 0; next < order.length;) {
    const n = lengths[order[next]];
    const steps = planChunks(n, {
      chunkSize: Math.min(options.chunkSize ?? maxRows, maxRows),
      maxContext,
      kvCache,
      maxFeed: maxRows,
    });
    const rows = Math.max(...steps.map((s) => s.feedEnd - s.feedStart));
    const perSequence = rows * rowBytes + Math.min(n - 1, maxContext) * kvBytes;
    // A member must still have tokens to score past the middle step: otherwise it would ride along as pure
    // padding for most of a long lead's passes (the batch cannot shrink; its KV cache lives on the GPU).
    const middle = steps[Math.floor((steps.length - 1) / 2)];
    const minLength = middle.feedStart + middle.scoreFromRow + 2;
    let fits = 1;
    while (next + fits < order.length && lengths[order[next + fits]] >= minLength) fits++;
    const size = Math.max(
      1,
      Math.min(
        maxBatch,
        fits,
        Math.floor(passBytes / (rows * rowBytes)),
        Math.floor(options.memoryBudgetBytes / perSequence),
      ),
    );
    batches.push({ docs: order.slice(next, next + size), rows, steps });
    next += size;
  }
  return batches;
}
