import { describe, expect, it } from 'vitest';
import { decodeUtf8, findUtf8Fault } from '../../../src/lib/io/utf8-decode';
import { bytes } from './bytes';

const BOM = [0xef, 0xbb, 0xbf];

describe('decodeUtf8: valid text round-trips', () => {
  const samples: [string, string][] = [
    ['ASCII', 'The quick brown fox.'],
    ['Latin accents', 'Crème brûlée, naïve façade, Ærøskøbing, Łódź'],
    ['Greek', 'Καλημέρα κόσμε'],
    ['Cyrillic', 'Съешь же ещё этих мягких французских булок'],
    ['Arabic (RTL)', 'مرحبا بالعالم'],
    ['Hebrew (RTL)', 'שלום עולם'],
    ['Devanagari', 'नमस्ते दुनिया'],
    ['Thai', 'สวัสดีชาวโลก'],
    ['Chinese', '你好，世界。汉字测试'],
    ['Japanese', 'こんにちは、カタカナ、漢字'],
    ['Korean', '안녕하세요 세계'],
    ['emoji', '👋🏽 👨‍👩‍👧‍👦 🇩🇪 ❤️ 😀'],
    ['combining marks', 'e\u0301 a\u0308 Z\u0335\u0321\u0353'],
    ['CRLF line endings', 'one\r\ntwo\r\n\r\nthree\r\n'],
    ['mixed line endings', 'a\nb\r\nc\rd'],
    ['largest code point', '\u{10FFFF} \uFFFD \u{1F600}'],
    ['zero-width and BOM-like characters inside', 'a\u200Bb\uFEFFc'],
    ['empty', ''],
  ];
  it.each(samples)('%s', (_name, text) => {
    expect(decodeUtf8(bytes(text), 'f.txt')).toEqual({ ok: true, text, hadBom: false });
  });
  it.each(samples)('%s, after a BOM: BOM removed and reported', (_name, text) => {
    expect(decodeUtf8(bytes(BOM, text), 'f.txt')).toEqual({ ok: true, text, hadBom: true });
  });
  it('keeps a second BOM as content', () => {
    expect(decodeUtf8(bytes(BOM, BOM, 'x'), 'f.txt')).toEqual({ ok: true, text: '\uFEFFx', hadBom: true });
  });
});

