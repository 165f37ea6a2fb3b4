/**
 * Bytes produced while a file is unpacked (decompressed, unzipped, Parquet rows written as JSON Lines),
 * gathered into a Blob a few MiB at a time: each full run of chunks becomes a Blob part, so the JS heap
 * holds at most PART_BYTES of output and the rest is in the browser's blob store (Chromium's can page
 * large blobs to disk; in Node a Blob is in memory).
 */
const PART_BYTES = 4 * 1024 * 1024;

export class BlobBuilder {
  private readonly parts: Blob[] = [];
  private pending: Uint8Array<ArrayBuffer>[] = [];
  private pendingBytes = 0;
  /** Bytes added so far. */
  size = 0;

  add(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    // A copy: decoders may reuse their output buffer.
    this.pending.push(new Uint8Array(chunk));
    this.pendingBytes += chunk.byteLength;
    this.size += chunk.byteLength;
    if (this.pendingBytes >= PART_BYTES) this.seal();
  }

  blob(): Blob {
    this.seal();
    return new Blob(this.parts);
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
