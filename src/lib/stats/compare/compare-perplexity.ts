/**
 * Two corpora's per-document log PPL compared: KS (with its distribution-free DKW band), W1 and AUROC (with
 * DeLong's interval), each with a permutation null over documents — exact exchangeable units, so these
 * p-values are exact for the re-splits drawn.
 */
import { seededRng } from '../../math/seeded';
import type { CorpusPerplexity } from '../measures/perplexity';
import { tailMass } from '../measures/perplexity';
import { aurocInterval, ksInterval, permutationNull, type Estimate } from '../measures/resampling';
import { insufficient, isInsufficient } from '../measures/statistic';
import { aurocPlacements, twoSampleSorted } from '../measures/two-sample';
import { NO_INTERVAL, type CompareOptions, type PerplexityComparison } from './comparison';

export const DOCUMENT_NULL_METHOD =
  'permutation over documents: the two corpora’s documents pooled and re-split at random into sizes n_A and n_B';

export function comparePerplexity(
  a: CorpusPerplexity,
  b: CorpusPerplexity,
  o: Required<CompareOptions>,
): PerplexityComparison {
  const x = a.documentLogPpl;
  const y = b.documentLogPpl;
  const finite = [x[0], x[x.length - 1], y[0], y[y.length - 1]].every(Number.isFinite);
  const stats = (sa: Float64Array, sb: Float64Array) => {
    const t = twoSampleSorted(sa, sb);
    return [t.ks, finite ? t.w1 : NaN, Math.abs(t.auroc - 0.5)];
  };
  const observed = twoSampleSorted(x, y);
  const pooled = Float64Array.from([...x, ...y]);
  const rng = seededRng(o.seed + 1);
  const [ks, w1, auc] = permutationNull(
    stats(x, y),
    () => {
      for (let i = pooled.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        const t = pooled[i];
        pooled[i] = pooled[j];
        pooled[j] = t;
      }
      return stats(pooled.slice(0, x.length).sort(), pooled.slice(x.length).sort());
    },
    o.permutations,
    o.level,
    DOCUMENT_NULL_METHOD,
  );
  const placements = aurocPlacements(x, y);
  const est = (value: number, interval: Estimate['interval'], test: Estimate['test']): Estimate => ({
    value,
    plugin: value,
    interval,
    test,
  });
  const threshold = Math.exp(a.quantiles.q95);
  const tail = (v: Float64Array) => {
    const t = tailMass(v, threshold);
    return isInsufficient(t) ? NaN : t;
  };
  return {
    ks: est(observed.ks, ksInterval(observed.ks, x.length, y.length, o.level), ks),
    w1: finite
      ? est(observed.w1, insufficient(NO_INTERVAL.w1), w1)
      : est(NaN, insufficient('an infinite log PPL: the area between the ECDFs is not finite'), w1),
    auroc: est(
      observed.auroc,
      aurocInterval(observed.auroc, placements.below, placements.above, o.level),
      auc,
    ),
    tailThreshold: threshold,
    tailMass: { a: tail(x), b: tail(y) },
    corpusPpl: { a: a.corpusPpl, b: b.corpusPpl },
    meanDocumentPpl: { a: a.meanDocumentPpl, b: b.meanDocumentPpl },
  };
}
