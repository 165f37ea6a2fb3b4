/**
 * One colour (and one dash pattern) per corpus, the same in every view. Okabe–Ito's colour-blind-safe
 * categorical palette; the dash patterns make lines distinguishable in greyscale prints too.
 */
export const CORPUS_COLORS = ['#0072B2', '#E69F00', '#009E73'] as const;

/** SVG stroke-dasharray per corpus: solid, dashed, dotted. */
export const CORPUS_DASHES = ['', '6 3', '2 2'] as const;

export function corpusColor(slot: number): string {
  return CORPUS_COLORS[((slot % CORPUS_COLORS.length) + CORPUS_COLORS.length) % CORPUS_COLORS.length];
}

export function corpusDash(slot: number): string {
  return CORPUS_DASHES[((slot % CORPUS_DASHES.length) + CORPUS_DASHES.length) % CORPUS_DASHES.length];
}

/** Neutral greys for gridlines, rules and highlights that are not a corpus. */
export const GRID = '#e5e7eb';
export const RULE = '#5d6470';
export const HIGHLIGHT = '#b3261e';
