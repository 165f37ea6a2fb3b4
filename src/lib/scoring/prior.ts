import type { DocumentScores } from './scores';
import type { PackedVocabulary } from './tokens/packed-vocabulary';

export type Device = 'webgpu' | 'wasm' | 'cpu';

/** What a loaded prior is, for display, provenance and chunk planning. */
export interface PriorInfo {
  /** 'transformers' for a neural LM run by transformers.js; 'ngram' for the built-in n-gram prior. */
  kind: 'transformers' | 'ngram';
  modelId: string;
  dtype: string;
  device: Device;
  modelType: string;
  /** Rows of the logits (may exceed the tokenizer's vocabulary: padded embedding matrices). */
  vocabSize: number;
  bosTokenId: number | null;
  maxContext: number;
  kvCache: boolean;
  specialIds: number[];
}

/** Where a scoring call stands, summed over its documents: tokens scored and text bytes they cover. */
export interface ScoringProgress {
  tokens: number;
  bytes: number;
}

export interface ScoreOptions {
  /** Alternatives kept per token (default 8). */
  k?: number;
  /** New tokens per forward pass; by default sized so the logits fit the device's memory budget. */
  chunkSize?: number;
  /**
   * Awaited after each forward pass (and after tokenizing each document) with the progress so far. It may
   * throw to stop the call, so a cancel lands within one pass even inside a long document; a worker also
   * yields there, so the cancel message can arrive.
   */
  checkpoint?: (progress: ScoringProgress) => void | Promise<void>;
}

/** The one scoring interface every prior implements (transformers.js models, the n-gram prior). */
export interface Prior {
  readonly info: PriorInfo;
  /** Display labels for every vocabulary id (partial UTF-8 characters shown as bytes). */
  vocabularyLabels(): string[];
  /** Every id's exact bytes in text and which ids are special: what editing splices in. */
  vocabularyBytes(): PackedVocabulary;
  score(text: string, options?: ScoreOptions): Promise<DocumentScores>;
  /** Several documents at once (batched where the prior can); results in input order. */
  scoreBatch(texts: readonly string[], options?: ScoreOptions): Promise<DocumentScores[]>;
  dispose(): Promise<void>;
}
