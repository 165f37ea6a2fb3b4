import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { corpusReport, LENGTH_EDGES } from '../../../src/lib/stats/report/corpus-report';
import type { CorpusReport, ReportDocument } from '../../../src/lib/stats/report/corpus-report-types';
import { featureBucket, hashedFeatures } from '../../../src/lib/stats/measures/hashed-features';
import { compute, isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { ok, scores } from './stats-fixtures';

const TINY = ['The cat sat.', 'the cat', '', '日本語 テスト'];

function report(texts: readonly string[], extra: Partial<ReportDocument>[] = [], seed = 1): CorpusReport {
  return compute(
    corpusReport({ name: 'tiny', seed, model: { modelId: 'm', dtype: 'fp32', device: 'cpu', k: 8 } }),
    texts.map((text, i) => ({ text, ...extra[i] })),
  );
}

describe('corpusReport on a tiny corpus (numbers worked out by hand)', () => {
  const r = report(TINY);

  it('counts documents, empty documents, tokens, bigrams, bytes and characters', () => {
    // the cat sat . | the cat | (none) | 日本語 テスト
    expect(r.counts).toEqual({
      documents: 4,
      emptyDocuments: 1,
      tokens: 8,
      bigrams: 5,
      bytes: 12 + 7 + 0 + 19,
      characters: 12 + 7 + 0 + 7,
    });
  });

  it('lists the top unigrams and bigrams, ties in code-unit order, exactly', () => {
    const uni = ok(r.unigrams);
    expect(uni.exact).toBe(true);
    expect(uni.errorBound).toBe(0);
    expect(uni.top.map((t) => [t.ngram, t.count])).toEqual([
      ['cat', 2],
      ['the', 2],
      ['.', 1],
      ['sat', 1],
      ['テスト', 1],
      ['日本語', 1],
    ]);
    expect(uni.top[0].share).toBeCloseTo(2 / 8, 12);
    expect(uni.top[0].bucket).toBe(featureBucket('cat'));
    expect(ok(r.bigrams).top.map((t) => [t.ngram, t.count])).toEqual([
      ['the cat', 2],
      ['cat sat', 1],
      ['sat .', 1],
      ['日本語 テスト', 1],
    ]);
    expect(r.types.unigrams).toEqual({ exact: true, value: 6, relativeStdError: 0, method: 'exact' });
    expect(r.types.bigrams.value).toBe(4);
  });

  it('hashes features exactly as hashedFeatures does, and the distribution sums to 1', () => {
    const f = ok(r.features);
    const reference = ok(compute(hashedFeatures(), TINY));
    expect(f.features).toBe(13);
    expect(f.counts).toEqual(reference.counts);
    expect(f.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(f.counts[featureBucket('the cat')]).toBeGreaterThanOrEqual(2);
    // Bootstrap groups partition the counts.
    const rows = new Float64Array(f.buckets);
    for (let g = 0; g < f.groups; g++)
      for (let i = 0; i < f.buckets; i++) rows[i] += f.groupCounts[g * f.buckets + i];
    expect(rows).toEqual(f.counts);
  });

  it('describes document lengths over fixed bins', () => {
    const words = ok(r.lengths.words);
    expect([words.documents, words.mean, words.min, words.max]).toEqual([4, 2, 0, 4]);
    expect(words.histogram.total).toBe(4);
    expect(words.histogram.counts[0]).toBe(1); // [0, 1)
    expect(words.histogram.counts[2]).toBe(2); // [2, 3)
    expect(words.histogram.counts[4]).toBe(1); // [4, 5)
    expect(ok(r.lengths.bytes).max).toBe(19);
    expect(LENGTH_EDGES[16]).toBe(16);
  });

  it('samples every document with tokens when the budget allows, and keeps examples per feature', () => {
    expect(r.sample.tokens).toBe(8);
    expect(r.sample.documents.map((d) => d.docIndex).sort()).toEqual([0, 1, 3]);
    const b = featureBucket('the cat');
    const slots = Array.from(r.examples.docIndex.subarray(b * 3, b * 3 + 3)).filter((d) => d >= 0);
    expect(slots.sort()).toEqual([0, 1]);
  });

  it('records the recipe, and says why there are no model-based statistics', () => {
    expect(r.recipe).toMatchObject({
      name: 'tiny',
      documents: 4,
      bytes: 38,
      seed: 1,
      buckets: 10_000,
      hash: 'FNV-1a 32 over UTF-8, mod 10000',
      model: { modelId: 'm', dtype: 'fp32', device: 'cpu', k: 8 },
    });
    expect(isInsufficient(r.model)).toBe(true);
    expect(r.problems).toEqual({ errors: 0, warnings: 0, skippedRecords: 0, listed: [] });
  });
});

describe('corpusReport on awkward corpora', () => {
  it('an empty corpus is insufficient everywhere but counts', () => {
    const r = report([]);
    expect(r.counts.documents).toBe(0);
    for (const x of [r.features, r.unigrams, r.bigrams, r.lengths.words, r.model])
      expect(isInsufficient(x)).toBe(true);
    expect(r.sample.documents).toEqual([]);
  });

  it('documents without words count as documents and give no features', () => {
    const r = report(['', '   ', '\n\t']);
    expect(r.counts).toMatchObject({ documents: 3, emptyDocuments: 3, tokens: 0 });
    expect(r.features).toEqual({ insufficient: 'no word-punct tokens in any document' });
    expect(ok(r.lengths.words).max).toBe(0);
  });

  it('one document of one word has unigrams but no bigrams', () => {
    const r = report(['Hello']);
    expect(ok(r.unigrams).top).toHaveLength(1);
    expect(r.bigrams).toEqual({ insufficient: 'no document has two word-punct tokens' });
    expect(ok(r.features).features).toBe(1);
  });

  it('CJK text without spaces is one word-punct token per run (the paper’s features), punctuation apart', () => {
    const r = report(['我喜欢猫。你呢？', '我喜欢狗。']);
    expect(ok(r.unigrams).top.map((t) => t.ngram)).toEqual(['。', '你呢', '我喜欢狗', '我喜欢猫', '？']);
    expect(ok(r.features).features).toBe(4 + 3 + 2 + 1);
  });

  it('the same seed gives the same report; another seed another sample', () => {
    const texts = Array.from({ length: 50 }, (_, i) => `doc ${i} has words ${i % 7} and more ${i % 3}`);
    const small = (seed: number) =>
      compute(
        corpusReport({ name: 'x', seed, sampleTokens: 40, buckets: 97, bootstrapGroups: 4 }),
        texts.map((text) => ({ text })),
      );
    // (node's isDeepStrictEqual: vitest's toEqual walks big typed arrays element by element, slowly)
    expect(isDeepStrictEqual(small(5), small(5))).toBe(true);
    const a = small(5).sample.documents.map((d) => d.docIndex);
    const b = small(6).sample.documents.map((d) => d.docIndex);
    expect(a).not.toEqual(b);
    // The shortest prefix holding the budget: dropping its last document would fall short.
    const tokens = small(5).sample.documents.map((d) => d.tokens);
    const sum = tokens.reduce((x, y) => x + y, 0);
    expect(sum).toBeGreaterThanOrEqual(40);
    expect(sum - tokens[tokens.length - 1]).toBeLessThan(40);
  });
});

describe('corpusReport with scores', () => {
  it('adds the model-based bundle, counting scored tokens and unscored documents', () => {
    const texts = ['a b c', 'd e', 'f'];
    const s = [scores([Math.log(0.55), Math.log(0.99), NaN]), null, scores([Math.log(0.01)])];
    const r = report(
      texts,
      s.map((x) => ({ scores: x })),
    );
    const m = ok(r.model);
    expect([m.scoredDocuments, m.unscoredDocuments]).toEqual([2, 1]);
    const h = ok(m.histograms);
    expect(h.tokens).toBe(3);
    expect(h.paper.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(h.paper.counts[5]).toBe(1); // p = 0.55
    expect(h.paper.counts[9]).toBe(1); // p = 0.99
    expect(h.paper.counts[0]).toBe(1); // p = 0.01
    const ppl = ok(m.perplexity);
    expect(ppl.documents).toBe(2);
    expect(ppl.corpusPpl).toBeCloseTo(Math.exp(-(Math.log(0.55) + Math.log(0.99) + Math.log(0.01)) / 3), 5);
    expect(ok(m.tails).uShape).toBeCloseTo(2 / 3, 12); // 0.99 and 0.01 are in the tails
    expect(ok(m.ranks).tokens).toBe(3);
  });

  it('documents given with null scores only: insufficient, and says so', () => {
    const r = report(['a', 'b'], [{ scores: null }, { scores: null }]);
    expect(r.model).toEqual({ insufficient: 'none of the 2 documents has been scored by the prior' });
  });
});
