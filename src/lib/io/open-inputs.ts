/**
 * What the user picked — files, a folder, archives — opened into plain entries the record readers take:
 * compression (.gz, .zst) undone, a .zip's files taken out, Parquet rows written as JSON Lines
 * (parquet-records.ts), all in natural order of their paths (natural-order.ts) so a selection of shards is
 * one corpus in one stable order. Both pages open their inputs here (the Text page through read-input.ts,
 * the Statistics page through joinEntries). A file that cannot be opened is one problem; the others open.
 */
import { compressionOf, decompress } from './compressed-file';
import { corpusKindOf, extensionOf } from './corpus-file';
import { naturalSort } from './natural-order';
import { parquetToJsonl, type ParquetColumn } from './parquet-records';
import type { Problem } from './problem';
import { formatForName, type StreamFormat } from './stream-format';
import { unzipEntries } from './zip-entries';

export interface InputFile {
  /** The path as picked: a folder's files carry their relative path ("shards/part-2.parquet"). */
  name: string;
  blob: Blob;
}

export interface OpenedEntry {
  /** As messages name it: "data.jsonl.gz", "shards.zip/part-1.parquet". */
  name: string;
  /** The plain bytes: text, JSON Lines or CSV. */
  blob: Blob;
  /** The name whose extension says the format: "data.jsonl" for "data.jsonl.gz". */
  formatName: string;
  format: StreamFormat;
  /** Set when the entry was a Parquet file: its columns, to say when a chosen one is not text. */
  parquet?: ParquetColumn[];
  /** The entry's share of the input's bytes, for progress. */
  inputBytes: number;
}

export interface OpenedInputs {
  entries: OpenedEntry[];
  problems: Problem[];
}

const SUPPORTED = '.txt, .jsonl, .json, .csv, .tsv, .parquet, any of them as .gz or .zst, and .zip';

/** Whether a name (compression stripped) is a format this app reads. */
function readable(name: string): boolean {
  const inner = compressionOf(name)?.inner ?? name;
  const ext = extensionOf(inner);
  return ext === 'parquet' || ext === 'zip' || corpusKindOf(inner) !== undefined;
}

/** A hidden file or macOS resource fork in a folder or archive: passed over without a word. */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX');
}

function unsupported(name: string, where: string): Problem {
  const ext = extensionOf(name);
  return {
    severity: 'warning',
    source: name,
    message: `${name} ${ext ? `is a .${ext} file` : 'has no extension'}, which this app does not read; it was skipped and the rest of ${where} was read.`,
    hint: `Readable: ${SUPPORTED}.`,
  };
}

/** How far opening the picked files has gone, for the page's progress. */
export interface OpenProgress {
  /** Input bytes consumed: compressed bytes of a .gz, .zst or .zip, a Parquet file's share by rows read. */
  bytes: number;
  /** The picked files' size. */
  totalBytes: number;
  /** Parquet row groups read of those in the Parquet files opened so far (null: no Parquet yet). */
  rowGroups: { done: number; total: number } | null;
}

/** A Parquet entry's row groups read so far (`entry` as messages name it). */
export type OnRowGroups = (entry: string, done: number, total: number) => void;

/**
 * Opens `files` in natural order of their names; `onBytes` hears input bytes consumed while a file is
 * decompressed, unzipped or read as Parquet, for progress (a plain file needs no opening), and
 * `onRowGroups` each Parquet row group read.
 */
export async function openInputs(
  files: readonly InputFile[],
  onBytes?: (n: number) => void,
  onRowGroups?: OnRowGroups,
): Promise<OpenedInputs> {
  const result: OpenedInputs = { entries: [], problems: [] };
  for (const file of naturalSort(files, (f) => f.name)) {
    // In a folder, notes and hidden files (README.md, .gitattributes) sit beside the shards: passed over.
    const inFolder = file.name.includes('/');
    if (inFolder && isHiddenPath(file.name)) continue;
    if (inFolder && !readable(file.name)) {
      result.problems.push(unsupported(file.name, 'the folder'));
      continue;
    }
    await openOne(file.name, file.blob, result, { onBytes, onRowGroups }, 0);
  }
  return result;
}

