import { describe, expect, it } from 'vitest';
import { planBatches, type BatchPlanOptions } from '../../../src/lib/scoring/transformers/batch-plan';
import { planChunks } from '../../../src/lib/scoring/transformers/chunk-plan';

const MiB = 1024 * 1024;

/**
 * Invariants: every target 1..n−1 of every document is scored exactly once (by a row inside that document,
 * not padding), every pass's logits fit the binding and the budget, each document sits in exactly one batch,
 * and its windows are the ones it would get alone (so batched scores equal unbatched ones).
 */
function check(lengths: number[], o: BatchPlanOptions) {
  const batches = planBatches(lengths, o);
  const scored = lengths.map(() => [] as number[]);
  const seen: number[] = [];
  const rowBytes = o.vocabSize * o.bytesPerLogit;
  for (const batch of batches) {
    expect(batch.docs.length).toBeGreaterThan(0);
    expect(batch.docs.length).toBeLessThanOrEqual(o.maxBatch ?? 8);
    const logits = batch.docs.length * batch.rows * rowBytes;
    expect(logits).toBeLessThanOrEqual(o.maxBindingBytes);
    expect(logits).toBeLessThanOrEqual(o.memoryBudgetBytes);
    seen.push(...batch.docs);
    const lead = lengths[batch.docs[0]];
    for (const d of batch.docs) expect(lengths[d]).toBeLessThanOrEqual(lead); // the lead is the longest
    let cached = 0;
    for (const s of batch.steps) {
      expect(s.feedEnd - s.feedStart).toBeLessThanOrEqual(batch.rows);
      cached = s.restart ? s.feedEnd - s.feedStart : cached + s.feedEnd - s.feedStart;
      expect(cached).toBeLessThanOrEqual(o.maxContext);
      for (const d of batch.docs) {
        for (let r = s.scoreFromRow; r < s.feedEnd - s.feedStart; r++) {
          const target = s.feedStart + r + 1;
          if (target < lengths[d]) scored[d].push(target);
        }
      }
    }
    // A member takes the same windows as alone, clipped to its own length.
    for (const d of batch.docs) {
      const alone = planChunks(lengths[d], {
        chunkSize: o.chunkSize ?? Infinity,
        maxContext: o.maxContext,
        kvCache: o.kvCache,
        maxFeed: Math.floor(Math.min(o.maxBindingBytes, o.memoryBudgetBytes) / rowBytes),
      });
      const clipped = batch.steps
        .filter((s) => s.feedStart + s.scoreFromRow < lengths[d] - 1)
        .map((s) => ({ ...s, feedEnd: Math.min(s.feedEnd, lengths[d] - 1) }));
      expect(clipped).toEqual(alone);
    }
  }
  const expectedDocs = lengths.flatMap((n, i) => (n >= 2 ? [i] : []));
  expect([...seen].sort((a, b) => a - b)).toEqual(expectedDocs); // each scorable document exactly once
  lengths.forEach((n, d) =>
    expect(scored[d]).toEqual(Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1)),
  );
  return batches;
}

const base: BatchPlanOptions = {
  vocabSize: 320,
  bytesPerLogit: 4,
  maxBindingBytes: 1024 * MiB,
  memoryBudgetBytes: 128 * MiB,
  kvBytesPerToken: 256,
  maxContext: 512,
  kvCache: true,
};

describe('planBatches', () => {
  const lengthSets = [
    [],
    [0, 1],
    [5],
    [2, 3, 1, 40, 17, 17, 0, 9],
    [1200, 3, 700, 511, 512, 513, 60, 60, 61, 2],
    Array.from({ length: 37 }, (_, i) => (i * 7919) % 300),
  ];
  const variants: [string, BatchPlanOptions][] = [
    ['defaults', base],
    ['no KV cache', { ...base, kvCache: false }],
    ['one per batch', { ...base, maxBatch: 1 }],
    ['batches of 3, chunks of 7', { ...base, maxBatch: 3, chunkSize: 7 }],
    ['chunks of 1', { ...base, chunkSize: 1 }],
    // A small binding: 100 rows of V = 320 float32 logits (and 3 bytes to spare).
    ['100-row binding', { ...base, maxBindingBytes: 100 * 320 * 4 + 3, maxBatch: 16 }],
    ['100-row binding, no cache', { ...base, maxBindingBytes: 100 * 320 * 4, kvCache: false, maxBatch: 4 }],
    [
      'float16 V = 49,152 in 128 MiB',
      {
        ...base,
        vocabSize: 49152,
        bytesPerLogit: 2,
        maxBindingBytes: 128 * MiB,
        memoryBudgetBytes: 512 * MiB,
      },
    ],
    [
      'budget shared with the KV cache',
      { ...base, memoryBudgetBytes: 2 * MiB, kvBytesPerToken: 8192, maxBatch: 32 },
    ],
  ];
  const grid = lengthSets.flatMap((lengths) => variants.map(([name, o]) => ({ lengths, name, o })));
  it.each(grid)('$name, lengths $lengths', ({ lengths, o }) => {
    check(lengths, o);
  });

  it('puts similar lengths together, longest first; indices carry the input order', () => {
    const lengths = [10, 300, 12, 290, 11, 310];
    const batches = check(lengths, { ...base, maxBatch: 3 });
    expect(batches.map((b) => b.docs)).toEqual([
      [5, 1, 3],
      [2, 4, 0],
    ]);
    expect(batches.map((b) => b.rows)).toEqual([309, 11]);
  });

  it("a short document does not ride along as padding through a long document's passes", () => {
    const batches = check([100, 1500, 90, 1400], { ...base, chunkSize: 256 });
    expect(batches.map((b) => b.docs)).toEqual([
      [1, 3],
      [0, 2],
    ]);
    expect(batches[0].steps.length).toBeGreaterThan(4);
  });

  it('the vocabulary sets the rows per pass: B·S·V·4 within the binding', () => {
    const lengths = Array.from({ length: 16 }, () => 2000);
    const o = { ...base, maxContext: 4096, memoryBudgetBytes: 4096 * MiB, maxBatch: 16 };
    const small = check(lengths, { ...o, vocabSize: 49152, maxBindingBytes: 128 * MiB });
    const large = check(lengths, { ...o, vocabSize: 151936, maxBindingBytes: 128 * MiB });
    // 128 MiB / (49152 · 4) = 682 rows; / (151936 · 4) = 220 rows.
    expect(small[0].docs.length * small[0].rows).toBeLessThanOrEqual(682);
    expect(small[0].rows).toBe(682);
    expect(large[0].rows).toBe(220);
  });

  it('batches short documents as wide as the limit allows', () => {
    const lengths = Array.from({ length: 20 }, () => 50);
    const batches = check(lengths, { ...base, maxBindingBytes: 200 * 320 * 4, maxBatch: 16 });
    expect(batches.map((b) => [b.docs.length, b.rows])).toEqual([
      [4, 49],
      [4, 49],
      [4, 49],
      [4, 49],
      [4, 49],
    ]);
  });

  it('refuses a vocabulary whose single row exceeds the limit', () => {
    expect(() => planBatches([10], { ...base, maxBindingBytes: 1000 })).toThrow(RangeError);
  });
});
