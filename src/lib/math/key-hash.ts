/**
 * 53-bit keys for words and n-grams, so exact sets of millions of n-grams are sets of numbers in typed
 * arrays (key-set.ts) rather than Sets of strings: a JavaScript Set or Map holds at most 2^24 entries and
 * costs ~50–100 bytes per string entry; a key costs 8 bytes (16 at the set's load factor).
 *
 * "Exact" here means exact up to hash collisions: with 53-bit keys, the chance that any two of n distinct
 * n-grams share a key is about n²/2^54 (≈ 0.006 for n = 10^7), so counts of distinct items are off by
 * a collision with that probability, and by more than one practically never.
 *
 * The string hash is cyrb53 (bryc, public domain: two 32-bit multiply–xor lanes over UTF-16 code units,
 * cross-mixed at the end), hand-written because it is a dozen lines and the project has no hashing
 * library; FNV-1a 32 (fnv1a.ts) is too short for sets this large. An n-gram's key folds its tokens' two
 * lanes with murmur3-style rounds, so no n-gram string is ever built.
 */
import { fmix32 } from './fmix32';

/** cyrb53's two lanes of `s` (before the final mix) are written here: no allocation per word. */
const lanes = new Uint32Array(2);

function stringLanes(s: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lanes[0] = h1;
  lanes[1] = h2;
}

/** The 53-bit key of a string (cyrb53): an integer in [0, 2^53). */
export function stringKey(s: string): number {
  stringLanes(s);
  return 4294967296 * (lanes[1] & 0x1fffff) + lanes[0];
}

/**
 * The two 32-bit lanes of each word, for ngramKey. Reuses `into` when it is large enough (pass the
 * previous document's result to avoid allocating per document).
 */
export function wordLanes(
  words: readonly string[],
  into?: { lo: Uint32Array; hi: Uint32Array },
): { lo: Uint32Array; hi: Uint32Array } {
  const out =
    into && into.lo.length >= words.length
      ? into
      : {
          lo: new Uint32Array(Math.max(16, words.length * 2)),
          hi: new Uint32Array(Math.max(16, words.length * 2)),
        };
  for (let i = 0; i < words.length; i++) {
    stringLanes(words[i]);
    out.lo[i] = lanes[0];
    out.hi[i] = lanes[1];
  }
  return out;
}

/**
 * The 53-bit key of the n-gram lo/hi[start .. start + n): a function of the words and their order (and
 * of n). For n = 1 it is not stringKey of the word (use one or the other consistently).
 */
export function ngramKey(lo: Uint32Array, hi: Uint32Array, start: number, n: number): number {
  let a = 0x9e3779b9 ^ n;
  let b = 0x7f4a7c15 ^ Math.imul(n, 0x27d4eb2f);
  for (let k = start; k < start + n; k++) {
    a = Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64 + Math.imul(lo[k], 0xcc9e2d51);
    b = Math.imul((b << 15) | (b >>> 17), 5) + 0x561ccd1b + Math.imul(hi[k], 0x1b873593);
    a ^= b >>> 7; // cross the lanes so a difference in either reaches both
  }
  a = fmix32(a ^ n);
  b = fmix32(b ^ a);
  a = fmix32(a ^ b);
  return 4294967296 * ((b >>> 0) & 0x1fffff) + (a >>> 0);
}
