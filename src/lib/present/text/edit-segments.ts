import type { DocumentScores } from '../../scoring/scores';
import type { EditLogEntry } from '../../toedit/edit-engine';
import type { Vocabulary } from '../../scoring/tokens/packed-vocabulary';
import { tokenSegments } from './token-segments';

/** A piece of the original text as the editor shows it: untouched, flagged but kept, changed, or deleted. */
export interface EditSegment {
  text: string;
  kind: 'plain' | 'flagged' | 'changed' | 'deleted';
  /** What replaces `text` in the edited document ('' for a deletion); only for 'changed'. */
  replacement: string;
  /** Log entries of the flagged tokens in this segment (for the tooltip). */
  entries: EditLogEntry[];
}

/**
 * Segments of the original text (tokens that split a character stay together) annotated with the edit log,
 * so a view can show the original and the edit interleaved.
 */
export function editSegments(
  text: string,
  scores: DocumentScores,
  log: readonly EditLogEntry[],
  vocab: Vocabulary,
): EditSegment[] {
  const byPosition = new Map(log.map((e) => [e.position, e]));
  const decoder = new TextDecoder();
  const textBytes = new TextEncoder().encode(text);
  return tokenSegments(text, scores).map((seg) => {
    const entries = seg.tokens.flatMap((t) => byPosition.get(t) ?? []);
    if (entries.length === 0) return { text: seg.text, kind: 'plain', replacement: '', entries };
    if (!entries.some((e) => e.changed)) return { text: seg.text, kind: 'flagged', replacement: '', entries };
    const parts = seg.tokens.map((t) => {
      const e = byPosition.get(t);
      if (e?.changed) return e.replacement === null ? new Uint8Array(0) : vocab.bytes(e.replacement);
      return textBytes.subarray(scores.byteStart[t], scores.byteEnd[t]);
    });
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    const replacement = decoder.decode(joined);
    const deleted = entries.every((e) => e.action === 'delete' && e.changed) && joined.length === 0;
    return { text: seg.text, kind: deleted ? 'deleted' : 'changed', replacement, entries };
  });
}
