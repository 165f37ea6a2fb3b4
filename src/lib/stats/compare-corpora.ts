/**
 * Two finalized corpus reports compared (metrics.md): divergences of the hashed features and of the exact
 * n-grams with ranked per-feature JSD contributions, two-sample tests on log PPL, and the length-sensitive
 * figures recomputed on equal-size samples; seeded bootstrap intervals where metrics.md asks for them.
 */
import { seededRng, type Uniform } from '../random/seeded';
import type { CorpusReport, FeatureReport, LexicalReport, TopNgrams } from './corpus-report';
import { jsdContributions, jsDivergence, klDivergence, totalVariation } from './divergence';
import { fnv1a32 } from './fnv1a';
import { logOddsKeyness, type Keyness } from './keyness';
import { ngramIndex, novelty, type Novelty } from './novelty';
import { quantileOfSorted, tailMass, type CorpusPerplexity } from './perplexity';
import { firstWords, lexicalFromWords, sampleWords, wordTotal } from './report/lexical';
import { compute, insufficient, isInsufficient, type Insufficient, type Maybe } from './statistic';
import { rareTypeSurvival, typeCounts, type RareTypeSurvival } from './type-counts';
import { auroc, ksStatistic, wasserstein1 } from './two-sample';

export interface CompareOptions {
  /** Seeds every bootstrap (default 0). */
  seed?: number;
  /** Bootstrap replicates (default 200). */
  replicates?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Smoothing α of KL (default 0.5; JSD and TV use α = 0). */
  klAlpha?: number;
  /** Contributions listed (default 200). */
  limit?: number;
  /** Known n-grams listed per contributing bucket (default 5). */
  ngramsPerBucket?: number;
}

export interface Interval {
  low: number;
  high: number;
  level: number;
  replicates: number;
  /** e.g. "percentile bootstrap over documents" or "… over 64 random document groups". */
  method: string;
}

export interface Estimate {
  value: number;
  interval: Maybe<Interval>;
}

export interface CorpusRef {
  name: string;
  documents: number;
  seed: number;
}

/** One item's share of a JSD: its counts and probabilities in A and B, and its term. */
export interface Contribution {
  countA: number;
  countB: number;
  p: number;
  q: number;
  /** δ_g ≥ 0, bits. */
  delta: number;
  /** +1 when A uses the item more, −1 when B does. */
  sign: 1 | -1;
  cumulativeShare: number;
}

export interface FeatureContribution extends Contribution {
  bucket: number;
  /** The most frequent known n-grams hashing to this bucket, from both corpora's summaries. */
  ngrams: { ngram: string; countA: number; countB: number }[];
}

export interface FeatureComparison {
  buckets: number;
  jsd: Estimate;
  tv: Estimate;
  /** KL(A‖B) and KL(B‖A), nats, smoothed with klAlpha. */
  klAB: Maybe<number>;
  klBA: Maybe<number>;
  contributions: FeatureContribution[];
}

export interface NgramContribution extends Contribution {
  ngram: string;
  bucket: number;
}

/**
 * Divergences over exact n-grams: the support is every n-gram either summary kept, plus one "other"
 * category holding the rest of each corpus's mass, so both distributions sum to 1.
 */
export interface NgramComparison {
  n: 1 | 2;
  /** Both summaries exact: the divergences are those of the full n-gram distributions. */
  exact: boolean;
  errorBound: { a: number; b: number };
  support: number;
  jsd: number;
  tv: number;
  klAB: Maybe<number>;
  klBA: Maybe<number>;
  other: { p: number; q: number };
  contributions: NgramContribution[];
}

export interface PerplexityComparison {
  ks: Estimate;
  w1: Estimate;
  auroc: Estimate;
  /** P(PPL_d > t) in each corpus, t = A's 95th percentile of PPL_d (A is the reference). */
  tailThreshold: number;
  tailMass: { a: number; b: number };
  corpusPpl: { a: number; b: number };
  meanDocumentPpl: { a: number; b: number };
}

/** Length-sensitive figures on equal-size samples of both corpora (`tokens` words each). */
export interface LexicalComparison {
  tokens: number;
  a: LexicalReport;
  b: LexicalReport;
  /** Of A's hapax words in its sample, the share that occur in B's (equal-size) sample. */
  rareTypeSurvival: Maybe<RareTypeSurvival>;
  /** Share of B's 4..8-gram occurrences absent from A (A as the human reference), on the same samples. */
  novelty: Maybe<Novelty>;
}

