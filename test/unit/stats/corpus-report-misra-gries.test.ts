import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { fnv1a32 } from '../../../src/lib/math/fnv1a';
import { addHash, emptyHll, estimateHll } from '../../../src/lib/stats/report/hyperloglog';
import {
  countNgram,
  emptyMisraGries,
  mergeMisraGries,
  packMisraGries,
  sortedItems,
  unpackMisraGries,
  type MisraGries,
} from '../../../src/lib/stats/report/misra-gries';

/** A Zipf-like stream of item names: item i with weight 1/(i+1). */
function zipfStream(n: number, types: number, seed: number): string[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => `t${Math.floor(Math.exp(rng() * Math.log(types + 1))) - 1}`);
}

function count(s: MisraGries, item: string): void {
  countNgram(s, fnv1a32(item), fnv1a32(`#${item}`), item, 0, item.length);
}

function exactCounts(items: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** The Misra–Gries guarantee: kept counts are at most errorBound low; anything more frequent is kept. */
function expectGuarantee(s: MisraGries, truth: Map<string, number>): void {
  const kept = new Map(sortedItems(s));
  for (const [item, c] of kept) {
    const t = truth.get(item)!;
    expect(c).toBeLessThanOrEqual(t);
    expect(t).toBeLessThanOrEqual(c + s.errorBound);
  }
  for (const [item, t] of truth) if (t > s.errorBound) expect(kept.has(item), item).toBe(true);
  const n = [...truth.values()].reduce((a, b) => a + b, 0);
  expect(s.total).toBe(n);
  expect(s.errorBound).toBeLessThanOrEqual(n / ((s.capacity >> 1) + 1));
  expect(s.size).toBeLessThanOrEqual(s.capacity);
}

describe('Misra–Gries n-gram table', () => {
  it('counts exactly while the distinct items fit', () => {
    const items = zipfStream(5000, 200, 1);
    const s = emptyMisraGries(256);
    items.forEach((x) => count(s, x));
    expect(s.errorBound).toBe(0);
    expect(new Map(sortedItems(s))).toEqual(exactCounts(items));
  });

  it('bounds every count once it has to forget, with E ≤ N/(k+1)', () => {
    const items = zipfStream(20000, 5000, 2);
    const s = emptyMisraGries(64);
    items.forEach((x) => count(s, x));
    expect(s.errorBound).toBeGreaterThan(0);
    expectGuarantee(s, exactCounts(items));
  });

  it('keeps the guarantee when shards are merged, and merging the same shards in the same order is deterministic', () => {
    const items = zipfStream(20000, 3000, 3);
    const shards = [items.slice(0, 7000), items.slice(7000, 7100), items.slice(7100)];
    const summarise = (xs: string[]) => {
      const s = emptyMisraGries(64);
      xs.forEach((x) => count(s, x));
      return s;
    };
    const merged = shards.map(summarise).reduce((a, b) => mergeMisraGries(a, b));
    expectGuarantee(merged, exactCounts(items));
    const again = shards.map(summarise).reduce((a, b) => mergeMisraGries(a, b));
    expect(sortedItems(again)).toEqual(sortedItems(merged));
    expect(again.errorBound).toBe(merged.errorBound);
  });

  it('merges exact tables exactly, whatever the grouping', () => {
    const items = zipfStream(3000, 100, 4);
    const parts = [items.slice(0, 1000), items.slice(1000, 2000), items.slice(2000)].map((xs) => {
      const s = emptyMisraGries(1024);
      xs.forEach((x) => count(s, x));
      return s;
    });
    const left = mergeMisraGries(mergeMisraGries(parts[0], parts[1]), parts[2]);
    const right = mergeMisraGries(parts[0], mergeMisraGries(parts[1], parts[2]));
    expect(sortedItems(left)).toEqual(sortedItems(right));
    expect(new Map(sortedItems(left))).toEqual(exactCounts(items));
  });

  it('keeps a HyperLogLog only once it forgets, with exactly the registers of one kept from the start', () => {
    const items = zipfStream(20000, 5000, 6);
    const always = emptyHll();
    items.forEach((x) => addHash(always, fnv1a32(x)));
    const s = emptyMisraGries(64);
    items.slice(0, 40).forEach((x) => count(s, x));
    expect(s.types).toBeNull(); // exact so far: the table's size is the distinct count
    items.slice(40).forEach((x) => count(s, x));
    expect(s.types).toEqual(always);
    // Merged from an exact part and a forgetful part, in either order.
    const small = emptyMisraGries(64);
    items.slice(10000).forEach((x) => count(small, x));
    const big = emptyMisraGries(64);
    items.slice(0, 10000).forEach((x) => count(big, x));
    expect(mergeMisraGries(big, small).types).toEqual(always);
    const e2 = emptyMisraGries(64);
    items.slice(0, 30).forEach((x) => count(e2, x));
    const rest = emptyMisraGries(64);
    items.slice(30).forEach((x) => count(rest, x));
    expect(mergeMisraGries(e2, rest).types).toEqual(always);
    expect(Math.abs(estimateHll(always) - new Set(items).size) / new Set(items).size).toBeLessThan(0.05);
  });

  it('leaves its inputs untouched when merging', () => {
    const a = emptyMisraGries(8);
    const b = emptyMisraGries(8);
    ['x', 'y', 'x'].forEach((x) => count(a, x));
    ['x', 'z'].forEach((x) => count(b, x));
    const before = sortedItems(a);
    mergeMisraGries(a, b);
    expect(sortedItems(a)).toEqual(before);
  });

  it('survives packing for a worker boundary', () => {
    const s = emptyMisraGries(64);
    zipfStream(4000, 1000, 5).forEach((x) => count(s, x));
    const back = unpackMisraGries(packMisraGries(s));
    expect(sortedItems(back)).toEqual(sortedItems(s));
    expect([back.total, back.errorBound, back.size]).toEqual([s.total, s.errorBound, s.size]);
    count(back, 't0'); // still usable
    expect(back.total).toBe(s.total + 1);
    expect(sortedItems(unpackMisraGries(packMisraGries(emptyMisraGries(4))))).toEqual([]);
  });

  it('orders ties by the item text, not by arrival', () => {
    const a = emptyMisraGries(8);
    const b = emptyMisraGries(8);
    ['b', 'a', 'c'].forEach((x) => count(a, x));
    ['c', 'a', 'b'].forEach((x) => count(b, x));
    expect(sortedItems(a)).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(sortedItems(b)).toEqual(sortedItems(a));
  });
});
