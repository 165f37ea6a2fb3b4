/**
 * wordPunctTokens (word-punct.ts) and their hashes in one pass over the lowercased text, without building
 * a string per token: for each token its UTF-16 span, FNV-1a 32 of its UTF-8 bytes (the unigram feature),
 * FNV-1a 32 of "previous token + space + token" (the bigram feature, by continuing the previous token's
 * state: hashed-features.ts), and a second, independent 32-bit hash used with the first as a 64-bit key
 * for exact n-gram counting.
 *
 * Why hand-written: the Unicode-property regex of word-punct.ts is slow, and strings per token and per
 * bigram cost more again; this scanner classifies characters through a lazily filled table (the same regex
 * classes, one code unit at a time) and builds no string. Equality with
 * wordPunctTokens is tested on random Unicode text (test/unit/stats/corpus-report-scan.test.ts).
 */
import { FNV_OFFSET } from '../../math/fnv1a';

const SPACE = 0;
const WORD = 1;
const OTHER = 2;
const UNKNOWN = 255;
const FNV_PRIME = 16777619;
const KEY2_OFFSET = 0x9747b28c;
const KEY2_PRIME = 0x5bd1e995;

const WORD_CHAR = /^[\p{L}\p{M}\p{N}\p{Pc}]$/u;
const SPACE_CHAR = /^\s$/u;

/** Classes of BMP code units, filled on first sight (surrogates are handled by the caller). */
const bmp = new Uint8Array(65536).fill(UNKNOWN);
const astral = new Map<number, number>();

function classify(s: string): number {
  return WORD_CHAR.test(s) ? WORD : SPACE_CHAR.test(s) ? SPACE : OTHER;
}

function bmpClass(c: number): number {
  let k = bmp[c];
  if (k === UNKNOWN) k = bmp[c] = classify(String.fromCharCode(c));
  return k;
}

function astralClass(cp: number): number {
  let k = astral.get(cp);
  if (k === undefined) astral.set(cp, (k = classify(String.fromCodePoint(cp))));
  return k;
}

/** Growable per-token columns for one document, reused between documents. */
export class TokenScan {
  count = 0;
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** FNV-1a 32 of the token's UTF-8 bytes. */
  hash = new Uint32Array(256);
  /** FNV-1a 32 of "previous token" + " " + "token" (undefined content at index 0). */
  pairHash = new Uint32Array(256);
  /** A second 32-bit hash of the token's code units (with `hash`, a 64-bit key). */
  key2 = new Uint32Array(256);

  private grow(): void {
    const n = this.start.length * 2;
    const g = <T extends Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = g(this.start, (k) => new Int32Array(k));
    this.end = g(this.end, (k) => new Int32Array(k));
    this.hash = g(this.hash, (k) => new Uint32Array(k));
    this.pairHash = g(this.pairHash, (k) => new Uint32Array(k));
    this.key2 = g(this.key2, (k) => new Uint32Array(k));
  }

  /** Scans an already lowercased text; returns the token count. */
  scan(s: string): number {
    const n = s.length;
    let count = 0;
    let i = 0;
    let previous = FNV_OFFSET;
    while (i < n) {
      let c = s.charCodeAt(i);
      let width = 1;
      let cls: number;
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          width = 2;
          cls = astralClass(c);
        } else {
          cls = OTHER; // a lone surrogate matches neither class of the regex
        }
      } else cls = bmpClass(c);
      if (cls === SPACE) {
        i += width;
        continue;
      }
      if (count === this.start.length) this.grow();
      const kind = cls;
      const start = i;
      let h = FNV_OFFSET;
      // The bigram continues the previous token's hash with a space (only used when count > 0).
      let hb = Math.imul(previous ^ 0x20, FNV_PRIME) >>> 0;
      let h2 = KEY2_OFFSET;
      for (;;) {
        // Hash the code point's UTF-8 bytes (a lone surrogate as U+FFFD, as TextEncoder writes it).
        if (c < 0x80) {
          h = Math.imul(h ^ c, FNV_PRIME);
          hb = Math.imul(hb ^ c, FNV_PRIME);
        } else {
          const cp = width === 1 && c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
          let b0: number,
            b1: number,
            b2 = -1,
            b3 = -1;
          if (cp < 0x800) {
            b0 = 0xc0 | (cp >> 6);
            b1 = 0x80 | (cp & 0x3f);
          } else if (cp < 0x10000) {
            b0 = 0xe0 | (cp >> 12);
            b1 = 0x80 | ((cp >> 6) & 0x3f);
            b2 = 0x80 | (cp & 0x3f);
          } else {
            b0 = 0xf0 | (cp >> 18);
            b1 = 0x80 | ((cp >> 12) & 0x3f);
            b2 = 0x80 | ((cp >> 6) & 0x3f);
            b3 = 0x80 | (cp & 0x3f);
          }
          h = Math.imul(Math.imul(h ^ b0, FNV_PRIME) ^ b1, FNV_PRIME);
          hb = Math.imul(Math.imul(hb ^ b0, FNV_PRIME) ^ b1, FNV_PRIME);
          if (b2 >= 0) {
            h = Math.imul(h ^ b2, FNV_PRIME);
            hb = Math.imul(hb ^ b2, FNV_PRIME);
          }
          if (b3 >= 0) {
            h = Math.imul(h ^ b3, FNV_PRIME);
            hb = Math.imul(hb ^ b3, FNV_PRIME);
          }
        }
        h2 = Math.imul(h2 ^ c, KEY2_PRIME);
        h2 ^= h2 >>> 15;
        i += width;
        if (i >= n) break;
        c = s.charCodeAt(i);
        width = 1;
        let next: number;
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            width = 2;
            next = astralClass(c);
          } else next = OTHER;
        } else next = bmpClass(c);
        if (next !== kind) break;
      }
      this.start[count] = start;
      this.end[count] = i;
      this.hash[count] = h >>> 0;
      this.pairHash[count] = hb >>> 0;
      this.key2[count] = h2 >>> 0;
      previous = h >>> 0;
      count++;
    }
    this.count = count;
    return count;
  }
}
