/**
 * Language-aware words for the lexical statistics (metrics.md: `Intl.Segmenter` where word segmentation
 * matters): the word-like segments of Unicode word segmentation (UAX #29 with ICU's dictionaries, so
 * Chinese and Japanese without spaces split into words, e.g. 日本語のテキスト → 日本語 | の | テキスト).
 * Punctuation, spaces and emoji are not words. The DSIR features keep their own word-punct rule
 * (word-punct.ts); this one is for TTR, MTLD, distinct-n, Zipf, Heaps and the like.
 *
 * Why not Intl.Segmenter alone: it is slow — far slower than a scan of the text, and slower still on very
 * long strings — while these statistics run over 100 MB corpora. So stretches of
 * text in the common Latin range take a fast path: a scanner that is UAX #29's word rules restricted to
 * ASCII, Latin-1 and Latin Extended-A/B letters plus the usual typographic punctuation (letters and digits
 * join; `_` joins anything (WB13a/b); `.` `'` `:` `·` `‘` `’` join two letters (WB6/7); `.` `,` `;` `'`
 * `‘` `’` join two digits (WB11/12); a lone `_` is not word-like, as ICU reports it; dashes, “quotes” and
 * … are neither). A unit test checks it against the segmenter on random strings over all of those
 * characters. Text with any other character (CJK, Greek, Cyrillic, emoji, combining marks, the soft hyphen,
 * …) goes to the segmenter, cut only before ASCII whitespace: UAX #29 always breaks there (spaces join only
 * spaces, and a combining mark after a space stays with the space, which the cut keeps in the same piece),
 * so the pieces give exactly the segmenter's words. Very long pieces (CJK documents have no spaces) are cut
 * further after CJK sentence punctuation, where the dictionary segmenter's runs end anyway.
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

/**
 * The fast path's character classes (module comment); a regex with look-behind and look-ahead did the ASCII
 * part at two thirds of the speed. Characters outside FAST never reach it.
 */
const LETTER = 1;
const DIGIT = 2;
const CONNECTOR = 4; // "_" (ExtendNumLet)
const LATIN_CLASS = new Uint8Array(0x250);
for (let c = 0x41; c <= 0x5a; c++) LATIN_CLASS[c] = LATIN_CLASS[c + 0x20] = LETTER;
for (let c = 0x30; c <= 0x39; c++) LATIN_CLASS[c] = DIGIT;
LATIN_CLASS[0x5f] = CONNECTOR;
for (const c of [0xaa, 0xb5, 0xba]) LATIN_CLASS[c] = LETTER; // ª µ º
for (let c = 0xc0; c < 0x250; c++) if (c !== 0xd7 && c !== 0xf7) LATIN_CLASS[c] = LETTER; // not × ÷
const classOf = (c: number) => (c < 0x250 ? LATIN_CLASS[c] : 0);
/** Characters that join two letters (MidLetter, MidNumLet, Single_Quote) and two digits (MidNum, …). */
const joinsLetters = (c: number) =>
  c === 0x2e || c === 0x27 || c === 0x3a || c === 0xb7 || c === 0x2018 || c === 0x2019;
const joinsDigits = (c: number) =>
  c === 0x2e || c === 0x2c || c === 0x3b || c === 0x27 || c === 0x2018 || c === 0x2019;
/**
 * Characters the fast path does not know: the soft hyphen (Format), the cedilla ¸ (Node's ICU makes it a
 * letter, unlike its neighbours: left to each engine's segmenter), and everything past U+024F but – — ‘ ’ “ ” ….
 */
const SLOW = /[\u00ad\u00b8\u0250-\u2012\u2015-\u2017\u201a\u201b\u201e-\u2025\u2027-\uffff]/g;
const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Pieces given to the segmenter are cut near this length when there is a safe place. */
const MAX_PIECE = 16_384;
/** Slow stretches closer than this are segmented as one piece (fewer, longer segmenter calls). */
const JOIN_GAP = 64;
/** After these (CJK sentence punctuation, ideographic space) the segmenter always breaks. */
const CJK_CUT = /[。！？、，；：\u3000]/g;
/** A following mark, format character or ZWJ would attach to the cut character (WB4): no cut there. */
const ATTACHES = /[\p{M}\p{Cf}]/u;

function fastWords(s: string, start: number, end: number, visit: (word: string) => void): void {
  let i = start;
  while (i < end) {
    if (classOf(s.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    const from = i;
    for (;;) {
      while (i < end && classOf(s.charCodeAt(i)) !== 0) i++;
      if (i + 1 >= end) break;
      const before = classOf(s.charCodeAt(i - 1));
      const mid = s.charCodeAt(i);
      const after = classOf(s.charCodeAt(i + 1));
      const joined =
        (before === LETTER && after === LETTER && joinsLetters(mid)) ||
        (before === DIGIT && after === DIGIT && joinsDigits(mid));
      if (!joined) break;
      i++;
    }
    if (i - from !== 1 || s.charCodeAt(from) !== 0x5f) visit(s.slice(from, i)); // a lone "_" is no word
  }
}

function segmentedWords(piece: string, seg: Intl.Segmenter, visit: (word: string) => void): void {
  for (const s of seg.segment(piece)) if (s.isWordLike) visit(s.segment);
}

/** Cuts a long piece after CJK punctuation so no single segmenter call gets a huge string. */
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
 * (and, for stretches the fast path does not cover, the segmenter's segment objects).
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
  SLOW.lastIndex = 0;
  for (let m = SLOW.exec(s); m !== null; m = SLOW.exec(s)) {
    // The piece starts at the ASCII whitespace before the slow character (kept in the piece, so a
    // combining mark right after it stays attached as the segmenter would see it).
    let start = m.index;
    while (start > pos && !isAsciiSpace(s.charCodeAt(start - 1))) start--;
    if (start > pos) start--; // include the whitespace itself
    // …and ends at the next ASCII whitespace after the last slow character within JOIN_GAP.
    let end = m.index + 1;
    for (;;) {
      while (end < s.length && !isAsciiSpace(s.charCodeAt(end))) end++;
      SLOW.lastIndex = end;
      const next = SLOW.exec(s);
      if (next === null || next.index - end > JOIN_GAP) break;
      end = next.index + 1;
    }
    fastWords(s, pos, start, counted);
    const piece = s.slice(start, end);
    if (piece.length > MAX_PIECE) longPieceWords(piece, segmenter(locale), counted);
    else segmentedWords(piece, segmenter(locale), counted);
    pos = end;
    SLOW.lastIndex = end;
  }
  fastWords(s, pos, s.length, counted);
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
