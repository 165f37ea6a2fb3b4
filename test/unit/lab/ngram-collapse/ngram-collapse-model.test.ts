import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-corpus';
import {
  generationDocuments,
  runCollapse,
  type NgramCollapseResult,
} from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-model';
import {
  checkCollapseParams,
  NGRAM_COLLAPSE_DEFAULTS,
  type NgramCollapseParams,
} from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-params';
import type { Params } from '../../../../src/lib/lab/simulation';
import { acceptedParams } from '../accepted-params';
import { splitPieces } from '../../../../src/lib/scoring/ngram/pieces';
import { jsDivergence } from '../../../../src/lib/stats/measures/divergence';
import { addTextFeatures } from '../../../../src/lib/stats/measures/hashed-features';
import { zipfCorpus } from './zipf-corpus';

/** The model bound to a corpus, as ngramCollapse binds it for the page (without its figures). */
function onCorpus(texts: readonly string[], name = 'your corpus') {
  const prepared = prepareCorpus(texts);
  const corpus = { types: prepared.vocabulary.size - 3, tokens: prepared.human.ids.length };
  return {
    check: (raw: Params) => checkCollapseParams(raw, name, corpus),
    run: (
      params: NgramCollapseParams,
      seed: number,
      onPartial?: (partial: NgramCollapseResult, done: number, total: number) => void,
    ) => runCollapse(prepared, params, seed, onPartial),
  };
}

const CORPUS = zipfCorpus(40_000, 7);
const sim = onCorpus(CORPUS, 'the test corpus');

const params = (overrides: Partial<NgramCollapseParams> = {}) =>
  acceptedParams(sim.check, NGRAM_COLLAPSE_DEFAULTS, overrides);

function last(r: NgramCollapseResult) {
  return r.stats[r.stats.length - 1];
}

describe('ngram collapse: generation 0 is the human corpus', () => {
  const r = sim.run(params({ generations: 1 }), 1);

  it('keeps the text exactly and measures it directly', () => {
    expect(generationDocuments(r, 0)).toEqual(CORPUS);
    const pieces = CORPUS.flatMap(splitPieces);
    const counts = new Map<string, number>();
    for (const p of pieces) counts.set(p, (counts.get(p) ?? 0) + 1);
    const g0 = r.stats[0];
    expect(g0.tokens).toBe(pieces.length);
    expect(g0.vocabulary).toBe(counts.size);
    expect(g0.hapax).toBe([...counts.values()].filter((c) => c === 1).length);
    expect(g0.jsd).toBe(0);
    // Tail mass: tokens outside the 100 most frequent types (ties broken by string, as the vocabulary does).
    const top = new Set(
      [...counts]
        .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : 1))
        .slice(0, 100)
        .map(([p]) => p),
    );
    expect(g0.tailMass).toBeCloseTo(pieces.filter((p) => !top.has(p)).length / pieces.length, 12);
    expect(g0.distinct[0]).toBeCloseTo(counts.size / pieces.length, 12);
  });

  it('computes distinct-2/3 within documents and JSD on the hashed features of the text', () => {
    const g1 = r.stats[1];
    const docs = generationDocuments(r, 1).map(splitPieces);
    for (const n of [2, 3]) {
      const seen = new Set<string>();
      let total = 0;
      for (const d of docs) {
        for (let i = n - 1; i < d.length; i++) {
          seen.add(JSON.stringify(d.slice(i - n + 1, i + 1)));
          total++;
        }
      }
      expect(g1.distinct[n - 1]).toBeCloseTo(seen.size / total, 12);
    }
    const human = new Float64Array(10_000);
    const synthetic = new Float64Array(10_000);
    for (const t of CORPUS) addTextFeatures(human, t);
    for (const t of generationDocuments(r, 1)) addTextFeatures(synthetic, t);
    expect(g1.jsd).toBe(jsDivergence(human, synthetic));
  });
});

