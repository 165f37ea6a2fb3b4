import { describe, expect, it } from 'vitest';
import { detectWideEncoding, looksBinary } from '../../../src/lib/io/binary';
import { bytes } from './bytes';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];

function utf16le(text: string, bom = true): Uint8Array {
  const out = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
  return new Uint8Array(out);
}

function utf16be(text: string): Uint8Array {
  const out = [0xfe, 0xff];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
  return new Uint8Array(out);
}

describe('looksBinary: known file types are named', () => {
  const cases: [file: string, data: Uint8Array, what: string, hint: string][] = [
    ['photo.png', bytes(PNG), 'a PNG image', 'Copy the text out'],
    ['photo.jpg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'a JPEG image', 'Copy the text out'],
    ['paper.pdf', bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3]), 'a PDF document', 'Copy the text out'],
    // Reached here only when misnamed (open-inputs.ts opens a .gz, .zip or .parquet): the hint says rename.
    ['data.jsonl.gz', bytes([0x1f, 0x8b, 0x08, 0x00]), 'a gzip-compressed file', 'e.g. data.jsonl.gz'],
    ['corpus.zip', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'a ZIP archive', 'e.g. data.zip'],
    ['sheet.xlsx', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'an Excel workbook', 'CSV UTF-8'],
    ['essay.docx', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'a Word document', 'Plain Text'],
    ['train.parquet', bytes('PAR1', [0x15, 0x04, 0x00], 'PAR1'), 'a Parquet file', 'e.g. data.parquet'],
    [
      'old.xls',
      bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'an old-style Office document',
      'CSV UTF-8',
    ],
    ['db.sqlite', bytes('SQLite format 3', [0]), 'an SQLite database', 'CSV'],
  ];
  it.each(cases)('%s', (file, data, what, hint) => {
    const v = looksBinary(data, file);
    expect(v?.what).toContain(what);
    expect(v?.problem.severity).toBe('error');
    expect(v?.problem.message).toBe(
      `${file} looks like ${v?.what}, not text; Semisynth reads .txt, .jsonl, .csv and .parquet files (also as .gz, .zst or in a .zip).`,
    );
    expect(v?.problem.hint).toContain(hint);
  });

  it('reads the PNG example as the brief words it', () => {
    expect(looksBinary(bytes(PNG), 'photo.png')?.problem.message).toBe(
      'photo.png looks like a PNG image, not text; Semisynth reads .txt, .jsonl, .csv and .parquet files (also as .gz, .zst or in a .zip).',
    );
  });

  it('does not take text that merely starts with "PAR1" for Parquet', () => {
    expect(looksBinary(bytes('PAR1 is the first paragraph.\n'), 'notes.txt')).toBeUndefined();
  });
});

describe('looksBinary: unknown binary data', () => {
  it('flags NUL bytes and says where the first is', () => {
    let s = 7;
    const random = Array.from({ length: 4096 }, () => (s = (s * 48271) % 2147483647) & 0xff);
    random[100] = 0;
    const data = bytes('abc', random);
    const firstNul = data.indexOf(0);
    const v = looksBinary(data, 'blob.bin');
    expect(v?.what).toBe('binary data');
    expect(v?.problem).toMatchObject({
      byteOffset: firstNul,
      message:
        'blob.bin looks like binary data, not text; Semisynth reads .txt, .jsonl, .csv and .parquet files (also as .gz, .zst or in a .zip).',
    });
    expect(v?.problem.hint).toBe(
      `It contains NUL bytes (the first at byte ${firstNul}). If it holds text, export or save it as UTF-8 plain text, JSON Lines or CSV.`,
    );
  });

  it('flags many control characters even without NULs', () => {
    const data = new Uint8Array(1000).map((_, i) => (i % 3 === 0 ? 0x01 : 0x61));
    expect(looksBinary(data, 'x.dat')?.problem.hint).toMatch(
      /^33% of its first 1000 bytes are control characters/,
    );
  });
});

describe('looksBinary: text is not flagged', () => {
  const texts: [string, string][] = [
    ['plain ASCII', 'Hello, world.\n'],
    ['tabs and CRLF', 'a\tb\r\nc\td\r\n'],
    ['ANSI colours in a log', '\u001b[31mred\u001b[0m and form feed \f'],
    ['CJK and emoji', '你好世界 こんにちは 😀👨‍👩‍👧\n'.repeat(50)],
    ['JSON Lines', '{"text": "hi"}\n{"text": "there"}\n'],
    ['a single character', 'x'],
    ['nothing at all', ''],
  ];
  it.each(texts)('%s', (_name, text) => {
    expect(looksBinary(bytes(text), 'notes.txt')).toBeUndefined();
  });
});

describe('UTF-16 and UTF-32 are recognised and explained', () => {
  it('UTF-16 LE with BOM (Excel "Unicode Text", PowerShell >)', () => {
    const v = looksBinary(utf16le('text\tlabel\r\nhello\t1\r\n'), 'export.txt');
    expect(v?.what).toBe('UTF-16 text');
    expect(v?.problem.message).toBe('export.txt is UTF-16 (little-endian) text; Semisynth reads UTF-8 only.');
    expect(v?.problem.hint).toBe(
      'Re-save it as UTF-8: in Notepad, Save As → Encoding: UTF-8; in Excel, save as "CSV UTF-8" rather than "Unicode Text"; on the command line, iconv -f UTF-16LE -t UTF-8 in.txt > out.txt.',
    );
  });
  it('UTF-16 LE without a BOM, by its zero bytes', () => {
    expect(looksBinary(utf16le('plain ascii words here', false), 'a.txt')?.what).toBe('UTF-16 text');
  });
  it('UTF-16 BE with BOM', () => {
    expect(looksBinary(utf16be('hello'), 'a.txt')?.problem.message).toBe(
      'a.txt is UTF-16 (big-endian) text; Semisynth reads UTF-8 only.',
    );
  });
  it.each([
    [[0xff, 0xfe, 0, 0, 0x61, 0, 0, 0], 'UTF-32LE'],
    [[0, 0, 0xfe, 0xff, 0, 0, 0, 0x61], 'UTF-32BE'],
    [[0xff, 0xfe, 0x61, 0], 'UTF-16LE'],
    [[0xfe, 0xff, 0, 0x61], 'UTF-16BE'],
    [[0x61, 0x62, 0x63, 0x64], undefined],
  ])('detectWideEncoding(%j) = %s', (data, enc) => {
    expect(detectWideEncoding(new Uint8Array(data))).toBe(enc);
  });
});
