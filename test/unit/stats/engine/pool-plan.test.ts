import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../../src/lib/math/seeded';
import type { ResolvedFormat } from '../../../../src/lib/io/stream-format';
import type { ModelRecipe, TokenScores } from '../../../../src/lib/stats/report/corpus-report-types';
import { analysisPlan, nextBlock, type ReportSettings } from '../../../../src/lib/stats/engine/pool-plan';

const SETTINGS: ReportSettings = { name: 'human', seed: 3, model: null };
const MODEL: ModelRecipe = {
  modelId: 'semisynth-test/bigram',
  dtype: 'fp32',
  device: 'wasm',
  k: 8,
};
const file = (bytes: number) => new Blob([new Uint8Array(bytes)]);
const scores = (n: number): TokenScores => ({
  logprob: Float32Array.from({ length: n }, (_, i) => -i),
  rank: Int32Array.from({ length: n }, (_, i) => i),
});

describe('analysisPlan', () => {
  const TXT: ResolvedFormat = { kind: 'txt', split: 'paragraph' };
  const CSV: ResolvedFormat = { kind: 'csv', column: 'text', delimiter: ',' };

  it.each([
    {
      what: 'a text file cut into ranges',
      bytes: 10,
      format: TXT,
      blockBytes: 4,
      ranges: [
        [0, 4],
        [4, 8],
        [8, 10],
      ],
      recipeBlock: 4,
    },
    {
      what: 'a file of exactly one block',
      bytes: 8,
      format: TXT,
      blockBytes: 4,
      ranges: [
        [0, 4],
        [4, 8],
      ],
      recipeBlock: 4,
    },
    { what: 'an empty file', bytes: 0, format: TXT, blockBytes: 4, ranges: [[0, 0]], recipeBlock: 4 },
    {
      what: 'CSV, read whole (quoted values span lines)',
      bytes: 10,
      format: CSV,
      blockBytes: 4,
      ranges: [[0, 10]],
      recipeBlock: 10,
    },
  ])('$what', ({ bytes, format, blockBytes, ranges, recipeBlock }) => {
    const f = file(bytes);
    const plan = analysisPlan({ kind: 'file', file: f, source: 'a.txt', format }, SETTINGS, blockBytes);
    expect(plan.blocks).toBe(ranges.length);
    expect(plan.totalBytes).toBe(bytes);
    expect(plan.reportOptions).toEqual({
      ...SETTINGS,
      source: { kind: 'file', fileName: 'a.txt', fileBytes: bytes, format },
      blockBytes: recipeBlock,
    });
    ranges.forEach(([start, end], index) => {
      expect(plan.task(index)).toEqual({
        task: { kind: 'file', index, file: f, source: 'a.txt', format, range: { start, end } },
        transfer: [],
      });
    });
  });

  it.each([
    {
      what: 'texts in runs of about blockBytes code units',
      texts: ['aaa', 'bb', 'cccc', 'd', 'e'],
      blockBytes: 5,
      runs: [
        [0, 2],
        [2, 4],
        [4, 5],
      ],
    },
    {
      what: 'a text longer than a block alone',
      texts: ['aaaaaaaaaa', 'b'],
      blockBytes: 5,
      runs: [
        [0, 1],
        [1, 2],
      ],
    },
    { what: 'no texts: one empty block', texts: [], blockBytes: 5, runs: [[0, 0]] },
  ])('$what', ({ texts, blockBytes, runs }) => {
    const plan = analysisPlan({ kind: 'texts', texts }, SETTINGS, blockBytes);
    expect(plan.blocks).toBe(runs.length);
    expect(plan.totalBytes).toBe(texts.join('').length);
    expect(plan.reportOptions).toEqual({
      ...SETTINGS,
      source: { kind: 'texts', texts: texts.length },
      blockBytes,
    });
    runs.forEach(([start, end], index) => {
      expect(plan.task(index)).toEqual({
        task: { kind: 'texts', index, first: start, texts: texts.slice(start, end) },
        transfer: [],
      });
    });
  });

  it('sends copies of the scores a block reads, and transfers the copies', () => {
    const given = [scores(3), null, scores(2)];
    const plan = analysisPlan(
      { kind: 'texts', texts: ['abc', 'd', 'ef'], scores: given },
      { ...SETTINGS, model: MODEL },
      3,
    );
    const { task, transfer } = plan.task(1);
    expect(task).toEqual({
      kind: 'texts',
      index: 1,
      first: 1,
      texts: ['d', 'ef'],
      scores: [null, given[2]],
    });
    const copy = task.kind === 'texts' ? task.scores![1]! : undefined;
    expect(copy?.logprob).not.toBe(given[2]!.logprob);
    expect(transfer).toEqual([copy?.logprob.buffer, copy?.rank.buffer]);
  });

  it.each([
    {
      what: 'one score per text',
      input: { texts: ['a', 'b'], scores: [scores(1)] },
      model: MODEL,
      error: '1 scores for 2 texts',
    },
    {
      what: 'scores with their provenance',
      input: { texts: ['a'], scores: [scores(1)] },
      model: null,
      error: 'scores need their provenance',
    },
  ])('refuses texts without $what', ({ input, model, error }) => {
    expect(() => analysisPlan({ kind: 'texts', ...input }, { ...SETTINGS, model }, 4)).toThrow(error);
  });
});

describe('nextBlock', () => {
  it.each([
    { next: 0, merged: 0, blocks: 5, window: 2, expected: 0 },
    { next: 1, merged: 0, blocks: 5, window: 2, expected: 1 },
    { next: 2, merged: 0, blocks: 5, window: 2, expected: 'wait' },
    { next: 2, merged: 1, blocks: 5, window: 2, expected: 2 },
    { next: 4, merged: 3, blocks: 5, window: 2, expected: 4 },
    { next: 5, merged: 3, blocks: 5, window: 2, expected: 'done' },
    { next: 0, merged: 0, blocks: 0, window: 2, expected: 'done' },
  ])(
    'next $next, merged $merged of $blocks, window $window: $expected',
    ({ next, merged, blocks, window, expected }) => {
      expect(nextBlock(next, merged, blocks, window)).toBe(expected);
    },
  );

  it.each([
    { workers: 1, blocks: 7, seed: 1 },
    { workers: 3, blocks: 20, seed: 2 },
    { workers: 4, blocks: 3, seed: 3 },
  ])(
    '$workers workers finishing in random order read each of $blocks blocks once, in order, within the window',
    ({ workers, blocks, seed }) => {
      const rng = seededRng(seed);
      const window = 2 * workers;
      let next = 0;
      let merged = 0;
      const handedOut: number[] = [];
      const reading = new Set<number>();
      const done = new Set<number>();
      const idle = Array.from({ length: workers }, (_, w) => w);
      for (let step = 0; step < 10 * blocks + 10; step++) {
        // Every idle worker asks for a block; then one block in flight, chosen at random, finishes.
        for (let w = idle.length; w > 0; w--) {
          const i = nextBlock(next, merged, blocks, window);
          if (typeof i !== 'number') break;
          expect(i - merged).toBeLessThan(window);
          handedOut.push(i);
          reading.add(i);
          next++;
          idle.pop();
        }
        if (reading.size === 0) break;
        const finished = [...reading][Math.floor(rng() * reading.size)];
        reading.delete(finished);
        done.add(finished);
        while (done.has(merged)) merged++; // the reducer merges in stream order
        idle.push(0);
      }
      expect(handedOut).toEqual(Array.from({ length: blocks }, (_, i) => i));
      expect(merged).toBe(blocks);
    },
  );
});
