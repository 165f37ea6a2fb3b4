import { describe, expect, it } from 'vitest';
import { isInsufficient } from '../../../src/lib/stats/statistic';
import { equalSizeTarget, subsampleDocuments, subsamplePlan } from '../../../src/lib/stats/subsample';
import { ok } from './fixtures';

describe('subsample', () => {
  const counts = [5, 0, 12, 7, 3, 9, 1, 20];
  it('takes exactly the target number of words, each document at most once, the last cut short', () => {
    for (const target of [1, 7, 20, 50, 57]) {
      for (const seed of [1, 2, 3]) {
        const p = ok(subsamplePlan(counts, target, seed));
        const docs = Array.from(p.documents);
        expect(new Set(docs).size).toBe(docs.length);
        const whole = docs.slice(0, -1).reduce((s, i) => s + counts[i], 0);
        expect(whole + p.lastDocumentWords).toBe(target);
        expect(p.lastDocumentWords).toBeGreaterThan(0);
        expect(p.lastDocumentWords).toBeLessThanOrEqual(counts[docs[docs.length - 1]]);
      }
    }
  });

  it('is the same for the same seed, and differs across seeds', () => {
    expect(subsamplePlan(counts, 30, 9)).toEqual(subsamplePlan(counts, 30, 9));
    const orders = new Set(
      [1, 2, 3, 4, 5, 6].map((s) => Array.from(ok(subsamplePlan(counts, 30, s)).documents).join()),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('draws every document order with equal chance (first document drawn, 4 documents)', () => {
    const seen = new Float64Array(4);
    for (let seed = 0; seed < 4000; seed++) seen[ok(subsamplePlan([1, 1, 1, 1], 1, seed)).documents[0]]++;
    for (const c of seen) expect(Math.abs(c - 1000)).toBeLessThan(120); // ±4σ
  });

  it('subsampleDocuments returns the words, the last document cut', () => {
    const docs = [['a', 'b', 'c'], ['d'], ['e', 'f']];
    const out = ok(subsampleDocuments(docs, 4, 5));
    expect(out.flat().length).toBe(4);
    for (const d of out.slice(0, -1)) expect(docs).toContainEqual(d);
    const last = out[out.length - 1];
    expect(docs.some((d) => d.slice(0, last.length).join() === last.join())).toBe(true);
    expect(docs[0]).toEqual(['a', 'b', 'c']); // inputs untouched
  });

  it('says so when the corpus is smaller than the target, and picks the common size', () => {
    const r = subsamplePlan([2, 3], 10, 1);
    expect(isInsufficient(r) && r.insufficient).toBe('the corpus has 5 words, fewer than the 10 asked for');
    expect(() => subsamplePlan([1], 0, 1)).toThrow(RangeError);
    expect(equalSizeTarget(500, 120, 900)).toBe(120);
    expect(isInsufficient(equalSizeTarget(500, 0))).toBe(true);
  });
});
