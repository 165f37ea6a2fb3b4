/** A problem with something the user supplied: what went wrong, where, and what to do about it. */
export interface Problem {
  severity: 'error' | 'warning';
  /** The file (or "pasted text", or a model folder) the problem is in. */
  source: string;
  /** 1-based line (JSONL line, CSV row) when the problem has one. */
  line?: number;
  /** 1-based column (character) within the line, when known. */
  column?: number;
  /** Byte offset from the start of the file, when known (e.g. invalid UTF-8). */
  byteOffset?: number;
  /** The JSON field or CSV column involved. */
  field?: string;
  /** What is wrong, specifically. */
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

/** One text to score, with where it came from so exports can preserve order and fields. */
export interface Document {
  /** Position in the corpus, 0-based, stable across filtering of bad lines. */
  index: number;
  text: string;
  /** Where it came from: file name and, for JSONL/CSV, the 1-based line or row. */
  origin: { source: string; line?: number };
  /** The original record (JSONL object or CSV row) when there was one, kept for faithful export. */
  record?: Record<string, unknown>;
}

/** A problem found while reading, kept without its line in the message so merging can renumber it. */
export interface RecordProblem extends Omit<Problem, 'message'> {
  /** 1-based, counted within the accumulator that read it (merging renumbers it); omitted for a whole file. */
  line?: number;
  /** What is wrong, without the "line N:" prefix that renderProblem adds. */
  detail: string;
}

/** "line 12, column 3: …": how both pages list a record's problem. */
export function renderProblem(p: RecordProblem): Problem {
  const where =
    p.line === undefined ? '' : `line ${p.line}${p.column === undefined ? '' : `, column ${p.column}`}: `;
  const out: Problem = { severity: p.severity, source: p.source, message: where + p.detail };
  if (p.line !== undefined) out.line = p.line;
  if (p.column !== undefined) out.column = p.column;
  if (p.byteOffset !== undefined) out.byteOffset = p.byteOffset;
  if (p.field !== undefined) out.field = p.field;
  if (p.hint !== undefined) out.hint = p.hint;
  return out;
}
