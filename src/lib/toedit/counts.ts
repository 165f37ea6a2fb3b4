/**
 * Live counts for one document or a whole corpus. Plain sums, so per-document counts merge into corpus
 * counts in any order and a slider move only needs the (cheap) editing pass, never the model.
 */
import type { ToEditConfig } from './config';

export interface EditCounts {
  documents: number;
  tokens: number;
  /** Tokens with a probability (position 0 without BOS and NaN log-probs are unscored). */
  scored: number;
  /** Tokens flagged for revision (resampling). */
  flagged: number;
  /** Σ over flagged tokens of the chance that the draw changes the token: 1 − q_original. */
  expectedEdits: number;
  /** Flagged tokens whose drawn id differs from the original. */
  realisedEdits: number;
  /** Tokens flagged for deletion ('low_drop_up_revise', 'filtering'). */
  dropFlagged: number;
  /** Tokens actually deleted. */
  deleted: number;
  /** Flagged tokens left unchanged because no edit could be applied (see the log's `skipped`). */
  skipped: number;
}

export function emptyCounts(): EditCounts {
  return {
    documents: 0,
    tokens: 0,
    scored: 0,
    flagged: 0,
    expectedEdits: 0,
    realisedEdits: 0,
    dropFlagged: 0,
    deleted: 0,
    skipped: 0,
  };
}

/** a + b, field by field (a new object). */
export function mergeCounts(a: EditCounts, b: EditCounts): EditCounts {
  const out = emptyCounts();
  for (const key of Object.keys(out) as (keyof EditCounts)[]) out[key] = a[key] + b[key];
  return out;
}

/** Expected share of flagged tokens that change (NaN when nothing is flagged). */
export function expectedEditRate(c: EditCounts): number {
  return c.flagged === 0 ? NaN : c.expectedEdits / c.flagged;
}

/** Share of scored tokens that are flagged for revision (NaN when nothing is scored). */
export function flagRate(c: EditCounts): number {
  return c.scored === 0 ? NaN : c.flagged / c.scored;
}

/** The rule in words, e.g. "p > 0.99". */
export function describeRule(config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>): string {
  switch (config.rule) {
    case 'above':
      return `p > ${config.tau}`;
    case 'at-least':
      return `p ≥ ${config.tau}`;
    case 'at-most':
      return `p ≤ ${config.tau}`;
    case 'low_drop_up_revise':
      return `p > ${config.tau} (revise) or p < ${config.dropBelow} (delete)`;
    case 'filtering':
      return `p < ${config.dropBelow} (delete)`;
  }
}

/** A message when the run cannot change anything, so an unchanged output is never a surprise; else null. */
export function countsNotice(
  c: EditCounts,
  config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
): string | null {
  if (c.documents > 0 && c.tokens === 0) return 'The documents are empty: there is nothing to edit.';
  if (c.tokens > 0 && c.scored === 0)
    return 'No token has a score (a one-token document without BOS has no prefix to predict it): the output equals the input.';
  if (c.flagged === 0 && c.dropFlagged === 0 && c.scored > 0)
    return `No token matches ${describeRule(config)} (0 of ${c.scored} scored tokens): the output equals the input.`;
  return null;
}