describe('decodeUtf8: invalid UTF-8 is located and explained', () => {
  const cases: {
    name: string;
    input: Uint8Array;
    byteOffset: number;
    line: number;
    column: number;
    message: string;
    hint: string;
  }[] = [
    {
      name: 'Windows-1252 curly quote (stray continuation byte)',
      input: bytes('first line\nshe said ', [0x93], 'hi', [0x94]),
      byteOffset: 20,
      line: 2,
      column: 10,
      message:
        'notes.txt is not valid UTF-8: at byte 20 (line 2, column 10, after "she said "), byte 0x93 cannot start a character (it is a continuation byte with no lead byte before it). 1 more invalid sequence follows later in the file.',
      hint: 'It may be Windows-1252 or Latin-1 rather than UTF-8 (in Windows-1252, byte 0x93 is “). Re-save the file as UTF-8',
    },
    {
      name: 'Latin-1 é followed by ASCII (truncated sequence)',
      input: bytes('caf', [0xe9], ' au lait'),
      byteOffset: 3,
      line: 1,
      column: 4,
      message:
        'notes.txt is not valid UTF-8: at byte 3 (line 1, column 4, after "caf"), the 3-byte character starting with 0xE9 is cut short: 0x20 is not a continuation byte.',
      hint: 'in Windows-1252, byte 0xE9 is é',
    },
    {
      name: 'file cut off inside a character',
      input: bytes('price: 5', [0xe2, 0x82]),
      byteOffset: 8,
      line: 1,
      column: 9,
      message:
        'notes.txt is not valid UTF-8: at byte 8 (line 1, column 9, after "price: 5"), the file ends in the middle of a 3-byte character (0xE2 0x82).',
      hint: 'The file may have been cut off',
    },
    {
      name: 'overlong two-byte encoding of "/"',
      input: bytes('a', [0xc0, 0xaf]),
      byteOffset: 1,
      line: 1,
      column: 2,
      message:
        'notes.txt is not valid UTF-8: at byte 1 (line 1, column 2, after "a"), 0xC0 0xAF is an overlong encoding (a character written with more bytes than UTF-8 allows).',
      hint: 'Re-save the file as UTF-8',
    },
    {
      name: 'overlong three-byte encoding',
      input: bytes([0xe0, 0x80, 0xaf]),
      byteOffset: 0,
      line: 1,
      column: 1,
      message:
        'notes.txt is not valid UTF-8: at byte 0 (line 1, column 1), 0xE0 0x80 0xAF is an overlong encoding (a character written with more bytes than UTF-8 allows).',
      hint: 'Re-save the file as UTF-8',
    },
    {
      name: 'overlong four-byte encoding',
      input: bytes('ok\r\n', [0xf0, 0x8f, 0xbf, 0xbf]),
      byteOffset: 4,
      line: 2,
      column: 1,
      message: '0xF0 0x8F 0xBF 0xBF is an overlong encoding',
      hint: 'Re-save the file as UTF-8',
    },
    {
      name: 'UTF-16 surrogate (CESU-8)',
      input: bytes('x', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]),
      byteOffset: 1,
      line: 1,
      column: 2,
      message: '0xED 0xA0 0xBD encodes U+D83D, a UTF-16 surrogate, which UTF-8 forbids.',
      hint: 'CESU-8',
    },
    {
      name: 'above U+10FFFF (F4 90)',
      input: bytes([0xf4, 0x90, 0x80, 0x80]),
      byteOffset: 0,
      line: 1,
      column: 1,
      message: '0xF4 0x90 0x80 0x80 encodes a value above U+10FFFF, the largest Unicode code point.',
      hint: 'Re-save the file as UTF-8',
    },
    {
      name: 'above U+10FFFF (F5 lead)',
      input: bytes([0xf5, 0x80, 0x80, 0x80]),
      byteOffset: 0,
      line: 1,
      column: 1,
      message: '0xF5 0x80 0x80 0x80 encodes a value above U+10FFFF',
      hint: 'Re-save the file as UTF-8',
    },
    {
      name: 'a byte that never occurs',
      input: bytes('ab', [0xff], 'c'),
      byteOffset: 2,
      line: 1,
      column: 3,
      message: 'byte 0xFF never occurs in UTF-8.',
      hint: 'in Windows-1252, byte 0xFF is ÿ',
    },
    {
      name: 'columns count characters, not bytes, after multi-byte text and CRLF',
      input: bytes('héllo\r\nwörld 😀 x', [0x80]),
      byteOffset: 21,
      line: 2,
      column: 10,
      message: 'at byte 21 (line 2, column 10, after "wörld 😀 x")',
      hint: 'Windows-1252',
    },
    {
      name: 'offsets count the BOM; columns do not',
      input: bytes(BOM, 'a', [0x80]),
      byteOffset: 4,
      line: 1,
      column: 2,
      message: 'at byte 4 (line 1, column 2, after "a")',
      hint: 'in Windows-1252, byte 0x80 is €',
    },
    {
      name: 'context shows at most the last 20 characters of the line',
      input: bytes('0123456789abcdefghijKLMNO', [0x85]),
      byteOffset: 25,
      line: 1,
      column: 26,
      message: '(line 1, column 26, after "56789abcdefghijKLMNO")',
      hint: 'byte 0x85 is …',
    },
  ];
  it.each(cases)('$name', ({ input, byteOffset, line, column, message, hint }) => {
    const r = decodeUtf8(input, 'notes.txt');
    if (r.ok) throw new Error('expected a problem');
    expect(r.problem).toMatchObject({ severity: 'error', source: 'notes.txt', byteOffset, line, column });
    expect(r.problem.message).toContain(message);
    expect(r.problem.hint).toContain(hint);
  });

  it('counts further invalid sequences as units, not bytes', () => {
    const r = decodeUtf8(
      bytes([0xc0, 0xaf], ' ', [0xe0, 0x80, 0xaf], ' ', [0x93], ' ', [0xe9], 'x'),
      'f.txt',
    );
    expect(!r.ok && r.problem.message).toContain('3 more invalid sequences follow later in the file.');
  });

  it('names UTF-16 rather than reporting byte 0xFF', () => {
    const r = decodeUtf8(new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0]), 'excel.txt');
    expect(!r.ok && r.problem.message).toBe(
      'excel.txt is UTF-16 (little-endian) text; Semisynth reads UTF-8 only.',
    );
  });
});

describe('findUtf8Fault agrees with TextDecoder', () => {
  // A small deterministic generator; biased towards bytes ≥ 0x80 so that sequences of every kind occur.
  function* randomArrays(n: number): Generator<Uint8Array> {
    let s = 12345;
    const next = () => (s = (s * 1103515245 + 12345) >>> 0) >>> 8;
    for (let k = 0; k < n; k++) {
      const a = new Uint8Array(1 + (next() % 12));
      for (let i = 0; i < a.length; i++) a[i] = next() % 3 === 0 ? 0x41 : 0x80 + (next() % 0x80);
      yield a;
    }
  }
  it('finds a fault exactly when strict decoding fails, and everything before it decodes', () => {
    for (const a of randomArrays(5000)) {
      const fault = findUtf8Fault(a);
      let strictOk = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(a);
      } catch {
        strictOk = false;
      }
      expect(fault === undefined).toBe(strictOk);
      if (fault) {
        const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(a);
        const prefix = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
          a.subarray(0, fault.offset),
        );
        expect(lenient.startsWith(prefix + '\uFFFD')).toBe(true);
      }
    }
  });
});
