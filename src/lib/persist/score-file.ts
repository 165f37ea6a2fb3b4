/**
 * The score file: an append-only log of scored documents under one ScoreKey, written a batch at a time as
 * scoring goes, so a reload or a crash keeps every batch that reached the disk.
 *
 *   header  'SSSF' u32 · version u32 · key length u32 · CRC-32 of the key u32 · key (UTF-8 JSON, padded to 4)
 *   batch   'SSBT' u32 · payload length u32 · CRC-32 of the payload u32 · payload
 *   payload document count u32 · table (per document: SHA-256 of its text, 32 B · tokens u32 · k u32 ·
 *           flags u32, bit 0 = BOS prepended) · columns, document after document: tokenIds i32, byteStart
 *           u32, byteEnd u32, logprob f32, rank i32, entropy f32 (one per token), topIds i32, topLogprobs
 *           f32 (tokens × k)
 *
 * Little-endian, every field 4-byte aligned. A batch whose header, length or checksum does not hold (a
 * write cut short by a crash or a full disk) ends the valid part of the file: opening cuts the file back
 * to it, and the documents of that batch are simply not there, so they are scored again. The table comes
 * before the columns so that a reader can index a file by reading tables only and fetch one document's
 * columns later: score-index.ts does that (readScoreFile reads everything).
 */
import type { DocumentScores } from '../scoring/scores';
import type { ByteStore } from './byte-store';
import { CONTENT_HASH_BYTES } from './content-hash';
import { crc32 } from './crc32';
import { scoreKeyText, type ScoreKey } from './score-key';

const FILE_MAGIC = 0x46535353; // 'SSSF' read as little-endian u32
const BATCH_MAGIC = 0x54425353; // 'SSBT'
const VERSION = 1;
export const BATCH_HEADER = 12;
const TABLE_ENTRY = CONTENT_HASH_BYTES + 12;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
  throw new Error('score files are little-endian; this platform is not');

export interface StoredScores {
  /** SHA-256 of the document's UTF-8 text (content-hash.ts). */
  hash: Uint8Array;
  scores: DocumentScores;
}

export interface ScoreFileRead {
  documents: StoredScores[];
  /** Bytes of the file that hold whole, checked batches (the header included). */
  validBytes: number;
  /** Why the rest of the file was dropped: a torn or corrupt batch at `at` (null: the file was whole). */
  torn: { at: number; reason: string } | null;
}

const encoder = new TextEncoder();
const pad4 = (n: number) => (n + 3) & ~3;

export function encodeHeader(key: ScoreKey): Uint8Array {
  const keyBytes = encoder.encode(scoreKeyText(key));
  const bytes = new Uint8Array(16 + pad4(keyBytes.length));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, FILE_MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, keyBytes.length, true);
  view.setUint32(12, crc32(keyBytes), true);
  bytes.set(keyBytes, 16);
  return bytes;
}

const columnsOf = (s: DocumentScores) =>
  [s.tokenIds, s.byteStart, s.byteEnd, s.logprob, s.rank, s.entropy, s.topIds, s.topLogprobs] as const;

/** One batch, ready to append: its header, checksum and payload. */
export function encodeBatch(documents: readonly StoredScores[]): Uint8Array {
  let payload = 4 + documents.length * TABLE_ENTRY;
  for (const { hash, scores } of documents) {
    if (hash.length !== CONTENT_HASH_BYTES) throw new Error(`a content hash has ${hash.length} bytes`);
    const n = scores.tokenIds.length;
    if (scores.topIds.length !== n * scores.k || scores.topLogprobs.length !== n * scores.k)
      throw new Error(`top-k columns hold ${scores.topIds.length} entries for ${n} tokens × k = ${scores.k}`);
    for (const column of columnsOf(scores)) payload += column.byteLength;
  }
  const bytes = new Uint8Array(BATCH_HEADER + payload);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, BATCH_MAGIC, true);
  view.setUint32(4, payload, true);
  view.setUint32(BATCH_HEADER, documents.length, true);
  let at = BATCH_HEADER + 4;
  for (const { hash, scores } of documents) {
    bytes.set(hash, at);
    view.setUint32(at + CONTENT_HASH_BYTES, scores.tokenIds.length, true);
    view.setUint32(at + CONTENT_HASH_BYTES + 4, scores.k, true);
    view.setUint32(at + CONTENT_HASH_BYTES + 8, scores.bosPrepended ? 1 : 0, true);
    at += TABLE_ENTRY;
  }
  for (const { scores } of documents)
    for (const column of columnsOf(scores)) {
      bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
      at += column.byteLength;
    }
  view.setUint32(8, crc32(bytes.subarray(BATCH_HEADER)), true);
  return bytes;
}

