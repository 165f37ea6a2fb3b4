/**
 * The origin-private file system (OPFS) as the persist layer uses it: folders by path, a file as a ByteStore
 * (src/lib/persist/byte-store.ts), a Blob copied in, and folders removed with everything in them.
 *
 * Writes go through createWritable(), which Chromium commits on close() (written to a swap file, then moved
 * into place), so a crash mid-write leaves the file as it was; the score file's checksums guard against
 * what that does not cover (a disk that tears anyway, a file cut by hand). Appending with
 * keepExistingData copies the file into the swap file first, which is why score files are kept in
 * segments of a few MB (segmented-store.ts); a worker with sync access handles would append in place.
 */
import type { ByteStore } from '../lib/persist/byte-store';
import type { SegmentList } from '../lib/persist/segmented-store';

export function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  return navigator.storage.getDirectory();
}

/** The folder at `path` under `root`, created on the way when `create`; null where it does not exist. */
export async function folder(
  root: FileSystemDirectoryHandle,
  path: readonly string[],
  create: boolean,
): Promise<FileSystemDirectoryHandle | null> {
  let dir = root;
  for (const name of path) {
    try {
      dir = await dir.getDirectoryHandle(name, { create });
    } catch (error) {
      if (!create && error instanceof DOMException && error.name === 'NotFoundError') return null;
      throw error;
    }
  }
  return dir;
}

/** Removes `name` from `dir` with everything under it; nothing happens where it is not there. */
export async function removeEntry(dir: FileSystemDirectoryHandle, name: string): Promise<void> {
  try {
    await dir.removeEntry(name, { recursive: true });
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
  }
}

/** Names in a folder (for clearing and for the tests' listing). */
export async function entryNames(dir: FileSystemDirectoryHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  return names;
}

/** Bytes of every file under `dir`, at any depth (an entry removed while counting counts nothing). */
export async function folderBytes(dir: FileSystemDirectoryHandle): Promise<number> {
  type Entries = { entries(): AsyncIterable<[string, FileSystemHandle]> };
  let bytes = 0;
  for await (const [, handle] of (dir as unknown as Entries).entries()) {
    try {
      bytes +=
        handle.kind === 'directory'
          ? await folderBytes(handle as FileSystemDirectoryHandle)
          : (await (handle as FileSystemFileHandle).getFile()).size;
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
    }
  }
  return bytes;
}

/** Copies a Blob (a file the user added) into `dir/name`, streamed, replacing what was there. */
export async function writeBlob(dir: FileSystemDirectoryHandle, name: string, blob: Blob): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await blob.stream().pipeTo(writable); // closes the writable, which commits the copy
}

export async function readBlob(dir: FileSystemDirectoryHandle, name: string): Promise<File> {
  return (await dir.getFileHandle(name)).getFile();
}

/** An OPFS file as the score file's byte store. */
export class OpfsByteStore implements ByteStore {
  private constructor(private readonly handle: FileSystemFileHandle) {}

  static async open(dir: FileSystemDirectoryHandle, name: string): Promise<OpfsByteStore> {
    return new OpfsByteStore(await dir.getFileHandle(name, { create: true }));
  }

  async size(): Promise<number> {
    return (await this.handle.getFile()).size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const file = await this.handle.getFile();
    return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  }

  async append(bytes: Uint8Array): Promise<void> {
    const writable = await this.handle.createWritable({ keepExistingData: true });
    try {
      await writable.seek((await this.handle.getFile()).size);
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
  }

  async truncate(length: number): Promise<void> {
    const writable = await this.handle.createWritable({ keepExistingData: true });
    await writable.truncate(length);
    await writable.close();
  }
}

/** Numbered segment files (`000000`, `000001`, …) in one folder, for SegmentedByteStore. */
export class OpfsSegments implements SegmentList {
  constructor(private readonly dir: FileSystemDirectoryHandle) {}

  private static nameOf(index: number): string {
    return String(index).padStart(6, '0');
  }

  /** Segments numbered from 0 without a gap (a gap would mean the ones after it are not this file's). */
  async count(): Promise<number> {
    const names = new Set(await entryNames(this.dir));
    let n = 0;
    while (names.has(OpfsSegments.nameOf(n))) n++;
    return n;
  }

  open(index: number): Promise<ByteStore> {
    return OpfsByteStore.open(this.dir, OpfsSegments.nameOf(index));
  }

  remove(index: number): Promise<void> {
    return removeEntry(this.dir, OpfsSegments.nameOf(index));
  }
}
