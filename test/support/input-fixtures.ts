/**
 * Compressed, zipped and Parquet inputs the tests write themselves, from plain documents: gzip with
 * node:zlib, zip with fflate, Parquet with hyparquet-writer, and zstd as a frame of raw and RLE blocks
 * built by hand (RFC 8878 §3.1): Node 20 has no zstd encoder, and a valid frame needs no compression to
 * exercise the decoder's framing, block types and end-of-input checks. Nothing is downloaded.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function gzip(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(gzipSync(typeof data === 'string' ? utf8(data) : data));
}

/** A block of a zstd frame: bytes stored as they are, or one byte repeated (RLE). */
export type ZstdBlock = Uint8Array | { byte: number; count: number };

/** Largest block RFC 8878 allows (Block_Maximum_Size: 128 KiB). */
const MAX_BLOCK = 128 * 1024;

/**
 * A single-segment zstd frame: magic 0xFD2FB528, a frame header descriptor saying a 4-byte content size
 * and no window descriptor, no dictionary or checksum; then each block with its 3-byte header
 * (Last_Block bit, Block_Type 0 = raw or 1 = RLE, Block_Size). Raw data over 128 KiB is split.
 */
export function zstdFrame(...blocks: ZstdBlock[]): Uint8Array {
  const split: ZstdBlock[] = blocks.flatMap((b): ZstdBlock[] => {
    if (!(b instanceof Uint8Array)) return [b];
    const parts: Uint8Array[] = [];
    for (let i = 0; i < b.length; i += MAX_BLOCK) parts.push(b.subarray(i, i + MAX_BLOCK));
    return parts.length ? parts : [b];
  });
  const size = split.reduce((n, b) => n + (b instanceof Uint8Array ? b.length : b.count), 0);
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0b1010_0000];
  out.push(size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, (size >>> 24) & 0xff);
  split.forEach((b, i) => {
    const last = i === split.length - 1 ? 1 : 0;
    const raw = b instanceof Uint8Array;
    const header = last | ((raw ? 0 : 1) << 1) | ((raw ? b.length : b.count) << 3);
    out.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff);
    if (raw) for (const byte of b) out.push(byte);
    else out.push(b.byte);
  });
  return new Uint8Array(out);
}

export function zstd(data: Uint8Array | string): Uint8Array {
  return zstdFrame(typeof data === 'string' ? utf8(data) : data);
}

export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  const entries: Zippable = {};
  for (const [path, data] of Object.entries(files))
    entries[path] = typeof data === 'string' ? utf8(data) : data;
  return zipSync(entries);
}

export interface ChatTurn {
  role: string;
  content: string;
}

/**
 * A Parquet file of rows with an INT64 `id`, a STRING `text`, optionally a list<struct<role, content>>
 * `messages` column (as Hugging Face chat datasets store it), `rowGroupSize` rows per row group, pages
 * compressed with `codec`.
 */
export function parquet(
  rows: { id: number; text: string; messages?: ChatTurn[] }[],
  rowGroupSize = 2,
  codec: 'SNAPPY' | 'GZIP' | 'BROTLI' = 'SNAPPY',
): Uint8Array {
  const chat = rows.some((r) => r.messages);
  const schema = [
    { name: 'root', num_children: chat ? 3 : 2 },
    { name: 'id', type: 'INT64' as const, repetition_type: 'REQUIRED' as const },
    {
      name: 'text',
      type: 'BYTE_ARRAY' as const,
      converted_type: 'UTF8' as const,
      repetition_type: 'OPTIONAL' as const,
    },
    ...(chat
      ? [
          {
            name: 'messages',
            repetition_type: 'OPTIONAL' as const,
            converted_type: 'LIST' as const,
            num_children: 1,
          },
          { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
          { name: 'element', repetition_type: 'OPTIONAL' as const, num_children: 2 },
          {
            name: 'role',
            type: 'BYTE_ARRAY' as const,
            converted_type: 'UTF8' as const,
            repetition_type: 'OPTIONAL' as const,
          },
          {
            name: 'content',
            type: 'BYTE_ARRAY' as const,
            converted_type: 'UTF8' as const,
            repetition_type: 'OPTIONAL' as const,
          },
        ]
      : []),
  ];
  const columnData = [
    { name: 'id', data: BigInt64Array.from(rows.map((r) => BigInt(r.id))) },
    { name: 'text', data: rows.map((r) => r.text) },
    ...(chat ? [{ name: 'messages', data: rows.map((r) => r.messages ?? []) }] : []),
  ];
  // Node's zlib compresses the pages for the codecs hyparquet-writer does not bring itself.
  const compressors = {
    GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
    BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
  };
  return new Uint8Array(parquetWriteBuffer({ schema, columnData, rowGroupSize, codec, compressors }));
}

/** A Parquet file whose only columns are numbers: no text to read. */
export function numericParquet(values: number[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({ columnData: [{ name: 'score', data: Float64Array.from(values), type: 'DOUBLE' }] }),
  );
}
