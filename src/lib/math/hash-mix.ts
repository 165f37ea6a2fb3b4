/** Seeded and order-sensitive hashes built on murmur3's finaliser (src/lib/math/fmix32.ts). */
import { fmix32 } from './fmix32';

/** Folds one 32-bit value into an order-sensitive running hash (a document's hash from its tokens'). */
export function combineHash(state: number, h: number): number {
  return fmix32((Math.imul(state, 0x01000193) ^ h) >>> 0);
}

/** A seed's own 32-bit mask, different per purpose (sampling, grouping), so the two are not correlated. */
export function seedMask(seed: number, purpose: number): number {
  return fmix32((seed ^ Math.imul(purpose + 1, 0x9e3779b1)) >>> 0);
}
