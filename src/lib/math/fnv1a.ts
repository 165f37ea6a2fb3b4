/**
 * FNV-1a, 32-bit, over the UTF-8 bytes of a string: the hash behind the hashed n-gram features.
 *
 * Why FNV-1a: it is fully specified by two constants (offset basis 0x811c9dc5, prime 16777619), needs only
 * Math.imul so Node, workers and every browser give identical values, is fast on short strings, and is
 * streaming — hash("a b") continues hash("a") with " " and "b" — so a bigram's hash costs only its second
 * token's bytes and no string is built. DSIR uses sha256, which is asynchronous in browsers (SubtleCrypto)
 * and far slower; any stable hash is fine for bucketing (toedit.md). Strings are encoded to UTF-8 here,
 * byte for byte as TextEncoder does (a lone surrogate becomes U+FFFD), without allocating.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** Continues a hash state with one byte. */
export function fnv1aByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME) >>> 0;
}

/** Continues a hash state with the UTF-8 bytes of `s`. */
export function fnv1aUpdate(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = fnv1aByte(h, c);
      continue;
    }
    if (c < 0x800) {
      h = fnv1aByte(h, 0xc0 | (c >> 6));
      h = fnv1aByte(h, 0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        h = fnv1aByte(h, 0xf0 | (c >> 18));
        h = fnv1aByte(h, 0x80 | ((c >> 12) & 0x3f));
        h = fnv1aByte(h, 0x80 | ((c >> 6) & 0x3f));
        h = fnv1aByte(h, 0x80 | (c & 0x3f));
        continue;
      }
      c = 0xfffd; // lone surrogate, as TextEncoder encodes it
    }
    h = fnv1aByte(h, 0xe0 | (c >> 12));
    h = fnv1aByte(h, 0x80 | ((c >> 6) & 0x3f));
    h = fnv1aByte(h, 0x80 | (c & 0x3f));
  }
  return h;
}

/** FNV-1a 32 of the string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function fnv1a32(s: string): number {
  return fnv1aUpdate(FNV_OFFSET, s);
}
