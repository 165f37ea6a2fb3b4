import type { Document, Problem } from '../corpus/types';
import { looksBinary } from './binary';
import { parseCsv } from './csv';
import { describeValue, parseJsonl, readField, type FieldCandidate, type SourceRecord } from './jsonl';
import { decodeUtf8 } from './utf8';

export type CorpusKind = 'txt' | 'jsonl' | 'csv';

interface ParsedBase {
  /** The file name, used as `Problem.source` and `Document.origin.source`. */
  source: string;
  /** The file began with a UTF-8 byte-order mark (stripped from the text); exports may want to keep it. */
  hadBom: boolean;
  /** Problems found while reading. `toDocuments` reports only new ones. */
  problems: Problem[];
}

export interface ParsedText extends ParsedBase {
  kind: 'txt';
  /** The whole file, one document; '' when the file was refused. */
  text: string;
}

export interface ParsedJsonl extends ParsedBase {
  kind: 'jsonl';
  records: SourceRecord[];
  fields: FieldCandidate[];
  defaultField: string | undefined;
}

export interface ParsedCsv extends ParsedBase {
  kind: 'csv';
  records: SourceRecord<Record<string, string>>[];
  columns: string[];
  fields: FieldCandidate[];
  defaultField: string | undefined;
  delimiter: string;
}

export type ParsedCorpus = ParsedText | ParsedJsonl | ParsedCsv;

/** For `<input type="file" accept>`. */
export const CORPUS_FILE_ACCEPT = '.txt,.jsonl,.ndjson,.json,.csv,.tsv';

/** Beyond this many, problems are summarised in one line: a broken file can have one per line. */
export const MAX_LISTED_PROBLEMS = 100;

const KINDS: Record<string, CorpusKind> = {
  txt: 'txt',
  text: 'txt',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  jsonlines: 'jsonl',
  // Read as JSON Lines; a .json holding one array or object gets a specific message and conversion hint.
  json: 'jsonl',
  csv: 'csv',
  tsv: 'csv',
  tab: 'csv',
};

const PASTED = 'pasted text';

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kind a file name will be read as, or undefined for an extension that will be read as text with a warning. */
export function corpusKindOf(name: string): CorpusKind | undefined {
  const ext = extensionOf(name);
  return Object.hasOwn(KINDS, ext) ? KINDS[ext] : undefined;
}

/**
 * Reads a user's file: refuses empty, binary and non-UTF-8 files with one clear problem, otherwise
 * parses it by extension, keeping every good record and reporting each bad one.
 */
export function readCorpusFile(name: string, bytes: Uint8Array): ParsedCorpus {
  const known = corpusKindOf(name);
  const kind = known ?? 'txt';
  const refuse = (problem: Problem, hadBom = false): ParsedCorpus => {
    const base = { source: name, hadBom, problems: [problem] };
    if (kind === 'txt') return { ...base, kind, text: '' };
    if (kind === 'jsonl') return { ...base, kind, records: [], fields: [], defaultField: undefined };
    return { ...base, kind, records: [], columns: [], fields: [], defaultField: undefined, delimiter: ',' };
  };

  if (bytes.length === 0) {
    return refuse({
      severity: 'error',
      source: name,
      message: `${name} is empty (0 bytes) — nothing to score.`,
      hint: 'Check that you picked the right file and that it finished saving or downloading.',
    });
  }
  const binary = looksBinary(bytes, name);
  if (binary) return refuse(binary.problem);
  const decoded = decodeUtf8(bytes, name);
  if (!decoded.ok) return refuse(decoded.problem);
  const { text, hadBom } = decoded;
  if (!text.trim()) {
    return refuse(
      { severity: 'error', source: name, message: `${name} contains only whitespace — nothing to score.` },
      hadBom,
    );
  }

  const base = { source: name, hadBom };
  if (kind === 'jsonl') {
    const p = parseJsonl(text, name);
    return { ...base, kind, ...p, problems: capProblems(p.problems, name) };
  }
  if (kind === 'csv') {
    const ext = extensionOf(name);
    const p = parseCsv(text, name, ext === 'tsv' || ext === 'tab' ? { delimiter: '\t' } : {});
    return { ...base, kind, ...p, problems: capProblems(p.problems, name) };
  }
  const problems: Problem[] = known ? [] : [unfamiliarExtension(name, text)];
  return { ...base, kind, text, problems };
}

function unfamiliarExtension(name: string, text: string): Problem {
  const ext = extensionOf(name);
  const first = text.trimStart()[0];
  return {
    severity: 'warning',
    source: name,
    message: `${name} ${ext ? `has an unfamiliar extension (.${ext})` : 'has no extension'}; it was read as plain text, as one document.`,
    hint:
      first === '{'
        ? 'It looks like JSON Lines; rename it to .jsonl to read one record per line.'
        : 'If it holds one record per line, rename it to .jsonl or .csv to read it that way.',
  };
}

/**
 * Turns parsed records into documents using `field` (default: the parse's suggestion). Records
 * without usable text become problems; the rest are numbered consecutively from `startIndex`.
 */
