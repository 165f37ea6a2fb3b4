import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import {
  frequencyOfFrequencies,
  goodTuringUnseen,
  hapaxRatio,
  rareTypeSurvival,
  typeCounts,
} from '../../../src/lib/stats/measures/type-counts';
import { words } from '../../../src/lib/stats/measures/words';
import { ok, randomShards } from './stats-fixtures';

const docs = (texts: string[]) => texts.map((t) => words(t, { lowercase: true }));

describe('typeCounts', () => {
  it('golden: counts by hand, empty documents counted, CJK words', () => {
    const r = ok(compute(typeCounts, docs(['The cat sat.', 'the CAT ran', '...', '日本語のテキスト'])));
    expect(r.tokens).toBe(9);
    expect(r.types).toBe(7);
    expect(r.documents).toBe(4);
    expect(r.emptyDocuments).toBe(1);
    expect(Object.fromEntries(r.counts)).toEqual({
      the: 2,
      cat: 2,
      sat: 1,
      ran: 1,
      日本語: 1,
      の: 1,
      テキスト: 1,
    });
    // counts conserve
    expect([...r.counts.values()].reduce((a, b) => a + b, 0)).toBe(r.tokens);
  });

  it('merges random shards to exactly the whole', () => {
    const rng = seededRng(11);
    const vocab = ['a', 'b', 'c', 'über', '日本', 'x1'];
    const corpus = Array.from({ length: 80 }, () =>
      Array.from({ length: Math.floor(rng() * 10) }, () => vocab[Math.floor(rng() * vocab.length)]),
    );
    const whole = ok(compute(typeCounts, corpus));
    const parts = randomShards(corpus, 4, 12).map((s) => {
      const acc = typeCounts.empty();
      s.forEach((d) => typeCounts.add(acc, d));
      return acc;
    });
    expect(ok(typeCounts.finalize(mergeAll(typeCounts, parts)))).toEqual(whole);
  });

  it('says why when there is nothing to count', () => {
    expect(compute(typeCounts, [])).toEqual({ insufficient: 'no documents' });
    expect(compute(typeCounts, [[], []])).toEqual({ insufficient: 'none of 2 documents has a word' });
  });
});

describe('hapax ratio, Good–Turing unseen mass, frequency of frequencies', () => {
  // the:3, cat:2, sat:1, mat:1 → V = 4, V₁ = 2, N = 7
  const counts = new Map([
    ['the', 3],
    ['cat', 2],
    ['sat', 1],
    ['mat', 1],
  ]);
  it('golden', () => {
    expect(ok(hapaxRatio(counts.values()))).toEqual({ hapaxes: 2, types: 4, ratio: 0.5 });
    expect(ok(goodTuringUnseen(counts.values()))).toEqual({ hapaxes: 2, tokens: 7, mass: 2 / 7 });
    const f = frequencyOfFrequencies(counts.values());
    expect(Array.from(f.r)).toEqual([1, 2, 3]);
    expect(Array.from(f.types)).toEqual([2, 1, 1]);
    // Σ r·V_r = N and Σ V_r = V
    expect(f.r.reduce((s, r, i) => s + r * f.types[i], 0)).toBe(7);
    expect(f.types.reduce((s, v) => s + v, 0)).toBe(4);
  });
  it('edge cases: all hapaxes, none, empty, bad counts', () => {
    expect(ok(hapaxRatio([1, 1, 1])).ratio).toBe(1);
    expect(ok(goodTuringUnseen([1, 1, 1])).mass).toBe(1);
    expect(ok(hapaxRatio([5])).ratio).toBe(0);
    expect(isInsufficient(hapaxRatio([]))).toBe(true);
    expect(isInsufficient(goodTuringUnseen([]))).toBe(true);
    expect(() => hapaxRatio([0])).toThrow(RangeError);
    expect(() => frequencyOfFrequencies([1.5])).toThrow(RangeError);
  });
});

describe('rareTypeSurvival', () => {
  const h = new Map([
    ['common', 10],
    ['rare1', 1],
    ['rare2', 1],
    ['twice', 2],
  ]);
  it('golden: share of H types with count ≤ r that occur in S', () => {
    const s = new Map([
      ['common', 8],
      ['rare1', 1],
      ['new', 3],
    ]);
    expect(ok(rareTypeSurvival(h, s))).toEqual({ maxCount: 1, rareTypes: 2, survived: 1, share: 0.5 });
    expect(ok(rareTypeSurvival(h, s, 2))).toEqual({ maxCount: 2, rareTypes: 3, survived: 1, share: 1 / 3 });
  });
  it('identical corpora keep every rare type; disjoint ones none', () => {
    expect(ok(rareTypeSurvival(h, h)).share).toBe(1);
    expect(ok(rareTypeSurvival(h, new Map([['other', 1]]))).share).toBe(0);
  });
  it('insufficient without rare types or words', () => {
    expect(rareTypeSurvival(new Map([['a', 5]]), new Map())).toEqual({
      insufficient: 'the human corpus has no type occurring ≤ 1 times',
    });
    expect(isInsufficient(rareTypeSurvival(new Map(), new Map()))).toBe(true);
  });
});
