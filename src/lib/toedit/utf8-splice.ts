/**
 * UTF-8 checks for splicing. Byte-level tokens can be parts of a character, so a replacement (or a
 * deletion) can leave bytes that are not UTF-8. The engine never emits such bytes: a candidate whose
 * splice would break UTF-8 is excluded from that token's candidates (and logged), the same way special
 * tokens are. Because the edited prefix followed by the original suffix is always valid (the original
 * token is always a valid choice), only a few bytes around the splice need checking.
 */

/** Strict UTF-8 validity (no overlongs, no surrogates, nothing above U+10FFFF), as TextDecoder's fatal mode. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return false;
    if (i + len > n) return false;
    // Only the second byte has a narrowed range; the others are plain continuation bytes.
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return false;
    for (let j = 2; j < len; j++) if ((bytes[i + j] & 0xc0) !== 0x80) return false;
    i += len;
  }
  return true;
}

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/**
 * Start of the incomplete character at the end of `out[0, outLength)` (outLength when it ends on a
 * character boundary). Assumes the bytes are a prefix of valid UTF-8.
 */
export function incompleteTailStart(out: Uint8Array, outLength: number): number {
  for (let back = 1; back <= 4 && outLength - back >= 0; back++) {
    const b = out[outLength - back];
    if (isContinuation(b)) continue;
    const need = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > back ? outLength - back : outLength;
  }
  return Math.max(0, outLength - 3);
}

/** Length of the run of continuation bytes (at most 3) at `text[from…]`. */
export function leadingContinuations(text: Uint8Array, from: number): number {
  let b = 0;
  while (b < 3 && from + b < text.length && isContinuation(text[from + b])) b++;
  return b;
}

/**
 * Whether out[0, outLength) + middle + text[from…] is valid UTF-8, given that out[0, outLength) +
 * text[x…] is valid for the original token's start x (the engine's invariant): only the incomplete
 * tail, the middle and the leading continuation bytes of the suffix can go wrong.
 */
export function spliceKeepsUtf8(
  out: Uint8Array,
  outLength: number,
  middle: Uint8Array,
  text: Uint8Array,
  from: number,
): boolean {
  const a = incompleteTailStart(out, outLength);
  const b = leadingContinuations(text, from);
  if (a === outLength && b === 0) return isValidUtf8(middle);
  const window = new Uint8Array(outLength - a + middle.length + b);
  window.set(out.subarray(a, outLength), 0);
  window.set(middle, outLength - a);
  window.set(text.subarray(from, from + b), outLength - a + middle.length);
  return isValidUtf8(window);
}
