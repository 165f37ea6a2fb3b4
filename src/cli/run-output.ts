/**
 * Where a run's files go, written so that a file or part either exists complete or not at all: everything
 * is written into a temporary folder next to the output and renamed into place at the end (rename is atomic
 * within a file system). A sharded run's part is a folder `OUTPUT.parts/shard-I-of-N/` holding its files and
 * a manifest; the manifest names the job (a hash of the inputs' bytes and every setting), so a rerun skips a
 * finished shard and refuses a folder left by another job instead of mixing them.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { CliError, EXIT } from './cli-error';
import { shardName, type Shard } from './shard';
import { isParquetOutput, jsonlToParquet } from './parquet-output';
import { inputPaths } from './input-paths';
import { decodePartial, encodePartial, mergePartials } from '../lib/stats/engine/stats-partial';

export type RunKind = 'edit' | 'score' | 'stats';

/** What each kind of run writes: part file name → its path beside `--output`, and how parts merge. */
export interface Layout {
  /** Part file name → final path for an output path. The first is the main file (written last). */
  files: (output: string) => Record<string, string>;
  /** Files whose parts are concatenated in shard order (JSON Lines, one record per document). */
  concatenated: readonly string[];
  /** Merges the parts of any other file, or checks they are equal (recipes, provenance). */
  merge?: (file: string, parts: string[]) => string;
  /**
   * Rewrites the finished files of a whole run (unsharded, or merged) in `dir`, just before they move into
   * place: the output's format when it is not the parts' JSON Lines (Parquet).
   */
  finish?: (output: string, dir: string) => void;
}

const stem = (output: string) => output.replace(/\.(jsonl|parquet)$/, '');

export const LAYOUTS: Record<RunKind, Layout> = {
  edit: {
    files: (o) => ({
      'edits.jsonl': o,
      'edit-log.jsonl': `${stem(o)}.edit-log.jsonl`,
      'recipe.json': `${stem(o)}.recipe.json`,
    }),
    concatenated: ['edits.jsonl', 'edit-log.jsonl'],
    finish: (o, dir) => {
      if (!isParquetOutput(o)) return;
      // The table replaces the JSON Lines under the main file's temporary name, then moves into place.
      const edits = path.join(dir, 'edits.jsonl');
      const recipe = readFileSync(path.join(dir, 'recipe.json'), 'utf8');
      writeFileSync(edits, jsonlToParquet(readFileSync(edits, 'utf8'), { 'semisynth.recipe': recipe }));
    },
  },
  score: {
    files: (o) => ({ 'scores.jsonl': o, 'provenance.json': `${stem(o)}.provenance.json` }),
    concatenated: ['scores.jsonl'],
  },
  stats: {
    files: (o) => ({ 'partial.json': o }),
    concatenated: [],
    merge: (_file, parts) => {
      const decoded = parts.map((text, i) => {
        const d = decodePartial(text, `part ${i}`);
        if (!d.ok) throw new CliError(d.problem);
        return { source: `part ${i}`, partial: d.partial };
      });
      const merged = mergePartials(decoded);
      if (typeof merged === 'string') throw new CliError(merged);
      return encodePartial(merged);
    },
  },
};

export const MANIFEST = 'manifest.json';

export interface Manifest {
  format: 'semisynth.part';
  version: 1;
  semisynth: string;
  kind: RunKind;
  /** sha256 of the inputs' names and bytes and every setting that decides the output. */
  job: string;
  shard: Shard;
  /** Documents [start, end) of `total` (statistics: blocks). */
  range: { start: number; end: number; total: number };
  files: Record<string, { bytes: number; sha256: string }>;
}

/** sha256 of a file's bytes, streamed. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The job's identity: inputs by name, size and content, and every setting that decides the bytes out. */
export async function jobId(kind: RunKind, inputs: readonly string[], settings: unknown): Promise<string> {
  const files = [];
  // A folder is its files: a shard added, removed or changed is another job.
  for (const f of inputs.flatMap(inputPaths)) files.push({ name: f.name, sha256: await fileSha256(f.file) });
  return createHash('sha256').update(JSON.stringify({ kind, files, settings })).digest('hex');
}

