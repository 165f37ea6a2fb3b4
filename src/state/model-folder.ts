import { checkModelFolder, type FolderEntry } from '../lib/scoring/models/folder';
import type { Problem } from '../lib/io/problem';
import type { ModelSource } from '../lib/scoring/models/source';

interface PickedFile extends FolderEntry {
  file: File;
}

/**
 * Turns the files of an `<input webkitdirectory>` into a model source, after checking the folder so a
 * missing or broken file is named before transformers.js fails on it with a less helpful error.
 */
export async function pickModelFolder(
  list: FileList | null,
): Promise<{ source: ModelSource | null; dtypes: string[]; problems: Problem[] }> {
  const entries: PickedFile[] = Array.from(list ?? [], (file) => ({
    path: file.webkitRelativePath || file.name,
    size: file.size,
    file,
  }));
  if (entries.length === 0) {
    return {
      source: null,
      dtypes: [],
      problems: [{ severity: 'error', source: 'model folder', message: 'The chosen folder is empty.' }],
    };
  }
  const check = await checkModelFolder(entries, (e) => e.file.text());
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || check.dtypes.length === 0)
    return { source: null, dtypes: [], problems: check.problems };
  const files: Record<string, Blob> = {};
  for (const [path, entry] of check.files) files[path] = entry.file;
  return {
    source: { kind: 'folder', name: check.root || 'model folder', files },
    dtypes: check.dtypes.map((d) => d.dtype),
    problems: check.problems,
  };
}
