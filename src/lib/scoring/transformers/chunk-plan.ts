/**
 * Plans the forward passes that score a sequence longer than one pass can take, without dropping text.
 *
 * `ids` has length n; row r of a pass's logits predicts the token after feed position r. Each step feeds
 * ids[feedStart, feedEnd) and scores the tokens (feedStart + r + 1) for r ≥ scoreFromRow. With a KV cache the
 * next step continues from the cache; when the cache would exceed the context window (or there is no
 * cache), a step restarts and re-feeds up to `overlap` earlier tokens so predictions keep their context.
 */
export interface ChunkStep {
  feedStart: number;
  feedEnd: number;
  /** True when this step starts from an empty cache. */
  restart: boolean;
  /** Rows before this one re-feed context already scored; their logits are ignored. */
  scoreFromRow: number;
}

export interface ChunkOptions {
  /** Tokens fed per pass (new tokens; bounded by memory for the logits, S × V floats). */
  chunkSize: number;
  /** The model's context window (max positions). */
  maxContext: number;
  /** Whether the model takes past_key_values (KV carry-over). */
  kvCache: boolean;
  /** Context re-fed after a restart; defaults to half the context window. */
  overlap?: number;
  /**
   * Rows per pass (re-fed context + new tokens), so the logits S × V of a restart step also fit the device's
   * limit; defaults to no limit beyond the context window. A restart then re-feeds at most maxFeed − 1 tokens.
   */
  maxFeed?: number;
}

export function planChunks(n: number, options: ChunkOptions): ChunkStep[] {
  const { maxContext, kvCache } = options;
  const maxFeed = Math.min(options.maxFeed ?? Infinity, maxContext);
  if (!(options.chunkSize >= 1) || !(maxContext >= 2) || !(maxFeed >= 1)) {
    throw new RangeError(
      `invalid chunking: chunkSize ${options.chunkSize}, maxContext ${maxContext}, maxFeed ${options.maxFeed}`,
    );
  }
  const overlap = Math.min(options.overlap ?? Math.floor(maxContext / 2), maxContext - 1, maxFeed - 1);
  const chunk = Math.min(options.chunkSize, maxFeed);
  const steps: ChunkStep[] = [];
  // The last token predicts nothing, so the feed covers ids[0, n-1]; scored targets are 1..n-1.
  const lastFeed = n - 1;
  let next = 0; // first position whose prediction is still needed
  let cached = 0; // tokens in the KV cache
  while (next < lastFeed) {
    const room = kvCache && cached > 0 ? Math.min(chunk, lastFeed - next, maxContext - cached) : 0;
    if (room > 0) {
      steps.push({ feedStart: next, feedEnd: next + room, restart: false, scoreFromRow: 0 });
      cached += room;
      next += room;
      continue;
    }
    const context = Math.min(overlap, next);
    const fresh = Math.min(chunk, lastFeed - next, maxFeed - context);
    steps.push({ feedStart: next - context, feedEnd: next + fresh, restart: true, scoreFromRow: context });
    cached = context + fresh;
    next += fresh;
  }
  return steps;
}
