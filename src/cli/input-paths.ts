/**
 * What `--input` names, as the files the page would be handed: a file is itself (named by its base name, as
 * the page names a picked file); a folder is every file under it, named by its path from the folder's parent
 * ("shards/part-2.parquet", as a browser names a picked folder's files), in natural order. open-inputs.ts
 * then passes over hidden files and says which files it does not read, as it does for the page.
 */
import { openAsBlob, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../lib/io/open-inputs';
import { naturalSort } from '../lib/io/natural-order';
import { CliError } from './cli-error';

export interface InputPath {
  /** The name messages use: the base name, or the path from the folder's parent. */
  name: string;
  /** Where it is on disk. */
  file: string;
}

/** The files `input` stands for, in natural order of their names. */
export function inputPaths(input: string): InputPath[] {
  let folder: boolean;
  try {
    folder = statSync(input).isDirectory();
  } catch (error) {
    throw new CliError(
      `--input ${input}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`,
    );
  }
  const base = path.basename(path.resolve(input));
  if (!folder) return [{ name: base, file: input }];
  const found = readdirSync(input, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const file = path.join(d.parentPath ?? d.path, d.name);
      return { name: [base, ...path.relative(input, file).split(path.sep)].join('/'), file };
    });
  if (found.length === 0) throw new CliError(`--input ${input}: the folder holds no files`);
  return naturalSort(found, (f) => f.name);
}

/** `p` opened as a Blob the readers take (read lazily from disk). */
export async function openInputFile(p: InputPath): Promise<InputFile> {
  try {
    return { name: p.name, blob: await openAsBlob(p.file) };
  } catch (error) {
    throw new CliError(`--input ${p.file}: ${(error as Error).message}`);
  }
}
