/**
 * Two finalized corpus reports compared (metrics.md): divergences of the hashed features (stats/compare/compare-features.ts)
 * and of the exact n-grams over their true joint support (stats/compare/compare-ngrams.ts), two-sample tests on log PPL
 * (stats/compare/compare-perplexity.ts) — each with a permutation null and, where one is honest, an interval — and the
 * length-sensitive figures recomputed on equal-size samples.
 */
import type { CorpusReport, TopNgrams } from '../report/corpus-report-types';
import { compareFeatures } from './compare-features';
import { compareNgrams } from './compare-ngrams';
import { comparePerplexity } from './compare-perplexity';
import {
  COMPARE_DEFAULTS,
  type CompareOptions,
  type Comparison,
  type FeatureComparison,
  type LexicalComparison,
  type NgramComparison,
  type PerplexityComparison,
} from './comparison';
import type { ExactNgrams } from '../exact/exact-ngrams';
import { logOddsKeyness, type Keyness } from '../measures/keyness';
import { ngramIndex, novelty } from '../measures/novelty';
import { firstWords, lexicalFromWords, sampleWords, wordTotal } from '../report/lexical';
import { compute, insufficient, isInsufficient, type Insufficient, type Maybe } from '../measures/statistic';
import { rareTypeSurvival, typeCounts } from '../measures/type-counts';

export * from './comparison';

function either<T>(name: string, a: Maybe<T>, b: Maybe<T>, an: string, bn: string): Insufficient | [T, T] {
  if (isInsufficient(a)) return insufficient(`${name}: ${an} — ${a.insufficient}`);
  if (isInsufficient(b)) return insufficient(`${name}: ${bn} — ${b.insufficient}`);
  return [a, b];
}

/** A compared with B (A is the reference for tail mass, and the "P" of every divergence). */
export function compareReports(a: CorpusReport, b: CorpusReport, options: CompareOptions = {}): Comparison {
  const o = { ...COMPARE_DEFAULTS, ...options };
  const an = a.recipe.name;
  const bn = b.recipe.name;
  const warnings: string[] = [];
  if (a.recipe.hash !== b.recipe.hash || a.recipe.tokenizer !== b.recipe.tokenizer) {
    warnings.push('the two reports were made with different features (hash or tokenizer)');
  }
  const ma = a.recipe.model;
  const mb = b.recipe.model;
  if (ma && mb && (ma.modelId !== mb.modelId || ma.dtype !== mb.dtype)) {
    warnings.push(
      `scored by different models (${ma.modelId} ${ma.dtype} vs ${mb.modelId} ${mb.dtype}): perplexities are not comparable`,
    );
  }

  let features: Maybe<FeatureComparison>;
  const fp = either('features', a.features, b.features, an, bn);
  if (isInsufficient(fp)) features = fp;
  else if (fp[0].buckets !== fp[1].buckets) {
    features = insufficient(`features: ${fp[0].buckets} vs ${fp[1].buckets} buckets cannot be compared`);
  } else features = compareFeatures(fp[0], fp[1], a, b, o);

  const ngrams = (
    n: 1 | 2,
    x: Maybe<ExactNgrams>,
    y: Maybe<ExactNgrams>,
    sx: Maybe<TopNgrams>,
    sy: Maybe<TopNgrams>,
  ): Maybe<NgramComparison> => {
    const name = n === 1 ? 'unigrams' : 'bigrams';
    const p = either(name, x, y, an, bn);
    if (isInsufficient(p)) return p;
    const f = either(name, a.features, b.features, an, bn);
    if (isInsufficient(f)) return f;
    if (p[0].budget.hashedBits !== p[1].budget.hashedBits && (!p[0].run || !p[1].run)) {
      return insufficient(
        `${name}: hashed with different bucket counts: re-analyse one corpus with the other's budget`,
      );
    }
    return compareNgrams(
      n,
      { exact: p[0], summary: sx, features: f[0] },
      { exact: p[1], summary: sy, features: f[1] },
      a.recipe.buckets,
      o,
    );
  };

  let perplexity: Maybe<PerplexityComparison>;
  const mp = either('model-based statistics', a.model, b.model, an, bn);
  if (isInsufficient(mp)) perplexity = mp;
  else {
    const pp = either('perplexity', mp[0].perplexity, mp[1].perplexity, an, bn);
    perplexity = isInsufficient(pp) ? pp : comparePerplexity(pp[0], pp[1], o);
  }

  let lexical: Maybe<LexicalComparison>;
  const wa = sampleWords(a.sample.documents.map((d) => d.text));
  const wb = sampleWords(b.sample.documents.map((d) => d.text));
  const words = Math.min(wordTotal(wa), wordTotal(wb));
  if (words === 0) {
    lexical = insufficient(`lexical figures: ${wordTotal(wa) === 0 ? an : bn} has no words in its sample`);
  } else {
    const lp = either(
      'lexical figures',
      lexicalFromWords(wa, words, o.seed),
      lexicalFromWords(wb, words, o.seed),
      an,
      bn,
    );
    const cutA = firstWords(wa, words);
    const cutB = firstWords(wb, words);
    const ta = compute(typeCounts, cutA);
    const tb = compute(typeCounts, cutB);
    lexical = isInsufficient(lp)
      ? lp
      : {
          tokens: words,
          a: lp[0],
          b: lp[1],
          rareTypeSurvival:
            isInsufficient(ta) || isInsufficient(tb)
              ? insufficient('no words')
              : rareTypeSurvival(ta.counts, tb.counts),
          novelty: compute(novelty(compute(ngramIndex(), cutA)), cutB),
        };
  }

  let keyness: Maybe<Keyness & { exact: boolean }>;
  const kp = either('keyness', a.unigrams, b.unigrams, an, bn);
  if (isInsufficient(kp)) keyness = kp;
  else {
    const asMap = (t: TopNgrams) => new Map(t.summary.ngrams.map((g, i) => [g, t.summary.counts[i]]));
    const k = logOddsKeyness(asMap(kp[0]), asMap(kp[1]));
    keyness = isInsufficient(k) ? k : { ...k, exact: kp[0].exact && kp[1].exact };
  }

  return {
    a: { name: an, documents: a.counts.documents, seed: a.recipe.seed },
    b: { name: bn, documents: b.counts.documents, seed: b.recipe.seed },
    recipe: o,
    features,
    unigrams: ngrams(1, a.exact.unigrams, b.exact.unigrams, a.unigrams, b.unigrams),
    bigrams: ngrams(2, a.exact.bigrams, b.exact.bigrams, a.bigrams, b.bigrams),
    perplexity,
    lexical,
    keyness,
    warnings,
  };
}
