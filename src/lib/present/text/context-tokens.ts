/**
 * Which rendered pieces of an instruction record are context (the prompt, the template's headings): scored,
 * so the response is conditioned on them, but never flagged or edited. The Text page dims them.
 */
import type { DocumentScores } from '../../scoring/scores';
import { insideRanges, type ByteRange } from '../../toedit/editable-ranges';
import type { Segment } from './token-segments';

/** Whether no token of `seg` is editable (null ranges: a plain document, where every token is). */
export function isContext(
  seg: Pick<Segment, 'tokens'>,
  scores: Pick<DocumentScores, 'byteStart' | 'byteEnd'>,
  editable: readonly ByteRange[] | null,
): boolean {
  if (editable === null) return false;
  return seg.tokens.every((t) => !insideRanges(editable, scores.byteStart[t], scores.byteEnd[t]));
}
