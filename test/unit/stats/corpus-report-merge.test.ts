import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { corpusReport, type CorpusReportAcc } from '../../../src/lib/stats/report/corpus-report';
import type { CorpusReport, ReportDocument } from '../../../src/lib/stats/report/corpus-report-types';
import { compute } from '../../../src/lib/stats/measures/statistic';
import { packAcc, unpackAcc } from '../../../src/lib/stats/engine/block-reduce';
import { ok, randomCorpus } from './stats-fixtures';

const WORDS = [
  'the',
  'a',
  'cat',
  'dog',
  'sat',
  'ran',
  '.',
  ',',
  '!',
  'über',
  '日本語',
  'テスト',
  'x_1',
  '42',
  '😀',
];

/** Seeded documents of 0–30 words (some empty), a third of them scored, with file positions. */
function documents(n: number, seed: number): ReportDocument[] {
  const rng = seededRng(seed);
  const scores = randomCorpus(n, seed + 1);
  let offset = 0;
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(rng() * 31);
    // Skewed word choice, as in real text, so a few bigrams stand out of a long tail.
    const text = Array.from({ length: k }, () => WORDS[Math.floor(WORDS.length * rng() ** 2.5)]).join(
      rng() < 0.5 ? ' ' : '  ',
    );
    const doc: ReportDocument = {
      text,
      byteOffset: offset,
      line: i + 1,
      scores: i % 3 === 0 ? scores[i] : undefined,
    };
    offset += text.length + 1;
    return doc;
  });
}

const OPTIONS = { name: 'm', seed: 9, buckets: 211, bootstrapGroups: 8, sampleTokens: 150 };

/** Shards that are contiguous runs of the stream (merge means "b follows a"), cut at seeded places. */
function cuts(n: number, k: number, seed: number): number[] {
  const rng = seededRng(seed);
  return [0, ...Array.from({ length: k - 1 }, () => Math.floor(rng() * (n + 1))).sort((a, b) => a - b), n];
}

function accumulate(stat: ReturnType<typeof corpusReport>, docs: ReportDocument[]): CorpusReportAcc {
  const acc = stat.empty();
  for (const d of docs) stat.add(acc, d);
  stat.addLines(acc, docs.length);
  return acc;
}

function expectSame(a: CorpusReport, b: CorpusReport): void {
  if (isDeepStrictEqual(a, b)) return;
  const differing = Object.keys(a).filter(
    (k) => !isDeepStrictEqual(a[k as keyof CorpusReport], b[k as keyof CorpusReport]),
  );
  expect(differing).toEqual([]);
}

