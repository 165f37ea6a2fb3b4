import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import {
  distinctN,
  lexicalDiversity,
  mattr,
  mtld,
  ttr,
  type LexicalDiversity,
} from '../../../src/lib/stats/measures/lexical-diversity';
import { compute, isInsufficient, mergeAll, type Maybe } from '../../../src/lib/stats/measures/statistic';
import { words } from '../../../src/lib/stats/measures/words';
import { ok, randomShards } from './stats-fixtures';

const w = (s: string) => s.split(' ').filter(Boolean);

describe('per-document measures (golden, by hand)', () => {
  it('TTR', () => {
    expect(ttr(w('a b a c'))).toBe(3 / 4);
    expect(ttr(w('a a a a'))).toBe(1 / 4);
    expect(isInsufficient(ttr([]))).toBe(true);
  });

  it('MATTR: the mean TTR of every window', () => {
    // windows of 2 over a a b b: {a a} 1/2, {a b} 1, {b b} 1/2 → 2/3
    expect(mattr(w('a a b b'), 2)).toBeCloseTo(2 / 3, 15);
    // windows of 3 over a b a c: {a b a} 2/3, {b a c} 1 → 5/6
    expect(mattr(w('a b a c'), 3)).toBeCloseTo(5 / 6, 15);
    // one window: MATTR = TTR
    expect(mattr(w('a b a c'), 4)).toBe(3 / 4);
    const short = mattr(w('a b'), 50);
    expect(isInsufficient(short) && short.insufficient).toMatch(/at least 50 words/);
  });

  it('MATTR equals the brute-force mean over windows on random text', () => {
    const rng = seededRng(4);
    const text = Array.from({ length: 300 }, () => `w${Math.floor(rng() * 40)}`);
    let sum = 0;
    for (let i = 0; i + 50 <= text.length; i++) sum += new Set(text.slice(i, i + 50)).size / 50;
    expect(mattr(text)).toBeCloseTo(sum / (text.length - 49), 12);
  });

  it('MTLD: forward and backward walks averaged', () => {
    // forward a b a c: TTR 1, 1, 2/3 ≤ .72 → 1 factor, restart; c: TTR 1, partial 0 → 4/1 = 4
    // backward c a b a: TTR 1, 1, 1, 3/4 > .72; partial (1 − .75)/.28 → 4 · .28/.25 = 4.48
    expect(mtld(w('a b a c'))).toBeCloseTo((4 + 4.48) / 2, 12);
    // a a a a: TTR 1, then 1/2 → factor; again → 2 factors, partial 0 → 4/2 = 2 both ways
    expect(mtld(w('a a a a'))).toBe(2);
    const distinct = mtld(w('a b c d'));
    expect(isInsufficient(distinct) && distinct.insufficient).toMatch(/every word is distinct/);
    expect(() => mtld(['a'], 1)).toThrow(RangeError);
  });

  it('distinct-n', () => {
    expect(distinctN(w('a b a b'), 1)).toBe(2 / 4);
    expect(distinctN(w('a b a b'), 2)).toBe(2 / 3); // ab ba ab
    expect(distinctN(w('a b a b'), 3)).toBe(1); // aba bab
    expect(isInsufficient(distinctN(w('a b'), 3))).toBe(true);
  });
});

describe('lexicalDiversity (statistic)', () => {
  it('golden corpus: per document, never across documents, and corpus-level', () => {
    const r = ok(compute(lexicalDiversity({ ns: [1, 2], window: 2 }), [w('a b a c'), w('a b'), []]));
    expect(r.documents).toBe(3);
    expect(r.emptyDocuments).toBe(1);
    expect(r.words).toBe(6);
    expect(r.corpusTtr).toBe(3 / 6);
    expect(r.ttr.mean).toBe((3 / 4 + 1) / 2);
    expect(Array.from(r.ttr.values)).toEqual([3 / 4, 1]);
    // bigrams: ab ba ac | ab → 3 distinct of 4; "c a" across the boundary is not one of them
    expect(r.distinct[1]).toMatchObject({ n: 2, ngrams: 4, distinct: 3, corpus: 3 / 4 });
    expect(r.distinct[1].perDocument.mean).toBe(1);
    expect(r.distinct[0]).toMatchObject({ n: 1, ngrams: 6, distinct: 3, corpus: 1 / 2 });
    // MATTR(2): doc 1 windows ab, ba, ac → 1; doc 2 ab → 1
    expect(r.mattr.mean).toBe(1);
    // MTLD: doc 1 as above; doc 2 (a b) is all distinct → undefined, counted as missing
    expect(r.mtld.mean).toBeCloseTo(4.24, 12);
    expect(r.mtld.missing).toBe(1);
  });

  it('counts documents shorter than the MATTR window and says why when none is long enough', () => {
    const r = ok(compute(lexicalDiversity(), [w('a b a c'), w('x y')]));
    expect(r.mattr.missing).toBe(2);
    expect(isInsufficient(r.mattr.mean) && r.mattr.mean.insufficient).toMatch(/MATTR \(window 50\)/);
  });

  it('CJK, one document, identical documents', () => {
    const doc = words('日本語のテキストと日本語の本');
    const one = ok(compute(lexicalDiversity(), [doc]));
    expect(one.words).toBe(doc.length);
    expect(one.corpusTtr).toBe(new Set(doc).size / doc.length);
    const twice = ok(compute(lexicalDiversity(), [doc, doc]));
    expect(twice.ttr.mean).toBe(one.ttr.mean); // per-document: unchanged
    expect(twice.corpusTtr).toBe((one.corpusTtr as number) / 2); // corpus: types same, tokens doubled
  });

  it('merges random shards to exactly the whole', () => {
    const rng = seededRng(21);
    const vocab = Array.from({ length: 30 }, (_, i) => `v${i}`);
    const corpus = Array.from({ length: 60 }, () =>
      Array.from({ length: Math.floor(rng() * 120) }, () => vocab[Math.floor(rng() * vocab.length)]),
    );
    const stat = lexicalDiversity();
    const whole = ok(compute(stat, corpus));
    for (const seed of [1, 2, 3]) {
      const parts = randomShards(corpus, 4, seed).map((s) => {
        const acc = stat.empty();
        s.forEach((d) => stat.add(acc, d));
        return acc;
      });
      expect(ok(stat.finalize(mergeAll(stat, parts)))).toEqual(whole);
    }
    // the keyed counts agree with the string-based per-document functions
    const means = (f: (d: string[]) => Maybe<number>) => {
      const v = corpus
        .map(f)
        .filter((x): x is number => typeof x === 'number')
        .sort((a, b) => a - b);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    const r: LexicalDiversity = whole;
    expect(r.distinct[2].perDocument.mean).toBeCloseTo(
      means((d) => distinctN(d, 3)),
      12,
    );
    expect(r.mattr.mean).toBeCloseTo(
      means((d) => mattr(d)),
      12,
    );
    expect(r.mtld.mean).toBeCloseTo(
      means((d) => mtld(d)),
      12,
    );
  });

  it('is insufficient without words', () => {
    expect(compute(lexicalDiversity(), [[], []])).toEqual({ insufficient: 'none of 2 documents has a word' });
    expect(compute(lexicalDiversity(), [])).toEqual({ insufficient: 'no documents' });
  });
});
