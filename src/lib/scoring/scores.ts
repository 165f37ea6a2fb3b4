/**
 * The scoring contract: what every prior (transformers.js model, later the n-gram prior) produces for one
 * document. Arrays are parallel, one entry per token of the document's text (a prepended BOS is not a
 * token of the text), and typed so they cross worker boundaries by transfer.
 */
export interface DocumentScores {
  tokenIds: Int32Array;
  /** UTF-8 byte span of each token in the original text. */
  byteStart: Uint32Array;
  byteEnd: Uint32Array;
  /** Natural-log probability of the actual token given its prefix; NaN where the token is unscored. */
  logprob: Float32Array;
  /** 1 + number of vocabulary entries with a strictly higher probability; 0 where unscored. */
  rank: Int32Array;
  /** Entropy (nats) of the full next-token distribution; NaN where unscored. */
  entropy: Float32Array;
  /** Number of alternatives kept per token. */
  k: number;
  /** Top-k ids and log-probs per token, row-major [tokens × k], most probable first. */
  topIds: Int32Array;
  topLogprobs: Float32Array;
  /** Whether a BOS token was prepended (then the first text token is scored too). */
  bosPrepended: boolean;
}

/** How scores were computed, for display and for reproducible exports. */
export interface ScoringProvenance {
  modelId: string;
  dtype: string;
  device: 'webgpu' | 'wasm' | 'cpu';
  k: number;
}