/** Where one document of a batch sits: its table entry and the offset of its columns in the payload. */
export interface DocumentPlace {
  hash: Uint8Array;
  tokens: number;
  k: number;
  bosPrepended: boolean;
  /** Offset of its first column from the start of the payload. */
  columnsAt: number;
}

/** Bytes of one document's columns: six of one 4-byte value a token, two of k. */
export const columnBytes = (tokens: number, k: number): number => tokens * 4 * (6 + 2 * k);

/**
 * The documents of a payload from its table alone: `head` is the payload's first bytes (at least the count
 * and the whole table), `length` the payload's length. Throws where the table or the columns it describes
 * do not fit the payload exactly, so a lazy index refuses the same batches as a full read.
 */
export function payloadLayout(head: Uint8Array, length: number): DocumentPlace[] {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const count = view.getUint32(0, true);
  if (4 + count * TABLE_ENTRY > length) throw new Error(`a table of ${count} documents overruns`);
  let at = 4 + count * TABLE_ENTRY;
  const places: DocumentPlace[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 4 + i * TABLE_ENTRY;
    const tokens = view.getUint32(entry + CONTENT_HASH_BYTES, true);
    const k = view.getUint32(entry + CONTENT_HASH_BYTES + 4, true);
    const flags = view.getUint32(entry + CONTENT_HASH_BYTES + 8, true);
    places.push({
      hash: head.slice(entry, entry + CONTENT_HASH_BYTES),
      tokens,
      k,
      bosPrepended: (flags & 1) === 1,
      columnsAt: at,
    });
    at += columnBytes(tokens, k);
    if (at > length) throw new Error('columns overrun the batch');
  }
  if (at !== length) throw new Error(`${length - at} bytes left over after the columns`);
  return places;
}

/** Bytes needed from the payload's start to hold its table (the count first). */
export const tableBytes = (count: number): number => 4 + count * TABLE_ENTRY;

/**
 * One document's scores from `bytes`, which hold its columns from `at` (copies: the arrays own their
 * buffers and can be transferred).
 */
export function decodeColumns(
  place: Omit<DocumentPlace, 'hash' | 'columnsAt'>,
  bytes: Uint8Array,
  at: number,
): DocumentScores {
  const take = <T>(make: (buffer: ArrayBuffer) => T, length: number): T => {
    const copy = bytes.slice(at, at + length * 4);
    at += length * 4;
    return make(copy.buffer);
  };
  const { tokens: n, k } = place;
  return {
    tokenIds: take((b) => new Int32Array(b), n),
    byteStart: take((b) => new Uint32Array(b), n),
    byteEnd: take((b) => new Uint32Array(b), n),
    logprob: take((b) => new Float32Array(b), n),
    rank: take((b) => new Int32Array(b), n),
    entropy: take((b) => new Float32Array(b), n),
    k,
    topIds: take((b) => new Int32Array(b), n * k),
    topLogprobs: take((b) => new Float32Array(b), n * k),
    bosPrepended: place.bosPrepended,
  };
}

/** The documents of a checked payload. */
function decodePayload(payload: Uint8Array): StoredScores[] {
  return payloadLayout(payload, payload.length).map((place) => ({
    hash: place.hash,
    scores: decodeColumns(place, payload, place.columnsAt),
  }));
}