describe('corpusReport merge', () => {
  const docs = documents(400, 1);

  it.each([2, 3, 7])('merging %i contiguous shards (with line renumbering) equals one pass', (k) => {
    const stat = corpusReport(OPTIONS);
    const whole = accumulate(stat, docs);
    const bounds = cuts(docs.length, k, k);
    const shards = bounds.slice(1).map((end, i) =>
      accumulate(
        stat,
        // Each shard numbers its lines from 1, as a block reader does.
        docs.slice(bounds[i], end).map((d, j) => ({ ...d, line: j + 1 })),
      ),
    );
    const merged = shards.reduce((a, b) => stat.merge(a, b), stat.empty());
    expectSame(stat.finalize(merged), stat.finalize(whole));
  });

  it('exact tables merge the same in any grouping (associativity)', () => {
    const stat = corpusReport(OPTIONS);
    const [a, b, c] = [docs.slice(0, 100), docs.slice(100, 101), docs.slice(101)].map((d, i) =>
      accumulate(stat, i === 0 ? d : d.map((x) => ({ ...x, line: (x.line ?? 0) - (i === 1 ? 100 : 101) }))),
    );
    expectSame(
      stat.finalize(stat.merge(stat.merge(a, b), c)),
      stat.finalize(stat.merge(a, stat.merge(b, c))),
    );
  });

  it('merge leaves its inputs untouched', () => {
    const stat = corpusReport(OPTIONS);
    const a = accumulate(stat, docs.slice(0, 50));
    const b = accumulate(stat, docs.slice(50, 90));
    const before = [stat.finalize(a), stat.finalize(b)];
    stat.merge(a, b);
    expectSame(stat.finalize(a), before[0]);
    expectSame(stat.finalize(b), before[1]);
  });

  it('counts conserve: histograms, features, documents and tokens add up', () => {
    const r = compute(corpusReport(OPTIONS), docs);
    const f = ok(r.features);
    expect(f.features).toBe(r.counts.tokens + r.counts.bigrams);
    expect(f.counts.reduce((s, c) => s + c, 0)).toBe(f.features);
    expect(ok(r.lengths.words).histogram.total).toBe(r.counts.documents);
    expect(ok(r.unigrams).total).toBe(r.counts.tokens);
    expect(ok(r.bigrams).total).toBe(r.counts.bigrams);
    const m = ok(r.model);
    const h = ok(m.histograms);
    expect(h.paper.total).toBe(h.tokens);
    expect(ok(m.ranks).tokens).toBe(h.tokens);
    expect(m.scoredDocuments).toBe(Math.ceil(docs.length / 3));
  });

  it('renumbers problems and example lines of the later shard', () => {
    const stat = corpusReport(OPTIONS);
    const a = accumulate(stat, docs.slice(0, 10));
    const b = accumulate(stat, [{ text: 'zebra', byteOffset: 999, line: 3 }]);
    stat.addProblem(
      b,
      { severity: 'error', source: 'f.jsonl', line: 2, detail: 'not valid JSON; skipped' },
      true,
    );
    const r = stat.finalize(stat.merge(a, b));
    expect(r.problems.listed[0]).toMatchObject({ line: 12, message: 'line 12: not valid JSON; skipped' });
    expect([r.problems.errors, r.problems.skippedRecords]).toEqual([1, 1]);
    const slot = Array.from(r.examples.docIndex).indexOf(10);
    expect(r.examples.line[slot]).toBe(13);
    expect(r.examples.byteOffset[slot]).toBe(999);
  });

  it('with a small capacity, the same shards merged in the same order give the same report', () => {
    const stat = corpusReport({ ...OPTIONS, heavyHitterCapacity: 32 });
    const run = () =>
      stat.finalize(
        [docs.slice(0, 150), docs.slice(150, 300), docs.slice(300)]
          .map((d, i) =>
            accumulate(
              stat,
              d.map((x) => ({ ...x, line: (x.line ?? 0) - 150 * i })),
            ),
          )
          .reduce((a, b) => stat.merge(a, b)),
      );
    const r = run();
    expect(ok(r.bigrams).exact).toBe(false);
    expect(r.types.bigrams.exact).toBe(false);
    expectSame(run(), r);
    // The summary's promise holds against exact counts.
    const exact = ok(compute(corpusReport(OPTIONS), docs).bigrams);
    const truth = new Map(exact.summary.ngrams.map((g, i) => [g, exact.summary.counts[i]]));
    const bi = ok(r.bigrams);
    expect(bi.top.length).toBeGreaterThan(0);
    bi.top.forEach((t) => {
      expect(t.count).toBeLessThanOrEqual(truth.get(t.ngram)!);
      expect(truth.get(t.ngram)!).toBeLessThanOrEqual(t.count + bi.errorBound);
      expect(t.count).toBeGreaterThan(bi.errorBound);
    });
    const listed = new Set(bi.summary.ngrams);
    for (const [g, c] of truth) if (c > 2 * bi.errorBound) expect(listed.has(g), g).toBe(true);
    expect(
      Math.abs(r.types.bigrams.value - exact.summary.ngrams.length) / exact.summary.ngrams.length,
    ).toBeLessThan(0.1);
  });

  it('an accumulator survives packing for a worker boundary', () => {
    const stat = corpusReport(OPTIONS);
    const acc = accumulate(stat, docs);
    expectSame(stat.finalize(unpackAcc(structuredClone(packAcc(acc)))), stat.finalize(acc));
  });
});
