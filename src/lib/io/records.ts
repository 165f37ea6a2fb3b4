/**
 * The records of one byte range of a file — lines, or paragraphs (runs of non-blank lines) — so that
 * several workers can read one file at once and every record is read exactly once.
 *
 * Ownership: a line belongs to the range holding its first byte; a paragraph to the range holding its first
 * line. A range that starts inside a line skips to the next line start; a paragraph that starts in the range
 * is read to its end even past the range; a range whose first line continues a paragraph from before skips
 * it. Line numbers are counted from the range's first owned line (1) and renumbered when accumulators merge
 * (corpus-report.ts), since a range cannot know how many lines precede it.
 *
 * A record over MAX_RECORD_BYTES (one line, or a paragraph's lines together) is delivered with `bytes: null`
 * and its size, never buffered whole, so its reader can say which line it was and skip it.
 */
import { isBlankLine, joinLines, MAX_RECORD_BYTES, readLines } from './lines';

export interface ByteRange {
  start: number;
  end: number;
}

export interface RawRecord {
  /**
   * UTF-8 bytes, without the line break (paragraph lines joined by LF); valid only during the callback.
   * Null when the record is longer than MAX_RECORD_BYTES (see `size`).
   */
  bytes: Uint8Array | null;
  /** The record's length in bytes (for a record over the cap, at least the cap). */
  size: number;
  /** File offset of the record's first byte. */
  offset: number;
  /** 1-based line of its first line, counted from the range's first owned line. */
  line: number;
  /** Lines it spans. */
  lines: number;
}

export interface RangeReadResult {
  /** Lines whose first byte lies in the range. */
  lines: number;
  /** Bytes read from the file (including the look-back and any read past the range's end). */
  bytesRead: number;
}

const BOM = [0xef, 0xbb, 0xbf];
const LOOKBACK = 4096;

function stripBom(bytes: Uint8Array, offset: number): [Uint8Array, number] {
  if (offset === 0 && bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b)) return [bytes.subarray(3), 3];
  return [bytes, offset];
}

/** Calls `onRecord` for each non-blank line the range owns (blank lines are counted, not delivered). */
export async function readLineRecords(
  blob: Blob,
  range: ByteRange,
  onRecord: (r: RawRecord) => void,
  onBytes?: (bytes: number) => void | Promise<void>,
  maxRecordBytes = MAX_RECORD_BYTES,
): Promise<RangeReadResult> {
  const from = range.start === 0 ? 0 : range.start - 1;
  let lines = 0;
  // Reading from start − 1: the first piece ends the line that owns byte start − 1 (empty when that byte is
  // the LF itself), so the line after it is the first one starting at or after `start`.
  let skip = range.start > 0;
  const result = await readLines(
    blob.slice(from).stream(),
    from,
    (raw, offset, info) => {
      if (skip) {
        skip = false;
        return true;
      }
      if (offset >= range.end) return false;
      lines++;
      if (raw === null) {
        onRecord({ bytes: null, size: info.length, offset, line: lines, lines: 1 });
        return true;
      }
      const [bytes, at] = stripBom(raw, offset);
      if (!isBlankLine(bytes)) onRecord({ bytes, size: bytes.length, offset: at, line: lines, lines: 1 });
      return true;
    },
    { onChunk: onBytes, maxLineBytes: maxRecordBytes },
  );
  return { lines, bytesRead: result.bytesRead };
}

/**
 * Whether the line ending just before `lineStart` (whose LF is at lineStart − 1) is blank, reading back in
 * growing windows: usually one small read.
 */
async function previousLineBlank(blob: Blob, lineStart: number): Promise<boolean> {
  const lf = lineStart - 1;
  for (let window = LOOKBACK; ; window *= 8) {
    const from = Math.max(0, lf - window);
    const bytes = new Uint8Array(await blob.slice(from, lf).arrayBuffer());
    const begin = bytes.lastIndexOf(0x0a) + 1;
    if (begin > 0 || from === 0) {
      const line = bytes.subarray(begin);
      return isBlankLine(from === 0 && begin === 0 ? stripBom(line, 0)[0] : line);
    }
    // No line start in the window: any non-blank byte decides; an all-blank window needs a wider one.
    if (!isBlankLine(bytes)) return false;
  }
}

