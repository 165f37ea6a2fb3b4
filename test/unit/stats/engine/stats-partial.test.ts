import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fileBlocks } from '../../../../src/lib/stats/engine/blocks';
import { Reducer, runBlock } from '../../../../src/lib/stats/engine/block-reduce';
import {
  decodeCompletePartial,
  decodePartial,
  decodeValue,
  encodePartial,
  encodeValue,
  mergePartials,
  type StatsPartial,
} from '../../../../src/lib/stats/engine/stats-partial';
import { reportOfPartial } from '../../../../src/lib/stats/engine/stats-worker-api';
import { utf8 } from '../../io/stream-support';

const OPTIONS = { name: 'p', seed: 5, buckets: 499, bootstrapGroups: 4, heavyHitterCapacity: 8 };

describe('stats partial values', () => {
  it('round-trips what JSON alone cannot hold, exactly', () => {
    const backing = new Float64Array([1, 2, 3, 4]);
    const value = {
      nan: NaN,
      inf: -Infinity,
      negativeZero: -0,
      missing: undefined,
      $dollar: 'kept',
      floats: new Float32Array([0.1, -3.5e-8]),
      view: backing.subarray(1, 3),
      ints: [new Uint32Array([4294967295]), new Int32Array([-7]), new Uint8Array([0, 255])],
      nested: { big: new BigInt64Array([-(2n ** 63n)]), text: 'é 日本' },
    };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
    expect(isDeepStrictEqual(back, value)).toBe(true);
    expect(Object.is(back.negativeZero, -0)).toBe(true);
    expect('missing' in back).toBe(true);
    expect(back.view).toBeInstanceOf(Float64Array);
    expect(Array.from(back.view)).toEqual([2, 3]);
  });

  it('refuses what it cannot store', () => {
    expect(() => encodeValue(new Map())).toThrow('cannot store a Map');
    expect(() => encodeValue(new DataView(new ArrayBuffer(1)))).toThrow('cannot store a DataView');
  });
});

describe('stats partials', () => {
  const text = Array.from({ length: 80 }, (_, i) => `line ${i} says ${['a', 'b', 'c'][i % 3]} ${i % 7}`).join(
    '\n',
  );
  const file = new Blob([utf8(text)]);
  const format = { kind: 'txt', split: 'line' } as const;
  const ranges = fileBlocks(file.size, format, 256);

  async function partialOf(indices: number[]): Promise<StatsPartial> {
    const accs = [];
    for (const index of indices) {
      const r = await runBlock(
        { kind: 'file', index, file, source: 'f', format, range: ranges[index] },
        OPTIONS,
      );
      accs.push({ index, acc: r.acc });
    }
    return {
      format: 'semisynth.stats-partial',
      version: 1,
      semisynth: '0',
      options: OPTIONS,
      blocks: ranges.length,
      accs,
    };
  }

  it('merge in any order to the whole file’s partial, which folds into the report of one reducer', async () => {
    const all = ranges.map((_, i) => i);
    const whole = await partialOf(all);
    const half = Math.floor(all.length / 2);
    const parts = [await partialOf(all.slice(half)), await partialOf(all.slice(0, half))].map((p, i) => {
      const d = decodePartial(encodePartial(p), `part ${i}`);
      if (!d.ok) throw new Error(d.problem);
      return { source: `part ${i}`, partial: d.partial };
    });
    const merged = mergePartials(parts);
    if (typeof merged === 'string') throw new Error(merged);
    expect(encodePartial(merged)).toBe(encodePartial(whole));

    const fold = (p: StatsPartial) => {
      const reducer = new Reducer(p.options);
      for (const { index, acc } of p.accs) reducer.accept(index, acc);
      return reducer.finish(p.blocks);
    };
    expect(ranges.length).toBeGreaterThan(3);
    expect(isDeepStrictEqual(fold(merged), fold(whole))).toBe(true);
  });

  it('say what is wrong with a file, a block given twice or another corpus', async () => {
    expect(decodePartial('{"format":"other"}', 'x.json')).toEqual({
      ok: false,
      problem: 'x.json is not a statistics partial (its "format" is not "semisynth.stats-partial")',
    });
    expect(decodePartial('{', 'y.json')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^y\.json is not a statistics partial: /),
    });
    const a = await partialOf([0, 1]);
    const b = await partialOf([1, 2]);
    expect(
      mergePartials([
        { source: 'a', partial: a },
        { source: 'b', partial: b },
      ]),
    ).toBe('block 1 is in both a and b');
    const other = { ...b, options: { ...OPTIONS, seed: 6 } };
    expect(
      mergePartials([
        { source: 'a', partial: a },
        { source: 'c', partial: other },
      ]),
    ).toBe('c is a partial of another corpus or other settings than a');
  });

  it('to be folded, a partial must hold every block; the page’s export and damaged files are named as such', async () => {
    const exported = JSON.stringify({ format: 'semisynth.statistics', version: 1, corpora: [] });
    expect(decodeCompletePartial(exported, 'stats.json')).toMatchObject({
      ok: false,
      problem: 'stats.json is not a statistics partial (its "format" is not "semisynth.stats-partial")',
      hint: expect.stringMatching(/^This is the Statistics page's JSON export, which cannot be read back/),
    });
    const some = await partialOf([0, 1]);
    expect(decodeCompletePartial(encodePartial(some), 'part.json')).toMatchObject({
      ok: false,
      problem: `part.json holds 2 of ${some.blocks} blocks: it is one shard's partial`,
    });
    const gap = { ...some, blocks: 2, accs: [some.accs[0], { ...some.accs[1], index: 5 }] };
    expect(await reportOfPartial(encodePartial(gap), 'gap.json')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^gap\.json is damaged: /),
    });
    const whole = await partialOf(ranges.map((_, i) => i));
    const folded = await reportOfPartial(encodePartial(whole), 'whole.json');
    expect(folded.ok && folded.report.counts.documents).toBeGreaterThan(0);
  });
});
