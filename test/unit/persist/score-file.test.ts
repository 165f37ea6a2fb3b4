import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../../src/lib/persist/byte-store';
import { contentHash, hashHex } from '../../../src/lib/persist/content-hash';
import { crc32 } from '../../../src/lib/persist/crc32';
import { encodeBatch, encodeHeader, readScoreFile, ScoreFile } from '../../../src/lib/persist/score-file';
import { scoreFileName } from '../../../src/lib/persist/score-key';
import { doc, expectSameScores, KEY, scores } from '../../support/stored-scores';

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('checksums a range a chunk at a time', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe('content hash and key', () => {
  it('is the SHA-256 of the UTF-8 text', async () => {
    expect(hashHex(await contentHash('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('names one file per key, readable and distinct', async () => {
    const name = await scoreFileName(KEY);
    expect(name).toMatch(/^semisynth-test_bigram-[0-9a-f]{16}\.scores$/);
    expect(await scoreFileName({ ...KEY })).toBe(name);
    for (const other of [{ dtype: 'q8' }, { device: 'webgpu' }, { k: 8 }, { revision: 'main' }])
      expect(await scoreFileName({ ...KEY, ...other })).not.toBe(name);
  });
});

describe('score file', () => {
  it('reads back every batch bit for bit, in order', async () => {
    const store = new MemoryByteStore();
    const { file, read } = await ScoreFile.open(store, KEY);
    expect(read).toEqual({ documents: [], validBytes: 0, torn: null });
    const batches = [[await doc('a', 5, 1), await doc('b', 0, 2)], [await doc('c', 17, 3)]];
    for (const b of batches) await file.append(b);
    const back = await readScoreFile(store, KEY);
    expect(back.torn).toBeNull();
    expect(back.validBytes).toBe(await store.size());
    const written = batches.flat();
    expect(back.documents.map((d) => hashHex(d.hash))).toEqual(written.map((d) => hashHex(d.hash)));
    back.documents.forEach((d, i) => expectSameScores(written[i].scores, d.scores));
  });

  it('keeps what an earlier open wrote and appends after it', async () => {
    const store = new MemoryByteStore();
    await (await ScoreFile.open(store, KEY)).file.append([await doc('a', 4, 1)]);
    const again = await ScoreFile.open(store, KEY);
    expect(again.read.documents).toHaveLength(1);
    await again.file.append([await doc('b', 2, 2)]);
    expect((await readScoreFile(store, KEY)).documents).toHaveLength(2);
  });

  it.each([
    ['cut inside the last batch', (size: number) => size - 5],
    ['cut inside the last batch header', (size: number, last: number) => size - last + 6],
  ])('drops a torn last batch (%s) and cuts the file back to the whole ones', async (_, cut) => {
    const store = new MemoryByteStore();
    const { file } = await ScoreFile.open(store, KEY);
    await file.append([await doc('a', 6, 1)]);
    const whole = await store.size();
    const last = encodeBatch([await doc('b', 9, 2), await doc('c', 3, 3)]);
    await file.append([await doc('b', 9, 2), await doc('c', 3, 3)]);
    await store.truncate(cut(await store.size(), last.length));

    const read = await readScoreFile(store, KEY);
    expect(read.documents.map((d) => d.scores.tokenIds.length)).toEqual([6]);
    expect(read.validBytes).toBe(whole);
    expect(read.torn).toMatchObject({ at: whole });
    expect(read.torn!.reason).toMatch(/cut short/);

    // Opening cuts the tail off; the batch written again is read as whole.
    const reopened = await ScoreFile.open(store, KEY);
    expect(await store.size()).toBe(whole);
    await reopened.file.append([await doc('b', 9, 2), await doc('c', 3, 3)]);
    expect((await readScoreFile(store, KEY)).documents).toHaveLength(3);
  });

  it('detects a flipped byte by its checksum', async () => {
    const store = new MemoryByteStore();
    const { file } = await ScoreFile.open(store, KEY);
    await file.append([await doc('a', 6, 1)]);
    const whole = await store.size();
    await file.append([await doc('b', 9, 2)]);
    const bytes = await store.read(0, await store.size());
    bytes[bytes.length - 7] ^= 0x10; // inside the last batch's columns
    const flipped = new MemoryByteStore();
    await flipped.append(bytes);
    const read = await readScoreFile(flipped, KEY);
    expect(read.documents).toHaveLength(1);
    expect(read.torn).toEqual({ at: whole, reason: 'the batch’s checksum does not match' });
  });

  it('refuses a header of another key and starts that file afresh', async () => {
    const store = new MemoryByteStore();
    await (await ScoreFile.open(store, { ...KEY, k: 8 })).file.append([await doc('a', 1, 1)]);
    const read = await readScoreFile(store, KEY);
    expect(read).toMatchObject({ documents: [], validBytes: 0, torn: { at: 0 } });
    await ScoreFile.open(store, KEY);
    expect(await store.read(0, 1 << 20)).toEqual(encodeHeader(KEY));
  });

  it('refuses top-k columns that do not match k', () => {
    const bad = { ...scores(4, 1), k: 2 };
    expect(() => encodeBatch([{ hash: new Uint8Array(32), scores: bad }])).toThrow(/top-k columns/);
  });
});
