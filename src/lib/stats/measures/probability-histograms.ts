/**
 * The token-probability histograms (the paper's U-shape): the paper's 10-bin table [0, .1), …, [.9, 1.0],
 * a fine linear histogram (the paper's figure used 300 bins) and one on log10 p, where the low-probability
 * tokens that the linear bins lump into [0, .1) spread out. All over fixed edges, so shards merge exactly.
 */
import type { DocumentScores } from '../../scoring/scores';
import {
  addValue,
  emptyHistogram,
  finalizeHistogram,
  linearEdges,
  mergeHistograms,
  type FixedHistogram,
  type HistogramResult,
} from './fixed-histogram';
import { insufficient, type Maybe, type Statistic } from './statistic';
import { forEachScoredProbability } from './token-probability';

export interface ProbabilityHistogramOptions {
  /** Bins of the fine linear histogram on [0, 1] (default 300, as in the paper's figure). */
  fineBins?: number;
  /** Lower end of the log10 p histogram (default −10); p below it (and p = 0) is underflow. */
  log10Min?: number;
  /** Bins per decade of the log10 p histogram (default 10). */
  binsPerDecade?: number;
}

export interface ProbabilityHistogramsAcc {
  paper: FixedHistogram;
  fine: FixedHistogram;
  log10: FixedHistogram;
}

export interface ProbabilityHistograms {
  /** Scored tokens: the total of every histogram. */
  tokens: number;
  paper: HistogramResult;
  fine: HistogramResult;
  /** Over log10 p ∈ [log10Min, 0]; p = 0 and p < 10^log10Min are its underflow. */
  log10: HistogramResult;
}

export const PAPER_EDGES = linearEdges(0, 1, 10);

export function probabilityHistograms(
  options: ProbabilityHistogramOptions = {},
): Statistic<ProbabilityHistogramsAcc, DocumentScores, Maybe<ProbabilityHistograms>> {
  const { fineBins = 300, log10Min = -10, binsPerDecade = 10 } = options;
  if (!(Number.isInteger(log10Min) && log10Min < 0))
    throw new RangeError('log10Min must be a negative integer');
  const fineEdges = linearEdges(0, 1, fineBins);
  const log10Edges = linearEdges(log10Min, 0, -log10Min * binsPerDecade);
  return {
    empty: () => ({
      paper: emptyHistogram(PAPER_EDGES),
      fine: emptyHistogram(fineEdges),
      log10: emptyHistogram(log10Edges),
    }),
    add(acc, scores) {
      forEachScoredProbability(scores, (p) => {
        addValue(acc.paper, p);
        addValue(acc.fine, p);
        addValue(acc.log10, Math.log10(p)); // log10(0) = −∞: underflow, still counted
      });
    },
    merge: (a, b) => ({
      paper: mergeHistograms(a.paper, b.paper),
      fine: mergeHistograms(a.fine, b.fine),
      log10: mergeHistograms(a.log10, b.log10),
    }),
    finalize(acc) {
      const paper = finalizeHistogram(acc.paper);
      const fine = finalizeHistogram(acc.fine);
      const log10 = finalizeHistogram(acc.log10);
      if ('insufficient' in paper || 'insufficient' in fine || 'insufficient' in log10) {
        return insufficient('no scored tokens');
      }
      return { tokens: paper.total, paper, fine, log10 };
    },
  };
}
