import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { featureBucket } from '../../../../src/lib/stats/measures/hashed-features';
import { fileBlocks, textBlocks } from '../../../../src/lib/stats/engine/blocks';
import type { ResolvedFormat } from '../../../../src/lib/io/stream-format';
import { Reducer, runBlock, type BlockResult } from '../../../../src/lib/stats/engine/block-reduce';
import {
  candidatesFor,
  findExamples,
  findFeature,
  snippetAround,
} from '../../../../src/lib/stats/engine/example-search';
import { utf8 } from '../../io/stream-support';

const OPTIONS = { name: 'e', seed: 2, buckets: 499, bootstrapGroups: 4, heavyHitterCapacity: 8 };

async function blocks(file: Blob, format: ResolvedFormat, blockBytes: number): Promise<BlockResult[]> {
  const ranges = fileBlocks(file.size, format, blockBytes);
  return Promise.all(
    ranges.map((range, index) =>
      runBlock({ kind: 'file', index, file, source: 'f', format, range }, OPTIONS),
    ),
  );
}

/** The whole file's report: its blocks reduced in order. */
async function reportOf(file: Blob, format: ResolvedFormat, blockBytes: number) {
  const results = await blocks(file, format, blockBytes);
  const reducer = new Reducer(OPTIONS);
  results.forEach((r) => reducer.accept(r.index, r.acc));
  return reducer.finish(results.length);
}

const TEXT = Array.from(
  { length: 60 },
  (_, i) => `line ${i} says ${['hello', 'world', 'again'][i % 3]} ${i % 7}`,
).join('\n');

describe('block planning', () => {
  it('cuts files into fixed ranges (CSV whole) and texts into runs of about the same length', () => {
    expect(fileBlocks(10, { kind: 'txt', split: 'line' }, 4)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 },
    ]);
    expect(fileBlocks(10, { kind: 'csv', column: 'c', delimiter: ',' }, 4)).toEqual([{ start: 0, end: 10 }]);
    expect(textBlocks(['aaa', 'b', 'cc', 'dddd', 'e'], 4)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
    expect(textBlocks([], 4)).toEqual([{ start: 0, end: 0 }]);
  });
});

describe('Reducer', () => {
  it('merges blocks in block order whatever order they arrive in', async () => {
    const file = new Blob([utf8(TEXT)]);
    const format = { kind: 'txt', split: 'line' } as const;
    const results = await blocks(file, format, 64);
    expect(results.length).toBeGreaterThan(10);
    const inOrder = new Reducer(OPTIONS);
    results.forEach((r) => inOrder.accept(r.index, structuredClone(r.acc)));
    const shuffled = new Reducer(OPTIONS);
    const order = results.map((_, i) => (i * 7) % results.length);
    expect(new Set(order).size).toBe(results.length);
    order.forEach((i) => shuffled.accept(i, structuredClone(results[i].acc)));
    const a = inOrder.finish(results.length);
    expect(isDeepStrictEqual(shuffled.finish(results.length), a)).toBe(true);
    expect(a.counts.documents).toBe(60);
  });

  it('refuses a block twice and finishing early', async () => {
    const [r] = await blocks(new Blob([utf8('a b c')]), { kind: 'txt', split: 'line' }, 64);
    const reducer = new Reducer(OPTIONS);
    reducer.accept(0, r.acc);
    expect(() => reducer.accept(0, r.acc)).toThrow(/arrived twice/);
    expect(() => new Reducer(OPTIONS).finish(1)).toThrow(/1 blocks expected, 0 merged/);
  });

  it('turns a CSV without the chosen column into a refusal', async () => {
    const [r] = await blocks(
      new Blob([utf8('a,b\n1,2\n')]),
      { kind: 'csv', column: 'text', delimiter: ',' },
      64,
    );
    expect(r.refused?.message).toMatch(/has no column "text"/);
  });
});

describe('examples', () => {
  it('finds a bucket’s n-gram or an exact n-gram in a document, on the original text', () => {
    const text = 'Alpha beta. Gamma delta!';
    expect(findFeature(text, { kind: 'ngram', ngram: 'gamma delta' }, 499)).toMatchObject({
      start: 12,
      end: 23,
      ngram: 'gamma delta',
    });
    const hit = findFeature(text, { kind: 'bucket', bucket: featureBucket('beta .', 499) }, 499)!;
    expect(hit.ngram).toBe('beta .');
    expect(findFeature(text, { kind: 'ngram', ngram: 'delta gamma' }, 499)).toBeNull();
    expect(snippetAround('0123456789', 4, 6, 2)).toEqual({ snippet: '…234567…', match: [3, 5] });
  });

  it('reads example documents back from a JSON Lines file at their offsets', async () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ id: i, text: `doc ${i} ${i % 5 === 0 ? 'rare word' : 'common'}` }),
    );
    const file = new Blob([utf8(lines.join('\n'))]);
    const format = { kind: 'jsonl', field: 'text' } as const;
    const report = await reportOf(file, format, 200);
    const feature = { kind: 'ngram', ngram: 'rare word' } as const;
    const found = await findExamples(
      { kind: 'file', file, format },
      candidatesFor(report.examples, feature),
      feature,
      499,
      {
        context: 10,
      },
    );
    expect(found.length).toBeGreaterThan(0);
    for (const e of found) {
      expect(e.snippet.slice(e.match[0], e.match[1])).toBe('rare word');
      expect(e.docIndex % 5).toBe(0);
      expect(e.line).toBe(e.docIndex + 1);
    }
  });

  it('reads example rows back from a CSV file, quoted line breaks included', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i},"row ${i}${i % 4 === 0 ? ',\nrare word here' : ' plain'}"`,
    );
    const file = new Blob([utf8(`id,text\n${rows.join('\n')}\n`)]);
    const format = { kind: 'csv', column: 'text', delimiter: ',' } as const;
    const report = await reportOf(file, format, 1 << 20);
    expect(report.counts.documents).toBe(30);
    const feature = { kind: 'ngram', ngram: 'rare word' } as const;
    const found = await findExamples(
      { kind: 'file', file, format },
      candidatesFor(report.examples, feature),
      feature,
      499,
    );
    expect(found.length).toBeGreaterThan(0);
    for (const e of found) {
      expect(e.docIndex % 4).toBe(0);
      expect(e.snippet).toMatch(new RegExp(`^row ${e.docIndex}, rare word here$`));
    }
  });
});
