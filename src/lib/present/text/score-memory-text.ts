/** The scored k's memory cost in words, as the Text page shows it beside Score. */
import type { ScoreMemory } from '../../scoring/score-memory';
import { BYTES_PER_ALTERNATIVE, FIXED_BYTES_PER_TOKEN } from '../../scoring/score-memory';
import { CORPUS_RUN_TITLE } from './hand-over-note';
import { formatBytes, formatCount } from './value-format';

/**
 * "k = 8: 88 B per token (24 + 8 × 8) × 1,234 tokens = 106 KiB", with "about" and the ratio it assumed
 * while some documents are unscored at this k.
 */
export function describeScoreMemory(cost: ScoreMemory): string {
  const about = cost.exact ? '' : 'about ';
  const perToken = `${cost.bytesPerToken} B per token (${FIXED_BYTES_PER_TOKEN} + ${cost.k} × ${BYTES_PER_ALTERNATIVE})`;
  const total = `${perToken} × ${about}${formatCount(cost.tokens)} tokens = ${about}${formatBytes(cost.bytes)}`;
  return cost.exact
    ? `Scores in memory: ${total}.`
    : `Scores in memory: ${total} — an estimate at ${cost.textBytesPerToken.toFixed(1)} text bytes per token until every document is scored at k = ${cost.k}.`;
}

/** Said under the cost line when the session's text and scores at k would pass what the page holds. */
export function pageMemoryWarning(memory: { k: number; bytes: number; limit: number }): string | null {
  if (memory.bytes <= memory.limit) return null;
  return `At k = ${memory.k} this session’s text and scores would take about ${formatBytes(memory.bytes)}, more than the ${formatBytes(memory.limit)} this page holds: score at a smaller k, or run the files with “${CORPUS_RUN_TITLE}”, which keeps scores on disk.`;
}
