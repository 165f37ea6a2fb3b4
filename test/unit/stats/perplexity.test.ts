import { describe, expect, it } from 'vitest';
import {
  documentPerplexity,
  perplexity,
  quantileOfSorted,
  tailMass,
} from '../../../src/lib/stats/measures/perplexity';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { ok, randomCorpus, randomShards, scores } from './stats-fixtures';

const LN2 = Math.LN2;

describe('documentPerplexity', () => {
  it('is exp(−mean scored log p); unscored tokens do not count', () => {
    const d = ok(documentPerplexity(scores([Math.log(0.5), NaN, Math.log(0.125)])));
    expect(d.tokens).toBe(2);
    expect(d.ppl).toBeCloseTo(4, 5); // exp((ln 2 + ln 8)/2) = 4
    expect(isInsufficient(documentPerplexity(scores([NaN])))).toBe(true);
    expect(isInsufficient(documentPerplexity(scores([])))).toBe(true);
  });
});

describe('perplexity', () => {
  // A: one token, p = 1/2 (PPL 2). B: three tokens, p = 1/8 (PPL 8). C: nothing scored.
  const A = scores([Math.log(0.5)]);
  const B = scores([Math.log(0.125), Math.log(0.125), Math.log(0.125)]);
  const C = scores([NaN, NaN]);

  it('corpus PPL (token-weighted) differs from the mean document PPL', () => {
    const r = ok(compute(perplexity, [A, B, C]));
    expect(r.documents).toBe(2);
    expect(r.unscoredDocuments).toBe(1);
    expect(r.tokens).toBe(4);
    expect(r.meanDocumentPpl).toBeCloseTo(5, 5); // (2 + 8) / 2
    expect(r.corpusPpl).toBeCloseTo(Math.pow(2, 10 / 4), 5); // exp((ln 2 + 3 ln 8)/4) = 2^2.5 ≈ 5.657
    expect(r.corpusLogPpl).toBeCloseTo(2.5 * LN2, 6);
  });

  it('golden type-7 quantiles of log PPL on two documents', () => {
    const r = ok(compute(perplexity, [A, B]));
    expect(Array.from(r.documentLogPpl)).toEqual([
      -Math.fround(Math.log(0.5)),
      -(3 * Math.fround(Math.log(0.125))) / 3,
    ]);
    // between ln 2 and ln 8 = 3 ln 2: q = ln 2 + level · 2 ln 2
    expect(r.quantiles.q05).toBeCloseTo(1.1 * LN2, 6);
    expect(r.quantiles.q25).toBeCloseTo(1.5 * LN2, 6);
    expect(r.quantiles.q50).toBeCloseTo(2 * LN2, 6);
    expect(r.quantiles.q95).toBeCloseTo(2.9 * LN2, 6);
    expect(r.quantiles.iqr).toBeCloseTo(LN2, 6);
  });

  it('says so when there is no scored document', () => {
    expect(compute(perplexity, [])).toEqual({ insufficient: 'no documents' });
    expect(isInsufficient(compute(perplexity, [C, C]))).toBe(true);
  });

  it('has monotone quantiles and one value per scored document', () => {
    const corpus = randomCorpus(200, 5);
    const r = ok(compute(perplexity, corpus));
    const q = r.quantiles;
    expect([q.q05, q.q25, q.q50, q.q75, q.q95]).toEqual(
      [q.q05, q.q25, q.q50, q.q75, q.q95].sort((a, b) => a - b),
    );
    expect(r.documents + r.unscoredDocuments).toBe(200);
    expect(r.documentLogPpl.length).toBe(r.documents);
  });

  it.each([2, 3, 8])('merges %i random shards to exactly the whole (sums included)', (k) => {
    const corpus = randomCorpus(200, 6);
    const whole = compute(perplexity, corpus);
    for (const seed of [1, 2, 3]) {
      const parts = randomShards(corpus, k, seed * 10 + k).map((s) => {
        const acc = perplexity.empty();
        s.forEach((d) => perplexity.add(acc, d));
        return acc;
      });
      expect(perplexity.finalize(mergeAll(perplexity, parts))).toEqual(whole);
      // merging in the other order gives the same result too
      expect(perplexity.finalize(mergeAll(perplexity, parts.reverse()))).toEqual(whole);
    }
  });

  it('gives a document with a p = 0 token an infinite PPL, and quantiles stay defined', () => {
    const r = ok(compute(perplexity, [A, scores([-Infinity]), scores([-Infinity])]));
    expect(r.corpusPpl).toBe(Infinity);
    expect(r.quantiles.q95).toBe(Infinity);
    expect(r.quantiles.q05).toBeGreaterThan(0);
  });
});

describe('quantileOfSorted and tailMass', () => {
  it('matches type-7 and handles equal infinities', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, Infinity, Infinity], 0.75)).toBe(Infinity);
  });
  it('P(PPL_d > t)', () => {
    const logPpl = Float64Array.from([1, 2, 3, 4].map(Math.log));
    expect(tailMass(logPpl, 2)).toBe(0.5);
    expect(tailMass(logPpl, 0.5)).toBe(1);
    expect(isInsufficient(tailMass(new Float64Array(0), 2))).toBe(true);
  });
});
