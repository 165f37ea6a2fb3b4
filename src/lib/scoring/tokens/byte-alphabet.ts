/**
 * GPT-2's byte-level alphabet: every byte maps to one printable Unicode character, so byte-level BPE
 * vocabularies (GPT-2, Llama 3, SmolLM2, Qwen2.5, …) can store arbitrary bytes as strings. We invert it to
 * recover each token's exact bytes, because transformers.js gives no offsets mapping.
 */
function buildByteToChar(): string[] {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = new Array(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCodePoint(printable(b) ? b : 256 + shifted++);
  }
  return table;
}

export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** Encodes bytes as a byte-level token string. */
export function bytesToByteLevel(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += BYTE_TO_CHAR[b];
  return s;
}

/** Decodes a byte-level token string to bytes, or returns null if a character is outside the alphabet. */
export function byteLevelToBytes(token: string): Uint8Array | null {
  const out: number[] = [];
  for (const ch of token) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) return null;
    out.push(b);
  }
  return Uint8Array.from(out);
}
