/**
 * Timing of teacher-forced scoring, shared by the Node benchmark and the bench worker so both measure the
 * same thing. Pure module (no Node or DOM APIs).
 */
import type { DocumentScores } from '../lib/scoring/scores';
import type { Counters, Measurement, Timing } from './protocol';

/**
 * The parts of TransformersPrior the benchmark uses. The counters are optional: they exist only in
 * builds of TransformersPrior that expose stats(), and the benchmark reports null without them.
 */
export interface BenchPrior {
  score(text: string, options: { k: number }): Promise<DocumentScores>;
  stats?(): Partial<Counters>;
  resetStats?(): void;
  useScoreHead?(head: unknown): void;
}

function counters(prior: BenchPrior): Counters | null {
  if (typeof prior.stats !== 'function') return null;
  const s = prior.stats();
  return {
    passes: s.passes ?? NaN,
    rows: s.rows ?? NaN,
    scoredTokens: s.scoredTokens ?? NaN,
    bytesToCpu: s.bytesToCpu ?? NaN,
    reducedOn: String(s.reducedOn ?? 'unknown'),
  };
}

/** Scores `text` once; tokens are those with a finite log p (the first one is unscored without a BOS). */
export async function timeScore(prior: BenchPrior, text: string, k: number): Promise<Timing> {
  prior.resetStats?.();
  const started = performance.now();
  const scores = await prior.score(text, { k });
  const seconds = (performance.now() - started) / 1000;
  const tokens = scores.logprob.reduce((n, lp) => (Number.isFinite(lp) ? n + 1 : n), 0);
  return { tokens, seconds, tokensPerSecond: tokens / seconds, counters: counters(prior) };
}

/** Warm runs are repeated until they add up to this (short runs of the tiny models are noisy), ... */
const MIN_WARM_SECONDS = 1;
/** ... but at most this many times. */
const MAX_WARM_RUNS = 10;

/**
 * Loads (timed by the caller's `load`), then a cold run on the warm-up text and warm runs on the text; the
 * warm timing is the median run.
 */
export async function measure<P extends BenchPrior>(
  load: () => Promise<P>,
  spec: { warmupText: string; text: string; k: number },
): Promise<Measurement & { prior: P }> {
  const started = performance.now();
  const prior = await load();
  const loadSeconds = (performance.now() - started) / 1000;
  const cold = await timeScore(prior, spec.warmupText, spec.k);
  const runs: Timing[] = [];
  let total = 0;
  while (total < MIN_WARM_SECONDS && runs.length < MAX_WARM_RUNS) {
    runs.push(await timeScore(prior, spec.text, spec.k));
    total += runs[runs.length - 1].seconds;
  }
  const warm = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)];
  return { prior, loadSeconds, cold, warm: { ...warm, runs: runs.length } };
}
