import { describe, expect, it } from 'vitest';
import { documentSeed, generationSeed, tokenRng, tokenSeed } from '../../../src/lib/toedit/seeds';

describe('seeds', () => {
  it('are pure functions of their inputs', () => {
    expect(documentSeed(42, 7)).toBe(documentSeed(42, 7));
    expect(tokenSeed(documentSeed(42, 7), 3)).toBe(tokenSeed(documentSeed(42, 7), 3));
    const a = tokenRng(5, 9);
    const b = tokenRng(5, 9);
    for (let i = 0; i < 10; i++) expect(a()).toBe(b());
  });
  it('differ across neighbouring seeds, indices and positions (no collisions in a 3×1000 grid)', () => {
    const seen = new Set<number>();
    for (const seed of [0, 1, 2]) for (let d = 0; d < 1000; d++) seen.add(documentSeed(seed, d));
    expect(seen.size).toBe(3000);
    const positions = new Set(Array.from({ length: 1000 }, (_, i) => tokenSeed(123, i)));
    expect(positions.size).toBe(1000);
  });
  it('take indices beyond 2^32 and negative seeds', () => {
    expect(documentSeed(1, 2 ** 32)).not.toBe(documentSeed(1, 0));
    expect(documentSeed(-1, 0)).not.toBe(documentSeed(1, 0));
    expect(() => documentSeed(1.5, 0)).toThrow(RangeError);
  });
  it('are uint32', () => {
    for (let d = 0; d < 100; d++) {
      const s = documentSeed(9, d);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
  });
});

describe('generationSeed', () => {
  it('keeps the run seed for generation 1 and gives later generations distinct seeds', () => {
    expect(generationSeed(7, 1)).toBe(7);
    const later = [2, 3, 4, 5].map((g) => generationSeed(7, g));
    expect(new Set([7, ...later]).size).toBe(5);
    expect(generationSeed(7, 3)).toBe(generationSeed(7, 3));
  });
});