/** Calls `onRecord` for each paragraph the range owns. */
export async function readParagraphRecords(
  blob: Blob,
  range: ByteRange,
  onRecord: (r: RawRecord) => void,
  onBytes?: (bytes: number) => void | Promise<void>,
  maxRecordBytes = MAX_RECORD_BYTES,
): Promise<RangeReadResult> {
  const from = range.start === 0 ? 0 : range.start - 1;
  let lines = 0;
  let skip = range.start > 0;
  // Lines of the open paragraph (copies: views are valid only during the line callback).
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let paraOffset = 0;
  let paraLine = 0;
  /** The first owned line continues a paragraph owned by an earlier range: skip to its end. */
  let continuing: boolean | null = range.start === 0 ? false : null;
  let firstOwned = -1;

  // A paragraph over the cap: its lines are counted, not kept.
  let overBytes = 0;
  let overLines = 0;

  const flush = () => {
    if (overLines > 0) {
      onRecord({ bytes: null, size: overBytes, offset: paraOffset, line: paraLine, lines: overLines });
    } else if (parts.length > 0) {
      const bytes = joinLines(parts, partBytes);
      onRecord({ bytes, size: bytes.length, offset: paraOffset, line: paraLine, lines: parts.length });
    }
    parts = [];
    partBytes = 0;
    overBytes = 0;
    overLines = 0;
  };

  /** Adds a line (null: over the cap by itself) to the open paragraph. */
  const add = (bytes: Uint8Array | null, length: number) => {
    if (overLines === 0 && bytes !== null && partBytes + parts.length + length <= maxRecordBytes) {
      parts.push(bytes.slice());
      partBytes += length;
      return;
    }
    if (overLines === 0) {
      overBytes = partBytes + Math.max(0, parts.length - 1); // the kept lines joined by LF
      overLines = parts.length;
      parts = [];
      partBytes = 0;
    }
    overBytes += length + (overLines > 0 ? 1 : 0);
    overLines++;
  };
  const open = () => parts.length > 0 || overLines > 0;

  if (range.start > 0) {
    // Find the first owned line's start cheaply, then ask whether the line before it was blank.
    firstOwned = await firstLineStart(blob, range.start);
    if (firstOwned < 0 || firstOwned >= range.end) {
      return { lines: 0, bytesRead: 0 };
    }
    continuing = !(await previousLineBlank(blob, firstOwned));
    skip = false;
  }
  const start = firstOwned >= 0 ? firstOwned : from;
  const result = await readLines(
    blob.slice(start).stream(),
    start,
    (raw, offset, info) => {
      if (skip) {
        skip = false;
        return true;
      }
      const [bytes, at] = raw === null ? [null, offset] : stripBom(raw, offset);
      const blank = bytes !== null && isBlankLine(bytes);
      if (offset >= range.end) {
        // Past the range: only finish a paragraph this range owns.
        if (!open() || blank) return false;
        add(bytes, bytes === null ? info.length : bytes.length);
        return true;
      }
      lines++;
      if (blank) {
        flush();
        continuing = false;
      } else if (continuing) {
        // Part of a paragraph that started before this range.
      } else {
        if (!open()) {
          paraOffset = at;
          paraLine = lines;
        }
        add(bytes, bytes === null ? info.length : bytes.length);
      }
      return true;
    },
    { onChunk: onBytes, maxLineBytes: maxRecordBytes },
  );
  flush();
  return { lines, bytesRead: result.bytesRead + (start - from) };
}

/** The first line start at or after `start` (> 0), or −1 when none: the byte after the first LF at ≥ start − 1. */
async function firstLineStart(blob: Blob, start: number): Promise<number> {
  let found = -1;
  // Bytes are never looked at here: a cap of 0 keeps none, however long the line before `start` is.
  await readLines(
    blob.slice(start - 1).stream(),
    start - 1,
    (_raw, offset) => {
      if (offset === start - 1) return true; // the piece ending the line that holds byte start − 1
      found = offset;
      return false;
    },
    { maxLineBytes: 0 },
  );
  return found;
}
