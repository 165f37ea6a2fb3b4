import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import {
  compressionRatio,
  corpusCompressionRatio,
  gzipSize,
} from '../../../src/lib/stats/measures/compression';
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { ok } from './stats-fixtures';

function randomLetters(n: number, seed: number): string {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join('');
}

describe('compression ratio', () => {
  it('counts exactly the bytes zlib gzip makes (Node: the same zlib, default level)', async () => {
    const text = 'the cat sat on the mat; '.repeat(300) + randomLetters(2000, 1);
    const bytes = new TextEncoder().encode(text);
    expect(await gzipSize(bytes)).toBe(gzipSync(bytes).length);
    const r = ok(await compressionRatio(text));
    expect(r.bytes).toBe(bytes.length);
    expect(r.ratio).toBe(bytes.length / gzipSync(bytes).length);
  });

  it('orders texts by repetitiveness: repeated ≫ English-like > random letters > 1', async () => {
    const repeated = ok(await compressionRatio('abc '.repeat(5000))).ratio;
    const random = ok(await compressionRatio(randomLetters(20_000, 2))).ratio;
    expect(repeated).toBeGreaterThan(50);
    // 26 letters carry log2 26 ≈ 4.7 bits per 8-bit byte: gzip gets close to 8/4.7 but not above it
    expect(random).toBeGreaterThan(1.4);
    expect(random).toBeLessThan(8 / Math.log2(26));
  });

  it('is insufficient for empty or tiny text, with the reason', async () => {
    expect(await compressionRatio('')).toEqual({ insufficient: 'no text: nothing to compress' });
    const tiny = await compressionRatio('hello world');
    expect(isInsufficient(tiny) && tiny.insufficient).toMatch(/only 11 bytes of text: under 1000 bytes/);
    expect(isInsufficient(await compressionRatio('日本語'.repeat(10), 10))).toBe(false);
  });

  it('a corpus: whole when small; otherwise a seeded sample of exactly maxBytes (at a character boundary)', async () => {
    const docs = Array.from({ length: 200 }, (_, i) => `document ${i}: ${randomLetters(100, i)} 日本語`);
    const whole = ok(await corpusCompressionRatio(docs));
    expect(whole.sampled).toBe(false);
    expect(whole.bytes).toBe(new TextEncoder().encode(docs.join('\n')).length);
    expect(whole.corpusBytes).toBe(whole.bytes);

    const a = ok(await corpusCompressionRatio(docs, { maxBytes: 5000, seed: 3 }));
    const b = ok(await corpusCompressionRatio(docs, { maxBytes: 5000, seed: 3 }));
    const c = ok(await corpusCompressionRatio(docs, { maxBytes: 5000, seed: 4 }));
    expect(a).toEqual(b); // same seed, same sample
    expect(a.sampled).toBe(true);
    expect(a.bytes).toBeLessThanOrEqual(5000);
    expect(a.bytes).toBeGreaterThan(5000 - 3); // only a partial 3-byte character can be left out
    expect(a.corpusBytes).toBe(whole.corpusBytes);
    expect(c.gzipBytes).not.toBe(a.gzipBytes);
    expect(isInsufficient(await corpusCompressionRatio([]))).toBe(true);
    expect(isInsufficient(await corpusCompressionRatio(['', '']))).toBe(true);
  });
});
