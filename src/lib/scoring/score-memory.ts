/**
 * What scores cost in memory, by the scored k (alternatives kept per token): every token holds six fixed
 * columns of 4 bytes (tokenIds, byteStart, byteEnd, logprob, rank, entropy: DocumentScores in scores.ts,
 * the same columns a score file stores) and k alternatives of 8 bytes (topIds i32 + topLogprobs f32). The
 * alternatives dominate from k = 3 on, so k is the setting that decides how large a corpus fits.
 */
import type { DocumentScores } from './scores';

export const FIXED_BYTES_PER_TOKEN = 24;
export const BYTES_PER_ALTERNATIVE = 8;

/** The scored k the page offers: 1 keeps only the best alternative; 64 is far beyond what editing samples. */
export const MIN_SCORED_K = 1;
export const MAX_SCORED_K = 64;

/**
 * Text bytes per token assumed before anything is scored: about 4 for English under a byte-level BPE of
 * tens of thousands of pieces. Only an estimate; the scored documents' own ratio replaces it.
 */
export const ASSUMED_TEXT_BYTES_PER_TOKEN = 4;

/** Why `k` cannot be the scored k, or undefined when it can. */
export function scoredKProblem(k: number): string | undefined {
  return Number.isInteger(k) && k >= MIN_SCORED_K && k <= MAX_SCORED_K
    ? undefined
    : `alternatives per token must be a whole number from ${MIN_SCORED_K} to ${MAX_SCORED_K} (got ${String(k)})`;
}

export function bytesPerToken(k: number): number {
  return FIXED_BYTES_PER_TOKEN + k * BYTES_PER_ALTERNATIVE;
}

/** The bytes one document's score arrays take (what the formula predicts for its tokens and k). */
export function scoresByteLength(s: DocumentScores): number {
  return [s.tokenIds, s.byteStart, s.byteEnd, s.logprob, s.rank, s.entropy, s.topIds, s.topLogprobs].reduce(
    (n, a) => n + a.byteLength,
    0,
  );
}

/** A corpus as the cost needs it: the tokens of its scored documents and the text bytes of both parts. */
export interface CorpusTokens {
  scoredTokens: number;
  scoredTextBytes: number;
  unscoredTextBytes: number;
}

export interface ScoreMemory {
  k: number;
  bytesPerToken: number;
  /** Tokens of the whole corpus: counted where scored, estimated from text bytes elsewhere. */
  tokens: number;
  bytes: number;
  /** True when every document is scored, so tokens are counted, not estimated. */
  exact: boolean;
  /** The text bytes per token the estimate used (the scored documents' ratio, else the assumed one). */
  textBytesPerToken: number;
  /** UTF-8 bytes of the corpus's text, scored and not. */
  textBytes: number;
}

/** The memory the corpus's scores take (or will take) at `k`. */
export function scoreMemory(k: number, corpus: CorpusTokens): ScoreMemory {
  const { scoredTokens, scoredTextBytes, unscoredTextBytes } = corpus;
  const textBytesPerToken =
    scoredTokens > 0 && scoredTextBytes > 0 ? scoredTextBytes / scoredTokens : ASSUMED_TEXT_BYTES_PER_TOKEN;
  const tokens = scoredTokens + Math.round(unscoredTextBytes / textBytesPerToken);
  return {
    k,
    bytesPerToken: bytesPerToken(k),
    tokens,
    bytes: tokens * bytesPerToken(k),
    exact: unscoredTextBytes === 0,
    textBytesPerToken,
    textBytes: scoredTextBytes + unscoredTextBytes,
  };
}
