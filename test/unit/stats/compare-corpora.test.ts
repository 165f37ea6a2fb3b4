import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { compareReports } from '../../../src/lib/stats/compare/compare-corpora';
import { corpusReport } from '../../../src/lib/stats/report/corpus-report';
import type { CorpusReport, ReportDocument } from '../../../src/lib/stats/report/corpus-report-types';
import { jsDivergence } from '../../../src/lib/stats/measures/divergence';
import { featureBucket } from '../../../src/lib/stats/measures/hashed-features';
import { compute } from '../../../src/lib/stats/measures/statistic';
import { auroc, ksStatistic, wasserstein1 } from '../../../src/lib/stats/measures/two-sample';
import { ok, scores } from './stats-fixtures';

const MODEL = { modelId: 'm', dtype: 'fp32', device: 'cpu' as const, k: 8 };

function report(name: string, docs: (string | ReportDocument)[], seed = 1): CorpusReport {
  return compute(
    corpusReport({ name, seed, model: MODEL, bootstrapGroups: 16 }),
    docs.map((d) => (typeof d === 'string' ? { text: d } : d)),
  );
}

/** Seeded prose over a vocabulary, each document scored with a given mean log p. */
function corpus(n: number, vocabulary: string[], meanLogp: number, seed: number): ReportDocument[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => {
    const k = 5 + Math.floor(rng() * 20);
    const text = Array.from({ length: k }, () => vocabulary[Math.floor(rng() * vocabulary.length)]).join(' ');
    return { text, scores: scores(Array.from({ length: k }, () => meanLogp + (rng() - 0.5))) };
  });
}

const HUMAN = 'the of and to a in is it that was for on are with as be at by this had not but from'.split(
  ' ',
);
const SYNTH = 'the the the of of and is is a a delve tapestry intricate moreover crucial'.split(' ');

