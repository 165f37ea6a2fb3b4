import { byteLevelToBytes } from './byte-alphabet';
import type { TokenizerScheme } from './tokenizer-scheme';

const utf8 = new TextEncoder();
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/**
 * One unit of a token string: exact bytes, or the space marker ('▁'), which stands for a space — or, when
 * the text itself contains U+2581, for that character (SentencePiece cannot tell them apart either).
 */
export interface TokenUnit {
  marker: boolean;
  bytes: Uint8Array;
}

/**
 * A model token's units under `scheme` (added tokens are their literal text and never come here), or null
 * when a byte-level token has a character outside the byte-level alphabet.
 */
export function tokenUnits(scheme: TokenizerScheme, token: string): TokenUnit[] | null {
  // Memoised per scheme: tokenizer output only ever holds vocabulary strings, so this stays vocabulary-sized.
  let memo = unitsMemo.get(scheme);
  if (!memo) unitsMemo.set(scheme, (memo = new Map()));
  let units = memo.get(token);
  if (units === undefined) memo.set(token, (units = unitsOf(scheme, token)));
  return units;
}

const unitsMemo = new WeakMap<TokenizerScheme, Map<string, TokenUnit[] | null>>();

function unitsOf(scheme: TokenizerScheme, token: string): TokenUnit[] | null {
  if (scheme.alphabet === 'byte-level') {
    const bytes = byteLevelToBytes(token);
    if (bytes === null) return null;
    // A leading byte-level space may be a prefix the tokenizer added (ByteLevel add_prefix_space).
    if (bytes[0] === 0x20 && scheme.prefix !== 'none')
      return [
        { marker: true, bytes: bytes.subarray(0, 1) },
        { marker: false, bytes: bytes.subarray(1) },
      ];
    return [{ marker: false, bytes }];
  }
  const byte = scheme.byteFallback ? BYTE_PIECE.exec(token) : null;
  if (byte) return [{ marker: false, bytes: Uint8Array.of(parseInt(byte[1], 16)) }];
  const units: TokenUnit[] = [];
  for (const ch of token) {
    if (ch === scheme.spaceMarker) units.push({ marker: true, bytes: Uint8Array.of(0x20) });
    else units.push({ marker: false, bytes: utf8.encode(ch) });
  }
  return units;
}

/**
 * The bytes a vocabulary entry puts into text when the editor splices it in: an added token's literal text,
 * a byte-fallback piece's single byte, a space for each marker. Null for a byte-level string outside the
 * alphabet (no such token can come out of the tokenizer).
 */
export function tokenBytes(scheme: TokenizerScheme, token: string, added: boolean): Uint8Array | null {
  if (added) return utf8.encode(token);
  const units = tokenUnits(scheme, token);
  if (units === null) return null;
  if (units.length === 1) return units[0].bytes;
  const out = new Uint8Array(units.reduce((n, u) => n + u.bytes.length, 0));
  let at = 0;
  for (const u of units) {
    out.set(u.bytes, at);
    at += u.bytes.length;
  }
  return out;
}
