/**
 * Files through the File System Access pickers (showOpenFilePicker, showDirectoryPicker), where the browser
 * has them: unlike an <input type=file>, their handles can be stored (IndexedDB) and opened again after a
 * reload, once the user grants read access again with a click. A folder's files are named by their path
 * under the folder, as <input webkitdirectory> names them ("shards/part-2.parquet").
 */
import type { PathedFile } from '../lib/run/run-plan';

type Picker<T> = (options?: { multiple?: boolean; mode?: 'read' | 'readwrite' }) => Promise<T>;
interface PermissionHandle {
  queryPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}
type Entries = { entries(): AsyncIterable<[string, FileSystemHandle]> };

export function filePicker(): Picker<FileSystemFileHandle[]> | null {
  return (globalThis as { showOpenFilePicker?: Picker<FileSystemFileHandle[]> }).showOpenFilePicker ?? null;
}

export function folderPicker(): Picker<FileSystemDirectoryHandle> | null {
  return (
    (globalThis as { showDirectoryPicker?: Picker<FileSystemDirectoryHandle> }).showDirectoryPicker ?? null
  );
}

/**
 * Asks for access to a stored handle where the browser no longer grants it (after a reload it asks the user;
 * call from a click). True when granted.
 */
export async function mayUse(handle: FileSystemHandle, mode: 'read' | 'readwrite'): Promise<boolean> {
  const h = handle as FileSystemHandle & PermissionHandle;
  if (!h.queryPermission) return true; // a browser without the permission calls grants what it hands out
  if ((await h.queryPermission({ mode })) === 'granted') return true;
  return (await h.requestPermission?.({ mode })) === 'granted';
}

/** Every file under the handles, at any depth, with its path; hidden files are the reader's to skip. */
export async function filesOf(handles: readonly FileSystemHandle[]): Promise<PathedFile[]> {
  const files: PathedFile[] = [];
  const walk = async (handle: FileSystemHandle, prefix: string): Promise<void> => {
    if (handle.kind === 'file') {
      files.push({ path: prefix + handle.name, file: await (handle as FileSystemFileHandle).getFile() });
      return;
    }
    for await (const [, child] of (handle as unknown as Entries).entries())
      await walk(child, `${prefix}${handle.name}/`);
  };
  for (const handle of handles) await walk(handle, '');
  return files;
}
