/**
 * murmur3's 32-bit finaliser: spreads every input bit over every output bit (an unsigned 32-bit result).
 * Seeds its generators' states (seeded.ts), hashes n-gram keys and HyperLogLog inputs: FNV-1a's high bits
 * depend weakly on the last bytes, fine for `mod 10 000` buckets but not where the top bits are read.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
