/**
 * Lazy reads of a score file (score-file.ts): an index built from each batch's header and table, and one
 * document's columns read on demand, so a corpus's scores stay on disk and only the index (about 60 B a
 * document, document-table.ts) and the documents being read are held.
 *
 * Indexing checks every batch as readScoreFile does — magic, length, CRC-32 (computed a chunk at a time,
 * so no batch is ever held whole), table and column sizes — and stops at the same torn batch for the same
 * reason, so the index and a full read agree on which documents the file holds.
 */
import type { DocumentScores } from '../scoring/scores';
import type { ByteStore } from './byte-store';
import { DocumentTable, type IndexedDocument } from './document-table';
import { crc32 } from './crc32';
import {
  BAD_CHECKSUM,
  BATCH_HEADER,
  batchHeader,
  columnBytes,
  decodeColumns,
  encodeBatch,
  headerLength,
  noBatches,
  payloadLayout,
  repairScoreFile,
  tableBytes,
  type DocumentPlace,
  type ScoreFileRead,
  type StoredScores,
} from './score-file';
import type { ScoreKey } from './score-key';

/** Bytes read at a time while checking a batch's checksum. */
const CRC_CHUNK_BYTES = 1 << 20;

export interface ScoreIndex extends Omit<ScoreFileRead, 'documents'> {
  /** Every document of every whole batch, in file order (readScoreFile's order). */
  documents: DocumentTable;
}

async function checksum(store: ByteStore, from: number, length: number, chunk: number): Promise<number> {
  let crc = 0;
  for (let done = 0; done < length;) {
    const bytes = await store.read(from + done, Math.min(chunk, length - done));
    if (bytes.length === 0) break;
    crc = crc32(bytes, crc);
    done += bytes.length;
  }
  return crc;
}

/** Indexes the file from its batch headers and tables; the columns are read only for their checksums. */
export async function indexScoreFile(
  store: ByteStore,
  key: ScoreKey,
  crcChunkBytes = CRC_CHUNK_BYTES,
): Promise<ScoreIndex> {
  const size = await store.size();
  const start = await headerLength(store, key);
  if (start === null) return { ...noBatches(size), documents: new DocumentTable() };
  const documents = new DocumentTable();
  let at = start;
  while (at < size) {
    const stop = (reason: string): ScoreIndex => ({ documents, validBytes: at, torn: { at, reason } });
    const head = await store.read(at, BATCH_HEADER + 4);
    const header = batchHeader(head, at, size);
    if (typeof header === 'string') return stop(header);
    const { length } = header;
    const payloadAt = at + BATCH_HEADER;
    if ((await checksum(store, payloadAt, length, crcChunkBytes)) !== header.crc) return stop(BAD_CHECKSUM);
    let places: DocumentPlace[];
    try {
      // A payload shorter than its count is refused by payloadLayout as the full read refuses it.
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      const count = length >= 4 ? view.getUint32(BATCH_HEADER, true) : 0;
      const table = await store.read(payloadAt, Math.min(length, tableBytes(count)));
      places = payloadLayout(table, length);
    } catch (error) {
      return stop(error instanceof Error ? error.message : String(error));
    }
    for (const { columnsAt, ...place } of places) documents.push({ ...place, at: payloadAt + columnsAt });
    at = payloadAt + length;
  }
  return { documents, validBytes: at, torn: null };
}

/** One document's scores, read from the file (the same arrays readScoreFile gives). */
export async function readIndexedScores(store: ByteStore, doc: IndexedDocument): Promise<DocumentScores> {
  const length = columnBytes(doc.tokens, doc.k);
  const bytes = await store.read(doc.at, length);
  if (bytes.length !== length)
    throw new Error(`the score file ends inside a document's columns (at ${doc.at})`);
  return decodeColumns(doc, bytes, 0);
}

/**
 * A score file open for appending that keeps only its index in memory: what a corpus run uses, so scores
 * of any number of documents stay on disk and each is read back when it is edited.
 */
export class IndexedScoreFile {
  private constructor(
    private readonly store: ByteStore,
    readonly index: ScoreIndex,
    private size: number,
  ) {}

  /** Indexes the file, then repairs it as ScoreFile.open does (afresh, or cut back to its whole batches). */
  static async open(store: ByteStore, key: ScoreKey): Promise<IndexedScoreFile> {
    const index = await indexScoreFile(store, key);
    await repairScoreFile(store, key, index);
    return new IndexedScoreFile(store, index, await store.size());
  }

  /** Documents the file holds (a text scored twice counts twice). */
  get count(): number {
    return this.index.documents.count;
  }

  has(hash: Uint8Array): boolean {
    return this.index.documents.find(hash) >= 0;
  }

  /** The scores stored for a text with this hash (the latest, where it was stored twice), or null. */
  async scoresOf(hash: Uint8Array): Promise<DocumentScores | null> {
    const at = this.index.documents.find(hash);
    return at < 0 ? null : readIndexedScores(this.store, this.index.documents.get(at));
  }

  /** Appends one batch and indexes it from the bytes written (no read back). */
  async append(documents: readonly StoredScores[]): Promise<void> {
    if (documents.length === 0) return;
    const bytes = encodeBatch(documents);
    await this.store.append(bytes);
    const payloadAt = this.size + BATCH_HEADER;
    for (const { columnsAt, ...place } of payloadLayout(
      bytes.subarray(BATCH_HEADER),
      bytes.length - BATCH_HEADER,
    )) {
      this.index.documents.push({ ...place, at: payloadAt + columnsAt });
    }
    this.size += bytes.length;
  }
}
