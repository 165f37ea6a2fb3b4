import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../../src/lib/math/seeded';
import {
  countKey,
  counterRun,
  emptyKeyCounter,
  releaseKeyCounter,
} from '../../../../src/lib/stats/exact/key-counter';
import {
  collapseGroups,
  distinctKeys,
  mergeRuns,
  runTotal,
  sortRun,
  type KeyRun,
} from '../../../../src/lib/stats/exact/key-run';

type Entry = [number, number, number, number]; // k1, k2, group, count

function entries(run: KeyRun): Entry[] {
  return Array.from(run.count, (c, i) => [run.k1[i], run.k2[i], run.group ? run.group[i] : 0, c]);
}

/** The plain answer: add counts per (k1, k2, group) in a Map, sort by the three numbers. */
function plainRun(items: Entry[], grouped: boolean): Entry[] {
  const m = new Map<string, Entry>();
  for (const [k1, k2, g, c] of items) {
    const key = `${k1}:${k2}:${grouped ? g : 0}`;
    const e = m.get(key);
    if (e) e[3] += c;
    else m.set(key, [k1, k2, grouped ? g : 0, c]);
  }
  return [...m.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
}

/** Keys spread over all 32 bits of both halves (so every radix digit varies), with repeats. */
function randomEntries(n: number, seed: number, distinct = n / 3): Entry[] {
  const rng = seededRng(seed);
  const keys = Array.from({ length: Math.ceil(distinct) }, () => [
    Math.floor(rng() * 2 ** 32),
    rng() < 0.1 ? 7 : Math.floor(rng() * 2 ** 32), // some keys share k2; some share k1 below
  ]);
  for (let i = 0; i < keys.length / 10; i++) keys[i][0] = keys[keys.length - 1 - i][0];
  return Array.from({ length: n }, () => {
    const [k1, k2] = keys[Math.floor(rng() * keys.length)];
    return [k1, k2, Math.floor(rng() * 64), 1 + Math.floor(rng() * 3)] as Entry;
  });
}

const asRun = (items: Entry[], grouped: boolean): KeyRun => ({
  k1: Uint32Array.from(items, (e) => e[0]),
  k2: Uint32Array.from(items, (e) => e[1]),
  group: grouped ? Uint8Array.from(items, (e) => e[2]) : null,
  count: Uint32Array.from(items, (e) => e[3]),
});

describe('sorted key runs', () => {
  it.each([
    [0, true],
    [1, true],
    [5000, true],
    [70_000, true], // past 2^16 entries: the 16-bit digits' buckets overflow into every position
    [5000, false],
  ])('sortRun of %i random entries (grouped: %s) equals a Map count, sorted', (n, grouped) => {
    const items = randomEntries(n, n + 1);
    expect(entries(sortRun(asRun(items, grouped)))).toEqual(plainRun(items, grouped));
  });

  it('merging runs is exact, commutative and associative', () => {
    const [x, y, z] = [1, 2, 3].map((s) => randomEntries(3000, s, 1500));
    const [a, b, c] = [x, y, z].map((e) => sortRun(asRun(e, true)));
    const want = plainRun([...x, ...y, ...z], true);
    expect(entries(mergeRuns(mergeRuns(a, b), c))).toEqual(want);
    expect(entries(mergeRuns(c, mergeRuns(b, a)))).toEqual(want);
    expect(runTotal(mergeRuns(a, b))).toBe(runTotal(a) + runTotal(b));
  });

  it('collapsing groups sums a key over its groups, and counts distinct keys', () => {
    const items = randomEntries(4000, 9, 900);
    const run = sortRun(asRun(items, true));
    const collapsed = collapseGroups(run);
    expect(entries(collapsed)).toEqual(plainRun(items, false));
    expect(distinctKeys(run)).toBe(collapsed.count.length);
    expect(() => mergeRuns(run, collapsed)).toThrow(/collapse it first/);
  });

  it('a block counter turns into the same run as sorting its entries, also when its arrays are reused', () => {
    // Sizes that shrink then grow: a reused log holds the previous block's entries past its size, and the
    // sorting space grows between blocks.
    for (const [n, seed] of [
      [20_000, 4],
      [3000, 5],
      [50_000, 6],
    ]) {
      const items = randomEntries(n, seed, n / 3);
      for (const grouped of [true, false]) {
        const counter = emptyKeyCounter(grouped, 'reuse');
        for (const [k1, k2, g, c] of items) for (let i = 0; i < c; i++) countKey(counter, k1, k2, g);
        expect(entries(counterRun(counter))).toEqual(plainRun(items, grouped));
        releaseKeyCounter(counter, 'reuse');
      }
    }
  });
});
