/**
 * Two reports' n-gram distributions compared over their true joint support (joint-support.ts): plug-in JSD,
 * TV and both KLs, each with a permutation null over document groups while both tables still hold their
 * groups, and the ranked per-n-gram contributions. Past the exact budget both sides are compared on the
 * same hashed buckets, labelled as a lower bound — never mixed silently with exact values.
 */
import { seededRng } from '../../math/seeded';
import type { FeatureReport, TopNgrams } from '../report/corpus-report-types';
import { divergenceSet } from '../measures/divergence';
import { hashedCounts, type ExactNgrams } from '../exact/exact-ngrams';
import { jointBags, jointDivergences, resplitDivergences, resplitScratch } from '../exact/joint-support';
import { NgramNames } from '../exact/ngram-names';
import { permutationNull, splitBags, type Estimate, type NullTest } from '../measures/resampling';
import { insufficient, isInsufficient, type Maybe } from '../measures/statistic';
import { NO_INTERVAL, type CompareOptions, type NgramComparison, type NgramContribution } from './comparison';
import { FEATURE_NULL_METHOD } from './compare-features';

interface Side {
  exact: ExactNgrams;
  summary: Maybe<TopNgrams>;
  features: FeatureReport;
}

function estimates(
  values: [number, number, number, number],
  tests: Maybe<NullTest>[],
): Pick<NgramComparison, 'jsd' | 'tv' | 'klAB' | 'klBA'> {
  const e = (i: number, why: string): Estimate => ({
    value: values[i],
    plugin: values[i],
    interval: insufficient(why),
    test: tests[i],
  });
  return {
    jsd: e(0, NO_INTERVAL.sparse),
    tv: e(1, NO_INTERVAL.tv),
    klAB: e(2, NO_INTERVAL.kl),
    klBA: e(3, NO_INTERVAL.kl),
  };
}

function exactNulls(
  n: 1 | 2,
  a: Side,
  b: Side,
  observed: number[],
  o: Required<CompareOptions>,
): Maybe<NullTest>[] {
  const ra = a.exact.run!;
  const rb = b.exact.run!;
  const none = (why: string) => observed.map(() => insufficient(why));
  if (!ra.group || !rb.group) {
    return none(
      `no permutation null: over ${a.exact.budget.groupedEntries.toLocaleString('en-US')} n-gram × group entries, the per-group counts it re-splits were not kept`,
    );
  }
  const ga = a.features.groups;
  const gb = b.features.groups;
  const bags = jointBags(ra, rb, ga, gb, o.klAlpha);
  const work = bags.start[ga + gb] + bags.multi + ga + gb;
  const replicates = Math.min(o.permutations, Math.floor(o.permutationWork / work));
  if (replicates < 19)
    return none('no permutation null: the tables are too large for the permutation work budget');
  const sizes = Float64Array.from([...a.features.groupDocuments, ...b.features.groupDocuments]);
  const targetA = a.features.groupDocuments.reduce((s, d) => s + d, 0);
  const inA = new Uint8Array(ga + gb);
  const scratch = resplitScratch(bags);
  const rng = seededRng(o.seed + 10 + n);
  return permutationNull(
    observed,
    () => {
      splitBags(sizes, targetA, rng, inA);
      const d = resplitDivergences(bags, inA, scratch);
      return [d.jsd, d.tv, d.klAB, d.klBA];
    },
    replicates,
    o.level,
    FEATURE_NULL_METHOD,
  );
}

export function compareNgrams(
  n: 1 | 2,
  a: Side,
  b: Side,
  buckets: number,
  o: Required<CompareOptions>,
): NgramComparison {
  if (a.exact.run && b.exact.run) {
    const d = jointDivergences(a.exact.run, b.exact.run, o.klAlpha, o.limit);
    const names = new NgramNames(
      n,
      [a.summary, b.summary].map((t) => (isInsufficient(t) ? [] : t.summary.ngrams)),
    );
    let running = 0;
    const contributions = d.top.map((c): NgramContribution => {
      running += c.delta;
      return {
        ngram: names.get(c.k1, c.k2),
        bucket: c.k1 % buckets,
        countA: c.countA,
        countB: c.countB,
        p: c.p,
        q: c.q,
        delta: c.delta,
        sign: c.p > c.q ? 1 : -1,
        cumulativeShare: d.jsd > 0 ? running / d.jsd : 0,
      };
    });
    const values: [number, number, number, number] = [d.jsd, d.tv, d.klAB, d.klBA];
    return {
      n,
      tier: 'exact',
      method: `exact: over every n-gram of either corpus (${d.support.toLocaleString('en-US')}), each its own category`,
      support: d.support,
      totals: { a: d.totalA, b: d.totalB },
      ...estimates(values, exactNulls(n, a, b, values, o)),
      contributions,
    };
  }
  // Past the exact budget on either side: both on the same hashed buckets.
  const ha = hashedCounts(a.exact);
  const hb = hashedCounts(b.exact);
  let support = 0;
  let ta = 0;
  let tb = 0;
  for (let i = 0; i < ha.length; i++) {
    if (ha[i] + hb[i] > 0) support++;
    ta += ha[i];
    tb += hb[i];
  }
  const d = divergenceSet(ha, hb, o.klAlpha, ta, tb);
  const why = 'no permutation null: the hashed tier keeps no per-group counts';
  return {
    n,
    tier: 'hashed',
    method: `hashed: over ${ha.length.toLocaleString('en-US')} buckets of the 64-bit n-gram keys, because a corpus has more distinct n-grams than the exact budget; merging n-grams into buckets can only lower JSD, TV and KL, so these are lower bounds of the exact values`,
    support,
    totals: { a: ta, b: tb },
    ...estimates(
      [d.jsd, d.tv, d.klAB, d.klBA],
      [why, why, why, why].map((w) => insufficient(w)),
    ),
    contributions: [],
  };
}
