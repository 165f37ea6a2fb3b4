/**
 * Which tokens a rule touches. p is exp(logprob) computed in float64 from the stored float32 log-prob, and
 * compared with τ as given: no tolerance, so p exactly τ is flagged by 'at-least' and not by 'above'.
 */
import type { DocumentScores } from '../scoring/scores';
import type { ToEditConfig } from './config';
import { insideRanges, type ByteRange } from './editable-ranges';

export type TokenAction = 'keep' | 'revise' | 'delete';

/** The action for one token probability (NaN, i.e. unscored, is always kept). */
export function decide(p: number, config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>): TokenAction {
  if (Number.isNaN(p)) return 'keep';
  switch (config.rule) {
    case 'above':
      return p > config.tau ? 'revise' : 'keep';
    case 'at-least':
      return p >= config.tau ? 'revise' : 'keep';
    case 'at-most':
      return p <= config.tau ? 'revise' : 'keep';
    case 'low_drop_up_revise':
      if (p < config.dropBelow) return 'delete';
      return p > config.tau ? 'revise' : 'keep';
    case 'filtering':
      return p < config.dropBelow ? 'delete' : 'keep';
  }
}

/**
 * Probability of token i as the engine sees it; NaN where the token has no prefix or no score, or lies
 * outside the editable ranges (null: all of the text is editable). The one place that decides which tokens
 * the editor may touch: the engine and the page's flags both read it.
 */
export function tokenProbability(
  scores: DocumentScores,
  i: number,
  editable: readonly ByteRange[] | null = null,
): number {
  // Position 0 without a prepended BOS has no prefix: never scored, never edited, whatever the array says.
  if (i === 0 && !scores.bosPrepended) return NaN;
  if (!insideRanges(editable, scores.byteStart[i], scores.byteEnd[i])) return NaN;
  return Math.exp(scores.logprob[i]);
}

/** The action for every token of a document (context outside `editable` is always kept). */
export function decideAll(
  scores: DocumentScores,
  config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
  editable: readonly ByteRange[] | null = null,
): TokenAction[] {
  const out: TokenAction[] = [];
  for (let i = 0; i < scores.tokenIds.length; i++)
    out.push(decide(tokenProbability(scores, i, editable), config));
  return out;
}
