/**
 * A look at a file's first 64 KiB before it is streamed: refuses what cannot be text (empty, binary,
 * UTF-16/32, one JSON document posing as JSON Lines) and, for JSON Lines and CSV, lists the text fields or
 * columns and picks a default, so every block of the file is read with the same field. Both pages inspect
 * a file this way before reading it.
 */
import { renderProblem, type Problem } from './problem';
import { looksBinary } from './binary';
import { decodeUtf8 } from './utf8-decode';
import { guessDelimiter } from './csv-rows';
import { chooseDefaultField, FieldTally, type FieldCandidate } from './fields';
import { FIELD_PATH_HINT, missingFieldDetail, parseFieldPath, readField } from './json-values';
import {
  jsonDocumentProblem,
  largeJsonDocumentProblem,
  mayBeJsonDocument,
  parseJsonlRecord,
} from './jsonl-record';
import { noColumnProblem, noHeaderProblem, readCsvRecords } from './csv-documents';
import type { ResolvedFormat, StreamFormat } from './stream-format';
import { formatBytes, isBlankLine, MAX_RECORD_BYTES, readLines } from './lines';

export const HEAD_BYTES = 64 * 1024;
const MAX_RECORDS = 1000;

export interface Inspection {
  /** Undefined when the file is refused (see problems). */
  resolved: ResolvedFormat | undefined;
  fields: FieldCandidate[];
  defaultField: string | undefined;
  sampledRecords: number;
  problems: Problem[];
}

function refuse(problem: Problem, more: Partial<Inspection> = {}): Inspection {
  return {
    resolved: undefined,
    fields: [],
    defaultField: undefined,
    sampledRecords: 0,
    problems: [problem],
    ...more,
  };
}

export function emptyFileProblem(source: string): Problem {
  return {
    severity: 'error',
    source,
    message: `${source} is empty (0 bytes) — there is nothing to read.`,
    hint: 'Check that you picked the right file and that it finished saving or downloading.',
  };
}

export function whitespaceProblem(source: string): Problem {
  return {
    severity: 'error',
    source,
    message: `${source} contains only whitespace — there is nothing to read.`,
  };
}

export async function inspectFile(file: Blob, source: string, format: StreamFormat): Promise<Inspection> {
  if (file.size === 0) return refuse(emptyFileProblem(source));
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const binary = looksBinary(head, source);
  if (binary) return refuse(binary.problem);
  if (file.size <= HEAD_BYTES && isBlankLine(head)) return refuse(whitespaceProblem(source));

  if (format.kind === 'txt') {
    const encoding = txtEncodingProblem(head, file.size <= HEAD_BYTES, source);
    if (encoding) return refuse(encoding);
    return {
      resolved: { kind: 'txt', split: format.split ?? 'paragraph' },
      fields: [],
      defaultField: undefined,
      sampledRecords: 0,
      problems: [],
    };
  }
  return format.kind === 'jsonl'
    ? inspectJsonl(file, head, source, format.field)
    : inspectCsv(file, source, format);
}

/**
 * A text file must be UTF-8 (a Latin-1 file would read as mojibake): refused here with the words the Text
 * page uses for the whole file (decodeUtf8), so both pages say the same. A head cut from a larger file is
 * checked up to its last line break, where it cannot end inside a character; later faults are counted
 * within the head only.
 */
function txtEncodingProblem(head: Uint8Array, whole: boolean, source: string): Problem | undefined {
  const decoded = decodeUtf8(whole ? head : head.subarray(0, head.lastIndexOf(0x0a) + 1), source);
  return decoded.ok ? undefined : decoded.problem;
}

async function inspectJsonl(
  file: Blob,
  head: Uint8Array,
  source: string,
  chosen: string | undefined,
): Promise<Inspection> {
  // Whole lines only: the head may end inside a line or a multi-byte character.
  const cut = file.size > HEAD_BYTES ? head.lastIndexOf(0x0a) + 1 : head.length;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let lines = decoder.decode(head.subarray(0, cut)).split('\n');
  if (cut === 0) {
    // The first line is longer than the head: read it whole (up to the cap), or say why it cannot be read.
    const long = await firstLine(file);
    if (long === null) return refuse(noLineBreakProblem(source, decoder.decode(head).trimStart()[0]));
    lines = [decoder.decode(long)];
  }
  const first = lines.find((l) => l.trim());
  if (first !== undefined && mayBeJsonDocument(first)) {
    // Small enough to parse whole: say exactly what it is (an array of n items, an object spread over lines).
    if (file.size > MAX_RECORD_BYTES) return refuse(largeJsonDocumentProblem(source));
    const whole = jsonDocumentProblem(await file.text(), source);
    if (whole) return refuse(whole);
  }
  const tally = new FieldTally();
  const path = chosen === undefined ? undefined : new ChosenPath(chosen);
  let records = 0;
  for (const [i, line] of lines.entries()) {
    if (records >= MAX_RECORDS) break;
    if (!line.trim()) continue;
    const r = parseJsonlRecord(line);
    if (!r.ok) continue; // reported line by line when the file is read
    tally.seeRecord(r.value);
    path?.see(r.value, i + 1);
    records++;
  }
  const unreadable = path?.problem(source, records);
  const fields = tally.result();
  if (unreadable)
    return refuse(unreadable, { sampledRecords: records, fields, defaultField: chooseDefaultField(fields) });
  const defaultField = chooseDefaultField(fields);
  const field = chosen ?? defaultField;
  if (field === undefined) {
    return refuse(
      {
        severity: 'error',
        source,
        message: `${source}: no field holds text in its first ${records} record${records === 1 ? '' : 's'} — there is nothing to read.`,
        hint: 'Each record needs a field holding the text as a string, e.g. {"text": "…"}.',
      },
      { sampledRecords: records, fields },
    );
  }
  return { resolved: { kind: 'jsonl', field }, fields, defaultField, sampledRecords: records, problems: [] };
}

