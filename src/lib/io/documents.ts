/**
 * Records → documents for each format, with a problem for each record that cannot be one (what, where, what
 * to do). Both pages read through here (the Text page via read-corpus.ts, statistics via engine.ts), so a
 * bad record is worded the same wherever it is met. Bad records are skipped and counted; the good ones
 * around them are kept.
 */
import { parseJsonlRecord } from './jsonl-record';
import type { FieldCandidate } from './fields';
import { recordText } from './record-text';
import { recordUtf8Fault } from './utf8-decode';
import type { RecordProblem } from './problem';
import { formatBytes, MAX_RECORD_BYTES } from './lines';
import type { RawRecord } from './records';

export interface StreamDocument {
  text: string;
  byteOffset: number;
  line: number;
  /** The JSONL object or CSV row the text came from (for exports that keep every field). */
  record?: Record<string, unknown>;
}

export interface DocumentSink {
  document(d: StreamDocument): void;
  /** `skipped`: the record was dropped because of it. */
  problem(p: RecordProblem, skipped: boolean): void;
  /** Every parsed JSONL object or CSV row, good or not (to count fields); optional. */
  record?(value: Record<string, unknown>): void;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A record too long to keep: where it is, how long, and what to do. */
export function tooLongProblem(
  r: Pick<RawRecord, 'size' | 'offset' | 'line' | 'lines'>,
  source: string,
): RecordProblem {
  const what = r.lines > 1 ? `lines ${r.line}–${r.line + r.lines - 1} (one record)` : 'this line';
  return {
    severity: 'error',
    source,
    line: r.line,
    byteOffset: r.offset,
    detail: `${what} ${r.size > MAX_RECORD_BYTES ? `is over ${formatBytes(MAX_RECORD_BYTES)}` : `is ${formatBytes(r.size)}`}, more than one record may hold (${formatBytes(MAX_RECORD_BYTES)}); skipped`,
    hint: 'Split it into smaller records, one per line; a file with no line breaks at all (minified JSON, a binary dump) cannot be read record by record.',
  };
}

/** The record's text, or null after reporting a problem (too long, or broken UTF-8: where exactly). */
export function decodeRecord(
  r: RawRecord,
  source: string,
  sink: Pick<DocumentSink, 'problem'>,
): string | null {
  if (r.bytes === null) {
    sink.problem(tooLongProblem(r, source), true);
    return null;
  }
  try {
    return decoder.decode(r.bytes);
  } catch {
    const fault = recordUtf8Fault(r.bytes, r.offset);
    sink.problem(
      {
        severity: 'error',
        source,
        line: r.line + fault.lineInRecord - 1,
        column: fault.column,
        byteOffset: fault.byteOffset,
        detail: fault.detail,
        hint: fault.hint,
      },
      true,
    );
    return null;
  }
}

/** A .txt record (a line or a paragraph) is a document as it is. */
export function txtRecord(r: RawRecord, source: string, sink: DocumentSink): void {
  const text = decodeRecord(r, source, sink);
  if (text !== null) sink.document({ text, byteOffset: r.offset, line: r.line });
}

/** One JSON Lines record's object, or null after reporting why it has none (too long, UTF-8, JSON). */
export function jsonlValue(
  r: RawRecord,
  source: string,
  sink: Pick<DocumentSink, 'problem'>,
): Record<string, unknown> | null {
  const raw = decodeRecord(r, source, sink);
  if (raw === null) return null;
  const parsed = parseJsonlRecord(raw);
  if (parsed.ok) return parsed.value;
  const { ok: _, ...problem } = parsed;
  sink.problem({ severity: 'error', source, line: r.line, byteOffset: r.offset, ...problem }, true);
  return null;
}

/**
 * One JSON Lines record kept whatever its fields, its text left empty: instruction data, whose text is laid
 * out from several fields (src/lib/sft), and which says itself what a record lacks.
 */
export function jsonlObject(r: RawRecord, source: string, sink: DocumentSink): void {
  const value = jsonlValue(r, source, sink);
  if (value === null) return;
  sink.record?.(value);
  sink.document({ text: '', byteOffset: r.offset, line: r.line, record: value });
}

/** One JSON Lines record: its `field` must hold non-blank text. `fields` helps word a non-text value. */
export function jsonlRecord(
  r: RawRecord,
  field: string,
  source: string,
  sink: DocumentSink,
  fields?: readonly FieldCandidate[],
): void {
  const value = jsonlValue(r, source, sink);
  if (value === null) return;
  sink.record?.(value);
  const found = recordText(value, field, { fields });
  if (found.ok) sink.document({ text: found.text, byteOffset: r.offset, line: r.line, record: value });
  else sink.problem({ source, line: r.line, byteOffset: r.offset, ...found.problem }, true);
}
