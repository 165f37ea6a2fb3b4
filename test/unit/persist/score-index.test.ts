import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../../src/lib/persist/byte-store';
import { hashHex } from '../../../src/lib/persist/content-hash';
import { crc32 } from '../../../src/lib/persist/crc32';
import {
  encodeBatch,
  readScoreFile,
  ScoreFile,
  type StoredScores,
} from '../../../src/lib/persist/score-file';
import { IndexedScoreFile, indexScoreFile, readIndexedScores } from '../../../src/lib/persist/score-index';
import { seededRng } from '../../../src/lib/math/seeded';
import { doc, expectSameScores, KEY } from '../../support/stored-scores';

/** Checksums are read 4 KiB at a time here, so batch 7 (400 tokens, 19 KiB) takes several chunks. */
const CHUNK = 4096;

/** A file of 30 batches of 1 to 4 documents (empty ones among them), one batch over the test's CRC chunk. */
async function manyBatches(): Promise<{ bytes: Uint8Array; written: StoredScores[] }> {
  const store = new MemoryByteStore();
  const { file } = await ScoreFile.open(store, KEY);
  const random = seededRng(12);
  const written: StoredScores[] = [];
  for (let b = 0; b < 30; b++) {
    const batch: StoredScores[] = [];
    const count = 1 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
      const n = b === 7 && i === 0 ? 400 : Math.floor(random() * 40);
      batch.push(await doc(`document ${b}.${i}`, n, b * 10 + i));
    }
    await file.append(batch);
    written.push(...batch);
  }
  return { bytes: await store.read(0, await store.size()), written };
}

const storeOf = async (bytes: Uint8Array) => {
  const store = new MemoryByteStore();
  await store.append(bytes);
  return store;
};

/** The index and a full read agree: the same documents in order, bit for bit, and the same torn tail. */
async function expectAgreement(bytes: Uint8Array): Promise<number> {
  const store = await storeOf(bytes);
  const full = await readScoreFile(store, KEY);
  const index = await indexScoreFile(store, KEY, CHUNK);
  expect(index.validBytes).toBe(full.validBytes);
  expect(index.torn).toEqual(full.torn);
  const indexed = index.documents.all();
  expect(indexed.map((d) => hashHex(d.hash))).toEqual(full.documents.map((d) => hashHex(d.hash)));
  for (let i = 0; i < indexed.length; i++)
    expectSameScores(full.documents[i].scores, await readIndexedScores(store, indexed[i]));
  return indexed.length;
}

