import type { EditLogEntry } from '../../src/lib/toedit/edit-engine';
import type { Vocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';

/**
 * A document's bytes rebuilt from its edit log, independently of the engine's own splicing: each changed
 * token's span replaced by its replacement's vocabulary bytes (removed for a deletion).
 */
export function splicedBytes(
  original: Uint8Array,
  log: readonly EditLogEntry[],
  vocab: Vocabulary,
): Uint8Array {
  const parts: number[] = [];
  let cursor = 0;
  for (const e of log) {
    if (!e.changed) continue;
    parts.push(...original.subarray(cursor, e.byteStart));
    if (e.replacement !== null) parts.push(...vocab.bytes(e.replacement));
    cursor = e.byteEnd;
  }
  parts.push(...original.subarray(cursor));
  return Uint8Array.from(parts);
}