export interface Comparison {
  a: CorpusRef;
  b: CorpusRef;
  recipe: Required<CompareOptions>;
  features: Maybe<FeatureComparison>;
  unigrams: Maybe<NgramComparison>;
  bigrams: Maybe<NgramComparison>;
  perplexity: Maybe<PerplexityComparison>;
  lexical: Maybe<LexicalComparison>;
  /**
   * Words (word-punct unigrams, from the reports' summaries) marking A against B: log-odds with an
   * informative Dirichlet prior. `exact`: both summaries exact (otherwise counts are Misra–Gries lower bounds).
   */
  keyness: Maybe<Keyness & { exact: boolean }>;
  /** Things that make the comparison less than like-for-like (different buckets, models, seeds). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------

const DEFAULTS: Required<CompareOptions> = {
  seed: 0,
  replicates: 200,
  level: 0.95,
  klAlpha: 0.5,
  limit: 200,
  ngramsPerBucket: 5,
};

/** Percentile interval of bootstrap replicates (NaN replicates, e.g. an empty resample, are dropped). */
function percentileInterval(values: number[], level: number, method: string): Maybe<Interval> {
  const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (finite.length < 10) return insufficient(`only ${finite.length} usable bootstrap replicates`);
  return {
    low: quantileOfSorted(finite, (1 - level) / 2),
    high: quantileOfSorted(finite, (1 + level) / 2),
    level,
    replicates: finite.length,
    method,
  };
}

/** Sums of `groups` rows of a groups × buckets matrix, each row weighted by how often a resample drew it. */
function resampleGroups(
  matrix: Uint32Array,
  groups: number,
  buckets: number,
  rng: Uniform,
  out: Float64Array,
): void {
  out.fill(0);
  const times = new Uint32Array(groups);
  for (let i = 0; i < groups; i++) times[Math.floor(rng() * groups)]++;
  for (let g = 0; g < groups; g++) {
    const t = times[g];
    if (t === 0) continue;
    const row = g * buckets;
    for (let i = 0; i < buckets; i++) out[i] += t * matrix[row + i];
  }
}

function value<T>(x: Maybe<T>, fallback: T): T {
  return isInsufficient(x) ? fallback : x;
}

function compareFeatures(
  a: FeatureReport,
  b: FeatureReport,
  ar: CorpusReport,
  br: CorpusReport,
  o: Required<CompareOptions>,
): FeatureComparison {
  const B = a.buckets;
  const jsd = value(jsDivergence(a.counts, b.counts), NaN);
  const tv = value(totalVariation(a.counts, b.counts), NaN);
  const ranked = jsdContributions(a.counts, b.counts, { limit: o.limit });
  const contributions = isInsufficient(ranked) ? [] : ranked.contributions;

  // Which known n-grams fall in each contributing bucket (from both corpora's summaries).
  const wanted = new Set(contributions.map((c) => c.feature));
  const known = new Map<number, Map<string, { countA: number; countB: number }>>();
  const note = (t: Maybe<TopNgrams>, side: 'countA' | 'countB') => {
    if (isInsufficient(t)) return;
    t.summary.ngrams.forEach((ngram, i) => {
      const bucket = fnv1a32(ngram) % B;
      if (!wanted.has(bucket)) return;
      let m = known.get(bucket);
      if (!m) known.set(bucket, (m = new Map()));
      const e = m.get(ngram) ?? { countA: 0, countB: 0 };
      e[side] += t.summary.counts[i];
      m.set(ngram, e);
    });
  };
  note(ar.unigrams, 'countA');
  note(ar.bigrams, 'countA');
  note(br.unigrams, 'countB');
  note(br.bigrams, 'countB');

  const rng = seededRng(o.seed);
  const pa = new Float64Array(B);
  const pb = new Float64Array(B);
  const jsds: number[] = [];
  const tvs: number[] = [];
  for (let r = 0; r < o.replicates; r++) {
    resampleGroups(a.groupCounts, a.groups, B, rng, pa);
    resampleGroups(b.groupCounts, b.groups, B, rng, pb);
    jsds.push(value(jsDivergence(pa, pb), NaN));
    tvs.push(value(totalVariation(pa, pb), NaN));
  }
  const method = `percentile bootstrap over ${a.groups} and ${b.groups} seeded random groups of documents`;
  return {
    buckets: B,
    jsd: { value: jsd, interval: percentileInterval(jsds, o.level, method) },
    tv: { value: tv, interval: percentileInterval(tvs, o.level, method) },
    klAB: klDivergence(a.counts, b.counts, o.klAlpha),
    klBA: klDivergence(b.counts, a.counts, o.klAlpha),
    contributions: contributions.map((c) => ({
      bucket: c.feature,
      countA: a.counts[c.feature],
      countB: b.counts[c.feature],
      p: c.p,
      q: c.q,
      delta: c.delta,
      sign: c.sign,
      cumulativeShare: c.cumulativeShare,
      ngrams: Array.from(known.get(c.feature) ?? [], ([ngram, e]) => ({ ngram, ...e }))
        .sort((x, y) => y.countA + y.countB - (x.countA + x.countB) || (x.ngram < y.ngram ? -1 : 1))
        .slice(0, o.ngramsPerBucket),
    })),
  };
}

function compareNgrams(
  a: TopNgrams,
  b: TopNgrams,
  buckets: number,
  o: Required<CompareOptions>,
): NgramComparison {
  const counts = new Map<string, [number, number]>();
  a.summary.ngrams.forEach((g, i) => counts.set(g, [a.summary.counts[i], 0]));
  b.summary.ngrams.forEach((g, i) => {
    const e = counts.get(g);
    if (e) e[1] = b.summary.counts[i];
    else counts.set(g, [0, b.summary.counts[i]]);
  });
  const ngrams = Array.from(counts.keys()).sort();
  // One more category, "other", holds what each summary did not keep, so both sides sum to their totals.
  const ca = new Float64Array(ngrams.length + 1);
  const cb = new Float64Array(ngrams.length + 1);
  let keptA = 0;
  let keptB = 0;
  ngrams.forEach((g, i) => {
    [ca[i], cb[i]] = counts.get(g)!;
    keptA += ca[i];
    keptB += cb[i];
  });
  ca[ngrams.length] = Math.max(0, a.total - keptA);
  cb[ngrams.length] = Math.max(0, b.total - keptB);
  const ranked = jsdContributions(ca, cb, {});
  const contributions: NgramContribution[] = [];
  if (!isInsufficient(ranked)) {
    let running = 0;
    for (const c of ranked.contributions) {
      running += c.delta;
      if (c.feature === ngrams.length) continue; // "other" is reported on its own
      if (contributions.length >= o.limit) break;
      const ngram = ngrams[c.feature];
      contributions.push({
        ngram,
        bucket: fnv1a32(ngram) % buckets,
        countA: ca[c.feature],
        countB: cb[c.feature],
        p: c.p,
        q: c.q,
        delta: c.delta,
        sign: c.sign,
        cumulativeShare: running / ranked.jsd,
      });
    }
  }
  return {
    n: a.n,
    exact: a.exact && b.exact,
    errorBound: { a: a.errorBound, b: b.errorBound },
    support: ngrams.length,
    jsd: value(jsDivergence(ca, cb), NaN),
    tv: value(totalVariation(ca, cb), NaN),
    klAB: klDivergence(ca, cb, o.klAlpha),
    klBA: klDivergence(cb, ca, o.klAlpha),
    other: { p: ca[ngrams.length] / a.total, q: cb[ngrams.length] / b.total },
    contributions,
  };
}

function resample(xs: Float64Array, rng: Uniform): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(rng() * xs.length)];
  return out;
}

