import type { Problem } from './problem';

/** What a non-text file appears to be, and the problem to show for it. */
export interface BinaryVerdict {
  /** e.g. "a PNG image", "UTF-16 (little-endian) text", "binary data". */
  what: string;
  problem: Problem;
}

export type WideEncoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

const SAMPLE = 8192;
const READS = 'Semisynth reads .txt, .jsonl, .csv and .parquet files (also as .gz, .zst or in a .zip)';

interface Magic {
  what: string;
  at?: number;
  bytes: number[] | string;
  hint: string;
  /** Extra condition, for signatures that are plain ASCII and could begin a text file. */
  also?: (b: Uint8Array) => boolean;
}

const TO_TEXT = 'Copy the text out of it and save that as a UTF-8 .txt file.';
const UNPACK = (tool: string) => `Decompress it first (e.g. ${tool}) and load the file inside.`;
/** A container Semisynth opens when its name says so (open-inputs.ts): reached here only misnamed. */
const RENAME = (example: string) =>
  `Semisynth opens this kind of file when its name says so (e.g. ${example}): rename it and add it again.`;
const TO_JSONL =
  "Convert it to JSON Lines first, e.g. in Python: pandas.read_parquet('in.parquet').to_json('out.jsonl', orient='records', lines=True, force_ascii=False).";
const TO_OTHER = 'If it holds text, export or save it as UTF-8 plain text, JSON Lines or CSV.';
const SAVE_CSV = 'Open it in your spreadsheet program and save it as "CSV UTF-8", then load the .csv.';

const MAGICS: Magic[] = [
  { what: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], hint: TO_TEXT },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff], hint: TO_TEXT },
  { what: 'a GIF image', bytes: 'GIF8', hint: TO_TEXT },
  { what: 'a WebP image', bytes: 'RIFF', also: (b) => ascii(b, 8, 4) === 'WEBP', hint: TO_TEXT },
  { what: 'a WAV audio file', bytes: 'RIFF', also: (b) => ascii(b, 8, 4) === 'WAVE', hint: TO_TEXT },
  { what: 'an MP4 video or audio file', at: 4, bytes: 'ftyp', hint: TO_TEXT },
  { what: 'an MP3 audio file', bytes: 'ID3', also: (b) => b.length > 3 && b[3] < 0x10, hint: TO_TEXT },
  { what: 'a PDF document', bytes: '%PDF-', hint: TO_TEXT },
  { what: 'a gzip-compressed file', bytes: [0x1f, 0x8b], hint: RENAME('data.jsonl.gz') },
  {
    what: 'a bzip2-compressed file',
    bytes: 'BZh',
    also: (b) => b[3] >= 0x31 && b[3] <= 0x39,
    hint: UNPACK('bunzip2'),
  },
  { what: 'an xz-compressed file', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], hint: UNPACK('unxz') },
  { what: 'a Zstandard-compressed file', bytes: [0x28, 0xb5, 0x2f, 0xfd], hint: RENAME('data.jsonl.zst') },
  { what: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], hint: UNPACK('7z x') },
  { what: 'a ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04], hint: RENAME('data.zip') },
  { what: 'a ZIP archive', bytes: [0x50, 0x4b, 0x05, 0x06], hint: RENAME('data.zip') },
  // Parquet starts and ends with "PAR1"; requiring both keeps a text file that happens to begin "PAR1" safe.
  {
    what: 'a Parquet file',
    bytes: 'PAR1',
    also: (b) => ascii(b, b.length - 4, 4) === 'PAR1',
    hint: RENAME('data.parquet'),
  },
  { what: 'an Arrow file', bytes: 'ARROW1', hint: TO_JSONL.replace('read_parquet', 'read_feather') },
  { what: 'a NumPy array file', bytes: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], hint: TO_TEXT },
  {
    what: 'an SQLite database',
    bytes: 'SQLite format 3\0',
    hint: 'Export the table you want as CSV (UTF-8).',
  },
  {
    what: 'an old-style Office document (.xls/.doc)',
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    hint: SAVE_CSV,
  },
  { what: 'a program (ELF executable)', bytes: [0x7f, 0x45, 0x4c, 0x46], hint: TO_TEXT },
];

