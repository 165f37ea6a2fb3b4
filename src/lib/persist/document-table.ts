/**
 * The documents of a score file's index, stored by column in typed arrays (about 60 B a document: the
 * SHA-256, the columns' offset, tokens, k and flags, and a slot of the hash table), so a corpus of a
 * million documents costs tens of MB rather than the hundreds that an object and a hex-string key per
 * document would. Lookups by content hash use open addressing on the hash's first four bytes (SHA-256
 * bytes are uniform, so they need no further mixing); a hash stored twice finds its latest document.
 */
import { CONTENT_HASH_BYTES } from './content-hash';

/** One stored document: its table entry and where its columns start in the file. */
export interface IndexedDocument {
  hash: Uint8Array;
  tokens: number;
  k: number;
  bosPrepended: boolean;
  /** Offset of its columns from the start of the file. */
  at: number;
}

const EMPTY = -1;

type Column = Uint8Array | Uint32Array | Float64Array;

/** A longer column of the same type holding `old` at its start. */
function grown<T extends Column>(old: T, length: number): T {
  const column = new (old.constructor as new (length: number) => T)(length);
  column.set(old as ArrayLike<number>);
  return column;
}

export class DocumentTable {
  private hashes = new Uint8Array(0);
  private offsets = new Float64Array(0);
  private tokens = new Uint32Array(0);
  private ks = new Uint32Array(0);
  private flags = new Uint8Array(0);
  /** Document positions by hash, EMPTY where free; a power of two, at most half full. */
  private slots = new Int32Array(16).fill(EMPTY);
  /** Documents stored (a hash stored twice counts twice). */
  count = 0;

  get(i: number): IndexedDocument {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no document ${i} among ${this.count}`);
    return {
      hash: this.hashes.slice(i * CONTENT_HASH_BYTES, (i + 1) * CONTENT_HASH_BYTES),
      tokens: this.tokens[i],
      k: this.ks[i],
      bosPrepended: this.flags[i] === 1,
      at: this.offsets[i],
    };
  }

  /** Every document, in order (for tests and small files). */
  all(): IndexedDocument[] {
    return Array.from({ length: this.count }, (_, i) => this.get(i));
  }

  /** The latest document with this content hash, or -1. */
  find(hash: Uint8Array): number {
    const slot = this.slotOf(hash);
    return this.slots[slot];
  }

  push(doc: IndexedDocument): void {
    if (doc.hash.length !== CONTENT_HASH_BYTES)
      throw new Error(`a content hash has ${doc.hash.length} bytes`);
    if (this.count === this.tokens.length) this.grow(Math.max(64, this.count * 2));
    const i = this.count++;
    this.hashes.set(doc.hash, i * CONTENT_HASH_BYTES);
    this.offsets[i] = doc.at;
    this.tokens[i] = doc.tokens;
    this.ks[i] = doc.k;
    this.flags[i] = doc.bosPrepended ? 1 : 0;
    this.slots[this.slotOf(doc.hash)] = i; // a free slot, or the same hash's: the latest wins
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
  }

  /** The slot holding this hash, or the free one where it would go. */
  private slotOf(hash: Uint8Array): number {
    const mask = this.slots.length - 1;
    let slot = (hash[0] | (hash[1] << 8) | (hash[2] << 16) | (hash[3] << 24)) & mask;
    for (;;) {
      const i = this.slots[slot];
      if (i === EMPTY || this.sameHash(i, hash)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private sameHash(i: number, hash: Uint8Array): boolean {
    const at = i * CONTENT_HASH_BYTES;
    for (let b = 0; b < CONTENT_HASH_BYTES; b++) if (this.hashes[at + b] !== hash[b]) return false;
    return true;
  }

  private grow(capacity: number): void {
    this.hashes = grown(this.hashes, capacity * CONTENT_HASH_BYTES);
    this.offsets = grown(this.offsets, capacity);
    this.tokens = grown(this.tokens, capacity);
    this.ks = grown(this.ks, capacity);
    this.flags = grown(this.flags, capacity);
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    // In order, so a hash stored twice ends on its latest document.
    for (let i = 0; i < this.count; i++)
      this.slots[this.slotOf(this.hashes.subarray(i * CONTENT_HASH_BYTES, (i + 1) * CONTENT_HASH_BYTES))] = i;
  }
}