function comparePerplexity(
  a: CorpusPerplexity,
  b: CorpusPerplexity,
  o: Required<CompareOptions>,
): PerplexityComparison {
  const x = a.documentLogPpl;
  const y = b.documentLogPpl;
  const rng = seededRng(o.seed + 1);
  const reps = { ks: [] as number[], w1: [] as number[], auroc: [] as number[] };
  for (let r = 0; r < o.replicates; r++) {
    const rx = resample(x, rng);
    const ry = resample(y, rng);
    reps.ks.push(value(ksStatistic(rx, ry), NaN));
    reps.w1.push(value(wasserstein1(rx, ry), NaN));
    reps.auroc.push(value(auroc(rx, ry), NaN));
  }
  const method = 'percentile bootstrap over documents';
  const est = (v: Maybe<number>, rs: number[]): Estimate => ({
    value: value(v, NaN),
    interval: isInsufficient(v) ? v : percentileInterval(rs, o.level, method),
  });
  const threshold = Math.exp(a.quantiles.q95);
  return {
    ks: est(ksStatistic(x, y), reps.ks),
    w1: est(wasserstein1(x, y), reps.w1),
    auroc: est(auroc(x, y), reps.auroc),
    tailThreshold: threshold,
    tailMass: { a: value(tailMass(x, threshold), NaN), b: value(tailMass(y, threshold), NaN) },
    corpusPpl: { a: a.corpusPpl, b: b.corpusPpl },
    meanDocumentPpl: { a: a.meanDocumentPpl, b: b.meanDocumentPpl },
  };
}

function either<T>(name: string, a: Maybe<T>, b: Maybe<T>, an: string, bn: string): Insufficient | [T, T] {
  if (isInsufficient(a)) return insufficient(`${name}: ${an} — ${a.insufficient}`);
  if (isInsufficient(b)) return insufficient(`${name}: ${bn} — ${b.insufficient}`);
  return [a, b];
}

/** A compared with B (A is the reference for tail mass, and the "P" of every divergence). */
export function compareReports(a: CorpusReport, b: CorpusReport, options: CompareOptions = {}): Comparison {
  const o = { ...DEFAULTS, ...options };
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

  const ngrams = (name: string, x: Maybe<TopNgrams>, y: Maybe<TopNgrams>): Maybe<NgramComparison> => {
    const p = either(name, x, y, an, bn);
    return isInsufficient(p) ? p : compareNgrams(p[0], p[1], a.recipe.buckets, o);
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
    unigrams: ngrams('unigrams', a.unigrams, b.unigrams),
    bigrams: ngrams('bigrams', a.bigrams, b.bigrams),
    perplexity,
    lexical,
    keyness,
    warnings,
  };
}
