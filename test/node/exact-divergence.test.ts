/**
 * Exact n-gram divergences at the scale where pooling "what a summary forgot" broke them: two seeded corpora
 * with over 300 000 distinct bigrams each, streamed through the stats pool (real worker threads) with 1 and
 * 3 workers and two block sizes, against a plain Map-of-strings computation written from metrics.md.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/lib/stats/compare/compare-corpora';
import type { CorpusReport } from '../../src/lib/stats/report/corpus-report-types';
import { isInsufficient } from '../../src/lib/stats/measures/statistic';
import { StatsClient } from '../../src/state/stats-client';
import {
  ngramCounts,
  referenceDivergences,
  zipfCorpus,
  type ReferenceDivergences,
} from '../support/ngram-reference';
import { threadWorker } from '../support/stats-workers';

const A = zipfCorpus({ documents: 24_000, vocabulary: 40_000, seed: 11 });
const B = zipfCorpus({ documents: 21_000, vocabulary: 40_000, seed: 12, shift: 3 });
const file = (docs: string[], name: string) =>
  Object.assign(new Blob([new TextEncoder().encode(docs.join('\n\n'))]), { name });

const CONFIGS = [
  { workers: 1, blockBytes: 1 << 20 },
  { workers: 3, blockBytes: 1 << 20 },
  { workers: 3, blockBytes: 300_000 },
  { workers: 1, blockBytes: 300_000 },
];

describe('exact n-gram divergences at scale, through the worker pool', { timeout: 600_000 }, () => {
  const reference: Record<1 | 2, ReferenceDivergences> = {} as never;
  const runs: { reports: [CorpusReport, CorpusReport]; comparison: Comparison }[] = [];
  const clients: StatsClient[] = [];

  beforeAll(async () => {
    for (const n of [1, 2] as const)
      reference[n] = referenceDivergences(ngramCounts(A, n), ngramCounts(B, n), 0.5);
    for (const { workers, blockBytes } of CONFIGS) {
      const c = new StatsClient({ workers, spawn: threadWorker, blockBytes });
      clients.push(c);
      const a = await c.analyse({ kind: 'file', file: file(A, 'a.txt') }, { name: 'a', seed: 5 });
      const b = await c.analyse({ kind: 'file', file: file(B, 'b.txt') }, { name: 'b', seed: 5 });
      runs.push({ reports: [a, b], comparison: await c.compare(a, b, { permutations: 40, replicates: 20 }) });
    }
  }, 600_000);
  afterAll(() => clients.forEach((c) => c.dispose()));

  it('has the scale that broke the old divergences', () => {
    expect(reference[2].support).toBeGreaterThan(500_000);
    for (const r of runs[0].reports) {
      const e = r.exact.bigrams;
      if (isInsufficient(e)) throw new Error(e.insufficient);
      expect(e.distinct).toBeGreaterThan(300_000);
      expect(e.tier).toBe('grouped');
      // ... far past the heavy-hitter table: the summary alone could not have given exact values.
      expect(r.bigrams).toMatchObject({ exact: false });
    }
  });

  it.each([1, 2] as const)('equals the plain computation to 1e-9 (n = %i), in every configuration', (n) => {
    const want = reference[n];
    for (const { comparison } of runs) {
      const g = n === 1 ? comparison.unigrams : comparison.bigrams;
      if (isInsufficient(g)) throw new Error(g.insufficient);
      expect(g.tier).toBe('exact');
      expect(g.support).toBe(want.support);
      expect(Math.abs(g.jsd.value - want.jsd)).toBeLessThan(1e-9);
      expect(Math.abs(g.tv.value - want.tv)).toBeLessThan(1e-9);
      expect(Math.abs(g.klAB.value - want.klAB)).toBeLessThan(1e-9);
      expect(Math.abs(g.klBA.value - want.klBA)).toBeLessThan(1e-9);
      // The permutation null exists and the corpora differ: p is the smallest value 40 re-splits allow.
      expect(g.jsd.test).toMatchObject({ replicates: 40, pValue: 1 / 41 });
    }
  });

  it('gives the same reports and comparison whatever the worker count and block size', () => {
    for (const r of runs.slice(1)) {
      for (const side of [0, 1]) {
        expect(isDeepStrictEqual(r.reports[side].exact, runs[0].reports[side].exact)).toBe(true);
      }
      // Everything but the recipe's block size (which the comparison copies from neither report).
      expect(isDeepStrictEqual(r.comparison.bigrams, runs[0].comparison.bigrams)).toBe(true);
      expect(isDeepStrictEqual(r.comparison.unigrams, runs[0].comparison.unigrams)).toBe(true);
    }
  });

  it('names the largest contributions from the top-n summaries, with exact counts', () => {
    const g = runs[0].comparison.bigrams;
    if (isInsufficient(g)) throw new Error(g.insufficient);
    const counts = [ngramCounts(A, 2), ngramCounts(B, 2)];
    const named = g.contributions.filter((c) => c.ngram !== null);
    expect(named.length).toBeGreaterThan(150);
    for (const c of named) {
      expect(c.countA).toBe(counts[0].get(c.ngram!) ?? 0);
      expect(c.countB).toBe(counts[1].get(c.ngram!) ?? 0);
    }
  });
});
