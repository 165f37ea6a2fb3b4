/**
 * UTF-8 bytes TextEncoder writes for `s` and its code points, in one pass. A lone surrogate becomes U+FFFD
 * (3 bytes, one code point), as TextEncoder does, without allocating the bytes (sizes are needed for every
 * document of a corpus: progress, batching, length statistics).
 */
export function utf8Counts(s: string): { bytes: number; characters: number } {
  let bytes = 0;
  let characters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    characters++;
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return { bytes, characters };
}

/** Bytes TextEncoder writes for `s` (see utf8Counts). */
export function utf8Length(s: string): number {
  return utf8Counts(s).bytes;
}