/** A batch whose checksum holds over a payload the caller made (to reach the table and column checks). */
function checkedBatch(payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x54425353, true);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, crc32(payload), true);
  bytes.set(payload, 12);
  return bytes;
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe('score file index (lazy reads)', () => {
  it('indexes a file of many batches and reads each document bit for bit', async () => {
    const { bytes, written } = await manyBatches();
    expect(await expectAgreement(bytes)).toBe(written.length);
    const store = await storeOf(bytes);
    const index = await indexScoreFile(store, KEY, CHUNK);
    expect(index.torn).toBeNull();
    expect(index.validBytes).toBe(bytes.length);
    // Read out of order: each document on its own, not the file front to back.
    for (const i of [written.length - 1, 0, 9, 3])
      expectSameScores(written[i].scores, await readIndexedScores(store, index.documents.get(i)));
    expect(index.documents.find(written[5].hash)).toBe(5);
    expect(index.documents.find(new Uint8Array(32))).toBe(-1);
  });

  it('agrees with a full read wherever the file is cut (a torn tail)', async () => {
    const { bytes } = await manyBatches();
    const random = seededRng(3);
    const cuts = [0, 1, 15, 16, bytes.length - 1, bytes.length - 12];
    for (let i = 0; i < 25; i++) cuts.push(Math.floor(random() * bytes.length));
    const held = new Set<number>();
    for (const cut of cuts) held.add(await expectAgreement(bytes.slice(0, cut)));
    expect(held.size).toBeGreaterThan(10); // the cuts fell in many different batches
  });

  it('agrees with a full read wherever a byte is flipped', async () => {
    const { bytes } = await manyBatches();
    const random = seededRng(4);
    for (let i = 0; i < 25; i++) {
      const flipped = bytes.slice();
      flipped[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      await expectAgreement(flipped);
    }
  });

  it('stops at a checked batch whose table or columns do not fit, as a full read does', async () => {
    const { bytes } = await manyBatches();
    const good = encodeBatch([await doc('x', 5, 1), await doc('y', 2, 2)]).slice(12);
    const view = (b: Uint8Array) => new DataView(b.buffer);
    const overrunTable = good.slice();
    view(overrunTable).setUint32(0, 1000, true);
    const leftOver = concat(good, new Uint8Array(8));
    const overrunColumns = good.slice();
    view(overrunColumns).setUint32(4 + 32, 9, true); // first document claims 9 tokens, not 5
    for (const [payload, reason] of [
      [overrunTable, 'a table of 1000 documents overruns'],
      [leftOver, '8 bytes left over after the columns'],
      [overrunColumns, 'columns overrun the batch'],
      [new Uint8Array(0), null],
    ] as const) {
      const store = await storeOf(concat(bytes, checkedBatch(payload)));
      await expectAgreement(await store.read(0, await store.size()));
      const index = await indexScoreFile(store, KEY, CHUNK);
      expect(index.validBytes).toBe(bytes.length);
      if (reason) expect(index.torn).toEqual({ at: bytes.length, reason });
    }
  });

  it('holds nothing for an empty file or another key’s', async () => {
    expect(await indexScoreFile(new MemoryByteStore(), KEY)).toMatchObject({
      documents: { count: 0 },
      validBytes: 0,
      torn: null,
    });
    const { bytes } = await manyBatches();
    const other = await indexScoreFile(await storeOf(bytes), { ...KEY, k: 8 });
    expect(other).toMatchObject({ documents: { count: 0 }, validBytes: 0, torn: { at: 0 } });
  });

  it('refuses to read a document whose columns the file no longer holds', async () => {
    const { bytes } = await manyBatches();
    const index = await indexScoreFile(await storeOf(bytes), KEY);
    const last = index.documents.get(index.documents.count - 1);
    await expect(readIndexedScores(await storeOf(bytes.slice(0, last.at + 4)), last)).rejects.toThrow(
      /ends inside a document's columns/,
    );
  });

  it('appends as it indexes, and a reopened file (torn tail cut) holds the same index', async () => {
    const store = new MemoryByteStore();
    const file = await IndexedScoreFile.open(store, KEY);
    const written: StoredScores[] = [];
    for (let b = 0; b < 5; b++) {
      const batch = [await doc(`a${b}`, 3 + b, b), await doc(`b${b}`, b, b + 20)];
      await file.append(batch);
      written.push(...batch);
    }
    expect(file.count).toBe(10);
    for (const w of written) expectSameScores(w.scores, (await file.scoresOf(w.hash))!);
    expect(await file.scoresOf(new Uint8Array(32))).toBeNull();
    await expectAgreement(await store.read(0, await store.size()));
    expect((await indexScoreFile(store, KEY)).documents.all()).toEqual(file.index.documents.all());

    // A crash cuts the last batch: reopening drops it, and it can be appended again.
    await store.truncate((await store.size()) - 3);
    const reopened = await IndexedScoreFile.open(store, KEY);
    expect(reopened.count).toBe(8);
    expect(reopened.has(written[8].hash)).toBe(false);
    expect(reopened.has(written[7].hash)).toBe(true);
    await reopened.append(written.slice(8));
    expect((await readScoreFile(store, KEY)).torn).toBeNull();
    expect((await indexScoreFile(store, KEY)).documents.all()).toEqual(reopened.index.documents.all());
  });
});
