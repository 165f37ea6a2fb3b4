import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { fnv1a32, fnv1aUpdate, FNV_OFFSET } from '../../../src/lib/math/fnv1a';
import { featureBucket, hashedFeatures } from '../../../src/lib/stats/measures/hashed-features';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { wordPunctTokens } from '../../../src/lib/stats/measures/word-punct';
import { ok, randomShards } from './stats-fixtures';

describe('wordPunctTokens', () => {
  it.each([
    ['Hello, World!', ['hello', ',', 'world', '!']],
    ["Don't", ['don', "'", 't']],
    ['snake_case x2', ['snake_case', 'x2']],
    ['3.14', ['3', '.', '14']],
    ['wait...?!  ok', ['wait', '...?!', 'ok']],
    ['Ça va—très bien.', ['ça', 'va', '—', 'très', 'bien', '.']],
    ['e\u0301te\u0301', ['e\u0301te\u0301']], // combining accents stay inside the word
    ['日本語のテキスト', ['日本語のテキスト']],
    ['a\t\nb', ['a', 'b']],
    ['', []],
    [' \n ', []],
  ])('%j → %j', (text, tokens) => expect(wordPunctTokens(text)).toEqual(tokens));
});

describe('fnv1a32', () => {
  // Published FNV-1a 32 test vectors.
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j → %i', (s, h) => expect(fnv1a32(s)).toBe(h));

  /** The reference: FNV-1a over TextEncoder's bytes. */
  function viaTextEncoder(s: string): number {
    let h = FNV_OFFSET;
    for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 16777619) >>> 0;
    return h;
  }
  it.each(['é', '日本', '😀 ok', 'x\ud800y', 'a\udc00', '\ud83d', 'ÿ߿\u0800\uffff'])(
    'hashes the UTF-8 bytes of %j as TextEncoder encodes them',
    (s) => expect(fnv1a32(s)).toBe(viaTextEncoder(s)),
  );
  it('is streaming: hash("a b") continues hash("a")', () => {
    expect(fnv1aUpdate(fnv1aUpdate(fnv1a32('the'), ' '), 'cat')).toBe(fnv1a32('the cat'));
  });
});

describe('hashedFeatures', () => {
  it('golden: two sentences, counted by hand', () => {
    // "the cat sat ." and "the cat ran !": 4 unigrams + 3 bigrams each; no bigram across documents.
    const expected: Record<string, number> = {
      the: 2,
      cat: 2,
      sat: 1,
      '.': 1,
      ran: 1,
      '!': 1,
      'the cat': 2,
      'cat sat': 1,
      'sat .': 1,
      'cat ran': 1,
      'ran !': 1,
    };
    const stat = hashedFeatures();
    const r = ok(compute(stat, ['The cat sat.', 'The  CAT ran!']));
    expect(r.documents).toBe(2);
    expect(r.features).toBe(14);
    const counts = new Float64Array(10_000);
    for (const [f, c] of Object.entries(expected)) counts[featureBucket(f)] += c;
    expect(r.counts).toEqual(counts);
    expect(featureBucket('a')).toBe(0xe40c292c % 10_000);
    expect(r.distribution[featureBucket('the cat')]).toBeGreaterThanOrEqual(2 / 14);
    expect(r.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('uses B buckets and 2t − 1 features per document of t tokens', () => {
    const stat = hashedFeatures(7);
    const r = ok(compute(stat, ['a b c d', 'e', '']));
    expect(r.counts.length).toBe(7);
    expect(r.features).toBe(7 + 1 + 0);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(r.features);
  });

  it('merges random shards to exactly the whole', () => {
    const rng = seededRng(4);
    const words = ['the', 'a', 'cat', 'dog', 'ran', 'sat', '.', ',', 'über', 'naïve', '—', '42'];
    const texts = Array.from({ length: 80 }, () =>
      Array.from({ length: Math.floor(rng() * 30) }, () => words[Math.floor(rng() * words.length)]).join(' '),
    );
    const stat = hashedFeatures();
    const whole = compute(stat, texts);
    for (const k of [2, 5]) {
      const parts = randomShards(texts, k, k).map((s) => {
        const acc = stat.empty();
        s.forEach((t) => stat.add(acc, t));
        return acc;
      });
      expect(stat.finalize(mergeAll(stat, parts))).toEqual(whole);
    }
  });

  it('says so for a corpus without tokens; refuses mismatched merges', () => {
    expect(isInsufficient(compute(hashedFeatures(), ['', '   ']))).toBe(true);
    expect(() => hashedFeatures(10).merge(hashedFeatures(10).empty(), hashedFeatures(11).empty())).toThrow();
  });
});
