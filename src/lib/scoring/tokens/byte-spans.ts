import { tokenUnits, type TokenUnit } from './token-bytes';
import { BYTE_LEVEL_SCHEME, type AddedTokenRule, type TokenizerScheme } from './tokenizer-scheme';

/** Where each token lies in the UTF-8 bytes of the original text: token i covers [start[i], end[i]). */
export interface ByteSpans {
  start: Uint32Array;
  end: Uint32Array;
}

export class TokenAlignmentError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'TokenAlignmentError';
  }
}

export interface AlignOptions {
  /** How token strings stand for bytes (default: byte-level BPE with no prefix space). */
  scheme?: TokenizerScheme;
  /** Added tokens by content: they appear as their literal text. */
  added?: ReadonlyMap<string, AddedTokenRule>;
  /** Whether a character (spaces as the marker) is a vocabulary piece: decides how far a fused unk reaches. */
  knownPiece?: (piece: string) => boolean;
}

const NO_ADDED: ReadonlyMap<string, AddedTokenRule> = new Map();
const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** What String.prototype.trim removes: added tokens' lstrip/rstrip use trimEnd/trimStart. */
const TRIMMED = /^\s$/u;

/**
 * Maps tokenizer output back onto the original text's bytes, exactly or not at all.
 *
 * Every token must reproduce the text's bytes in order; the only bytes a token may stand for without
 * covering them are a prefix space the scheme allows at the start of a section (the text's start, or just
 * after an added token): such a token's span is shorter than its bytes (possibly empty), and the editor,
 * which splices only tokens whose span equals their bytes, leaves it alone. Whitespace an added token strips
 * from its neighbours (lstrip/rstrip) belongs to that token's span. Throws TokenAlignmentError, saying
 * where, if the tokens do not reproduce the text — a tokenizer that rewrites text (NFKC, lowercasing)
 * would otherwise silently misplace every later score.
 */
export function alignTokens(
  textBytes: Uint8Array,
  tokens: readonly string[],
  options: AlignOptions = {},
): ByteSpans {
  const scheme = options.scheme ?? BYTE_LEVEL_SCHEME;
  const added = options.added ?? NO_ADDED;
  const start = new Uint32Array(tokens.length);
  const end = new Uint32Array(tokens.length);
  const markerBytes = scheme.spaceMarker === null ? null : utf8.encode(scheme.spaceMarker);
  const at = (offset: number, bytes: Uint8Array) => startsWith(textBytes, offset, bytes);
  let offset = 0;
  // Sections are the text between added tokens; normalized added tokens split them into subsections.
  let sectionStart = true;
  let subsectionStart = false;
  let firstSection = true;

  const fail = (i: number, byte: number, what: string): never => {
    const token = JSON.stringify(tokens[i]);
    const why =
      scheme.lossySteps.length > 0
        ? `the tokenizer rewrites text with ${scheme.lossySteps.join(' and ')}, and Semisynth cannot map ` +
          'scores back through that, so it refuses rather than misplace them (normalize the text the same ' +
          'way first, or pick a model whose tokenizer does not rewrite text)'
        : 'the tokenizer changes the text (normalisation?), so scores cannot be placed exactly';
    throw new TokenAlignmentError(`token ${i} (${token}) ${what} at byte ${byte}; ${why}`, byte);
  };

  tokens.forEach((token, i) => {
    start[i] = offset;
    const rule = added.get(token);
    const literal = rule || token === scheme.unkToken ? utf8.encode(token) : EMPTY;
    const unk = token === scheme.unkToken && !(rule && at(offset, literal));
    if (rule && !unk) {
      let from = offset;
      if (rule.lstrip && !at(from, literal)) from = skipWhitespace(textBytes, from);
      if (!at(from, literal)) fail(i, from, 'does not match the text');
      from += literal.length;
      if (rule.rstrip) from = skipWhitespace(textBytes, from);
      offset = from;
      if (rule.normalized) subsectionStart = true;
      else [sectionStart, firstSection] = [true, false];
    } else if (unk) {
      offset =
        unknownRun(textBytes, offset, scheme, options.knownPiece) ?? fail(i, offset, 'is past the text');
      sectionStart = subsectionStart = false;
    } else {
      const units = tokenUnits(scheme, token);
      if (units === null)
        fail(
          i,
          offset,
          'has a character outside the byte-level alphabet, while the tokenizer is byte-level,',
        );
      let u = 0;
      // A Prepend normalizer runs once per section; a pre-tokenizer's prefix once per (sub)section.
      const prefixHere =
        (scheme.prefixUnconditional ? sectionStart : sectionStart || subsectionStart) &&
        (scheme.prefix === 'every' || (scheme.prefix === 'first' && firstSection));
      if (prefixHere && units![0]?.marker) {
        const spaceInText = textBytes[offset] === 0x20 || (markerBytes !== null && at(offset, markerBytes));
        if (scheme.prefixUnconditional || !spaceInText) u = 1; // the tokenizer's own prefix: covers nothing
      }
      for (; u < units!.length; u++)
        offset = matchUnit(units![u], offset) ?? fail(i, offset, 'does not match the text');
      sectionStart = subsectionStart = false;
    }
    end[i] = offset;
  });
  if (offset !== textBytes.length) {
    const why =
      scheme.lossySteps.length > 0 ? ` (it rewrites text with ${scheme.lossySteps.join(' and ')})` : '';
    throw new TokenAlignmentError(
      `the tokens cover ${offset} of the text's ${textBytes.length} bytes; the tokenizer dropped text${why}`,
      offset,
    );
  }
  return { start, end };

  function matchUnit(unit: TokenUnit, offset: number): number | null {
    if (at(offset, unit.bytes)) return offset + unit.bytes.length;
    if (unit.marker && markerBytes !== null && at(offset, markerBytes)) return offset + markerBytes.length;
    return null;
  }
}

function startsWith(text: Uint8Array, offset: number, bytes: Uint8Array): boolean {
  if (offset + bytes.length > text.length) return false;
  for (let j = 0; j < bytes.length; j++) if (text[offset + j] !== bytes[j]) return false;
  return true;
}

/** Length in bytes of the UTF-8 character starting at `offset` (1 for a stray continuation byte). */
function charLength(text: Uint8Array, offset: number): number {
  const b = text[offset];
  const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return Math.min(n, text.length - offset);
}

function charAt(text: Uint8Array, offset: number): string {
  return strictUtf8.decode(text.subarray(offset, offset + charLength(text, offset)));
}

function skipWhitespace(text: Uint8Array, offset: number): number {
  while (offset < text.length && TRIMMED.test(charAt(text, offset))) offset += charLength(text, offset);
  return offset;
}

/**
 * Where an unk token ends: one character, or with fuse_unk the run of characters that are not vocabulary
 * pieces (as transformers.js fuses them). Null at the end of the text.
 */
function unknownRun(
  text: Uint8Array,
  offset: number,
  scheme: TokenizerScheme,
  knownPiece: ((piece: string) => boolean) | undefined,
): number | null {
  if (offset >= text.length) return null;
  const piece = (o: number) => {
    const ch = charAt(text, o);
    return ch === ' ' && scheme.spaceMarker !== null ? scheme.spaceMarker : ch;
  };
  let end = offset + charLength(text, offset);
  if (scheme.fuseUnk && knownPiece)
    while (end < text.length && !knownPiece(piece(end))) end += charLength(text, end);
  return end;
}
