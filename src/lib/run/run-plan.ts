/**
 * A corpus run as it is kept on this device while it runs (IndexedDB, src/state/corpus-run-db.ts), so a
 * reload, a crash or a closed tab can finish it: which files, in which order, under which model key, with
 * which settings and seed, into which output. Scores already written are in the run's score file; what the
 * plan adds is everything needed to run the same corpus the same way again, so the resumed output is the
 * uninterrupted run's.
 *
 * `H` is the browser's file handle type (FileSystemHandle), kept opaque here: where the page picked the
 * files through the File System Access pickers, the handles are stored and the files reopen after a reload
 * with one permission prompt; where it had only an <input type=file>, the user picks them again and
 * `fileMismatch` checks they are the same.
 */
import type { StoredModel } from '../persist/session-record';
import type { ScoreKey } from '../persist/score-key';
import { isHiddenPath, type InputFile } from '../io/open-inputs';
import { naturalSort } from '../io/natural-order';
import { countOf, formatBytes } from '../present/text/value-format';
import type { ToEditConfig } from '../toedit';
import type { RunOutput } from './corpus-run';

/** A file of the run as it was when the run started. */
export interface PlannedFile {
  path: string;
  bytes: number;
  lastModified: number;
}

export interface CorpusRunPlan<H = unknown> {
  started: number;
  files: PlannedFile[];
  /** What the user picked (files or folders), to reopen after a reload; null: they are picked again. */
  handles: H[] | null;
  output: RunOutput;
  /** The file the save picker gave, to write again; null: an OPFS file, downloaded at the end. */
  outputHandle: H | null;
  key: ScoreKey;
  /** The model, where the page can load it again by itself. */
  model: StoredModel | null;
  modelLabel: string;
  config: ToEditConfig;
  seed: number;
}

/** A picked file and the path it is known by (a folder's files carry the folder: "shards/part-2.parquet"). */
export interface PathedFile {
  path: string;
  file: Blob & { lastModified: number };
}

/**
 * The corpus's files in the one order a corpus has (natural order of paths), hidden files of a folder
 * (".DS_Store") left out as the readers leave them out: they change without the corpus changing.
 */
function corpusOrder(files: readonly PathedFile[]): PathedFile[] {
  return naturalSort(
    files.filter((f) => !(f.path.includes('/') && isHiddenPath(f.path))),
    (f) => f.path,
  );
}

/** The run's files as the run reads them. */
export function runFiles(files: readonly PathedFile[]): InputFile[] {
  return corpusOrder(files).map((f) => ({ name: f.path, blob: f.file }));
}

/** What the plan records of the files, in run order. */
export function plannedFiles(files: readonly PathedFile[]): PlannedFile[] {
  return corpusOrder(files).map((f) => ({
    path: f.path,
    bytes: f.file.size,
    lastModified: f.file.lastModified,
  }));
}

/**
 * Why `found` is not the plan's corpus (a file missing, added, or changed since the run started), or null
 * when it is. A changed file would give other documents under the same numbers: the run cannot continue.
 */
export function fileMismatch(planned: readonly PlannedFile[], found: readonly PlannedFile[]): string | null {
  const byPath = new Map(found.map((f) => [f.path, f]));
  for (const p of planned) {
    const f = byPath.get(p.path);
    if (!f) return `${p.path} is missing: the run started with ${countFiles(planned.length)}.`;
    if (f.bytes !== p.bytes)
      return `${p.path} is ${f.bytes.toLocaleString('en')} B now and was ${p.bytes.toLocaleString('en')} B when the run started: it changed.`;
    if (f.lastModified !== p.lastModified)
      return `${p.path} was modified after the run started (${new Date(f.lastModified).toISOString()}).`;
    byPath.delete(p.path);
  }
  const extra = [...byPath.keys()];
  if (extra.length > 0)
    return `${extra[0]}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''} ${extra.length > 1 ? 'were' : 'was'} not in the run, which started with ${countFiles(planned.length)}.`;
  return null;
}

const countFiles = (n: number) => countOf(n, 'file');

/** How the plan's corpus reads in a sentence: "shards/ (12 files, 1.2 GB)". */
export function corpusLabel(files: readonly PlannedFile[]): string {
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const folders = new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')));
  const name =
    folders.size === 1 && !folders.has('')
      ? `${[...folders][0]}/`
      : files.length === 1
        ? files[0].path
        : `${files[0]?.path ?? ''} and ${files.length - 1} more`;
  return `${name} (${countFiles(files.length)}, ${formatBytes(bytes)})`;
}
