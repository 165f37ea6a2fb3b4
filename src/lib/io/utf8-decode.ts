import type { Problem } from './problem';
import { detectWideEncoding, wideEncodingProblem } from './binary';

export type Utf8Result =
  | {
      ok: true;
      text: string;
      /** The file started with a UTF-8 byte-order mark (not included in `text`). */ hadBom: boolean;
    }
  | { ok: false; problem: Problem };

export type Utf8FaultKind =
  'unexpected-continuation' | 'invalid-byte' | 'truncated' | 'overlong' | 'surrogate' | 'too-large';

/** The first invalid sequence: where it starts, what kind it is, and the bytes involved. */
export interface Utf8Fault {
  offset: number;
  kind: Utf8FaultKind;
  bytes: Uint8Array;
  /** For 'truncated': true when the file ends inside the sequence (rather than a non-continuation byte following). */
  atEnd?: boolean;
}

// Windows-1252 renderings of 0x80–0x9F (space = undefined there); 0xA0–0xFF are the same as Latin-1/Unicode.
const CP1252_HIGH = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';

export function decodeUtf8(bytes: Uint8Array, source: string): Utf8Result {
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  try {
    // ignoreBOM: the BOM is already cut off above; a second one would be content, so keep it.
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body),
      hadBom,
    };
  } catch {
    // Slow path only on failure: walk the bytes to say exactly where and why.
  }
  const wide = detectWideEncoding(bytes);
  if (wide) return { ok: false, problem: wideEncodingProblem(wide, source) };
  const start = hadBom ? 3 : 0;
  const fault = findUtf8Fault(bytes, start);
  if (!fault) {
    // TextDecoder rejected something the scanner accepts; should not happen, but never claim success.
    return {
      ok: false,
      problem: { severity: 'error', source, message: `${source} is not valid UTF-8.`, hint: REENCODE },
    };
  }
  return { ok: false, problem: describeFault(bytes, start, fault, source) };
}

/** Scans per the Unicode "maximal subpart" rules (the ones TextDecoder follows) for the first invalid sequence. */
export function findUtf8Fault(b: Uint8Array, from = 0): Utf8Fault | undefined {
  const isCont = (j: number) => j < b.length && b[j] >= 0x80 && b[j] <= 0xbf;
  let i = from;
  while (i < b.length) {
    const x = b[i];
    if (x < 0x80) {
      i++;
      continue;
    }
    // The lead byte plus the continuation bytes that follow it (up to `max`), for showing the whole sequence.
    const span = (max: number) => {
      let n = 1;
      while (n < max && isCont(i + n)) n++;
      return b.subarray(i, i + n);
    };
    const at = (kind: Utf8FaultKind, bytes: Uint8Array, atEnd?: boolean): Utf8Fault =>
      atEnd === undefined ? { offset: i, kind, bytes } : { offset: i, kind, bytes, atEnd };
    if (x < 0xc0) return at('unexpected-continuation', b.subarray(i, i + 1));
    // C0/C1 could only encode U+0000–U+007F, which must be one byte; F5–F7 would start values above U+10FFFF.
    if (x < 0xc2) return isCont(i + 1) ? at('overlong', span(2)) : at('invalid-byte', span(1));
    if (x > 0xf4) return x <= 0xf7 && isCont(i + 1) ? at('too-large', span(4)) : at('invalid-byte', span(1));
    const need = x < 0xe0 ? 1 : x < 0xf0 ? 2 : 3;
    // The second byte's allowed range is narrower after some lead bytes; that is where overlongs,
    // surrogates and values above U+10FFFF are caught.
    const lo = x === 0xe0 ? 0xa0 : x === 0xf0 ? 0x90 : 0x80;
    const hi = x === 0xed ? 0x9f : x === 0xf4 ? 0x8f : 0xbf;
    if (isCont(i + 1) && (b[i + 1] < lo || b[i + 1] > hi)) {
      return at(x === 0xed ? 'surrogate' : x === 0xf4 ? 'too-large' : 'overlong', span(need + 1));
    }
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return at('truncated', b.subarray(i, i + k), true);
      if (!isCont(i + k)) return at('truncated', b.subarray(i, i + k + 1), false);
    }
    i += need + 1;
  }
  return undefined;
}

