import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { isValidUtf8, spliceKeepsUtf8 } from '../../../src/lib/toedit/utf8-splice';

const fatal = new TextDecoder('utf-8', { fatal: true });
function decoderAccepts(b: Uint8Array): boolean {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
}

describe('isValidUtf8', () => {
  it('agrees with TextDecoder (fatal) on edge cases', () => {
    const cases = [
      [],
      [0x41],
      [0xc2, 0x80],
      [0xc1, 0xbf], // overlong
      [0xe0, 0x9f, 0x80], // overlong
      [0xed, 0xa0, 0x80], // surrogate
      [0xef, 0xbf, 0xbf],
      [0xf0, 0x8f, 0xbf, 0xbf], // overlong
      [0xf4, 0x90, 0x80, 0x80], // > U+10FFFF
      [0xf0, 0x9f, 0x98, 0x80], // 😀
      [0xf0, 0x9f, 0x98], // truncated
      [0x80],
      [0xf5, 0x80, 0x80, 0x80],
    ].map((c) => Uint8Array.from(c));
    for (const c of cases) expect(isValidUtf8(c), Array.from(c).join(' ')).toBe(decoderAccepts(c));
  });
  it('agrees with TextDecoder on 20,000 random byte strings biased towards UTF-8 structure', () => {
    const rng = seededRng(3);
    const alphabet = [
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4,
      0xf5, 0xff,
    ];
    for (let t = 0; t < 20_000; t++) {
      const b = Uint8Array.from(
        { length: Math.floor(rng() * 7) },
        () => alphabet[Math.floor(rng() * alphabet.length)],
      );
      expect(isValidUtf8(b)).toBe(decoderAccepts(b));
    }
  });
});

describe('spliceKeepsUtf8', () => {
  const enc = new TextEncoder();
  const emoji = enc.encode('a😀b'); // 61 f0 9f 98 80 62
  it('accepts a splice that restores a character split across tokens', () => {
    // Prefix "a" + f0 9f, replacing the token 98 with 99 (😁's third byte) before the original 80 62.
    const out = Uint8Array.from([0x61, 0xf0, 0x9f]);
    expect(spliceKeepsUtf8(out, 3, Uint8Array.from([0x99]), emoji, 4)).toBe(true);
  });
  it('rejects a splice that leaves half an emoji', () => {
    const out = Uint8Array.from([0x61, 0xf0, 0x9f]);
    expect(spliceKeepsUtf8(out, 3, enc.encode('x'), emoji, 4)).toBe(false);
    expect(spliceKeepsUtf8(out, 3, new Uint8Array(0), emoji, 4)).toBe(false);
    // Replacing the whole-character token "a" with a lone lead byte.
    expect(spliceKeepsUtf8(new Uint8Array(0), 0, Uint8Array.from([0xf0]), emoji, 1)).toBe(false);
  });
  it('accepts ASCII between character boundaries', () => {
    expect(spliceKeepsUtf8(Uint8Array.from([0x61]), 1, enc.encode('é'), enc.encode('xyz'), 1)).toBe(true);
  });
});
