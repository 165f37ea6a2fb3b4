import type { DocumentScores } from '../../scoring/scores';
import { byteToUtf16Index } from '../../scoring/tokens/utf16-offsets';

/**
 * A piece of the text to render: one token, or several when tokens split a character (byte-level BPE
 * splits an emoji or CJK character into byte tokens that cannot be shown separately), or untokenised
 * text between tokens (none for an exact tokenizer, kept for safety).
 */
export interface Segment {
  text: string;
  /** Token indices covered; empty for text no token covers. */
  tokens: number[];
  /** Joint log-probability of the covered tokens (NaN if any is unscored). */
  logprob: number;
}

export function tokenSegments(text: string, scores: DocumentScores): Segment[] {
  const toUnit = byteToUtf16Index(text);
  const segments: Segment[] = [];
  const n = scores.tokenIds.length;
  let cursor = 0; // UTF-16 index rendered so far
  let i = 0;
  while (i < n) {
    const startUnit = toUnit[scores.byteStart[i]];
    if (startUnit > cursor) {
      segments.push({ text: text.slice(cursor, startUnit), tokens: [], logprob: NaN });
      cursor = startUnit;
    }
    const tokens = [i];
    let logprob = scores.logprob[i];
    // Extend while the segment would end inside a character.
    while (toUnit[scores.byteEnd[i]] < 0 && i + 1 < n) {
      i++;
      tokens.push(i);
      logprob += scores.logprob[i];
    }
    const endUnit = toUnit[scores.byteEnd[i]];
    segments.push({ text: text.slice(cursor, endUnit), tokens, logprob });
    cursor = endUnit;
    i++;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), tokens: [], logprob: NaN });
  return segments;
}
