/**
 * A look at a file's first 64 KiB before it is streamed: refuses what cannot be text (empty, binary,
 * UTF-16/32) and, for JSON Lines and CSV, lists the text fields or columns and picks a default, so every
 * block of the file is read with the same field.
 */
import type { Problem } from '../corpus/types';
import { looksBinary } from '../input/binary';
import { chooseDefaultField, FieldTally, isPlainObject, listStringFields } from '../input/jsonl';
import { csvRows, headerNames } from './csv';
import type { ResolvedFormat } from './blocks';
import type { StreamFormat } from './format';

export const HEAD_BYTES = 64 * 1024;
const MAX_RECORDS = 1000;

export interface Inspection {
  /** Undefined when the file is refused (see problems). */
  resolved: ResolvedFormat | undefined;
  fields: { name: string; count: number; numeric?: boolean }[];
  defaultField: string | undefined;
  sampledRecords: number;
  problems: Problem[];
}

function guessDelimiter(headerLine: string): string {
  const counts = new Map([',', '\t', ';', '|'].map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export async function inspectFile(file: Blob, source: string, format: StreamFormat): Promise<Inspection> {
  const refuse = (problem: Problem): Inspection => ({
    resolved: undefined,
    fields: [],
    defaultField: undefined,
    sampledRecords: 0,
    problems: [problem],
  });
  if (file.size === 0) {
    return refuse({
      severity: 'error',
      source,
      message: `${source} is empty (0 bytes) — nothing to analyse.`,
      hint: 'Check that you picked the right file and that it finished saving or downloading.',
    });
  }
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const binary = looksBinary(head, source);
  if (binary) return refuse(binary.problem);
  // Whole lines only: the head may end inside a line or a multi-byte character.
  const cut = file.size > HEAD_BYTES ? head.lastIndexOf(0x0a) + 1 : head.length;
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(head.subarray(0, cut));
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

  if (format.kind === 'txt') {
    return {
      resolved: { kind: 'txt', split: format.split ?? 'paragraph' },
      fields: [],
      defaultField: undefined,
      sampledRecords: 0,
      problems: [],
    };
  }

  if (format.kind === 'jsonl') {
    const records: Record<string, unknown>[] = [];
    for (const line of lines) {
      if (records.length >= MAX_RECORDS) break;
      if (!line.trim()) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (isPlainObject(v)) records.push(v);
      } catch {
        // Reported line by line when the file is read.
      }
    }
    const first = lines.find((l) => l.trim())?.trim();
    // A line holding only "[" or "{" never occurs in JSON Lines (inner lines of pretty-printed JSON may parse).
    if (first === '[' || first === '{' || first?.startsWith('[{')) {
      return refuse({
        severity: 'error',
        source,
        message: `${source} looks like one JSON document (an array, or an object spread over several lines), not JSON Lines (one object per line).`,
        hint: `Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.`,
      });
    }
    const fields = listStringFields(records);
    const defaultField = chooseDefaultField(fields);
    const field = format.field ?? defaultField;
    if (field === undefined) {
      return {
        ...refuse({
          severity: 'error',
          source,
          message: `${source}: no field holds text in its first ${records.length} record${records.length === 1 ? '' : 's'} — nothing to analyse.`,
          hint: 'Each record needs a field holding the text as a string, e.g. {"text": "…"}.',
        }),
        sampledRecords: records.length,
      };
    }
    return {
      resolved: { kind: 'jsonl', field },
      fields,
      defaultField,
      sampledRecords: records.length,
      problems: [],
    };
  }

  const headerLine = lines.find((l) => l.trim()) ?? '';
  const delimiter = format.delimiter ?? guessDelimiter(headerLine);
  // Whole rows: a quoted value may span lines, so parse the head as one text and drop a cut-off last row.
  const parsed = csvRows(text, delimiter, MAX_RECORDS + 1);
  if (parsed.length === 0) {
    return refuse({ severity: 'error', source, message: `${source} has no header row and no data.` });
  }
  const columns = headerNames(parsed[0]);
  const tally = new FieldTally();
  for (const name of columns) tally.see(name, '');
  const rows = parsed.slice(1, MAX_RECORDS + 1);
  for (const cells of rows) columns.forEach((name, i) => tally.see(name, cells[i] ?? ''));
  const fields = tally.result();
  const defaultField = chooseDefaultField(fields);
  const column = format.column ?? defaultField ?? columns[0];
  if (!columns.includes(column)) {
    return {
      ...refuse({
        severity: 'error',
        source,
        field: column,
        message: `${source} has no column "${column}" — its columns are: ${columns.join(', ')}`,
        hint: 'Choose one of these columns.',
      }),
      fields,
      defaultField,
    };
  }
  return {
    resolved: { kind: 'csv', column, delimiter },
    fields,
    defaultField,
    sampledRecords: rows.length,
    problems: [],
  };
}
