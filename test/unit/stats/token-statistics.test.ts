import { describe, expect, it } from 'vitest';
import { probabilityHistograms } from '../../../src/lib/stats/measures/probability-histograms';
import { probabilityTails } from '../../../src/lib/stats/measures/probability-tails';
import { rankBuckets, rankBucket } from '../../../src/lib/stats/measures/rank-buckets';
import { compute, isInsufficient, mergeAll } from '../../../src/lib/stats/measures/statistic';
import { probabilityOf } from '../../../src/lib/stats/measures/token-probability';
import { ok, randomCorpus, randomShards, scores } from './stats-fixtures';

const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
const CORPUS = randomCorpus(120, 11);
const SCORED = CORPUS.reduce((n, d) => n + d.logprob.filter((x) => !Number.isNaN(x)).length, 0);

describe('probabilityOf', () => {
  it('caps float32 rounding above p = 1', () => {
    expect(probabilityOf(Math.fround(1e-7))).toBe(1);
    expect(probabilityOf(0)).toBe(1);
    expect(probabilityOf(-Infinity)).toBe(0);
  });
});

describe('probabilityHistograms', () => {
  const stat = probabilityHistograms();

  it('counts only scored tokens, with p = 1 and p = 0 in bins', () => {
    // p: 1 (log p = 0), unscored, .55, 0 (log p = −∞), 1 + float32 rounding, .12 (float32 log p moves
    // p off exact edges, so the exact-edge cases are in fixed-histogram.test.ts)
    const doc = scores([0, NaN, Math.log(0.55), -Infinity, 1e-7, Math.log(0.12)]);
    const r = ok(compute(stat, [doc]));
    expect(r.tokens).toBe(5);
    expect(Array.from(r.paper.counts)).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(r.paper.underflow + r.paper.overflow).toBe(0);
    expect(r.fine.total).toBe(5);
    expect(r.fine.counts[299]).toBe(2);
    expect(r.log10.total).toBe(5);
    expect(r.log10.underflow).toBe(1); // p = 0
    expect(r.log10.counts[r.log10.counts.length - 1]).toBe(2); // log10 1 = 0: closed last bin
  });

  it('conserves counts: every histogram totals the scored tokens; shares sum to 1', () => {
    const r = ok(compute(stat, CORPUS));
    for (const h of [r.paper, r.fine, r.log10]) {
      expect(h.total).toBe(SCORED);
      expect(sum(h.shares) + h.underflowShare + h.overflowShare).toBeCloseTo(1, 12);
    }
    expect(r.paper.underflow + r.paper.overflow + r.fine.underflow + r.fine.overflow).toBe(0);
    expect(r.log10.underflow).toBeGreaterThan(0); // the corpus has p < 1e-10
  });

  it.each([2, 3, 7])('merges %i random shards to exactly the whole', (k) => {
    const whole = compute(stat, CORPUS);
    const merged = mergeAll(
      stat,
      randomShards(CORPUS, k, k).map((shard) => {
        const acc = stat.empty();
        for (const d of shard) stat.add(acc, d);
        return acc;
      }),
    );
    expect(stat.finalize(merged)).toEqual(whole);
  });

  it('says so with no scored token', () => {
    expect(isInsufficient(compute(stat, []))).toBe(true);
    expect(isInsufficient(compute(stat, [scores([NaN, NaN])]))).toBe(true);
  });

  it('refuses to merge different binnings', () => {
    const other = probabilityHistograms({ fineBins: 100 });
    expect(() => stat.merge(stat.empty(), other.empty())).toThrow(RangeError);
  });
});

describe('probabilityTails', () => {
  it('golden: U-shape, flag and drop rates', () => {
    const stat = probabilityTails({ flagTaus: [0.9, 0.99], dropLambdas: [0.015] });
    const doc = scores([0.01, 0.02, 0.5, 0.97, 1].map(Math.log).concat([NaN]));
    const r = ok(compute(stat, [doc]));
    expect(r.tokens).toBe(5);
    expect(r.uShape).toBeCloseTo(4 / 5, 15); // 0.01, 0.02 below .05; 0.97, 1 above .95
    expect(r.flagRates.map((f) => f.count)).toEqual([2, 1]);
    expect(r.flagRates[1].rate).toBe(1 / 5);
    expect(r.dropRates).toEqual([{ threshold: 0.015, count: 1, rate: 1 / 5 }]);
  });

  it('merges shards exactly and says so when empty', () => {
    const stat = probabilityTails({ flagTaus: [0.5, 0.9] });
    const merged = mergeAll(
      stat,
      randomShards(CORPUS, 4, 3).map((s) => {
        const acc = stat.empty();
        s.forEach((d) => stat.add(acc, d));
        return acc;
      }),
    );
    const whole = ok(compute(stat, CORPUS));
    expect(stat.finalize(merged)).toEqual(whole);
    expect(whole.tokens).toBe(SCORED);
    expect(isInsufficient(compute(stat, []))).toBe(true);
    expect(() => stat.merge(stat.empty(), probabilityTails().empty())).toThrow(RangeError);
  });
});

describe('rankBuckets', () => {
  it.each([
    [1, 0],
    [10, 0],
    [11, 1],
    [100, 1],
    [101, 2],
    [1000, 2],
    [1001, 3],
  ])('rank %i → bucket %i', (rank, bucket) => expect(rankBucket(rank)).toBe(bucket));

  it('golden counts; unscored skipped; scored-but-unranked kept', () => {
    const doc = scores([-1, -1, -1, -1, -1, -1, -1, NaN, -1], [1, 10, 11, 100, 101, 1000, 1001, 0, 0]);
    const r = ok(compute(rankBuckets, [doc]));
    expect(Array.from(r.counts)).toEqual([2, 2, 2, 1]);
    expect(r.unranked).toBe(1);
    expect(r.tokens).toBe(8);
    expect(sum(r.shares)).toBeCloseTo(1, 15);
  });

  it('conserves and merges exactly', () => {
    const whole = ok(compute(rankBuckets, CORPUS));
    expect(whole.tokens).toBe(SCORED);
    const parts = randomShards(CORPUS, 5, 9).map((s) => {
      const acc = rankBuckets.empty();
      s.forEach((d) => rankBuckets.add(acc, d));
      return acc;
    });
    expect(rankBuckets.finalize(mergeAll(rankBuckets, parts))).toEqual(whole);
    expect(isInsufficient(compute(rankBuckets, []))).toBe(true);
  });
});
