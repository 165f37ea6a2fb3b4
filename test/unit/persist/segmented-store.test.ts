import { describe, expect, it } from 'vitest';
import { MemoryByteStore, type ByteStore } from '../../../src/lib/persist/byte-store';
import { SegmentedByteStore, type SegmentList } from '../../../src/lib/persist/segmented-store';

/** Segments in memory, as OPFS holds them in numbered files. */
class MemorySegments implements SegmentList {
  readonly stores: MemoryByteStore[] = [];
  count(): Promise<number> {
    return Promise.resolve(this.stores.length);
  }
  open(index: number): Promise<ByteStore> {
    this.stores[index] ??= new MemoryByteStore();
    return Promise.resolve(this.stores[index]);
  }
  remove(index: number): Promise<void> {
    if (index !== this.stores.length - 1) throw new Error(`segment ${index} removed before the last`);
    this.stores.pop();
    return Promise.resolve();
  }
}

const bytes = (n: number, first: number) => Uint8Array.from({ length: n }, (_, i) => (first + i) & 0xff);

async function all(store: ByteStore): Promise<Uint8Array> {
  return store.read(0, await store.size());
}

describe('segmented byte store', () => {
  it('puts each append whole into a segment of at most the cap, and reads across segments', async () => {
    const segments = new MemorySegments();
    const store = await SegmentedByteStore.open(segments, 10);
    const appends = [bytes(4, 0), bytes(5, 4), bytes(3, 9), bytes(12, 12), bytes(1, 24)];
    for (const a of appends) await store.append(a);
    expect(await Promise.all(segments.stores.map((s) => s.size()))).toEqual([9, 3, 12, 1]);
    expect(await all(store)).toEqual(bytes(25, 0));
    expect(await store.read(7, 8)).toEqual(bytes(8, 7));
    expect(await store.read(20, 100)).toEqual(bytes(5, 20));

    // Opened again: the same bytes, appended after.
    const again = await SegmentedByteStore.open(segments, 10);
    await again.append(bytes(2, 25));
    expect(await all(again)).toEqual(bytes(27, 0));
  });

  it('truncates within a segment and removes the later ones', async () => {
    const segments = new MemorySegments();
    const store = await SegmentedByteStore.open(segments, 10);
    for (const a of [bytes(9, 0), bytes(3, 9), bytes(8, 12)]) await store.append(a);
    await store.truncate(10);
    expect(segments.stores).toHaveLength(2);
    expect(await all(store)).toEqual(bytes(10, 0));
    await store.truncate(9); // a segment boundary: the second segment goes
    expect(segments.stores).toHaveLength(1);
    await store.truncate(0);
    expect(await store.size()).toBe(0);
    await store.append(bytes(3, 50));
    expect(await all(await SegmentedByteStore.open(segments, 10))).toEqual(bytes(3, 50));
  });
});
