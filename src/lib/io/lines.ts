/**
 * Lines of a byte stream, split on LF at the byte level: each line is handed over as bytes (without the LF
 * and a CR before it) with its UTF-8 byte offset, so records keep exact file positions (for line numbers,
 * examples and problems) and a line with broken UTF-8 is reported and skipped alone.
 *
 * Lines are visited by a synchronous callback, one await per chunk rather than per line: an async
 * iterator per line costs more than the line's statistics on short lines. Lines within a chunk are views
 * into it (valid only during the callback); lines spanning chunks are copied together.
 *
 * A line longer than `maxLineBytes` is not kept: its bytes are dropped as they stream past and the visitor
 * gets `null` with the line's length, so a file with no line breaks (minified, hostile or binary) costs at
 * most the cap in memory instead of exhausting the worker.
 */

/** The most bytes one record (line, paragraph, CSV row or .txt document) may hold: 64 MiB. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** About a visited line; one object reused for every line (read it during the callback only). */
export interface LineInfo {
  /** The line's length in bytes, without its line break (also for a line over the cap). */
  length: number;
  /** The line ended in CR LF (the CR is not in `bytes`). */
  crlf: boolean;
}

/**
 * `bytes` is null when the line is longer than the cap (`info.length` says how long). Return false to stop
 * reading (the stream is cancelled).
 */
export type LineVisitor = (bytes: Uint8Array | null, offset: number, info: LineInfo) => boolean | void;

export interface LineReadResult {
  /** Bytes consumed from the stream (up to the point reading stopped). */
  bytesRead: number;
  /** Whether the visitor stopped early. */
  stopped: boolean;
}

export interface LineReadOptions {
  /**
   * Sees each chunk's size (progress) after its lines were visited. A promise it returns is awaited before
   * the next chunk is read: the reader's backpressure (read-corpus.ts waits there for its batches).
   */
  onChunk?: (bytes: number) => void | Promise<void>;
  /** Longer lines are visited as null (default MAX_RECORD_BYTES). */
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Reads `stream` (whose first byte is at file offset `offset`) and calls `visit` for every line. A last line
 * without a final LF is visited too; an empty stream has no lines.
 */
export async function readLines(
  stream: ReadableStream<Uint8Array>,
  offset: number,
  visit: LineVisitor,
  options: LineReadOptions = {},
): Promise<LineReadResult> {
  const max = options.maxLineBytes ?? MAX_RECORD_BYTES;
  const reader = stream.getReader();
  const info: LineInfo = { length: 0, crlf: false };
  // The unfinished line carried over from earlier chunks: its kept pieces, and its length so far (which
  // keeps counting once it passes the cap and its pieces are dropped).
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** The unfinished line's last byte so far (kept even when its pieces are not), to spot a CR before LF. */
  let pendingLast = -1;
  let lineStart = offset;
  let position = offset;

  /** Visits the line made of `pending` + `tail` (a view into the current chunk). */
  const emit = (tail: Uint8Array, start: number): boolean | void => {
    const last = tail.length > 0 ? tail[tail.length - 1] : pendingLast;
    const crlf = last === CR && pendingBytes + tail.length > 0;
    // A CR before the LF is not part of the line, so a line of exactly `max` bytes plus CR is kept.
    const length = pendingBytes + tail.length - (crlf ? 1 : 0);
    let line: Uint8Array | null = null;
    if (length <= max) {
      line = pendingBytes > 0 ? concat([...pending, tail], length + (crlf ? 1 : 0)) : tail;
      if (crlf) line = line.subarray(0, length);
    }
    pending = [];
    pendingBytes = 0;
    pendingLast = -1;
    info.length = length;
    info.crlf = crlf;
    return visit(line, start, info);
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value;
      let from = 0;
      for (;;) {
        const lf = chunk.indexOf(LF, from);
        if (lf < 0) break;
        const start = lineStart;
        lineStart = position + lf + 1;
        if (emit(chunk.subarray(from, lf), start) === false) {
          await reader.cancel();
          return { bytesRead: lineStart - offset, stopped: true };
        }
        from = lf + 1;
      }
      if (from < chunk.length) {
        const rest = chunk.length - from;
        // The chunk's bytes may be reused by the stream: keep a copy of the unfinished line, while it fits.
        if (pendingBytes + rest <= max + 1) pending.push(chunk.slice(from));
        else pending = [];
        pendingBytes += rest;
        pendingLast = chunk[chunk.length - 1];
      }
      position += chunk.length;
      await options.onChunk?.(chunk.length);
    }
    if (pendingBytes > 0) {
      const stopped = emit(new Uint8Array(0), lineStart) === false;
      return { bytesRead: position - offset, stopped };
    }
    return { bytesRead: position - offset, stopped: false };
  } finally {
    reader.releaseLock();
  }
}

/** Whether a line holds only whitespace: bytes checked directly, decoded only when non-ASCII (NBSP, U+3000). */
export function isBlankLine(bytes: Uint8Array): boolean {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    if (b < 0x80) return false;
    ascii = false;
  }
  if (ascii) return true;
  return !/\S/u.test(new TextDecoder().decode(bytes));
}

/** Lines joined back into one record with an LF between each (`totalBytes`: the lines' summed lengths). */
export function joinLines(lines: readonly Uint8Array[], totalBytes: number): Uint8Array {
  const bytes = new Uint8Array(totalBytes + Math.max(0, lines.length - 1));
  let at = 0;
  lines.forEach((line, i) => {
    if (i > 0) bytes[at++] = 0x0a;
    bytes.set(line, at);
    at += line.length;
  });
  return bytes;
}

/** "64 MiB", "1.5 KiB": a size in a problem message. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
