/**
 * A ByteStore over an OPFS file's sync access handle (dedicated workers only): appends write in place at
 * the end, so a growing score file costs what it writes — unlike createWritable(), which copies the whole
 * file into a swap file first (why the page's score files are segmented, segmented-store.ts). A write torn
 * by a crash is what the score file's checksums catch. The handle locks the file while open: close it.
 */
import type { ByteStore } from './byte-store';

export class SyncFileStore implements ByteStore {
  constructor(private readonly handle: FileSystemSyncAccessHandle) {}

  size(): Promise<number> {
    return Promise.resolve(this.handle.getSize());
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const size = this.handle.getSize();
    const bytes = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
    let done = 0;
    while (done < bytes.length) {
      const n = this.handle.read(bytes.subarray(done), { at: offset + done });
      if (n === 0) break;
      done += n;
    }
    return Promise.resolve(bytes.subarray(0, done));
  }

  append(bytes: Uint8Array): Promise<void> {
    const at = this.handle.getSize();
    let done = 0;
    while (done < bytes.length) done += this.handle.write(bytes.subarray(done), { at: at + done });
    this.handle.flush();
    return Promise.resolve();
  }

  truncate(length: number): Promise<void> {
    if (length < this.handle.getSize()) this.handle.truncate(length);
    this.handle.flush();
    return Promise.resolve();
  }

  close(): void {
    this.handle.close();
  }
}