const REENCODE =
  'Re-save the file as UTF-8 (in most editors: Save As → Encoding: UTF-8; in Excel: "CSV UTF-8").';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (x) => '0x' + x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function faultDetail(f: Utf8Fault): string {
  const lead = f.bytes[0];
  const first = hex(f.bytes.subarray(0, 1));
  const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  switch (f.kind) {
    case 'unexpected-continuation':
      return `byte ${first} cannot start a character (it is a continuation byte with no lead byte before it)`;
    case 'invalid-byte':
      return `byte ${first} never occurs in UTF-8`;
    case 'truncated':
      return f.atEnd
        ? `the file ends in the middle of a ${len}-byte character (${hex(f.bytes)})`
        : `the ${len}-byte character starting with ${first} is cut short: ${hex(f.bytes.subarray(-1))} is not a continuation byte`;
    case 'overlong':
      return `${hex(f.bytes)} is an overlong encoding (a character written with more bytes than UTF-8 allows)`;
    case 'surrogate': {
      const cp = ((lead & 0x0f) << 12) | ((f.bytes[1] & 0x3f) << 6) | ((f.bytes[2] ?? 0x80) & 0x3f);
      return `${hex(f.bytes)} encodes U+${cp.toString(16).toUpperCase()}, a UTF-16 surrogate, which UTF-8 forbids`;
    }
    case 'too-large':
      return `${hex(f.bytes)} encodes a value above U+10FFFF, the largest Unicode code point`;
  }
}

function faultHint(f: Utf8Fault): string {
  if (f.kind === 'surrogate') {
    return `It was probably written as CESU-8 / "modified UTF-8" (Java, some databases). Re-encode it as standard UTF-8.`;
  }
  if (f.kind === 'truncated' && f.atEnd) {
    return 'The file may have been cut off during download or copying; check that it is complete, or re-save it as UTF-8.';
  }
  // A lone high byte among ASCII is the signature of a single-byte encoding; name the character it would be there.
  const lead = f.bytes[0];
  const singleByte =
    f.kind === 'unexpected-continuation' ||
    f.kind === 'invalid-byte' ||
    f.kind === 'truncated' ||
    (f.kind === 'overlong' && lead < 0xc2);
  if (singleByte) {
    const ch = lead < 0xa0 ? CP1252_HIGH[lead - 0x80] : lead === 0xa0 ? ' ' : String.fromCharCode(lead);
    const is = ch.trim() ? ` (in Windows-1252, byte ${hex(f.bytes.subarray(0, 1))} is ${ch})` : '';
    return `It may be Windows-1252 or Latin-1 rather than UTF-8${is}. ${REENCODE}`;
  }
  return REENCODE;
}

// Past the reported bytes, except the byte that cut a truncated sequence short: it starts something new.
function resumeAt(f: Utf8Fault): number {
  return f.offset + f.bytes.length - (f.kind === 'truncated' && !f.atEnd ? 1 : 0);
}

function countFaults(b: Uint8Array, first: Utf8Fault): number {
  let n = 1;
  for (let f = findUtf8Fault(b, resumeAt(first)); f; f = findUtf8Fault(b, resumeAt(f))) n++;
  return n;
}

/**
 * Where the fault is within `bytes` (lines counted from 1 at `start`, columns in characters) and the text
 * just before it, for a message an editor's user can act on.
 */
function faultPosition(
  bytes: Uint8Array,
  start: number,
  f: Utf8Fault,
): { line: number; column: number; context: string } {
  // Everything before the fault is valid, so it decodes; count lines and characters from it.
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start, f.offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = countChar(before, '\n') + 1;
  const lineText = before.slice(lineStart).replace(/\r$/, '');
  const column = [...lineText].length + 1;
  const tail = [...lineText].slice(-20).join('');
  return { line, column, context: tail.trim() ? `, after "${tail}"` : '' };
}

/**
 * The first invalid sequence of one record (a line, a paragraph or a CSV row starting at file offset
 * `offset`): the line within the record (1 = its first), column, and the problem's words.
 */
export function recordUtf8Fault(
  bytes: Uint8Array,
  offset: number,
): { lineInRecord: number; column: number; byteOffset: number; detail: string; hint: string } {
  const f = findUtf8Fault(bytes) ?? { offset: 0, kind: 'invalid-byte' as const, bytes: bytes.subarray(0, 1) };
  const { line, column, context } = faultPosition(bytes, 0, f);
  const at = offset + f.offset;
  return {
    lineInRecord: line,
    column,
    byteOffset: at,
    detail: `not valid UTF-8 at byte ${at}${context}: ${faultDetail(f)}; skipped`,
    hint: faultHint(f),
  };
}

function describeFault(bytes: Uint8Array, start: number, f: Utf8Fault, source: string): Problem {
  const { line, column, context } = faultPosition(bytes, start, f);
  const total = countFaults(bytes, f);
  const more =
    total === 1
      ? ''
      : ` ${total - 1} more invalid sequence${total === 2 ? ' follows' : 's follow'} later in the file.`;
  return {
    severity: 'error',
    source,
    line,
    column,
    byteOffset: f.offset,
    message: `${source} is not valid UTF-8: at byte ${f.offset} (line ${line}, column ${column}${context}), ${faultDetail(f)}.${more}`,
    hint: faultHint(f),
  };
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