async function openOne(
  name: string,
  blob: Blob,
  into: OpenedInputs,
  watch: { onBytes?: (n: number) => void; onRowGroups?: OnRowGroups },
  depth: number,
  formatName = name,
): Promise<void> {
  const { onBytes, onRowGroups } = watch;
  // What is inside an opened file counts no input bytes again: only its row groups.
  const inner = { onRowGroups };
  const compressed = compressionOf(formatName);
  if (compressed) {
    const plain = await decompress(blob, name, compressed.compression, onBytes);
    if (!plain.ok) return void into.problems.push(plain.problem);
    return openOne(name, plain.blob, into, inner, depth, compressed.inner);
  }
  const ext = extensionOf(formatName);
  if (ext === 'zip' && depth < 2) {
    const zip = await unzipEntries(
      blob,
      name,
      (path) =>
        readable(path) ? { ok: true } : { ok: false, problem: unsupported(`${name}/${path}`, name) },
      onBytes,
    );
    into.problems.push(...zip.problems);
    for (const entry of naturalSort(zip.entries, (e) => e.name)) {
      await openOne(entry.name, entry.blob, into, inner, depth + 1);
    }
    return;
  }
  if (ext === 'parquet') {
    let done = 0;
    const read = await parquetToJsonl(blob, name, (rows, of, groups) => {
      const now = of > 0 ? Math.round((blob.size * rows) / of) : blob.size;
      onBytes?.(now - done);
      done = now;
      onRowGroups?.(name, groups.done, groups.total);
    });
    if (!read.ok) return void into.problems.push(read.problem);
    into.entries.push({
      name,
      blob: read.blob,
      formatName,
      format: { kind: 'jsonl' },
      parquet: read.columns,
      inputBytes: blob.size,
    });
    return;
  }
  into.entries.push({
    name,
    blob,
    formatName,
    format: formatForName(formatName),
    inputBytes: blob.size,
  });
}

/** One Blob for the Statistics page: the entries' bytes end to end, when they share one format. */
export type JoinedInputs =
  | {
      ok: true;
      name: string;
      blob: Blob;
      format: StreamFormat;
      parquet?: ParquetColumn[];
      problems: Problem[];
    }
  | { ok: false; problems: Problem[] };

/**
 * Entries of one format joined into one stream: JSON Lines with a line break between files, text with a
 * blank line (so no paragraph runs across two files); only the breaks a file lacks are added, so a file
 * ending in a line break keeps the line numbers it would have alone. CSV files each have a header, so
 * several cannot be joined.
 */
export async function joinEntries(opened: OpenedInputs, name: string): Promise<JoinedInputs> {
  const { entries, problems } = opened;
  if (entries.length === 0) {
    return {
      ok: false,
      problems: problems.length
        ? problems
        : [
            {
              severity: 'error',
              source: name,
              message: `${name} holds no file this app reads.`,
              hint: `Readable: ${SUPPORTED}.`,
            },
          ],
    };
  }
  if (entries.length === 1) {
    const [e] = entries;
    return {
      ok: true,
      name: e.name,
      blob: e.blob,
      format: e.format,
      ...(e.parquet ? { parquet: e.parquet } : {}),
      problems,
    };
  }
  const kind = entries[0].format.kind;
  const other = entries.find((e) => e.format.kind !== kind);
  if (other || kind === 'csv') {
    return {
      ok: false,
      problems: [
        ...problems,
        {
          severity: 'error',
          source: name,
          message: other
            ? `${name} mixes formats (${entries[0].name} is ${kind}, ${other.name} is ${other.format.kind}); one corpus is read in one format.`
            : `${name} holds ${entries.length} CSV files; each has its own header row, so they cannot be read as one stream.`,
          hint: other
            ? 'Pick files of one format, or add each format as its own corpus.'
            : 'Add one CSV file per corpus, or convert them to JSON Lines (one object per row).',
        },
      ],
    };
  }
  const parts: BlobPart[] = [];
  for (const [i, e] of entries.entries()) {
    parts.push(e.blob);
    if (i < entries.length - 1) parts.push(await separatorAfter(e.blob, kind === 'txt' ? 2 : 1));
  }
  const parquet = entries.flatMap((e) => e.parquet ?? []);
  return {
    ok: true,
    name,
    blob: new Blob(parts),
    format: entries[0].format,
    ...(parquet.length ? { parquet } : {}),
    problems,
  };
}

/** The line breaks to add after `blob` so it ends with `breaks` of them ("\n" or "\n\n"). */
async function separatorAfter(blob: Blob, breaks: 1 | 2): Promise<string> {
  const tail = new Uint8Array(await blob.slice(Math.max(0, blob.size - breaks)).arrayBuffer());
  let have = 0;
  while (have < tail.length && tail[tail.length - 1 - have] === 0x0a) have++;
  return '\n'.repeat(breaks - have);
}
