import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../../src/lib/persist/byte-store';
import { contentHash } from '../../../src/lib/persist/content-hash';
import { ScoreShelfFiles, type ShelfModel } from '../../../src/lib/persist/score-shelf-files';
import type { DocumentScores } from '../../../src/lib/scoring/scores';

const MODEL: ShelfModel = {
  key: { modelId: 'semisynth-test/bigram', revision: 'bundled', dtype: 'fp32', device: 'wasm', k: 1 },
  label: 'bigram',
};

/** One token whose logprob is `mark`, k = 1. */
function scores(mark: number): DocumentScores {
  return {
    tokenIds: Int32Array.of(7),
    byteStart: Uint32Array.of(0),
    byteEnd: Uint32Array.of(1),
    logprob: Float32Array.of(mark),
    rank: Int32Array.of(1),
    entropy: Float32Array.of(0.5),
    k: 1,
    topIds: Int32Array.of(7),
    topLogprobs: Float32Array.of(mark),
    bosPrepended: false,
  };
}

function shelf(stores = new Map<string, MemoryByteStore>()) {
  const hashed: string[] = [];
  const torn: string[] = [];
  const files = new ScoreShelfFiles({
    openStore: (name) => {
      if (!stores.has(name)) stores.set(name, new MemoryByteStore());
      return Promise.resolve(stores.get(name)!);
    },
    hash: (text) => {
      hashed.push(text);
      return contentHash(text);
    },
    onTorn: (model, reason) => torn.push(`${model.label}: ${reason}`),
  });
  return { files, hashed, stores, torn };
}

describe('ScoreShelfFiles', () => {
  it('hashes a document again when its text changes, and does not give it the old text’s scores', async () => {
    const { files, hashed } = shelf();
    await files.save(MODEL, [{ key: 'a', text: 'one' }], [scores(-1)]);
    expect((await files.load(MODEL, [{ key: 'a', text: 'one' }])).get('a')!.logprob[0]).toBe(-1);
    expect(hashed).toEqual(['one']);
    expect((await files.load(MODEL, [{ key: 'a', text: 'two' }])).size).toBe(0);
    expect(hashed).toEqual(['one', 'two']);
  });

  it('finds the same text under every key that has it, and forgets the hashes of documents gone', async () => {
    const { files, hashed } = shelf();
    await files.save(MODEL, [{ key: 'a', text: 'same' }], [scores(-2)]);
    const found = await files.load(MODEL, [
      { key: 'a', text: 'same' },
      { key: 'b', text: 'same' },
      { key: 'c', text: 'other' },
    ]);
    expect([...found.keys()]).toEqual(['a', 'b']);
    expect(hashed).toEqual(['same', 'same', 'other']);
    files.retain(new Set(['b']));
    await files.load(MODEL, [
      { key: 'a', text: 'same' },
      { key: 'b', text: 'same' },
    ]);
    expect(hashed).toEqual(['same', 'same', 'other', 'same']);
  });

  it('counts the documents a file holds, and a torn last batch is cut off, told, and not counted', async () => {
    const { files, stores } = shelf();
    await files.save(MODEL, [{ key: 'a', text: 'one' }], [scores(-1)]);
    await files.save(MODEL, [{ key: 'b', text: 'two' }], [scores(-2)]);
    expect(await files.count(MODEL)).toBe(2);
    const [store] = stores.values();
    await store.truncate((await store.size()) - 5);

    const reopened = shelf(stores);
    expect(await reopened.files.count(MODEL)).toBe(1);
    expect(reopened.torn).toEqual(['bigram: the batch is cut short']);
    const found = await reopened.files.load(MODEL, [
      { key: 'a', text: 'one' },
      { key: 'b', text: 'two' },
    ]);
    expect([...found.keys()]).toEqual(['a']);
  });
});
