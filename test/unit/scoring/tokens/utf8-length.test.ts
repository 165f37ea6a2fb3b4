import { describe, expect, it } from 'vitest';
import { utf8Counts, utf8Length } from '../../../../src/lib/scoring/tokens/utf8-length';

describe('utf8Length', () => {
  it('agrees with TextEncoder, lone surrogates included', () => {
    const encoder = new TextEncoder();
    for (const s of ['', 'a', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83dz', '👩‍👩‍👧']) {
      expect(utf8Length(s)).toBe(encoder.encode(s).length);
    }
  });

  it('counts code points as the string iterator does', () => {
    for (const s of ['', 'a', 'é', '😀', '\ud800', '\udc00x', 'a\ud83dz', '👩‍👩‍👧']) {
      expect(utf8Counts(s).characters).toBe([...s].length);
    }
  });
});
