/**
 * Language-aware words for the lexical statistics (metrics.md: `Intl.Segmenter` where word segmentation
 * matters): the word-like segments of Unicode word segmentation (UAX #29 with ICU's dictionaries, so
 * Chinese and Japanese without spaces split into words, e.g. 日本語のテキスト → 日本語 | の | テキスト).
 * Punctuation, spaces and emoji are not words. The DSIR features keep their own word-punct rule
 * (word-punct.ts); this one is for TTR, MTLD, distinct-n, Zipf, Heaps and the like.
 *
 * Why not Intl.Segmenter alone: it is slow — about 0.5 MB/s in Node 20 and 3–12 MB/s in Chromium 156,
 * and slower still on very long strings — while these statistics run over 100 MB corpora. So stretches of
 * pure ASCII take a fast path: one regex that is UAX #29's word rules restricted to ASCII (letters and
 * digits join; `_` joins anything (WB13a/b); `.` `'` `:` join two letters (WB6/7); `.` `,` `;` `'` join two
 * digits (WB11/12); a lone `_` is not word-like, as ICU reports it). A unit test checks it against the
 * segmenter on every ASCII character in random strings. Text with any non-ASCII character goes to the
 * segmenter, cut only before ASCII whitespace: UAX #29 always breaks there (spaces join only spaces, and a
 * combining mark after a space stays with the space, which the cut keeps in the same piece), so the pieces
 * give exactly the segmenter's words. Very long pieces (CJK documents have no spaces) are cut further after
 * CJK sentence punctuation, where the dictionary segmenter's runs end anyway.
 *
 * Lowercasing (optional) lowercases the whole text first (toLowerCase, not the locale's, so results do not
 * depend on the browser), one allocation instead of one per word.
 */

export interface WordOptions {
  /** BCP 47 locale for the segmenter (default 'en'; the default is fixed so Node and browsers agree). */
  locale?: string;
  /** Lowercase the text first (default false). */
  lowercase?: boolean;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

/** UAX #29 word-like segments of ASCII text (see the module comment; tested against Intl.Segmenter). */
const ASCII_WORD =
  /[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[.':](?=[A-Za-z])|(?<=[0-9])[.,;'](?=[0-9]))[A-Za-z0-9_]+)*/g;
const NON_ASCII = /[\u0080-\uffff]/g; // any UTF-16 unit above ASCII, surrogates included
const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Pieces given to the segmenter are cut near this length when there is a safe place. */
const MAX_PIECE = 16_384;
/** Non-ASCII stretches closer than this are segmented as one piece (fewer, longer segmenter calls). */
const JOIN_GAP = 64;
/** After these (CJK sentence punctuation, ideographic space) the segmenter always breaks. */
const CJK_CUT = /[。！？、，；：\u3000]/g;
/** A following mark, format character or ZWJ would attach to the cut character (WB4): no cut there. */
const ATTACHES = /[\p{M}\p{Cf}]/u;

function asciiWords(text: string, start: number, end: number, visit: (word: string) => void): void {
  if (start >= end) return;
  const s = start === 0 && end === text.length ? text : text.slice(start, end);
  ASCII_WORD.lastIndex = 0;
  for (let m = ASCII_WORD.exec(s); m !== null; m = ASCII_WORD.exec(s)) {
    if (m[0] !== '_') visit(m[0]);
  }
}

function segmentedWords(piece: string, seg: Intl.Segmenter, visit: (word: string) => void): void {
  for (const s of seg.segment(piece)) if (s.isWordLike) visit(s.segment);
}

/** Cuts a long non-ASCII piece after CJK punctuation so no single segmenter call gets a huge string. */
function longPieceWords(piece: string, seg: Intl.Segmenter, visit: (word: string) => void): void {
  let from = 0;
  while (piece.length - from > MAX_PIECE) {
    CJK_CUT.lastIndex = from + MAX_PIECE / 2;
    let cut = -1;
    for (let m = CJK_CUT.exec(piece); m !== null; m = CJK_CUT.exec(piece)) {
      const after = m.index + 1;
      if (after >= piece.length) break;
      if (!ATTACHES.test(piece[after])) {
        cut = after;
        break;
      }
    }
    if (cut < 0) break;
    segmentedWords(piece.slice(from, cut), seg, visit);
    from = cut;
  }
  segmentedWords(from === 0 ? piece : piece.slice(from), seg, visit);
}

/**
 * Calls `visit` with each word of `text`, in order; returns how many. Allocates only the word strings
 * (and, for non-ASCII stretches, the segmenter's segment objects).
 */
export function forEachWord(text: string, visit: (word: string) => void, options: WordOptions = {}): number {
  const { locale = 'en', lowercase = false } = options;
  const s = lowercase ? text.toLowerCase() : text;
  let count = 0;
  const counted = (w: string) => {
    count++;
    visit(w);
  };
  let pos = 0; // everything before pos is done
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(s); m !== null; m = NON_ASCII.exec(s)) {
    // The piece starts at the ASCII whitespace before the non-ASCII character (kept in the piece, so a
    // combining mark right after it stays attached as the segmenter would see it).
    let start = m.index;
    while (start > pos && !isAsciiSpace(s.charCodeAt(start - 1))) start--;
    if (start > pos) start--; // include the whitespace itself
    // …and ends at the next ASCII whitespace after the last non-ASCII character within JOIN_GAP.
    let end = m.index + 1;
    for (;;) {
      while (end < s.length && !isAsciiSpace(s.charCodeAt(end))) end++;
      NON_ASCII.lastIndex = end;
      const next = NON_ASCII.exec(s);
      if (next === null || next.index - end > JOIN_GAP) break;
      end = next.index + 1;
    }
    asciiWords(s, pos, start, counted);
    const piece = s.slice(start, end);
    if (piece.length > MAX_PIECE) longPieceWords(piece, segmenter(locale), counted);
    else segmentedWords(piece, segmenter(locale), counted);
    pos = end;
    NON_ASCII.lastIndex = end;
  }
  asciiWords(s, pos, s.length, counted);
  return count;
}

/** The words of `text` (see forEachWord). A string second argument is the locale. */
export function words(text: string, options: WordOptions | string = {}): string[] {
  const out: string[] = [];
  forEachWord(text, (w) => out.push(w), typeof options === 'string' ? { locale: options } : options);
  return out;
}

/** The segmenter's own answer, without the fast path: the reference the fast path is tested against. */
export function segmenterWords(text: string, locale = 'en'): string[] {
  const out: string[] = [];
  segmentedWords(text, segmenter(locale), (w) => out.push(w));
  return out;
}
