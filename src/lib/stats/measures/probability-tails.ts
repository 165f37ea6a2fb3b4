/**
 * Shares of tokens in the probability tails, counted exactly per threshold (not read off histogram bins,
 * whose edges need not fall on the thresholds and whose bins are half-open the other way):
 * U-shape index U = P(p < 0.05) + P(p > 0.95); ToEdit flag rate f_τ = P(p > τ); drop rate g_λ = P(p < λ).
 * The thresholds are fixed when the accumulator is made, so shards merge by adding counts.
 */
import type { DocumentScores } from '../../scoring/scores';
import { insufficient, type Maybe, type Statistic } from './statistic';
import { forEachScoredProbability } from './token-probability';

export const U_LOW = 0.05;
export const U_HIGH = 0.95;

export interface ProbabilityTailsOptions {
  /** τ values for flag rates P(p > τ) (default [0.99]). */
  flagTaus?: readonly number[];
  /** λ values for drop rates P(p < λ) (default [0.001]). */
  dropLambdas?: readonly number[];
}

export interface ProbabilityTailsAcc {
  tokens: number;
  /** Tokens with p < U_LOW, and with p > U_HIGH. */
  uLow: number;
  uHigh: number;
  flagTaus: Float64Array;
  flagged: Float64Array;
  dropLambdas: Float64Array;
  dropped: Float64Array;
}

export interface Rate {
  threshold: number;
  count: number;
  rate: number;
}

export interface ProbabilityTails {
  tokens: number;
  uShape: number;
  flagRates: Rate[];
  dropRates: Rate[];
}

function checkThresholds(xs: readonly number[]): Float64Array {
  for (const x of xs) if (!(x >= 0 && x <= 1)) throw new RangeError(`threshold ${x} must lie in [0, 1]`);
  return Float64Array.from(xs);
}

function sameThresholds(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sum(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, i) => x + b[i]);
}

export function probabilityTails(
  options: ProbabilityTailsOptions = {},
): Statistic<ProbabilityTailsAcc, DocumentScores, Maybe<ProbabilityTails>> {
  const flagTaus = checkThresholds(options.flagTaus ?? [0.99]);
  const dropLambdas = checkThresholds(options.dropLambdas ?? [0.001]);
  return {
    empty: () => ({
      tokens: 0,
      uLow: 0,
      uHigh: 0,
      flagTaus,
      flagged: new Float64Array(flagTaus.length),
      dropLambdas,
      dropped: new Float64Array(dropLambdas.length),
    }),
    add(acc, scores) {
      forEachScoredProbability(scores, (p) => {
        acc.tokens++;
        if (p < U_LOW) acc.uLow++;
        if (p > U_HIGH) acc.uHigh++;
        for (let j = 0; j < acc.flagTaus.length; j++) if (p > acc.flagTaus[j]) acc.flagged[j]++;
        for (let j = 0; j < acc.dropLambdas.length; j++) if (p < acc.dropLambdas[j]) acc.dropped[j]++;
      });
    },
    merge(a, b) {
      if (!sameThresholds(a.flagTaus, b.flagTaus) || !sameThresholds(a.dropLambdas, b.dropLambdas)) {
        throw new RangeError('cannot merge tail counts taken at different thresholds');
      }
      return {
        tokens: a.tokens + b.tokens,
        uLow: a.uLow + b.uLow,
        uHigh: a.uHigh + b.uHigh,
        flagTaus: a.flagTaus,
        flagged: sum(a.flagged, b.flagged),
        dropLambdas: a.dropLambdas,
        dropped: sum(a.dropped, b.dropped),
      };
    },
    finalize(acc) {
      const n = acc.tokens;
      if (n === 0) return insufficient('no scored tokens');
      const rates = (ts: Float64Array, cs: Float64Array): Rate[] =>
        Array.from(ts, (threshold, j) => ({ threshold, count: cs[j], rate: cs[j] / n }));
      return {
        tokens: n,
        uShape: (acc.uLow + acc.uHigh) / n,
        flagRates: rates(acc.flagTaus, acc.flagged),
        dropRates: rates(acc.dropLambdas, acc.dropped),
      };
    },
  };
}
