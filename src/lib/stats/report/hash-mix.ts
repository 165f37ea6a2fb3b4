/**
 * murmur3's 32-bit finaliser: spreads every input bit over every output bit. FNV-1a's high bits depend
 * weakly on the last bytes, which is fine for `mod 10 000` buckets but not for HyperLogLog (which reads
 * the top bits) or for seeded priorities (which must look uniform).
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one 32-bit value into an order-sensitive running hash (a document's hash from its tokens'). */
export function combineHash(state: number, h: number): number {
  return fmix32((Math.imul(state, 0x01000193) ^ h) >>> 0);
}

/** A seed's own 32-bit mask, different per purpose (sampling, grouping), so the two are not correlated. */
export function seedMask(seed: number, purpose: number): number {
  return fmix32((seed ^ Math.imul(purpose + 1, 0x9e3779b1)) >>> 0);
}
