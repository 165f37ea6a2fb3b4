/**
 * Byte offsets (UTF-8) → string indices (UTF-16), for placing byte spans in a JS string.
 * `map[b]` is the UTF-16 index of the character starting at byte b, or -1 if b is inside a character.
 * map[bytes.length] is text.length.
 */
export function byteToUtf16Index(text: string): Int32Array {
  const map = new Int32Array(new TextEncoder().encode(text).length + 1).fill(-1);
  let byte = 0;
  let unit = 0;
  for (const ch of text) {
    map[byte] = unit;
    const cp = ch.codePointAt(0)!;
    byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    unit += ch.length;
  }
  map[byte] = unit;
  return map;
}
