/**
 * Lines of a byte stream, split on LF at the byte level: each line is handed over as bytes (without the LF
 * and a CR before it) with its UTF-8 byte offset, so records keep exact file positions (for line numbers,
 * examples and problems) and a line with broken UTF-8 is reported and skipped alone.
 *
 * Lines are visited by a synchronous callback, one await per chunk rather than per line: an async
 * iterator per line costs more than the line's statistics on short lines. Lines within a chunk are views
 * into it (valid only during the callback); lines spanning chunks are copied together.
 */

/** Return false to stop reading (the stream is cancelled). */
export type LineVisitor = (bytes: Uint8Array, offset: number) => boolean | void;

export interface LineReadResult {
  /** Bytes consumed from the stream (up to the point reading stopped). */
  bytesRead: number;
  /** Whether the visitor stopped early. */
  stopped: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

function withoutCr(line: Uint8Array): Uint8Array {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
}

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
 * without a final LF is visited too; an empty stream has no lines. `onChunk` sees each chunk's size
 * (progress) after its lines were visited.
 */
export async function readLines(
  stream: ReadableStream<Uint8Array>,
  offset: number,
  visit: LineVisitor,
  onChunk?: (bytes: number) => void,
): Promise<LineReadResult> {
  const reader = stream.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineStart = offset;
  let position = offset;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value;
      let from = 0;
      for (;;) {
        const lf = chunk.indexOf(LF, from);
        if (lf < 0) break;
        let line = chunk.subarray(from, lf);
        if (pendingBytes > 0) {
          pending.push(line);
          line = concat(pending, pendingBytes + line.length);
          pending = [];
          pendingBytes = 0;
        }
        const start = lineStart;
        lineStart = position + lf + 1;
        if (visit(withoutCr(line), start) === false) {
          await reader.cancel();
          return { bytesRead: lineStart - offset, stopped: true };
        }
        from = lf + 1;
      }
      if (from < chunk.length) {
        // The chunk's bytes may be reused by the stream: keep a copy of the unfinished line.
        pending.push(chunk.slice(from));
        pendingBytes += chunk.length - from;
      }
      position += chunk.length;
      onChunk?.(chunk.length);
    }
    if (pendingBytes > 0) {
      const line = concat(pending, pendingBytes);
      if (visit(withoutCr(line), lineStart) === false) return { bytesRead: position - offset, stopped: true };
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
