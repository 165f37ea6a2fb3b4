import { describe, expect, it } from 'vitest';
import { planChunks, type ChunkOptions } from '../../../src/lib/scoring/transformers/chunk-plan';

/** Invariants: every target 1..n-1 scored exactly once, windows fit the context, rows predict in order. */
function check(n: number, options: ChunkOptions) {
  const steps = planChunks(n, options);
  const scored: number[] = [];
  let cached = 0;
  for (const s of steps) {
    cached = s.restart ? s.feedEnd - s.feedStart : cached + s.feedEnd - s.feedStart;
    expect(cached).toBeLessThanOrEqual(options.maxContext);
    if (!s.restart) expect(options.kvCache).toBe(true);
    for (let row = s.scoreFromRow; row < s.feedEnd - s.feedStart; row++) scored.push(s.feedStart + row + 1);
  }
  expect(scored).toEqual(Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1));
  return steps;
}

describe('planChunks', () => {
  const grid = [0, 1, 2, 3, 10, 100, 1000].flatMap((n) =>
    [1, 7, 64, 4096].flatMap((chunkSize) =>
      [8, 512].flatMap((maxContext) =>
        [true, false].map((kvCache) => ({ n, chunkSize, maxContext, kvCache })),
      ),
    ),
  );
  it.each(grid)(
    'n=$n chunk=$chunkSize ctx=$maxContext kv=$kvCache covers every target once',
    ({ n, ...o }) => {
      check(n, o);
    },
  );

  it('uses one pass when the document fits', () => {
    expect(planChunks(100, { chunkSize: 512, maxContext: 512, kvCache: true })).toEqual([
      { feedStart: 0, feedEnd: 99, restart: true, scoreFromRow: 0 },
    ]);
  });

  it('carries the KV cache until the context is full, then restarts with overlap', () => {
    const steps = check(30, { chunkSize: 4, maxContext: 10, kvCache: true, overlap: 3 });
    expect(steps.slice(0, 4)).toEqual([
      { feedStart: 0, feedEnd: 4, restart: true, scoreFromRow: 0 },
      { feedStart: 4, feedEnd: 8, restart: false, scoreFromRow: 0 },
      { feedStart: 8, feedEnd: 10, restart: false, scoreFromRow: 0 },
      { feedStart: 7, feedEnd: 14, restart: true, scoreFromRow: 3 },
    ]);
  });

  it('without a cache every step re-feeds the overlap as context', () => {
    const steps = check(20, { chunkSize: 5, maxContext: 8, kvCache: false, overlap: 2 });
    expect(steps.every((s) => s.restart)).toBe(true);
    expect(steps.slice(1).every((s) => s.scoreFromRow === 2)).toBe(true);
  });

  it('refuses nonsense sizes', () => {
    expect(() => planChunks(10, { chunkSize: 0, maxContext: 8, kvCache: true })).toThrow(RangeError);
    expect(() => planChunks(10, { chunkSize: 4, maxContext: 1, kvCache: true })).toThrow(RangeError);
  });
});
