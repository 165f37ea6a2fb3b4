import type { EditCounts } from './counts';

/** What one generation of iterated editing did, over the corpus (paper App. G.3). */
export interface GenerationRow {
  generation: number;
  scored: number;
  flagged: number;
  expectedEdits: number;
  realisedEdits: number;
  deleted: number;
  /** flagged / scored, and edits / scored (NaN when nothing is scored). */
  flagRate: number;
  editRate: number;
}

export function generationRow(generation: number, c: EditCounts): GenerationRow {
  const rate = (x: number) => (c.scored === 0 ? NaN : x / c.scored);
  return {
    generation,
    scored: c.scored,
    flagged: c.flagged,
    expectedEdits: c.expectedEdits,
    realisedEdits: c.realisedEdits,
    deleted: c.deleted,
    flagRate: rate(c.flagged),
    editRate: rate(c.realisedEdits + c.deleted),
  };
}

/** The paper's Natural-Instructions figures (4,671,834 tokens, p > 0.99): for reference lines. */
export const PAPER_FLAG_RATES = [0.125, 0.1176, 0.1108] as const;