/**
 * A field path the user named (--field), checked on the sampled records: one that is malformed, or whose
 * filter picks no item in any of them, is refused before the file is read, with the first record's reason,
 * rather than skipping every record one by one.
 */
class ChosenPath {
  private found = false;
  private first: { line: number; reason: string; hint: string } | undefined;

  constructor(private readonly name: string) {}

  see(record: Record<string, unknown>, line: number): void {
    if (this.found || readField(record, this.name)) {
      this.found = true;
      return;
    }
    const why = missingFieldDetail(record, this.name);
    if (why && !this.first) this.first = { line, ...why };
  }

  problem(source: string, records: number): Problem | undefined {
    if (this.found) return undefined;
    const parsed = parseFieldPath(this.name);
    if (!parsed.ok)
      return {
        severity: 'error',
        source,
        field: this.name,
        message: `${source}: field "${this.name}" is a malformed path: ${parsed.detail}.`,
        hint: FIELD_PATH_HINT,
      };
    if (parsed.path?.kind !== 'list' || !parsed.path.filter || !this.first) return undefined;
    return {
      severity: 'error',
      source,
      line: this.first.line,
      field: this.name,
      message: `${source}: field "${this.name}" picks no text in the first ${records} record${records === 1 ? '' : 's'} — on line ${this.first.line} it ${this.first.reason}.`,
      hint: this.first.hint,
    };
  }
}

/** The file's first line, or null when it is longer than MAX_RECORD_BYTES. */
async function firstLine(file: Blob): Promise<Uint8Array | null> {
  let line: Uint8Array | null = null;
  await readLines(file.stream(), 0, (bytes) => {
    line = bytes?.slice() ?? null;
    return false;
  });
  return line;
}

/** A file whose first line alone is over the cap: minified JSON or no line breaks at all. */
function noLineBreakProblem(source: string, firstChar: string | undefined): Problem {
  const array = firstChar === '[';
  return {
    severity: 'error',
    source,
    message: `${source} has no line break in its first ${formatBytes(MAX_RECORD_BYTES)}${array ? ': it looks like one JSON array on a single line' : ''}, so it cannot be read as JSON Lines (one record per line).`,
    hint: array
      ? `Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.`
      : 'Put each record on its own line (one JSON object per line); minified JSON must be converted first, e.g. with jq -c.',
  };
}

async function inspectCsv(
  file: Blob,
  source: string,
  format: Extract<StreamFormat, { kind: 'csv' }>,
): Promise<Inspection> {
  const headText = await file.slice(0, Math.min(file.size, HEAD_BYTES)).text();
  const delimiter = format.delimiter ?? guessDelimiter(headText);
  const tally = new FieldTally();
  let columns: string[] = [];
  let rows = 0;
  const headerProblems: Problem[] = [];
  await readCsvRecords(file.slice(0, HEAD_BYTES), delimiter, source, {
    header(names) {
      columns = names;
      for (const name of names) tally.see(name, ''); // every column is a candidate, even an empty one
    },
    row(record) {
      for (const [name, cell] of Object.entries(record)) tally.see(name, cell);
      return ++rows < MAX_RECORDS;
    },
    problem(p) {
      // The header's own warnings (unnamed or repeated columns) belong with the column list.
      if (rows === 0 && p.severity === 'warning') headerProblems.push(renderProblem(p));
    },
  });
  if (columns.length === 0) return refuse(noHeaderProblem(source));
  const fields = tally.result();
  const defaultField = chooseDefaultField(fields);
  const column = format.column ?? defaultField ?? columns[0];
  if (!columns.includes(column)) {
    return refuse(noColumnProblem(source, column, columns), { fields, defaultField });
  }
  return {
    resolved: { kind: 'csv', column, delimiter },
    fields,
    defaultField,
    sampledRecords: rows,
    problems: headerProblems,
  };
}
