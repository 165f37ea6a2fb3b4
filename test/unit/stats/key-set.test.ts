import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { ngramKey, stringKey, wordLanes } from '../../../src/lib/math/key-hash';
import { emptyKeySet, keySetAdd, keySetHas, keySetKeys, keySetUnion } from '../../../src/lib/math/key-set';

describe('stringKey and ngramKey', () => {
  it('are integers in [0, 2^53), deterministic, and distinct for 200 000 distinct strings', () => {
    const keys = new Set<number>();
    let outOfRange = 0;
    for (let i = 0; i < 200_000; i++) {
      const k = stringKey(`w${i}`);
      if (!(Number.isInteger(k) && k >= 0 && k < 2 ** 53)) outOfRange++;
      keys.add(k);
    }
    expect(outOfRange).toBe(0);
    expect(keys.size).toBe(200_000);
    expect(stringKey('日本語')).toBe(stringKey('日本語'));
    expect(stringKey('a')).not.toBe(stringKey('b'));
  });

  it('n-gram keys depend on the words, their order and n, and not on the position', () => {
    const { lo, hi } = wordLanes(['a', 'b', 'a', 'b', 'c']);
    expect(ngramKey(lo, hi, 0, 2)).toBe(ngramKey(lo, hi, 2, 2)); // "a b" twice
    expect(ngramKey(lo, hi, 0, 2)).not.toBe(ngramKey(lo, hi, 1, 2)); // "a b" vs "b a"
    expect(ngramKey(lo, hi, 0, 1)).not.toBe(ngramKey(lo, hi, 0, 2));
    const keys = new Set<number>();
    const rng = seededRng(3);
    const vocab = Array.from({ length: 50 }, (_, i) => `v${i}`);
    const text = Array.from({ length: 100_000 }, () => vocab[Math.floor(rng() * vocab.length)]);
    const l = wordLanes(text);
    const grams = new Set<string>();
    for (let i = 0; i + 4 <= text.length; i++) {
      keys.add(ngramKey(l.lo, l.hi, i, 4));
      grams.add(text.slice(i, i + 4).join(' '));
    }
    expect(keys.size).toBe(grams.size); // no collisions among ~99 000 distinct 4-grams
  });

  it('wordLanes reuses a large enough buffer', () => {
    const first = wordLanes(['x', 'y', 'z']);
    expect(wordLanes(['p'], first)).toBe(first);
  });
});

describe('KeySet', () => {
  it('behaves as a Set of numbers through growth', () => {
    const rng = seededRng(5);
    const set = emptyKeySet();
    const ref = new Set<number>();
    let wrong = 0;
    for (let i = 0; i < 50_000; i++) {
      const k = stringKey(String(Math.floor(rng() * 20_000)));
      if (keySetAdd(set, k) !== !ref.has(k)) wrong++;
      ref.add(k);
    }
    expect(wrong).toBe(0);
    expect(set.size).toBe(ref.size);
    expect([...ref].every((k) => keySetHas(set, k))).toBe(true);
    expect(keySetHas(set, stringKey('absent'))).toBe(false);
    expect(Array.from(keySetKeys(set))).toEqual([...ref].sort((a, b) => a - b));
  });

  it('union is the union, and leaves its inputs alone', () => {
    const a = emptyKeySet();
    const b = emptyKeySet();
    for (const w of ['x', 'y', 'z']) keySetAdd(a, stringKey(w));
    for (const w of ['z', 'w']) keySetAdd(b, stringKey(w));
    const u = keySetUnion(a, b);
    expect(u.size).toBe(4);
    expect(a.size).toBe(3);
    expect(b.size).toBe(2);
    expect(keySetKeys(u)).toEqual(Float64Array.from(['x', 'y', 'z', 'w'].map(stringKey)).sort());
  });

  it('handles the key 0 and keys just below 2^53', () => {
    const s = emptyKeySet();
    keySetAdd(s, 0);
    keySetAdd(s, 2 ** 53 - 1);
    keySetAdd(s, 2 ** 32);
    expect(s.size).toBe(3);
    expect(keySetHas(s, 0) && keySetHas(s, 2 ** 53 - 1) && keySetHas(s, 2 ** 32)).toBe(true);
    expect(keySetHas(s, 1)).toBe(false);
  });
});
