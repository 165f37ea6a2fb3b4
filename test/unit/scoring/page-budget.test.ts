import { describe, expect, it } from 'vitest';
import {
  MEMORY_PER_TEXT_BYTE,
  PAGE_MEMORY_LIMIT,
  pageBudget,
  sizeBoundsText,
  sizeVerdict,
  textLimit,
  textMemory,
} from '../../../src/lib/scoring/page-budget';

describe('the Text page’s memory budget', () => {
  it('is 512 MiB of text and scores, text at two bytes per UTF-8 byte', () => {
    expect(PAGE_MEMORY_LIMIT).toBe(536_870_912);
    expect(MEMORY_PER_TEXT_BYTE).toBe(2);
    expect(pageBudget(8)).toEqual({ k: 8, textBytesPerToken: 4, limit: PAGE_MEMORY_LIMIT });
  });

  // limit / (2 + (24 + 8k) / textBytesPerToken), rounded down: worked out by hand.
  it.each([
    { k: 1, ratio: 4, limit: PAGE_MEMORY_LIMIT, text: 53_687_091 }, // 10 B per text byte
    { k: 8, ratio: 4, limit: PAGE_MEMORY_LIMIT, text: 22_369_621 }, // 24 B
    { k: 64, ratio: 4, limit: PAGE_MEMORY_LIMIT, text: 3_947_580 }, // 136 B
    { k: 8, ratio: 1, limit: PAGE_MEMORY_LIMIT, text: 5_965_232 }, // 90 B: a byte-level model
    { k: 8, ratio: 4, limit: 1000, text: 41 },
    { k: 1, ratio: 8, limit: 60, text: 10 }, // 6 B per text byte: exactly 10
  ])(
    'k = $k at $ratio text bytes per token under $limit B holds $text text bytes',
    ({ k, ratio, limit, text }) => {
      const budget = pageBudget(k, ratio, limit);
      expect(textLimit(budget)).toBe(text);
      // The boundary byte: the limit's text fits, one byte more does not.
      expect(textMemory(text, budget).total).toBeLessThanOrEqual(limit);
      expect(textMemory(text + 1, budget).total).toBeGreaterThan(limit);
    },
  );

  it('splits the estimate into scores and text', () => {
    expect(textMemory(4000, pageBudget(8))).toEqual({
      tokens: 1000,
      scores: 88_000,
      text: 8000,
      total: 96_000,
    });
    expect(textMemory(4000, pageBudget(64, 2))).toEqual({
      tokens: 2000,
      scores: 1_072_000,
      text: 8000,
      total: 1_080_000,
    });
  });

  it.each([
    ['a.txt', true],
    ['shards/part-1.JSONL', true],
    ['table.csv', true],
    ['notes', true],
    ['a.jsonl.gz', false],
    ['a.txt.zst', false],
    ['data/part-0.parquet', false],
    ['A.PARQUET', false],
    ['bundle.zip', false],
  ])('%s: its size bounds its text: %s', (name, bounded) => {
    expect(sizeBoundsText(name)).toBe(bounded);
  });

  it.each([
    { files: [['a.txt', 100]], left: 100, verdict: 'fits', text: 100 },
    { files: [['a.txt', 101]], left: 100, verdict: 'over', text: 101 },
    {
      files: [
        ['a.txt', 60],
        ['b.jsonl', 41],
      ],
      left: 100,
      verdict: 'over',
      text: 101,
    },
    {
      files: [
        ['a.txt', 60],
        ['b.jsonl.gz', 10],
      ],
      left: 100,
      verdict: 'measure',
      text: 60,
    },
    {
      files: [
        ['a.txt', 101],
        ['b.parquet', 10],
      ],
      left: 100,
      verdict: 'over',
      text: 101,
    },
    { files: [['b.zip', 10_000]], left: 100, verdict: 'measure', text: 0 },
    { files: [], left: 0, verdict: 'fits', text: 0 },
  ])('sizes $files with $left bytes left: $verdict', ({ files, left, verdict, text }) => {
    const sized = sizeVerdict(
      files.map(([name, size]) => ({ name: name as string, size: size as number })),
      left,
    );
    expect(sized).toEqual({ verdict, textBytes: text });
  });
});
