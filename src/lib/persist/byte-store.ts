/**
 * Where a score file's bytes live: an append-only byte sequence that can be read at any offset and cut back
 * (to drop a torn tail). The browser's is an OPFS file (src/state/opfs-byte-store.ts); MemoryByteStore is
 * the same contract in memory, so the file format is exercised in Node exactly as the page uses it.
 */
export interface ByteStore {
  size(): Promise<number>;
  /** Exactly `length` bytes from `offset` (fewer only where the store ends first). */
  read(offset: number, length: number): Promise<Uint8Array>;
  append(bytes: Uint8Array): Promise<void>;
  /** Keeps the first `length` bytes. */
  truncate(length: number): Promise<void>;
}

export class MemoryByteStore implements ByteStore {
  private bytes = new Uint8Array(0);
  private length = 0;

  size(): Promise<number> {
    return Promise.resolve(this.length);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.length, offset + length);
    return Promise.resolve(this.bytes.slice(Math.min(offset, end), end));
  }

  append(bytes: Uint8Array): Promise<void> {
    if (this.length + bytes.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.length + bytes.length, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    return Promise.resolve();
  }

  truncate(length: number): Promise<void> {
    this.length = Math.min(this.length, Math.max(0, length));
    return Promise.resolve();
  }
}
