/**
 * Compression ratio = UTF-8 bytes / gzip bytes (metrics.md), with the platform's
 * `CompressionStream('gzip')` (browsers and Node ≥ 18; asynchronous, off the main thread's critical path
 * inside a worker). Repetitive text compresses more: synthetic text that recycles phrases scores higher.
 *
 * Caveats the numbers carry:
 *  - length-sensitive (longer text finds more repeats), so corpora are compared on equal-size samples:
 *    corpusCompressionRatio takes the first `maxBytes` (default 4 MiB) of the documents in a seeded random
 *    order (whole corpus when it is smaller) and says whether it sampled;
 *  - gzip's fixed cost (an 18-byte header and trailer, block headers) dominates tiny texts, so texts
 *    under `minBytes` (default 1000) are insufficient rather than reported as "ratio 0.9";
 *  - each engine ships its own zlib (Chromium's is modified for speed), so compressed sizes can differ
 *    slightly between browsers and Node: compare corpora within one engine.
 */
import { utf8Length } from '../../scoring/tokens/utf8-length';
import { insufficient, type Maybe } from './statistic';
import { seededRng } from '../../math/seeded';

export interface CompressionRatio {
  bytes: number;
  gzipBytes: number;
  /** bytes / gzipBytes. */
  ratio: number;
}

export interface CorpusCompressionRatio extends CompressionRatio {
  /** True when only a seeded sample of `bytes` bytes was compressed. */
  sampled: boolean;
  /** UTF-8 bytes of the whole corpus (documents joined by newlines). */
  corpusBytes: number;
}

/** Bytes gzip makes of `data`, counted as they stream out (nothing is kept). */
export async function gzipSize(data: Uint8Array): Promise<number> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  const reader = stream.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

async function ratioOf(bytes: Uint8Array, minBytes: number): Promise<Maybe<CompressionRatio>> {
  if (bytes.length === 0) return insufficient('no text: nothing to compress');
  if (bytes.length < minBytes) {
    return insufficient(
      `only ${bytes.length} bytes of text: under ${minBytes} bytes gzip's fixed overhead dominates the ratio`,
    );
  }
  const gzipBytes = await gzipSize(bytes);
  return { bytes: bytes.length, gzipBytes, ratio: bytes.length / gzipBytes };
}

/** The compression ratio of one text. */
export function compressionRatio(text: string, minBytes = 1000): Promise<Maybe<CompressionRatio>> {
  return ratioOf(new TextEncoder().encode(text), minBytes);
}

export interface CorpusCompressionOptions {
  /** Bytes compressed at most (default 4 MiB). */
  maxBytes?: number;
  minBytes?: number;
  /** Seeds the document order of the sample. */
  seed?: number;
}

/**
 * The compression ratio of a corpus: its documents joined by newlines, or — when that is over maxBytes —
 * the first maxBytes of them in a seeded random order (cut at a character boundary).
 */
export async function corpusCompressionRatio(
  documents: readonly string[],
  options: CorpusCompressionOptions = {},
): Promise<Maybe<CorpusCompressionRatio>> {
  const { maxBytes = 4 * 1024 * 1024, minBytes = 1000, seed = 0 } = options;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1))
    throw new RangeError(`maxBytes ${maxBytes} must be ≥ 1`);
  const encoder = new TextEncoder();
  let corpusBytes = Math.max(0, documents.length - 1); // the newlines
  for (const d of documents) corpusBytes += utf8Length(d);
  const sampled = corpusBytes > maxBytes;
  const order = Array.from(documents.keys());
  if (sampled) {
    const rng = seededRng(seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const buffer = new Uint8Array(Math.min(corpusBytes, maxBytes));
  let at = 0;
  for (let k = 0; k < order.length && at < buffer.length; k++) {
    if (k > 0) buffer[at++] = 0x0a;
    // encodeInto stops before a character that does not fit whole.
    at += encoder.encodeInto(documents[order[k]], buffer.subarray(at)).written;
  }
  const r = await ratioOf(buffer.subarray(0, at), minBytes);
  if ('insufficient' in r) return r;
  return { ...r, sampled, corpusBytes };
}
