/**
 * Where a corpus run's output goes: any byte sink (a File System Access writable, an OPFS file, a Node
 * file in tests), written in chunks of about a MiB, so the output is never built in memory and the sink is
 * not called once per line (each write to a browser's writable is a round trip to the browser process).
 */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** The output is complete (a browser's writable commits it now). */
  close(): Promise<void>;
  /** The run failed or was cancelled: what was written goes (a browser's writable discards it). */
  abort(): Promise<void>;
}

const FLUSH_BYTES = 1 << 20;

export class TextSink {
  private readonly encoder = new TextEncoder();
  private pending: string[] = [];
  private pendingLength = 0;
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(private readonly sink: ByteSink) {}

  /** Adds text; it reaches the sink once about a MiB has gathered (UTF-16 length, close enough). */
  async add(text: string): Promise<void> {
    if (text === '') return;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = this.encoder.encode(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
    await this.sink.write(bytes);
    this.written += bytes.length;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.sink.close();
  }

  abort(): Promise<void> {
    this.pending = [];
    return this.sink.abort();
  }
}

/** A sink that keeps what it is given (tests, and small outputs the page downloads at once). */
export class MemorySink implements ByteSink {
  readonly chunks: Uint8Array[] = [];
  closed = false;
  aborted = false;

  write(bytes: Uint8Array): Promise<void> {
    this.chunks.push(bytes);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  abort(): Promise<void> {
    this.aborted = true;
    return Promise.resolve();
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
