import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../../src/lib/math/seeded';
import {
  countExact,
  emptyExactNgrams,
  finalizeExact,
  hashedBucket,
  hashedCounts,
  mergeExact,
  sealExact,
  type ExactBudget,
  type ExactNgramAcc,
  type ExactNgrams,
} from '../../../../src/lib/stats/exact/exact-ngrams';

/** A Zipf-ish stream of (k1, k2, group): `distinct` possible keys, frequent ones in many groups. */
function stream(n: number, distinct: number, seed: number): [number, number, number][] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => {
    const k = Math.floor(distinct * Math.pow(rng(), 3));
    return [Math.imul(k, 0x2c1b3c6d) >>> 0, k, Math.floor(rng() * 16)];
  });
}

/** Counts the stream cut into blocks of `block` items, sealed and merged left to right (as the reducer does). */
function run(items: [number, number, number][], block: number, budget: ExactBudget): ExactNgrams {
  let acc: ExactNgramAcc = emptyExactNgrams();
  for (let start = 0; start < items.length; start += block) {
    const b = emptyExactNgrams();
    for (const [k1, k2, g] of items.slice(start, start + block)) countExact(b, k1, k2, g, budget);
    sealExact(b, budget);
    acc = mergeExact(acc, b, budget);
  }
  return finalizeExact(acc, 16, budget);
}

const plain = (items: [number, number, number][]) => {
  const m = new Map<string, number>();
  for (const [k1, k2] of items) m.set(`${k1}:${k2}`, (m.get(`${k1}:${k2}`) ?? 0) + 1);
  return m;
};

describe('exact n-gram tables in tiers', () => {
  const items = stream(60_000, 20_000, 1);
  const truth = plain(items);
  const entries = new Set(items.map(([k1, k2, g]) => `${k1}:${k2}:${g}`)).size;

  it.each([
    ['grouped', { groupedEntries: entries, exactKeys: truth.size, hashedBits: 12, sealOccurrences: 1 << 22 }],
    [
      'exact',
      { groupedEntries: entries - 1, exactKeys: truth.size, hashedBits: 12, sealOccurrences: 1 << 22 },
    ],
    [
      'hashed',
      { groupedEntries: entries - 1, exactKeys: truth.size - 1, hashedBits: 12, sealOccurrences: 1 << 22 },
    ],
  ] as const)('the tier is %s exactly at the budget, whatever the block size', (tier, budget) => {
    // Block sizes, and one block that seals itself every 5 000 occurrences (as a CSV file's single block does).
    const results = [
      ...[1000, 7777, 60_000].map((block) => run(items, block, budget)),
      run(items, 60_000, { ...budget, sealOccurrences: 5000 }),
    ];
    for (const r of results) {
      expect(r.tier).toBe(tier);
      expect(r.total).toBe(items.length);
      expect(isDeepStrictEqual({ ...r, budget: null }, { ...results[0], budget: null })).toBe(true); // nor sealing
    }
    const r = results[0];
    if (tier === 'hashed') {
      expect(r.run).toBeNull();
      const want = new Uint32Array(4096);
      for (const [k, c] of truth) {
        const [k1, k2] = k.split(':').map(Number);
        want[hashedBucket(k1, k2, 12)] += c;
      }
      expect(r.hashed).toEqual(want);
      expect(r.method).toMatch(/lower bounds/);
    } else {
      expect(r.distinct).toBe(truth.size);
      const got = new Map<string, number>();
      for (let i = 0; i < r.run!.count.length; i++) {
        const k = `${r.run!.k1[i]}:${r.run!.k2[i]}`;
        got.set(k, (got.get(k) ?? 0) + r.run!.count[i]);
      }
      expect(got).toEqual(truth);
      expect(r.run!.group === null).toBe(tier === 'exact');
      expect(r.groups).toBe(tier === 'grouped' ? 16 : 1);
      expect(hashedCounts(r)).toEqual(
        run(items, 60_000, { ...budget, groupedEntries: 0, exactKeys: 0 }).hashed,
      );
    }
  });

  it('merge leaves both inputs as they were, and merges in either order to the same table', () => {
    const budget = { groupedEntries: 1e9, exactKeys: 1e9, hashedBits: 12, sealOccurrences: 1 << 22 };
    const a = emptyExactNgrams();
    const b = emptyExactNgrams();
    for (const [k1, k2, g] of items.slice(0, 30_000)) countExact(a, k1, k2, g, budget);
    for (const [k1, k2, g] of items.slice(30_000)) countExact(b, k1, k2, g, budget);
    const before = structuredClone([a, b]);
    const ab = finalizeExact(mergeExact(a, b, budget), 16, budget);
    const ba = finalizeExact(mergeExact(b, a, budget), 16, budget);
    // node:util's deep equality: vitest's toEqual walks typed arrays element by element, far slower.
    expect(isDeepStrictEqual([a, b], before)).toBe(true);
    expect(isDeepStrictEqual(ab, ba)).toBe(true);
    expect(ab.total).toBe(items.length);
  });
});
