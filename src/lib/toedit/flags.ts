/**
 * Which tokens a rule touches. p is exp(logprob) computed in float64 from the stored float32 log-prob, and
 * compared with τ as given: no tolerance, so p exactly τ is flagged by 'at-least' and not by 'above'.
 */
import type { DocumentScores } from '../scoring/scores';
import type { ToEditConfig } from './config';

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

/** Probability of token i as the engine sees it; NaN where the token has no prefix or no score. */
export function tokenProbability(scores: DocumentScores, i: number): number {
  // Position 0 without a prepended BOS has no prefix: never scored, never edited, whatever the array says.
  if (i === 0 && !scores.bosPrepended) return NaN;
  return Math.exp(scores.logprob[i]);
}

/** The action for every token of a document. */
export function decideAll(
  scores: DocumentScores,
  config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
): TokenAction[] {
  const out: TokenAction[] = [];
  for (let i = 0; i < scores.tokenIds.length; i++) out.push(decide(tokenProbability(scores, i), config));
  return out;
}