// ZIP containers whose extension says more than "ZIP archive" does.
const ZIP_KINDS: Record<string, { what: string; hint: string }> = {
  xlsx: { what: 'an Excel workbook', hint: SAVE_CSV },
  ods: { what: 'an OpenDocument spreadsheet', hint: SAVE_CSV },
  docx: {
    what: 'a Word document',
    hint: 'Save it as "Plain Text (.txt)" with UTF-8 encoding, then load that.',
  },
  odt: {
    what: 'an OpenDocument text',
    hint: 'Save it as "Text (.txt)" with UTF-8 encoding, then load that.',
  },
  pptx: { what: 'a PowerPoint presentation', hint: TO_TEXT },
  epub: { what: 'an EPUB e-book', hint: TO_TEXT },
};

function ascii(b: Uint8Array, at: number, len: number): string {
  if (at < 0 || at + len > b.length) return '';
  return String.fromCharCode(...b.subarray(at, at + len));
}

function matches(b: Uint8Array, m: Magic): boolean {
  const at = m.at ?? 0;
  const sig = typeof m.bytes === 'string' ? Array.from(m.bytes, (c) => c.charCodeAt(0)) : m.bytes;
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return m.also ? m.also(b) : true;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') && dot !== -1 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * UTF-16/32 text, by byte-order mark or, without one, by the zero bytes every ASCII character leaves
 * in UTF-16 (Excel's "Unicode Text" and Windows PowerShell's `>` both write UTF-16 LE).
 */
export function detectWideEncoding(bytes: Uint8Array): WideEncoding | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 && bytes.length >= 4 ? 'UTF-32LE' : 'UTF-16LE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'UTF-16LE';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'UTF-16BE';
  return undefined;
}

export function wideEncodingProblem(enc: WideEncoding, source: string): Problem {
  const [family, endian] = [enc.slice(0, 6), enc.endsWith('LE') ? 'little-endian' : 'big-endian'];
  return {
    severity: 'error',
    source,
    message: `${source} is ${family} (${endian}) text; Semisynth reads UTF-8 only.`,
    hint:
      `Re-save it as UTF-8: in Notepad, Save As → Encoding: UTF-8; in Excel, save as "CSV UTF-8" rather than ` +
      `"Unicode Text"; on the command line, iconv -f ${enc} -t UTF-8 in.txt > out.txt.`,
  };
}

function verdict(what: string, source: string, hint: string, byteOffset?: number): BinaryVerdict {
  const problem: Problem = {
    severity: 'error',
    source,
    message: `${source} looks like ${what}, not text; ${READS}.`,
    hint,
  };
  if (byteOffset !== undefined) problem.byteOffset = byteOffset;
  return { what, problem };
}

/**
 * Says whether `bytes` are something other than UTF-8-compatible text: a known file type by its
 * signature, UTF-16/32 text, or anything with NUL bytes or many control characters near the start.
 * `undefined` means "probably text" (it may still fail strict UTF-8 decoding).
 */
export function looksBinary(bytes: Uint8Array, source = 'The file'): BinaryVerdict | undefined {
  for (const m of MAGICS) {
    if (!matches(bytes, m)) continue;
    const zip = m.what === 'a ZIP archive' ? ZIP_KINDS[extensionOf(source)] : undefined;
    return verdict(zip?.what ?? m.what, source, zip?.hint ?? m.hint);
  }
  const wide = detectWideEncoding(bytes);
  if (wide) {
    return { what: `${wide.slice(0, 6)} text`, problem: wideEncodingProblem(wide, source) };
  }
  const n = Math.min(bytes.length, SAMPLE);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const x = bytes[i];
    if (x === 0) {
      return verdict('binary data', source, `It contains NUL bytes (the first at byte ${i}). ${TO_OTHER}`, i);
    }
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) occur in real text; other C0 controls and DEL don't.
    if ((x < 0x20 && x !== 9 && x !== 10 && x !== 11 && x !== 12 && x !== 13 && x !== 27) || x === 0x7f) {
      controls++;
    }
  }
  if (n > 0 && controls / n > 0.1) {
    const share = Math.round((controls / n) * 100);
    return verdict(
      'binary data',
      source,
      `${share}% of its first ${n} bytes are control characters. ${TO_OTHER}`,
    );
  }
  return undefined;
}
