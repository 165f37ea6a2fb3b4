import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { ngramIndex, novelty } from '../../../src/lib/stats/measures/novelty';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { words } from '../../../src/lib/stats/measures/words';
import { ok, randomShards } from './stats-fixtures';

const w = (s: string) => words(s, { lowercase: true });

describe('novelty', () => {
  it('golden: one new word at the end of a copied sentence', () => {
    const index = compute(ngramIndex(), [w('The cat sat on the mat.')]);
    const r = ok(compute(novelty(index), [w('the cat sat on the mat today')]));
    // 7 words: 4-grams 4 (1 new), 5-grams 3 (1 new), 6-grams 2 (1 new), 7-grams 1 (new), 8-grams none
    expect(r.byN.slice(0, 4).map((x) => [x.n, x.ngrams, x.novel, x.share])).toEqual([
      [4, 4, 1, 1 / 4],
      [5, 3, 1, 1 / 3],
      [6, 2, 1, 1 / 2],
      [7, 1, 1, 1],
    ]);
    expect(isInsufficient(r.byN[4].share)).toBe(true);
    expect(r.humanWords).toBe(6);
  });

  it('n-grams do not cross documents, on either side', () => {
    const index = compute(ngramIndex({ ns: [4] }), [w('a b c'), w('d e f')]);
    const r = ok(compute(novelty(index), [w('a b c d'), w('c d e f')]));
    expect(r.byN[0]).toMatchObject({ ngrams: 2, novel: 2 }); // "a b c d" and "c d e f" span H's boundary
  });

  it('identical corpora: nothing is novel; disjoint: everything is', () => {
    const docs = ['one two three four five', '日本語のテキストを読む人は多い'].map(w);
    const same = ok(compute(novelty(compute(ngramIndex(), docs)), docs));
    for (const x of same.byN) if (x.ngrams) expect(x.share).toBe(0);
    const other = ok(compute(novelty(compute(ngramIndex(), [w('six seven eight nine ten')])), docs));
    expect(other.byN[0].share).toBe(1);
  });

  it('both passes merge random shards to exactly the whole', () => {
    const rng = seededRng(3);
    const vocab = ['a', 'b', 'c', 'd', 'e'];
    const make = () =>
      Array.from({ length: 40 }, () =>
        Array.from({ length: Math.floor(rng() * 15) }, () => vocab[Math.floor(rng() * vocab.length)]),
      );
    const h = make();
    const s = make();
    const idx = ngramIndex();
    const whole = ok(compute(novelty(compute(idx, h)), s));
    const hParts = randomShards(h, 3, 1).map((part) => {
      const acc = idx.empty();
      part.forEach((d) => idx.add(acc, d));
      return acc;
    });
    const index = idx.finalize(mergeAll(idx, hParts));
    const nov = novelty(index);
    const sParts = randomShards(s, 4, 2).map((part) => {
      const acc = nov.empty();
      part.forEach((d) => nov.add(acc, d));
      return acc;
    });
    expect(ok(nov.finalize(mergeAll(nov, sParts)))).toEqual(whole);
  });

  it('says so when H is too large to index, empty, or S is empty', () => {
    const big = Array.from({ length: 50 }, (_, i) => Array.from({ length: 20 }, (_, j) => `w${i}_${j}`));
    const over = compute(novelty(compute(ngramIndex({ maxKeys: 100 }), big)), [w('a b c d')]);
    expect(isInsufficient(over) && over.insufficient).toMatch(/subsample it/);
    expect(isInsufficient(compute(novelty(compute(ngramIndex(), [])), [w('a b c d')]))).toBe(true);
    expect(isInsufficient(compute(novelty(compute(ngramIndex(), [w('a b c d')])), []))).toBe(true);
    expect(() => ngramIndex({ ns: [0] })).toThrow(RangeError);
  });
});
