/**
 * GLTR's rank buckets: how often the actual token was the prior's top-10, top-100, top-1000 choice or
 * lower. A scored token (logprob not NaN) with rank 0 breaks the scoring contract; it is counted as
 * `unranked` rather than dropped, so the counts still add up to the scored tokens.
 */
import type { DocumentScores } from '../../scoring/scores';
import { insufficient, type Maybe, type Statistic } from './statistic';

/** Inclusive upper rank of each bucket but the last (rank > 1000). */
export const RANK_LIMITS = [10, 100, 1000] as const;
export const RANK_LABELS = ['≤10', '≤100', '≤1000', '>1000'] as const;

export interface RankBucketsAcc {
  /** Counts for ≤10, ≤100, ≤1000, >1000 (each bucket excludes the ones before it). */
  counts: Float64Array;
  unranked: number;
}

export interface RankBuckets {
  /** Scored tokens: Σ counts + unranked. */
  tokens: number;
  counts: Float64Array;
  /** counts / (Σ counts), the shares among ranked tokens. */
  shares: Float64Array;
  unranked: number;
}

export function rankBucket(rank: number): number {
  if (rank <= RANK_LIMITS[0]) return 0;
  if (rank <= RANK_LIMITS[1]) return 1;
  if (rank <= RANK_LIMITS[2]) return 2;
  return 3;
}

export const rankBuckets: Statistic<RankBucketsAcc, DocumentScores, Maybe<RankBuckets>> = {
  empty: () => ({ counts: new Float64Array(4), unranked: 0 }),
  add(acc, scores) {
    const { logprob, rank } = scores;
    for (let i = 0; i < logprob.length; i++) {
      if (Number.isNaN(logprob[i])) continue;
      if (rank[i] >= 1) acc.counts[rankBucket(rank[i])]++;
      else acc.unranked++;
    }
  },
  merge: (a, b) => ({ counts: a.counts.map((c, i) => c + b.counts[i]), unranked: a.unranked + b.unranked }),
  finalize(acc) {
    const ranked = acc.counts.reduce((s, c) => s + c, 0);
    if (ranked === 0) return insufficient('no ranked tokens');
    return {
      tokens: ranked + acc.unranked,
      counts: acc.counts.slice(),
      shares: acc.counts.map((c) => c / ranked),
      unranked: acc.unranked,
    };
  },
};
