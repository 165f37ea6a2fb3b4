/**
 * Seeds derived from (corpus seed, document index) and (document seed, token position), so a document's
 * edits depend only on its own text, scores, config and the corpus seed: not on batch size, order or
 * which other documents are in the run. Each flagged token also gets its own stream, so moving τ adds or
 * removes flags without re-drawing the tokens that stay flagged.
 */
import { fmix32 } from '../math/fmix32';
import { seededRng, type Uniform } from '../math/seeded';

/** Mixes an integer (up to 2^53, either sign) into a running uint32 hash. */
function absorb(h: number, value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} must be a safe integer`);
  const lo = value >>> 0;
  const hi = Math.floor(value / 0x1_0000_0000) >>> 0;
  h = fmix32((h ^ lo) + 0x9e3779b9);
  return fmix32((h ^ hi) + 0x7f4a7c15);
}

/** The seed of document `docIndex` in a run seeded with `seed`. */
export function documentSeed(seed: number, docIndex: number): number {
  return absorb(absorb(0x2545f491, seed), docIndex);
}

/** The seed of token `position` within a document seeded with `docSeed`. */
export function tokenSeed(docSeed: number, position: number): number {
  return absorb(absorb(0x6a09e667, docSeed), position);
}

/** The uniform stream for one token of one document. */
export function tokenRng(docSeed: number, position: number): Uniform {
  return seededRng(tokenSeed(docSeed, position));
}

/**
 * The corpus seed of generation g ≥ 1 of iterated editing. Generation 1 uses the run's own seed, so its
 * output equals a single edit with that seed; later generations get independent streams.
 */
export function generationSeed(seed: number, generation: number): number {
  return generation <= 1 ? seed : absorb(absorb(0x3c6ef372, seed), generation);
}
