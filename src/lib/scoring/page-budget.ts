/**
 * How much text the Text page's session may hold: the documents as strings and their scores stay in page
 * memory, so a corpus whose estimated cost passes PAGE_MEMORY_LIMIT is not added there but handed to the
 * corpus run (src/lib/run/), which scores and edits from disk with bounded memory.
 */
import { compressionOf } from '../io/compressed-file';
import { extensionOf } from '../io/corpus-file';
import { ASSUMED_TEXT_BYTES_PER_TOKEN, bytesPerToken, type ScoreMemory } from './score-memory';

/**
 * Estimated text + scores the page keeps: 512 MiB. Chromium gives a tab's V8 heap about 4 GiB, and the
 * page needs several times its corpus at moments (a scored group is structured-cloned from the worker, the
 * shelf copies each group to OPFS, an export builds its output, the token view renders), so a corpus
 * costing an eighth of that leaves room for those copies; it is also the target for a whole page
 * (< 500 MB). Larger corpora lose nothing by going to the corpus run, which was built for them.
 */
export const PAGE_MEMORY_LIMIT = 512 * 2 ** 20;

/**
 * Page memory per UTF-8 byte of text held as a JS string: V8 keeps a string of Latin-1 characters at one
 * byte each but any other string at two bytes per UTF-16 unit, so ASCII text with one emoji or curly quote
 * takes twice its UTF-8 size. The worst case is taken: it also covers a record's other fields kept beside
 * its text (JSON Lines documents keep their record for export).
 */
export const MEMORY_PER_TEXT_BYTE = 2;

export interface PageBudget {
  /** The scored k: alternatives kept per token. */
  k: number;
  /** Text bytes per token, as the Text page's cost line estimates it (score-memory.ts). */
  textBytesPerToken: number;
  /** Memory the page may spend on text + scores. */
  limit: number;
}

export function pageBudget(
  k: number,
  textBytesPerToken = ASSUMED_TEXT_BYTES_PER_TOKEN,
  limit = PAGE_MEMORY_LIMIT,
): PageBudget {
  return { k, textBytesPerToken, limit };
}

export interface TextMemory {
  /** Tokens estimated for the text. */
  tokens: number;
  scores: number;
  text: number;
  total: number;
}

/** The estimated page memory of `textBytes` of text and its scores under `budget`'s k and ratio. */
export function textMemory(textBytes: number, budget: PageBudget): TextMemory {
  const tokens = textBytes / budget.textBytesPerToken;
  const scores = tokens * bytesPerToken(budget.k);
  const text = textBytes * MEMORY_PER_TEXT_BYTE;
  return { tokens, scores, text, total: scores + text };
}

/** What a session with this cost line holds in page memory: its scores, and its text as JS strings. */
export function heldBytes(cost: ScoreMemory): number {
  return cost.bytes + cost.textBytes * MEMORY_PER_TEXT_BYTE;
}

/** The most text bytes the page holds under `budget`: one byte more passes its limit. */
export function textLimit(budget: PageBudget): number {
  const perTextByte = MEMORY_PER_TEXT_BYTE + bytesPerToken(budget.k) / budget.textBytesPerToken;
  return Math.floor(budget.limit / perTextByte);
}

/**
 * Whether a file's size bounds the text read from it: an uncompressed text, JSON Lines or CSV file holds at
 * most its size in text (escapes and quotes only shrink it). Compressed files, Parquet and zips do not:
 * only reading them tells.
 */
export function sizeBoundsText(name: string): boolean {
  if (compressionOf(name)) return false;
  const ext = extensionOf(name);
  return ext !== 'parquet' && ext !== 'zip';
}

/**
 * What to do with a selection before reading it, given the text bytes the page may still take: 'over' when
 * the sizes of the files that bound their text already pass it (refused unread), 'fits' when every file is
 * bounded and they do not (read as usual), 'measure' when some are not bounded (read, and stopped once the
 * documents' text passes it). `textBytes`: the bounded files' sizes.
 */
export function sizeVerdict(
  files: readonly { name: string; size: number }[],
  textBytesLeft: number,
): { verdict: 'over' | 'fits' | 'measure'; textBytes: number } {
  let textBytes = 0;
  let unbounded = false;
  for (const f of files) {
    if (sizeBoundsText(f.name)) textBytes += f.size;
    else unbounded = true;
  }
  const verdict = textBytes > textBytesLeft ? 'over' : unbounded ? 'measure' : 'fits';
  return { verdict, textBytes };
}
