/**
 * Why a sharded report equals the single-worker one, exactly: the input is cut into blocks that depend only
 * on the input (fixed byte ranges of a file, or runs of texts of fixed total length), never on how many
 * workers there are; each block gets its own accumulator; and the accumulators are merged in block order,
 * whatever order the workers finish in. One worker does the very same merges. (Exact counts would merge
 * exactly in any order; the Misra–Gries summary and floating-point sums need the fixed order.)
 */
import type { TokenScores } from '../report/corpus-report-types';
import type { ByteRange } from '../../io/records';
import type { ResolvedFormat } from '../../io/stream-format';

/** 4 MiB: small enough to spread a 100 MB file over many workers, large enough that merging is cheap. */
export const BLOCK_BYTES = 4 * 1024 * 1024;

export type BlockTask =
  | { kind: 'file'; index: number; file: Blob; source: string; format: ResolvedFormat; range: ByteRange }
  | {
      kind: 'texts';
      index: number;
      /** Index of the first text in the whole input. */
      first: number;
      texts: string[];
      /** Parallel to `texts` when the input has scores (null: that document is unscored). */
      scores?: (TokenScores | null)[];
    };

/** Byte ranges of a file: one for CSV (quoted values may span lines, so it is read from the start). */
export function fileBlocks(size: number, format: ResolvedFormat, blockBytes = BLOCK_BYTES): ByteRange[] {
  if (format.kind === 'csv' || size === 0) return [{ start: 0, end: size }];
  const ranges: ByteRange[] = [];
  for (let start = 0; start < size; start += blockBytes)
    ranges.push({ start, end: Math.min(size, start + blockBytes) });
  return ranges;
}

/** Runs of texts [start, end) holding about `blockChars` UTF-16 code units each (at least one text). */
export function textBlocks(texts: readonly string[], blockChars = BLOCK_BYTES): ByteRange[] {
  const ranges: ByteRange[] = [];
  let start = 0;
  let chars = 0;
  for (let i = 0; i < texts.length; i++) {
    chars += texts[i].length;
    if (chars >= blockChars) {
      ranges.push({ start, end: i + 1 });
      start = i + 1;
      chars = 0;
    }
  }
  if (start < texts.length || ranges.length === 0) ranges.push({ start, end: texts.length });
  return ranges;
}
