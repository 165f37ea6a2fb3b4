/**
 * Compressed files (.gz, .zst) of any format this app reads, unpacked into a Blob of the plain bytes as they
 * stream in (blob-builder.ts), with a specific problem for a file cut short or not compressed as its name
 * says. gzip uses the platform's DecompressionStream (browsers and Node ≥ 18); zstd uses fzstd, a small
 * pure-JS decoder, as no browser decodes zstd for scripts.
 */
import { Decompress as ZstdDecompress } from 'fzstd';
import { BlobBuilder } from './blob-builder';
import type { Problem } from './problem';

export type Compression = 'gzip' | 'zstd';

const EXTENSIONS: Record<string, Compression> = { gz: 'gzip', gzip: 'gzip', zst: 'zstd', zstd: 'zstd' };
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** The compression a name's last extension says ("a.jsonl.gz" → gzip), and the name without it. */
export function compressionOf(name: string): { compression: Compression; inner: string } | undefined {
  const m = /\.([^./]+)$/.exec(name);
  const compression = m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
  return compression && m ? { compression, inner: name.slice(0, m.index) } : undefined;
}

export type Unpacked = { ok: true; blob: Blob } | { ok: false; problem: Problem };

/** `file` (named `name`) decompressed; `onBytes` hears compressed bytes consumed, for progress. */
export async function decompress(
  file: Blob,
  name: string,
  compression: Compression,
  onBytes?: (n: number) => void,
): Promise<Unpacked> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const magic = compression === 'gzip' ? GZIP_MAGIC : ZSTD_MAGIC;
  if (file.size === 0 || !magic.every((b, i) => head[i] === b)) {
    return { ok: false, problem: notCompressed(name, compression, file.size === 0) };
  }
  const out = new BlobBuilder();
  try {
    if (compression === 'gzip') await gunzip(file, out, onBytes ?? (() => {}));
    else await unzstd(file, out, onBytes ?? (() => {}));
  } catch (error) {
    return { ok: false, problem: brokenStream(name, compression, error, out.size) };
  }
  return { ok: true, blob: out.blob() };
}

/** Thrown when the stream ended (all input given) before the compressed data was complete. */
class Truncated extends Error {}

async function gunzip(file: Blob, out: BlobBuilder, onBytes: (n: number) => void): Promise<void> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      out.add(value);
    }
  })();
  const feeding = (async () => {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await writer.write(value);
      onBytes(value.byteLength);
    }
    await writer.close();
  })();
  const [fed, read] = await Promise.allSettled([feeding, reading]);
  const failed = fed.status === 'rejected' ? fed : read.status === 'rejected' ? read : undefined;
  if (!failed) return;
  // Engines word it differently: zlib (Node) "unexpected end of file", Chromium "…input was truncated".
  const reason: unknown = failed.reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  throw TRUNCATED.test(message) ? new Truncated(message) : reason;
}

const TRUNCATED = /unexpected end|truncated|incomplete/i;

async function unzstd(file: Blob, out: BlobBuilder, onBytes: (n: number) => void): Promise<void> {
  const decoder = new ZstdDecompress((data) => out.add(data));
  const reader = file.stream().getReader();
  let pending: Uint8Array | undefined;
  // One chunk behind, so the last one is pushed as final: fzstd then checks the frame is complete.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (pending) decoder.push(pending);
    onBytes(pending?.byteLength ?? 0);
    pending = value;
  }
  try {
    decoder.push(pending ?? new Uint8Array(0), true);
  } catch (error) {
    // fzstd's UnexpectedEOF (code 5): the input ran out inside a frame.
    if ((error as { code?: number }).code === 5) throw new Truncated(String(error));
    throw error;
  }
  onBytes(pending?.byteLength ?? 0);
}

const TOOL: Record<Compression, string> = { gzip: 'gzip', zstd: 'zstd' };

function notCompressed(name: string, compression: Compression, empty: boolean): Problem {
  return {
    severity: 'error',
    source: name,
    message: empty
      ? `${name} is empty (0 bytes) — there is nothing to decompress.`
      : `${name} is not ${compression} data: it does not start with the ${compression} signature, though its name ends in a ${compression} extension.`,
    hint: empty
      ? 'Check that it finished saving or downloading.'
      : `If it is not compressed, remove the extension; otherwise check the file with ${TOOL[compression]} -t.`,
  };
}

function brokenStream(name: string, compression: Compression, error: unknown, produced: number): Problem {
  const truncated = error instanceof Truncated;
  return {
    severity: 'error',
    source: name,
    message: truncated
      ? `${name} is truncated: the ${compression} stream ends before its end marker (after ${produced} bytes of decompressed data). Nothing was read from it.`
      : `${name} is corrupt: its ${compression} data could not be decompressed (${error instanceof Error ? error.message : String(error)}). Nothing was read from it.`,
    hint: truncated
      ? 'The file was probably cut off while downloading or copying; fetch it again.'
      : `Check the file with ${TOOL[compression]} -t, and fetch it again if the check fails.`,
  };
}