export function toDocuments(
  parsed: ParsedCorpus,
  field?: string,
  startIndex = 0,
): { documents: Document[]; problems: Problem[] } {
  const source = parsed.source;
  if (parsed.kind === 'txt') {
    // An empty or refused .txt was already reported by readCorpusFile.
    const documents = parsed.text.trim()
      ? [{ index: startIndex, text: parsed.text, origin: { source } }]
      : [];
    return { documents, problems: [] };
  }
  const name = field ?? parsed.defaultField;
  const records: SourceRecord[] = parsed.records;
  if (records.length === 0) return { documents: [], problems: [] };
  const noun = parsed.kind === 'csv' ? 'column' : 'field';
  if (name === undefined) {
    return {
      documents: [],
      problems: [
        {
          severity: 'error',
          source,
          message: `${source}: no ${noun} has any text in it (${records.length} record${records.length === 1 ? '' : 's'}) — nothing to score.`,
          hint:
            parsed.kind === 'csv'
              ? 'Put the texts in a column under a header such as "text".'
              : 'Each record needs a field holding the text as a string, e.g. {"text": "…"}.',
        },
      ],
    };
  }

  const whole = wrongFieldProblem(parsed, name);
  if (whole) return { documents: [], problems: [whole] };

  const documents: Document[] = [];
  const problems: Problem[] = [];
  for (const { line, value: record } of records) {
    const found = readField(record, name);
    const at = { severity: 'error' as const, source, line, field: name };
    if (!found) {
      problems.push({
        ...at,
        message: `line ${line}: ${noun} "${name}" is missing — ${missingContext(parsed, record)}`,
      });
    } else if (typeof found.value !== 'string') {
      const nested = parsed.fields.find((f) => f.name.startsWith(`${name}.`) && f.count > 0);
      problems.push({
        ...at,
        message: `line ${line}: field "${name}" is ${describeValue(found.value)}, not text`,
        hint: nested
          ? `The text may be in "${nested.name}"; choose that field instead.`
          : 'Choose another field, or store the text as a string.',
      });
    } else if (!found.value.trim()) {
      const what = found.value ? 'contains only whitespace' : 'is empty';
      problems.push({
        ...at,
        severity: 'warning',
        message: `line ${line}: ${noun} "${name}" ${what}; skipped`,
      });
    } else {
      documents.push({
        index: startIndex + documents.length,
        text: found.value,
        origin: { source, line },
        record,
      });
    }
  }
  return { documents, problems: capProblems(problems, source) };
}

/** A field that no record has (the usual result of picking the wrong one), as one problem instead of one per record. */
function wrongFieldProblem(parsed: ParsedJsonl | ParsedCsv, name: string): Problem | undefined {
  const source = parsed.source;
  if (parsed.kind === 'csv') {
    if (parsed.columns.includes(name)) return undefined;
    return {
      severity: 'error',
      source,
      field: name,
      message: `${source} has no column "${name}" — its columns are: ${listNames(parsed.columns)}`,
    };
  }
  if (parsed.records.length < 2 || parsed.records.some((r) => readField(r.value, name))) return undefined;
  return {
    severity: 'error',
    source,
    field: name,
    message: `field "${name}" is missing from all ${parsed.records.length} records of ${source} — text fields there: ${
      listNames(parsed.fields.map((f) => f.name)) || 'none'
    }`,
  };
}

function missingContext(parsed: ParsedJsonl | ParsedCsv, record: Record<string, unknown>): string {
  if (parsed.kind === 'csv') {
    const n = Object.keys(record).length;
    return `this row has only ${n} of ${parsed.columns.length} values`;
  }
  const keys = Object.keys(record);
  return keys.length ? `this record has: ${listNames(keys)}` : 'this record is empty ({})';
}

function listNames(names: readonly string[], max = 8): string {
  return names.length > max
    ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`
    : names.join(', ');
}

/** Whole-file problems first, then the first MAX_LISTED_PROBLEMS, then one line counting the rest. */
function capProblems(problems: Problem[], source: string): Problem[] {
  const sorted = [
    ...problems.filter((p) => p.line === undefined),
    ...problems.filter((p) => p.line !== undefined),
  ];
  if (sorted.length <= MAX_LISTED_PROBLEMS) return sorted;
  const rest = sorted.slice(MAX_LISTED_PROBLEMS);
  return [
    ...sorted.slice(0, MAX_LISTED_PROBLEMS),
    {
      severity: rest.some((p) => p.severity === 'error') ? 'error' : 'warning',
      source,
      message: `…and ${rest.length} more problem${rest.length === 1 ? '' : 's'} in ${source}, not listed`,
      hint: 'Fix the ones above first; many problems in one file usually share one cause.',
    },
  ];
}

/** Pasted text is one document. */
export function fromPastedText(text: string, startIndex = 0): { documents: Document[]; problems: Problem[] } {
  if (!text.trim()) {
    return {
      documents: [],
      problems: [
        {
          severity: 'error',
          source: PASTED,
          message: text
            ? 'The pasted text contains only whitespace — nothing to score.'
            : 'The pasted text is empty — nothing to score.',
        },
      ],
    };
  }
  return { documents: [{ index: startIndex, text, origin: { source: PASTED } }], problems: [] };
}
