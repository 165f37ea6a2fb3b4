/**
 * Records → documents for each format, with a problem for each record that cannot be one (what, where, what
 * to do), worded as the page's loader words them (src/lib/input). Bad records are skipped and counted; the
 * good ones around them are kept.
 */
import { describeValue, isPlainObject, jsonErrorAt, readField } from '../input/jsonl';
import { findUtf8Fault } from '../input/utf8';
import type { RecordProblem } from '../stats/corpus-report';
import type { RawRecord } from './records';

export interface StreamDocument {
  text: string;
  byteOffset: number;
  line: number;
}

export interface DocumentSink {
  document(d: StreamDocument): void;
  /** `skipped`: the record was dropped because of it. */
  problem(p: RecordProblem, skipped: boolean): void;
}

const REENCODE = 'Re-save the file as UTF-8 (most editors offer it under "Save as" or "Encoding").';
const JSONL_HINT = 'Each line must be one complete JSON object, e.g. {"text": "…"}.';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The record's text, or a problem saying where its UTF-8 breaks. */
export function decodeRecord(r: RawRecord, source: string, sink: DocumentSink): string | null {
  try {
    return decoder.decode(r.bytes);
  } catch {
    const fault = findUtf8Fault(r.bytes);
    const at = fault ? r.offset + fault.offset : r.offset;
    const hex = fault
      ? Array.from(fault.bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
      : '';
    sink.problem(
      {
        severity: 'error',
        source,
        line: r.line,
        byteOffset: at,
        detail: `not valid UTF-8 at byte ${at}${hex ? ` (bytes ${hex})` : ''}; skipped`,
        hint: REENCODE,
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

/** One JSON Lines record: its `field` must hold non-blank text. */
export function jsonlRecord(r: RawRecord, field: string, source: string, sink: DocumentSink): void {
  const raw = decodeRecord(r, source, sink);
  if (raw === null) return;
  const json = raw.trim();
  const at = { source, line: r.line, byteOffset: r.offset };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    const e = jsonErrorAt(err, json);
    const lead = [...raw.slice(0, raw.length - raw.trimStart().length)].length;
    const column = e.column === undefined ? undefined : lead + e.column;
    sink.problem(
      {
        severity: 'error',
        ...at,
        ...(column !== undefined && { column }),
        detail: `not valid JSON — ${e.detail}; skipped`,
        hint: JSONL_HINT,
      },
      true,
    );
    return;
  }
  if (!isPlainObject(value)) {
    sink.problem(
      {
        severity: 'error',
        ...at,
        detail: `expected a JSON object ({…}) but found ${describeValue(value)}; skipped`,
        hint: JSONL_HINT,
      },
      true,
    );
    return;
  }
  const found = readField(value, field);
  if (!found) {
    const keys = Object.keys(value);
    sink.problem(
      {
        severity: 'error',
        ...at,
        field,
        detail: `field "${field}" is missing — ${keys.length ? `this record has: ${listNames(keys)}` : 'this record is empty ({})'}; skipped`,
      },
      true,
    );
  } else if (typeof found.value !== 'string') {
    sink.problem(
      {
        severity: 'error',
        ...at,
        field,
        detail: `field "${field}" is ${describeValue(found.value)}, not text; skipped`,
        hint: 'Choose another field, or store the text as a string.',
      },
      true,
    );
  } else if (!found.value.trim()) {
    sink.problem(
      {
        severity: 'warning',
        ...at,
        field,
        detail: `field "${field}" ${found.value ? 'contains only whitespace' : 'is empty'}; skipped`,
      },
      true,
    );
  } else sink.document({ text: found.value, byteOffset: r.offset, line: r.line });
}

export function listNames(names: readonly string[], max = 8): string {
  return names.length > max
    ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`
    : names.join(', ');
}
