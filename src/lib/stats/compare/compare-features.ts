/**
 * Two reports' hashed features compared: JSD (bias-corrected, with an interval), TV and both KLs, each with
 * a permutation null over document groups, and the ranked per-bucket JSD contributions with the known
 * n-grams that fall in each bucket.
 */
import { seededRng, type Uniform } from '../../math/seeded';
import type { CorpusReport, FeatureReport, TopNgrams } from '../report/corpus-report-types';
import { divergenceSet, jsdContributions, jsdOfCounts } from '../measures/divergence';
import { fnv1a32 } from '../../math/fnv1a';
import {
  bootstrapSpread,
  nullCorrected,
  permutationNull,
  splitBags,
  type Estimate,
  type NullTest,
} from '../measures/resampling';
import { insufficient, isInsufficient, type Maybe } from '../measures/statistic';
import { NO_INTERVAL, type CompareOptions, type FeatureComparison } from './comparison';

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

export const FEATURE_NULL_METHOD =
  'permutation over document groups: groups of both corpora drawn in random order, each given to pseudo-A while that brings it closer to A’s document count';

/** Permutation nulls of [JSD, TV, KL(A‖B), KL(B‖A)] over the two reports' document groups. */
function featureNulls(
  a: FeatureReport,
  b: FeatureReport,
  observed: number[],
  o: Required<CompareOptions>,
): Maybe<NullTest>[] {
  const B = a.buckets;
  const sizes = Float64Array.from([...a.groupDocuments, ...b.groupDocuments]);
  const targetA = a.groupDocuments.reduce((s, d) => s + d, 0);
  const rows = (bag: number) =>
    bag < a.groups
      ? a.groupCounts.subarray(bag * B, (bag + 1) * B)
      : b.groupCounts.subarray((bag - a.groups) * B, (bag - a.groups + 1) * B);
  const total = Float64Array.from(a.counts, (c, i) => c + b.counts[i]);
  const inA = new Uint8Array(sizes.length);
  const ca = new Float64Array(B);
  const cb = new Float64Array(B);
  const rng = seededRng(o.seed + 2);
  return permutationNull(
    observed,
    () => {
      splitBags(sizes, targetA, rng, inA);
      ca.fill(0);
      for (let bag = 0; bag < sizes.length; bag++) {
        if (!inA[bag]) continue;
        const r = rows(bag);
        for (let i = 0; i < B; i++) ca[i] += r[i];
      }
      let na = 0;
      let nb = 0;
      for (let i = 0; i < B; i++) {
        cb[i] = total[i] - ca[i];
        na += ca[i];
        nb += cb[i];
      }
      const d = divergenceSet(ca, cb, o.klAlpha, na, nb);
      return [d.jsd, d.tv, d.klAB, d.klBA];
    },
    o.permutations,
    o.level,
    FEATURE_NULL_METHOD,
  );
}

function knownNgramsByBucket(
  wanted: Set<number>,
  sides: [Maybe<TopNgrams>, 'countA' | 'countB'][],
  buckets: number,
): Map<number, Map<string, { countA: number; countB: number }>> {
  const known = new Map<number, Map<string, { countA: number; countB: number }>>();
  for (const [t, side] of sides) {
    if (isInsufficient(t)) continue;
    t.summary.ngrams.forEach((ngram, i) => {
      const bucket = fnv1a32(ngram) % buckets;
      if (!wanted.has(bucket)) return;
      let m = known.get(bucket);
      if (!m) known.set(bucket, (m = new Map()));
      const e = m.get(ngram) ?? { countA: 0, countB: 0 };
      e[side] += t.summary.counts[i];
      m.set(ngram, e);
    });
  }
  return known;
}

export function compareFeatures(
  a: FeatureReport,
  b: FeatureReport,
  ar: CorpusReport,
  br: CorpusReport,
  o: Required<CompareOptions>,
): FeatureComparison {
  const B = a.buckets;
  const plug = divergenceSet(a.counts, b.counts, o.klAlpha);
  const ranked = jsdContributions(a.counts, b.counts, { limit: o.limit });
  const contributions = isInsufficient(ranked) ? [] : ranked.contributions;
  const known = knownNgramsByBucket(
    new Set(contributions.map((c) => c.feature)),
    [
      [ar.unigrams, 'countA'],
      [ar.bigrams, 'countA'],
      [br.unigrams, 'countB'],
      [br.bigrams, 'countB'],
    ],
    B,
  );

  const rng = seededRng(o.seed);
  const pa = new Float64Array(B);
  const pb = new Float64Array(B);
  const jsds: number[] = [];
  for (let r = 0; r < o.replicates; r++) {
    resampleGroups(a.groupCounts, a.groups, B, rng, pa);
    resampleGroups(b.groupCounts, b.groups, B, rng, pb);
    jsds.push(jsdOfCounts(pa, pb));
  }
  const [jsdNull, tvNull, klABNull, klBANull] = featureNulls(
    a,
    b,
    [plug.jsd, plug.tv, plug.klAB, plug.klBA],
    o,
  );
  const plain = (value: number, test: Maybe<NullTest>, why: string): Estimate => ({
    value,
    plugin: value,
    interval: insufficient(why),
    test,
  });
  return {
    buckets: B,
    jsd: nullCorrected(plug.jsd, jsdNull, bootstrapSpread(jsds, o.level), o.level),
    tv: plain(plug.tv, tvNull, NO_INTERVAL.tv),
    klAB: plain(plug.klAB, klABNull, NO_INTERVAL.kl),
    klBA: plain(plug.klBA, klBANull, NO_INTERVAL.kl),
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
