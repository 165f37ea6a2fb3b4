/**
 * How a streamed corpus file is cut into documents. The Text page reads a .txt as one document
 * (read-corpus.ts); a file streamed for statistics is usually far too large for that, so a .txt is cut into
 * paragraphs (runs of non-blank lines, the default) or single lines. JSONL reads one field of each line's
 * object; CSV one column, by header name.
 */
import { compressionOf } from './compressed-file';
import { corpusKindOf } from './corpus-file';

export type TxtSplit = 'paragraph' | 'line';

export type StreamFormat =
  | { kind: 'txt'; split?: TxtSplit }
  /** `field` may name one level of nesting ("meta.text"); omitted: the reader picks the first line's text field. */
  | { kind: 'jsonl'; field?: string }
  /** `column` is a header name; omitted: the first column named like text, else the first non-numeric one. */
  | { kind: 'csv'; column?: string; delimiter?: string };

/** A streamed file's format with the field or column already chosen. */
export type ResolvedFormat =
  | { kind: 'txt'; split: 'paragraph' | 'line' }
  | { kind: 'jsonl'; field: string }
  | { kind: 'csv'; column: string; delimiter: string };

/** The format a file name implies (unknown extensions read as paragraphs of text). */
export function formatForName(name: string): StreamFormat {
  const kind = corpusKindOf(name) ?? 'txt';
  const lower = (compressionOf(name)?.inner ?? name).toLowerCase();
  if (kind === 'csv')
    return lower.endsWith('.tsv') || lower.endsWith('.tab') ? { kind, delimiter: '\t' } : { kind };
  return kind === 'txt' ? { kind, split: 'paragraph' } : { kind };
}

export function describeFormat(format: StreamFormat): string {
  switch (format.kind) {
    case 'txt':
      return format.split === 'line' ? 'text, one document per line' : 'text, one document per paragraph';
    case 'jsonl':
      return `JSON Lines, field ${format.field === undefined ? '(auto)' : `"${format.field}"`}`;
    case 'csv':
      return `CSV, column ${format.column === undefined ? '(auto)' : `"${format.column}"`}`;
  }
}
