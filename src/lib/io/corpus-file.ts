/**
 * The kinds of file a user can add and how a name maps to one, and pasted text. Files themselves are read
 * in a worker (src/lib/io/read-corpus.ts), never on the page's thread.
 */
import { compressionOf } from './compressed-file';
import type { Document, Problem } from './problem';

export type CorpusKind = 'txt' | 'jsonl' | 'csv';

/** For `<input type="file" accept>`: the plain formats, Parquet, and any of them compressed or zipped. */
export const CORPUS_FILE_ACCEPT = '.txt,.jsonl,.ndjson,.json,.csv,.tsv,.parquet,.gz,.zst,.zip';

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
  // Parquet rows are read as JSON Lines records (open-inputs.ts writes them so): columns are fields.
  parquet: 'jsonl',
};

const PASTED = 'pasted text';

/** A name's last extension, lower-cased, without the dot ("" when it has none). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kind a file name will be read as, or undefined for an extension that will be read as text with a warning. */
export function corpusKindOf(name: string): CorpusKind | undefined {
  const ext = extensionOf(compressionOf(name)?.inner ?? name);
  return Object.hasOwn(KINDS, ext) ? KINDS[ext] : undefined;
}

/** A file read as plain text only because its extension is unknown: say so, and how to read it as records. */
export function unfamiliarExtension(name: string, text: string): Problem {
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