describe('compareReports', () => {
  const h = report('human', corpus(120, HUMAN, -3, 1));
  const s = report('synthetic', corpus(120, SYNTH, -1.5, 2));

  it('gives 0 for identical corpora, and indistinguishable perplexities', () => {
    const c = compareReports(h, h, { replicates: 20, permutations: 40 });
    const f = ok(c.features);
    expect([f.jsd.value, f.jsd.plugin, f.tv.value, f.klAB.value, f.contributions.length]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    const u = ok(c.unigrams);
    expect([u.jsd.value, u.tv.value, u.contributions.length, u.tier]).toEqual([0, 0, 0, 'exact']);
    const p = ok(c.perplexity);
    expect([p.ks.value, p.w1.value, p.auroc.value]).toEqual([0, 0, 0.5]);
    // Nothing to find: every re-split is at least as far apart as identical corpora, so p = 1.
    for (const e of [f.jsd, f.tv, u.jsd, p.ks, p.w1, p.auroc]) expect(ok(e.test).pValue).toBe(1);
    expect(c.warnings).toEqual([]);
  });

  it('is symmetric in JSD and TV, bounded by [0, 1], and tells the corpora apart', () => {
    const ab = compareReports(h, s, { replicates: 20 });
    const ba = compareReports(s, h, { replicates: 20 });
    const f = ok(ab.features);
    // Plug-in values are exactly symmetric; the bias-corrected JSD up to its null's Monte Carlo error.
    expect(f.jsd.plugin).toBeCloseTo(ok(ba.features).jsd.plugin, 12);
    expect(f.jsd.value).toBeCloseTo(ok(ba.features).jsd.value, 2);
    expect(f.tv.value).toBeCloseTo(ok(ba.features).tv.value, 12);
    expect(f.jsd.value).toBeGreaterThan(0.1);
    expect(f.jsd.value).toBeLessThanOrEqual(1);
    expect(ok(ab.bigrams).jsd.value).toBeCloseTo(ok(ba.bigrams).jsd.value, 12);
    // AUROC = P(log PPL of A > B): human text is the more surprising here.
    expect(ok(ab.perplexity).auroc.value).toBeGreaterThan(0.95);
    expect(ok(ba.perplexity).auroc.value).toBeLessThan(0.05);
  });

  it('ranks per-feature contributions, signed, with the n-grams behind each bucket', () => {
    const f = ok(compareReports(h, s, { replicates: 10 }).features);
    const deltas = f.contributions.map((c) => c.delta);
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    const shares = f.contributions.map((c) => c.cumulativeShare);
    expect(shares).toEqual([...shares].sort((x, y) => x - y));
    expect(shares.at(-1)!).toBeLessThanOrEqual(1 + 1e-12);
    const delve = f.contributions.find((c) => c.bucket === featureBucket('delve'))!;
    expect(delve.sign).toBe(-1); // B (synthetic) uses it, A never does
    expect(delve.countA).toBe(0);
    expect(delve.ngrams.map((g) => g.ngram)).toContain('delve');
  });

  it('computes exact n-gram divergences on the union of both vocabularies (worked by hand)', () => {
    // A: x ×2, y ×1; B: x ×1, y ×2.
    const c = compareReports(report('a', ['x x y']), report('b', ['x y y']), { replicates: 10 });
    const u = ok(c.unigrams);
    expect(u.tier).toBe('exact');
    expect(u.support).toBe(2);
    expect(u.totals).toEqual({ a: 3, b: 3 });
    expect(u.jsd.value).toBeCloseTo(ok(jsDivergence([2, 1], [1, 2])), 14);
    expect(u.tv.value).toBeCloseTo(1 / 3, 14);
    // add-½ KL over the two n-grams: p̃ = (2.5, 1.5)/4, q̃ = (1.5, 2.5)/4.
    expect(u.klAB.value).toBeCloseTo(0.625 * Math.log(2.5 / 1.5) + 0.375 * Math.log(1.5 / 2.5), 14);
    // Equal terms (ties are ranked by key, not by name).
    expect(new Map(u.contributions.map((x) => [x.ngram, x.sign]))).toEqual(
      new Map([
        ['x', 1],
        ['y', -1],
      ]),
    );
    expect(u.contributions[0].delta).toBeCloseTo(u.contributions[1].delta, 15);
  });

  it('gives JSD 1 for disjoint vocabularies', () => {
    const c = compareReports(report('a', ['aa bb aa']), report('b', ['cc dd']), { replicates: 10 });
    expect(ok(c.unigrams).jsd.value).toBe(1);
    expect(ok(c.bigrams).jsd.value).toBe(1);
  });

  it('matches the two-sample statistics on the documents’ log PPL, with honest intervals and seeded tests', () => {
    const c = compareReports(h, s, { replicates: 50, permutations: 60, seed: 3 });
    const p = ok(c.perplexity);
    const x = ok(ok(h.model).perplexity).documentLogPpl;
    const y = ok(ok(s.model).perplexity).documentLogPpl;
    expect(p.ks.value).toBe(ok(ksStatistic(x, y)));
    expect(p.w1.value).toBe(ok(wasserstein1(x, y)));
    expect(p.auroc.value).toBe(ok(auroc(x, y)));
    // KS: the DKW–Massart band, ε_n = √(ln(4/0.05)/2n) on each side.
    const ks = ok(p.ks.interval);
    const eps = Math.sqrt(Math.log(80) / 240);
    expect(ks.low).toBeCloseTo(Math.max(0, p.ks.value - 2 * eps), 14);
    expect(ks.high).toBeCloseTo(Math.min(1, p.ks.value + 2 * eps), 14);
    expect(p.w1.interval).toHaveProperty('insufficient');
    // Clearly different corpora: no re-split of 60 comes near, so p is the smallest possible, 1/61.
    expect(ok(p.ks.test).pValue).toBeCloseTo(1 / 61, 14);
    expect(ok(p.ks.test).replicates).toBe(60);
    expect(compareReports(h, s, { replicates: 50, permutations: 60, seed: 3 })).toEqual(c);
    expect(
      ok(compareReports(h, s, { replicates: 50, permutations: 60, seed: 4 }).perplexity).w1.test,
    ).not.toEqual(p.w1.test);
    expect(ok(ok(c.features).jsd.interval).method).toMatch(/permutation null/);
    expect(p.tailMass.a).toBeCloseTo(0.05, 1);
  });

  it('never shows an interval that excludes its own estimate', () => {
    for (const [a, b] of [
      [h, s],
      [s, h],
      [h, h],
      [h, report('human again', corpus(90, HUMAN, -3, 7))],
    ]) {
      const c = compareReports(a, b, { replicates: 40, permutations: 40 });
      const f = ok(c.features);
      const p = ok(c.perplexity);
      for (const e of [f.jsd, p.ks, p.auroc]) {
        const i = ok(e.interval);
        expect(i.low).toBeLessThanOrEqual(e.value);
        expect(e.value).toBeLessThanOrEqual(i.high);
      }
      // The bias-corrected JSD is the plug-in minus the null's mean, never below 0.
      expect(f.jsd.value).toBeCloseTo(Math.max(0, f.jsd.plugin - ok(f.jsd.test).mean), 14);
    }
  });

  it('says which corpus lacks what, instead of a number', () => {
    const unscored = report('plain', ['just words here', 'and more']);
    const empty = report('empty', []);
    const c = compareReports(h, unscored, { replicates: 10 });
    expect(c.perplexity).toEqual({
      insufficient:
        'model-based statistics: plain — no scores: load a model and score the documents for the model-based statistics',
    });
    const e = compareReports(empty, h, { replicates: 10 });
    expect(e.features).toEqual({ insufficient: 'features: empty — no documents' });
    expect(e.lexical).toEqual({ insufficient: 'lexical figures: empty has no words in its sample' });
  });

  it('compares lexical figures on samples of equal size, with rare-type survival', () => {
    const l = ok(compareReports(h, s, { replicates: 10 }).lexical);
    expect([l.a.tokens, l.b.tokens]).toEqual([l.tokens, l.tokens]);
    expect(ok(l.a.ttr)).toBeLessThan(1);
    expect(l.rareTypeSurvival).toEqual({ insufficient: 'the human corpus has no type occurring ≤ 1 times' });
    // A: alpha, beta once each; B (cut to A's 4 words) has alpha: half of A's hapaxes survive.
    const small = ok(
      compareReports(
        report('a', ['Alpha beta gamma gamma']),
        report('b', ['alpha delta delta gamma epsilon']),
        {
          replicates: 10,
        },
      ).lexical,
    );
    expect(small.tokens).toBe(4);
    expect(ok(small.rareTypeSurvival)).toEqual({ maxCount: 1, rareTypes: 2, survived: 1, share: 0.5 });
    expect(ok(small.a.ttr)).toBe(3 / 4);
    expect(ok(small.a.hapaxRatio)).toBe(2 / 3);
  });

  it('lists key words of each side, novelty of B against A, and Heaps fits on the samples', () => {
    const c = compareReports(h, s, { replicates: 10 });
    const k = ok(c.keyness);
    expect(k.exact).toBe(true);
    expect(k.topB.map((t) => t.term)).toContain('delve');
    expect(k.topA.every((t) => t.z > 0)).toBe(true);
    const l = ok(c.lexical);
    const nov = ok(l.novelty);
    expect(nov.byN.map((x) => x.n)).toEqual([4, 5, 6, 7, 8]);
    for (const x of nov.byN) expect(ok(x.share)).toBeGreaterThan(0.5); // S's phrases are mostly new to H
    const self = ok(ok(compareReports(h, h, { replicates: 10 }).lexical).novelty);
    for (const x of self.byN) expect(ok(x.share)).toBe(0);
    // 24 word types: depending on the seeded document order the vocabulary may be complete before the
    // fit's first point, and a flat curve fits β = 0 exactly.
    expect(ok(l.a.heaps).beta).toBeGreaterThanOrEqual(0);
    expect(ok(l.a.heaps).beta).toBeLessThan(1);
    expect(l.a.compressionRatio).toEqual({
      insufficient: 'compression ratio: computed asynchronously (CompressionStream) by the stats worker',
    });
  });

  it('warns when the scores came from different models', () => {
    const other = compute(
      corpusReport({
        name: 'o',
        seed: 1,
        model: { ...MODEL, modelId: 'n' },
        bootstrapGroups: 16,
      }),
      corpus(10, HUMAN, -3, 5),
    );
    expect(compareReports(h, other, { replicates: 10 }).warnings[0]).toMatch(/different models/);
  });
});

describe('n-gram divergences past the exact budget', () => {
  const docsA = corpus(200, HUMAN, -3, 11).map((d) => d.text);
  const docsB = corpus(200, SYNTH, -2, 12).map((d) => d.text);
  const build = (name: string, docs: string[], exactKeys?: number) =>
    compute(
      corpusReport({
        name,
        seed: 1,
        exactBudget: exactKeys === undefined ? {} : { exactKeys, groupedEntries: 0 },
      }),
      docs.map((text) => ({ text })),
    );

  it('compares both sides on hashed buckets when either is past it, labelled, and never above the exact value', () => {
    const exact = ok(compareReports(build('a', docsA), build('b', docsB), { replicates: 10 }).bigrams);
    const oneHashed = ok(
      compareReports(build('a', docsA, 10), build('b', docsB), { replicates: 10 }).bigrams,
    );
    const bothHashed = ok(
      compareReports(build('a', docsA, 10), build('b', docsB, 10), { replicates: 10 }).bigrams,
    );
    expect(exact.tier).toBe('exact');
    for (const h of [oneHashed, bothHashed]) {
      expect(h.tier).toBe('hashed');
      expect(h.method).toMatch(/lower bounds of the exact values/);
      expect(h.contributions).toEqual([]);
      expect(h.jsd.test).toHaveProperty('insufficient');
      // Merging n-grams into buckets can only lower an f-divergence (data-processing inequality).
      for (const k of ['jsd', 'tv'] as const) expect(h[k].value).toBeLessThanOrEqual(exact[k].value + 1e-12);
      expect(h.totals).toEqual(exact.totals);
    }
    expect(oneHashed.jsd.value).toBe(bothHashed.jsd.value);
  });
});
