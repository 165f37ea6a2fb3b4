/**
 * One logical byte store over numbered segment stores, each at most about `maxSegmentBytes`. Appending to
 * an OPFS file through createWritable() copies the whole file first (Chromium writes a swap file and moves
 * it into place), so one growing score file would cost the square of its size; with segments an append
 * copies at most one segment. A batch never spans two segments: it goes whole into the last one, or into a
 * new one when the last is full.
 */
import type { ByteStore } from './byte-store';

/** The numbered segments: 0 … count() − 1, each a store of its own. */
export interface SegmentList {
  count(): Promise<number>;
  /** Segment `index`, created empty where it does not exist. */
  open(index: number): Promise<ByteStore>;
  remove(index: number): Promise<void>;
}

export const DEFAULT_SEGMENT_BYTES = 2 * 1024 * 1024;

export class SegmentedByteStore implements ByteStore {
  private constructor(
    private readonly list: SegmentList,
    private readonly stores: ByteStore[],
    private readonly sizes: number[],
    private readonly maxSegmentBytes: number,
  ) {}

  static async open(list: SegmentList, maxSegmentBytes = DEFAULT_SEGMENT_BYTES): Promise<SegmentedByteStore> {
    const stores: ByteStore[] = [];
    const sizes: number[] = [];
    const count = await list.count();
    for (let i = 0; i < count; i++) {
      stores.push(await list.open(i));
      sizes.push(await stores[i].size());
    }
    return new SegmentedByteStore(list, stores, sizes, maxSegmentBytes);
  }

  size(): Promise<number> {
    return Promise.resolve(this.sizes.reduce((a, b) => a + b, 0));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let start = 0;
    let wanted = length;
    for (let i = 0; i < this.stores.length && wanted > 0; i++) {
      const end = start + this.sizes[i];
      if (offset < end) {
        const from = Math.max(0, offset - start);
        const part = await this.stores[i].read(from, Math.min(wanted, this.sizes[i] - from));
        parts.push(part);
        wanted -= part.length;
        offset += part.length;
      }
      start = end;
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  async append(bytes: Uint8Array): Promise<void> {
    let last = this.stores.length - 1;
    if (last < 0 || (this.sizes[last] > 0 && this.sizes[last] + bytes.length > this.maxSegmentBytes)) {
      last = this.stores.length;
      this.stores.push(await this.list.open(last));
      this.sizes.push(0);
    }
    await this.stores[last].append(bytes);
    this.sizes[last] += bytes.length;
  }

  async truncate(length: number): Promise<void> {
    let start = 0;
    let keep = 0; // segments kept whole or in part
    for (; keep < this.stores.length; keep++) {
      if (start + this.sizes[keep] >= length) break;
      start += this.sizes[keep];
    }
    if (keep < this.stores.length) {
      const local = Math.max(0, length - start);
      if (local < this.sizes[keep]) {
        await this.stores[keep].truncate(local);
        this.sizes[keep] = local;
      }
      keep++;
    }
    // Later segments go, last first, so a crash midway never leaves a gap in the numbering.
    while (this.stores.length > keep) {
      await this.list.remove(this.stores.length - 1);
      this.stores.pop();
      this.sizes.pop();
    }
  }
}
