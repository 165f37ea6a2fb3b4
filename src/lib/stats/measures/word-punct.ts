/**
 * DSIR's word-punct tokens (nltk's WordPunctTokenizer, `\w+|[^\w\s]+`) after lowercasing: runs of word
 * characters, or runs of other non-space characters. "Word character" is written out in Unicode
 * properties — letters, marks, numbers, connector punctuation (which holds `_`) — because JavaScript's `\w`
 * is ASCII-only even with the u flag. Marks are kept inside words (Python's `\w` leaves combining marks
 * out, splitting e.g. Devanagari words and decomposed accents); that is the one deliberate difference.
 * toLowerCase (not toLocaleLowerCase) so the result does not depend on the browser's locale.
 */
const WORD_PUNCT = /[\p{L}\p{M}\p{N}\p{Pc}]+|[^\s\p{L}\p{M}\p{N}\p{Pc}]+/gu;

export function wordPunctTokens(text: string): string[] {
  return text.toLowerCase().match(WORD_PUNCT) ?? [];
}