export function partsDir(output: string): string {
  return `${output}.parts`;
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  let value: Partial<Manifest>;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
  } catch (error) {
    throw new CliError(
      `${dir} is not a finished part: ${MANIFEST} ${existsSync(file) ? `cannot be read (${(error as Error).message})` : 'is missing'}`,
      EXIT.badInput,
      'A part without its manifest did not finish: run its shard again.',
    );
  }
  if (value.format !== 'semisynth.part' || value.version !== 1 || !value.shard || !value.kind)
    throw new CliError(`${file} is not a Semisynth part manifest (format semisynth.part, version 1)`);
  return value as Manifest;
}

/**
 * One run's files, written into a temporary folder; `commit` moves them into place, `abandon` removes them.
 */
export class RunFiles {
  private readonly temp: string;
  private readonly fds = new Map<string, number>();

  constructor(
    readonly kind: RunKind,
    readonly output: string,
    readonly shard: Shard | null,
  ) {
    const base = shard ? path.join(partsDir(output), `.${shardName(shard)}`) : output;
    this.temp = `${base}.tmp-${process.pid}`;
    rmSync(this.temp, { recursive: true, force: true });
    mkdirSync(this.temp, { recursive: true });
  }

  /** Where a finished shard lives. */
  static shardDir(output: string, shard: Shard): string {
    return path.join(partsDir(output), shardName(shard));
  }

  write(file: string, text: string): void {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(path.join(this.temp, file), 'w');
      this.fds.set(file, fd);
    }
    writeSync(fd, text);
  }

  /** Appends a whole file, a MiB at a time (parts of a large run do not fit in memory together). */
  append(file: string, source: string): void {
    const buffer = Buffer.allocUnsafe(1 << 20);
    const fd = openSync(source, 'r');
    try {
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer))
        this.writeBytes(file, buffer.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }

  private writeBytes(file: string, bytes: Uint8Array): void {
    this.write(file, '');
    writeSync(this.fds.get(file)!, bytes);
  }

  private closeAll(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  abandon(): void {
    this.closeAll();
    rmSync(this.temp, { recursive: true, force: true });
  }

  /** Moves the files into place; a shard also gets its manifest, and its folder appears in one rename. */
  async commit(manifest: Omit<Manifest, 'files' | 'format' | 'version' | 'kind' | 'shard'>): Promise<void> {
    const names = Object.keys(LAYOUTS[this.kind].files(this.output));
    for (const name of names) if (!this.fds.has(name)) this.write(name, '');
    this.closeAll();
    if (this.shard) {
      const files: Manifest['files'] = {};
      for (const name of names) {
        const bytes = readFileSync(path.join(this.temp, name));
        files[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
      const full: Manifest = {
        format: 'semisynth.part',
        version: 1,
        kind: this.kind,
        shard: this.shard,
        ...manifest,
        files,
      };
      const manifestFd = openSync(path.join(this.temp, MANIFEST), 'w');
      writeSync(manifestFd, JSON.stringify(full, null, 2) + '\n');
      closeSync(manifestFd);
      const final = RunFiles.shardDir(this.output, this.shard);
      try {
        renameSync(this.temp, final);
      } catch (error) {
        // Another process finished the same shard meanwhile: theirs stands if it is the same job.
        this.abandon();
        if (readManifest(final).job !== manifest.job) throw error;
      }
      return;
    }
    LAYOUTS[this.kind].finish?.(this.output, this.temp);
    // Side files first, the main file last: a main file in place means the run finished.
    const targets = LAYOUTS[this.kind].files(this.output);
    for (const name of names.slice(1).concat(names[0])) renameSync(path.join(this.temp, name), targets[name]);
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/**
 * Whether shard `shard` of this job is already done (true), not started (false); a folder there from another
 * job is refused.
 */
export function shardDone(output: string, shard: Shard, job: string): boolean {
  const dir = RunFiles.shardDir(output, shard);
  if (!existsSync(dir)) return false;
  const manifest = readManifest(dir);
  if (manifest.job !== job)
    throw new CliError(
      `${dir} holds a part of another job (other inputs or settings)`,
      EXIT.badInput,
      `Remove ${partsDir(output)} or choose another --output; parts of different jobs must not be merged.`,
    );
  return true;
}
