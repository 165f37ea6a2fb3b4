/**
 * The files inside a .zip, unpacked as the archive streams in (fflate's streaming Unzip: stored and deflated
 * entries), each into a Blob (blob-builder.ts). Folders, macOS resource forks and hidden files are passed
 * over; an entry the caller cannot read, or one that fails to inflate, is one problem and the others still
 * come out.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { BlobBuilder } from './blob-builder';
import type { Problem } from './problem';

export interface ZipEntry {
  /** "archive.zip/dir/file.jsonl": where the entry is, as messages name it. */
  name: string;
  blob: Blob;
}

/** Whether an entry (by its path inside the archive) can be read; otherwise why not. */
export type EntryCheck = (path: string) => { ok: true } | { ok: false; problem: Problem };

const METHODS: Record<number, string> = {
  12: 'bzip2',
  14: 'LZMA',
  93: 'zstd',
  95: 'xz',
  98: 'PPMd',
  99: 'AES encryption',
};

function skipped(path: string): boolean {
  if (path.endsWith('/')) return true; // a folder
  const parts = path.split('/');
  return parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('.'));
}

export async function unzipEntries(
  file: Blob,
  name: string,
  check: EntryCheck,
  onBytes?: (n: number) => void,
): Promise<{ entries: ZipEntry[]; problems: Problem[] }> {
  const entries: ZipEntry[] = [];
  const problems: Problem[] = [];
  const open = new Map<string, BlobBuilder>();
  let seen = 0;
  const fail = (path: string, message: string, hint: string) => {
    problems.push({ severity: 'error', source: `${name}/${path}`, message, hint });
  };
  const unknownMethod = (path: string, compression: number) => {
    const method = METHODS[compression] ?? `method ${compression}`;
    fail(
      path,
      `${name}/${path} is compressed with ${method}, which this app cannot unpack (only stored and deflated entries). It was skipped.`,
      'Re-create the archive with ordinary (deflate) compression, e.g. zip -r out.zip folder/.',
    );
  };
  const unzip = new Unzip((entry: UnzipFile) => {
    seen++;
    const path = entry.name;
    if (skipped(path)) return;
    const readable = check(path);
    if (!readable.ok) return void problems.push(readable.problem);
    const out = new BlobBuilder();
    open.set(path, out);
    entry.ondata = (error, data, final) => {
      if (!open.has(path)) return;
      if (error) {
        open.delete(path);
        // fflate checks the method only once data arrives: an unknown one is named, not a generic failure.
        if (/unknown compression type/.test(error.message)) return unknownMethod(path, entry.compression);
        return fail(
          path,
          `${name}/${path} could not be unpacked: ${error.message}. The other entries were read.`,
          'The archive may be damaged; test it with unzip -t.',
        );
      }
      out.add(data);
      if (final) {
        open.delete(path);
        entries.push({ name: `${name}/${path}`, blob: out.blob() });
      }
    };
    try {
      entry.start();
    } catch {
      open.delete(path);
      unknownMethod(path, entry.compression);
    }
  });
  unzip.register(UnzipInflate);
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      unzip.push(value);
      onBytes?.(value.byteLength);
    }
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    problems.push({
      severity: 'error',
      source: name,
      message: `${name} is not a readable zip archive: ${error instanceof Error ? error.message : String(error)}.`,
      hint: 'Test it with unzip -t; fetch it again if it is damaged.',
    });
  }
  for (const path of open.keys()) {
    fail(
      path,
      `${name} is truncated: entry ${path} stops before its end. The entries before it were read.`,
      'The archive was probably cut off while downloading or copying; fetch it again.',
    );
  }
  if (seen === 0 && problems.length === 0) {
    problems.push({
      severity: 'error',
      source: name,
      message: `${name} holds no files${file.size > 0 ? ', or is not a zip archive' : ' (it is empty)'}.`,
      hint: 'Check that you picked the right file and that it finished saving or downloading.',
    });
  }
  return { entries, problems };
}
