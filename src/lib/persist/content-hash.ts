/**
 * Scores are filed by what was scored, not where it sits in the corpus: the SHA-256 of the document's UTF-8
 * text. A reloaded corpus (re-read, renumbered, another field and back) finds its scores again, and a
 * document whose text changed does not get stale ones. SHA-256 because the platform has it (Web Crypto, in
 * the page and in Node), so no collision can be argued about.
 */
export const CONTENT_HASH_BYTES = 32;

const encoder = new TextEncoder();

export async function contentHash(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export function hashHex(hash: Uint8Array): string {
  let hex = '';
  for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
