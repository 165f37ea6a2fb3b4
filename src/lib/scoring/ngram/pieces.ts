/**
 * Splits text into the n-gram prior's pieces: GPT-2-style pre-tokenization that tiles the text exactly
 * (the pieces concatenate back to the text, so scores land on exact byte spans and edits splice cleanly).
 *
 * A piece is one of, tried in this order:
 * - an optional single leading space (U+0020) plus one Han, Hiragana or Katakana character (scripts written
 *   without spaces: each character is its own piece, so Chinese/Japanese get a useful vocabulary instead of
 *   one piece per sentence; Hangul, which Korean writes with spaces, forms letter runs like Latin);
 * - an optional leading space plus a run of letters, or a run of digits, or a run of other non-space
 *   symbols (punctuation, emoji, …);
 * - a whitespace run. A run's last U+0020 goes to the next piece when that piece starts with a non-space,
 *   as in GPT-2 ("a  b" → "a", " ", " b"), but a run is never split elsewhere, so CRLF stays whole.
 *
 * Grapheme extenders (combining marks, ZWJ, variation selectors, emoji skin-tone modifiers, tag
 * characters) continue any run, so an accented letter, a keycap (1️⃣) or a ZWJ emoji sequence (👩‍👩‍👧) is
 * never split; emoji and regional-indicator flags are symbols, so they join the surrounding symbol run.
 * Piece boundaries are therefore grapheme boundaries, except after the rare "prepend" characters (e.g.
 * U+0600 ARABIC NUMBER SIGN before digits).
 * Scripts written without spaces other than CJK (Thai, Lao, Khmer, Myanmar) form long letter runs: a known
 * limitation of a whitespace-based scheme.
 */
import { utf8Length } from '../tokens/utf8-length';

const CJK = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]`;
// Marks (incl. variation selectors), ZWJ, skin-tone modifiers, tag characters. An alternation, not one
// class: a class mixing ZWJ and modifiers reads as a "misleading" combined character to linters and people.
const EXTEND = String.raw`(?:\p{M}|\u200D|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}])`;
const LETTER = String.raw`(?:(?!${CJK})\p{L})`;
// A no-break or other non-control space can carry a combining mark in one grapheme: keep them together.
const SPACE = String.raw`(?:\s${EXTEND}*)`;

const PIECE = new RegExp(
  [
    String.raw` ?${CJK}${EXTEND}*`,
    String.raw` ?${LETTER}(?:${LETTER}|${EXTEND})*`,
    String.raw` ?\p{N}(?:\p{N}|${EXTEND})*`,
    String.raw` ?[^\s\p{L}\p{N}]+`,
    String.raw`${SPACE}+(?= \S)`,
    String.raw`${SPACE}+`,
  ].join('|'),
  // Sticky: each match must start where the previous one ended, so a gap would be caught, not skipped.
  'guy',
);

/** The text's pieces, in order; they concatenate to the text. */
export function splitPieces(text: string): string[] {
  const out: string[] = [];
  PIECE.lastIndex = 0;
  while (PIECE.lastIndex < text.length) {
    const at = PIECE.lastIndex;
    const m = PIECE.exec(text);
    if (m === null || m.index !== at) throw new Error(`pieces: no piece matches at code unit ${at}`);
    out.push(m[0]);
  }
  return out;
}

/** Pieces with their UTF-8 byte spans: piece i covers bytes [start[i], end[i]) of the encoded text. */
export interface PieceSpans {
  pieces: string[];
  start: Uint32Array;
  end: Uint32Array;
}

export function pieceSpans(text: string): PieceSpans {
  const pieces = splitPieces(text);
  const start = new Uint32Array(pieces.length);
  const end = new Uint32Array(pieces.length);
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    start[i] = offset;
    offset += utf8Length(pieces[i]);
    end[i] = offset;
  }
  return { pieces, start, end };
}