/**
 * Reads the header's length (or null where the store does not start with this key's header: empty, another
 * format, another key, a torn header).
 */
export async function headerLength(store: ByteStore, key: ScoreKey): Promise<number | null> {
  const expected = encodeHeader(key);
  const found = await store.read(0, expected.length);
  if (found.length !== expected.length) return null;
  for (let i = 0; i < expected.length; i++) if (found[i] !== expected[i]) return null;
  return expected.length;
}

/** A file without this key's header holds none of its batches (torn unless it is empty). */
export const noBatches = (size: number) => ({
  documents: [],
  validBytes: 0,
  torn: size === 0 ? null : { at: 0, reason: 'the header is not this key’s' },
});

export const BAD_CHECKSUM = 'the batch’s checksum does not match';

/**
 * The batch header in `head` (read at `at` of a file of `size` bytes): its payload's length and CRC, or
 * why no whole batch starts there.
 */
export function batchHeader(
  head: Uint8Array,
  at: number,
  size: number,
): { length: number; crc: number } | string {
  if (head.length < BATCH_HEADER) return 'the batch header is cut short';
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, true) !== BATCH_MAGIC) return 'no batch starts here';
  const length = view.getUint32(4, true);
  if (at + BATCH_HEADER + length > size) return 'the batch is cut short';
  return { length, crc: view.getUint32(8, true) };
}

/** Every whole batch of the file, in order, and where (and why) it stops being whole. */
export async function readScoreFile(store: ByteStore, key: ScoreKey): Promise<ScoreFileRead> {
  const size = await store.size();
  const start = await headerLength(store, key);
  if (start === null) return noBatches(size);
  const documents: StoredScores[] = [];
  let at = start;
  while (at < size) {
    const stop = (reason: string) => ({ documents, validBytes: at, torn: { at, reason } });
    const header = batchHeader(await store.read(at, BATCH_HEADER), at, size);
    if (typeof header === 'string') return stop(header);
    const { length } = header;
    const payload = await store.read(at + BATCH_HEADER, length);
    if (crc32(payload) !== header.crc) return stop(BAD_CHECKSUM);
    try {
      documents.push(...decodePayload(payload));
    } catch (error) {
      return stop(error instanceof Error ? error.message : String(error));
    }
    at += BATCH_HEADER + length;
  }
  return { documents, validBytes: at, torn: null };
}

/**
 * Makes the file ready to append after a read (full or indexed) of it: an empty or foreign file starts
 * afresh with this key's header, a torn tail is cut off (its documents will be scored again).
 */
export async function repairScoreFile(
  store: ByteStore,
  key: ScoreKey,
  read: Pick<ScoreFileRead, 'validBytes' | 'torn'>,
): Promise<void> {
  if (read.validBytes === 0) {
    await store.truncate(0);
    await store.append(encodeHeader(key));
  } else if (read.torn) await store.truncate(read.validBytes);
}

/**
 * A score file open for appending: opening reads what it holds, cuts a torn tail off (its documents will be
 * scored again), and starts an empty or foreign file afresh with this key's header.
 */
export class ScoreFile {
  private constructor(
    private readonly store: ByteStore,
    readonly key: ScoreKey,
  ) {}

  static async open(store: ByteStore, key: ScoreKey): Promise<{ file: ScoreFile; read: ScoreFileRead }> {
    const read = await readScoreFile(store, key);
    await repairScoreFile(store, key, read);
    return { file: new ScoreFile(store, key), read };
  }

  /** Everything the file holds now. */
  read(): Promise<ScoreFileRead> {
    return readScoreFile(this.store, this.key);
  }

  /** Appends one batch; it counts once the store has taken all of it. */
  async append(documents: readonly StoredScores[]): Promise<void> {
    if (documents.length > 0) await this.store.append(encodeBatch(documents));
  }
}