describe('ngram collapse: runs', () => {
  it('is deterministic for a seed and differs for another', () => {
    const p = params({ generations: 3 });
    const a = sim.run(p, 5);
    const b = onCorpus([...CORPUS]).run(p, 5);
    expect(b.stats).toEqual(a.stats);
    expect(generationDocuments(b, 3)).toEqual(generationDocuments(a, 3));
    expect(generationDocuments(sim.run(p, 6), 3)).not.toEqual(generationDocuments(a, 3));
  });

  it('writes the same number of documents, each of which re-tokenizes to its own pieces', () => {
    for (const order of [1, 2, 3]) {
      const r = sim.run(params({ order, generations: 2 }), 3);
      for (let g = 0; g <= 2; g++) {
        const docs = generationDocuments(r, g);
        expect(docs).toHaveLength(CORPUS.length);
        const c = r.corpora[g];
        docs.forEach((text, d) => {
          const ids = Array.from(c.ids.subarray(c.offsets[d], c.offsets[d + 1]));
          expect(splitPieces(text)).toEqual(ids.map((id) => r.pieces[id]));
        });
      }
    }
  });

  it('keeps generations canonical on text with odd whitespace, digits, symbols and CJK', () => {
    const tricky = [
      'a  b\tc\r\nd  e.',
      'x\n  y, z!! 1.5 and 2,000 — done…',
      '東京 is 東京; 👩‍👩‍👧 joins (a)(b) __init__ ok',
      '  leading and trailing  ',
      'snake_case vs camelCase: café naïve',
    ];
    const docs = Array.from({ length: 60 }, (_, i) => `${tricky[i % 5]} ${tricky[(i * 3) % 5]}`);
    const odd = onCorpus(docs);
    for (const order of [1, 2, 3]) {
      for (const mode of ['replace', 'accumulate', 'edit'] as const) {
        const c = odd.check({ ...NGRAM_COLLAPSE_DEFAULTS, order, mode, tau: 0.3, generations: 3 });
        if (!c.ok) throw new Error(c.error);
        const r = odd.run(c.params, order);
        const human = new Float64Array(10_000);
        const last = new Float64Array(10_000);
        for (const t of docs) addTextFeatures(human, t);
        for (const t of generationDocuments(r, 3)) addTextFeatures(last, t);
        expect(r.stats[3].jsd).toBe(jsDivergence(human, last)); // the fast scanner's features are exact
        for (let g = 1; g <= 3; g++) {
          const corpus = r.corpora[g];
          generationDocuments(r, g).forEach((text, d) => {
            const ids = Array.from(corpus.ids.subarray(corpus.offsets[d], corpus.offsets[d + 1]));
            expect(splitPieces(text), `${mode} n=${order} g=${g}`).toEqual(ids.map((id) => r.pieces[id]));
          });
        }
      }
    }
  });

  it('under replace, types only die: the vocabulary never grows', () => {
    for (const order of [1, 2, 3]) {
      const r = sim.run(params({ order, generations: 8 }), 11);
      for (let g = 1; g < r.stats.length; g++) {
        expect(r.stats[g].vocabulary).toBeLessThanOrEqual(r.stats[g - 1].vocabulary);
      }
      expect(last(r).vocabulary).toBeLessThan(r.stats[0].vocabulary);
    }
  });

  it('collapses under replace, less under accumulate, and hardly at all when editing', () => {
    const p = { order: 2, generations: 10 };
    const replace = last(sim.run(params({ ...p, mode: 'replace' }), 2));
    const accumulate = last(sim.run(params({ ...p, mode: 'accumulate' }), 2));
    const edit = last(sim.run(params({ ...p, mode: 'edit', tau: 0.5 }), 2));
    expect(replace.vocabulary).toBeLessThan(accumulate.vocabulary);
    expect(accumulate.vocabulary).toBeLessThan(edit.vocabulary);
    expect(replace.jsd!).toBeGreaterThan(accumulate.jsd!);
    expect(accumulate.jsd!).toBeGreaterThan(edit.jsd!);
    expect(edit.changeRate!).toBeGreaterThan(0);
  });

  it('edit: a token the model is certain of is redrawn as itself, so flags far outnumber changes', () => {
    const r = sim.run(params({ mode: 'edit', tau: 0.999, generations: 3 }), 4);
    for (const s of r.stats.slice(1)) {
      expect(s.flagRate!).toBeGreaterThan(0.01);
      expect(s.changeRate).toBe(0); // MLE p > 0.999 on this corpus means p = 1: only one continuation
      expect(s.jsd).toBe(0);
    }
    const all = sim.run(params({ mode: 'edit', tau: 0, generations: 1, order: 1 }), 4);
    expect(all.stats[1].flagRate).toBe(1); // every token has p > 0
    expect(all.stats[1].changeRate!).toBeGreaterThan(0.5);
  });

  it('one generation of independent unigram draws keeps about Σ 1 − (1 − p)^N types', () => {
    // Every piece carries its leading space, so any piece may follow any other: draws are independent.
    const words = zipfCorpus(30_000, 3).map((d) => ` ${d.replace(/[.,]/g, '')}`);
    const uni = onCorpus(words);
    const p = uni.check({ ...NGRAM_COLLAPSE_DEFAULTS, order: 1, generations: 1 });
    if (!p.ok) throw new Error(p.error);
    let sum = 0;
    const seeds = 20;
    let expected = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const r = uni.run(p.params, seed);
      expected = r.expectedSurvivors;
      sum += r.stats[1].vocabulary;
    }
    expect(expected).toBeLessThan(0.9 * uni.run(p.params, 0).stats[0].vocabulary);
    expect(Math.abs(sum / seeds - expected) / expected).toBeLessThan(0.02);
  });

  it('streams one partial per generation', () => {
    const seen: [number, number, number][] = [];
    const r = sim.run(params({ generations: 4 }), 1, (partial, done, total) =>
      seen.push([partial.stats.length, done, total]),
    );
    expect(seen).toEqual([1, 2, 3, 4, 5].map((k) => [k, k, 5]));
    expect(r.stats).toHaveLength(5);
  });

  it('keeps every statistic in range, for defaults and extremes', () => {
    const cases: Partial<NgramCollapseParams>[] = [
      {},
      { order: 1, generations: 30 },
      { order: 3, mode: 'accumulate', generations: 5 },
      { mode: 'edit', tau: 0 },
      { mode: 'edit', tau: 0.999, topK: 1 },
    ];
    for (const c of cases) {
      const p = params(c);
      const r = sim.run(p, 9);
      for (const s of r.stats) {
        for (const v of [s.tailMass, s.jsd!, ...s.distinct]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('ngram collapse: check against the corpus', () => {
  it('refuses a corpus without text', () => {
    const empty = onCorpus(['', ''], 'empty.txt').check({});
    expect(empty).toEqual({ ok: false, error: expect.stringContaining('empty.txt has no text') });
  });
});
