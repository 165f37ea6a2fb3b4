import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../../src/lib/math/seeded';
import { divergenceSet } from '../../../../src/lib/stats/measures/divergence';
import { sortRun, type KeyRun } from '../../../../src/lib/stats/exact/key-run';
import {
  forEachJointKey,
  jointBags,
  jointDivergences,
  resplitDivergences,
  resplitScratch,
} from '../../../../src/lib/stats/exact/joint-support';

/** A grouped run of `entries` random (key, group) counts over `keys` possible keys (some keys shared). */
function randomRun(entries: number, keys: number, groups: number, seed: number): KeyRun {
  const rng = seededRng(seed);
  const k = new Uint32Array(entries);
  const g = new Uint8Array(entries);
  const c = new Uint32Array(entries);
  for (let i = 0; i < entries; i++) {
    k[i] = Math.floor(Math.pow(rng(), 2) * keys); // skewed: low keys are frequent
    g[i] = Math.floor(rng() * groups);
    c[i] = 1 + Math.floor(rng() * 5);
  }
  // k2 is a function of k1 here, so a key is identified by k1; high bits exercise the radix passes.
  return sortRun({
    k1: k.map((x) => (x * 2654435761) >>> 0),
    k2: k.map((x) => x ^ 0xabcdef),
    group: g,
    count: c,
  });
}

/** Per-key counts of both runs on the joint support, and per-group splits, the plain way. */
function plain(a: KeyRun, b: KeyRun) {
  const keys = new Map<string, { a: number[]; b: number[] }>();
  const add = (r: KeyRun, side: 'a' | 'b', groups: number) => {
    for (let i = 0; i < r.count.length; i++) {
      const key = `${r.k1[i]}:${r.k2[i]}`;
      let e = keys.get(key);
      if (!e) keys.set(key, (e = { a: new Array(groups).fill(0), b: new Array(groups).fill(0) }));
      e[side][r.group![i]] += r.count[i];
    }
  };
  add(a, 'a', 8);
  add(b, 'b', 8);
  return keys;
}

describe('joint support of two runs', () => {
  const a = randomRun(4000, 3000, 8, 1);
  const b = randomRun(3000, 5000, 8, 2);
  const ref = plain(a, b);

  it('visits every key of A ∪ B once, in key order, with its summed counts', () => {
    const seen: string[] = [];
    forEachJointKey(a, b, (k1, k2, ca, cb) => {
      const e = ref.get(`${k1}:${k2}`)!;
      expect(ca).toBe(e.a.reduce((s, x) => s + x, 0));
      expect(cb).toBe(e.b.reduce((s, x) => s + x, 0));
      seen.push(`${k1}:${k2}`);
    });
    expect(seen.length).toBe(ref.size);
    expect(new Set(seen).size).toBe(ref.size);
  });

  it('streams the same divergences as divergenceSet on the materialised support', () => {
    const ca: number[] = [];
    const cb: number[] = [];
    for (const e of ref.values()) {
      ca.push(e.a.reduce((s, x) => s + x, 0));
      cb.push(e.b.reduce((s, x) => s + x, 0));
    }
    const want = divergenceSet(ca, cb, 0.5);
    const got = jointDivergences(a, b, 0.5, 10);
    expect(got.support).toBe(ref.size);
    for (const k of ['jsd', 'tv', 'klAB', 'klBA'] as const) expect(got[k]).toBeCloseTo(want[k], 12);
    // The top terms are the largest, in order, and sum to at most the JSD.
    const deltas = got.top.map((t) => t.delta);
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    expect(deltas.length).toBe(10);
  });

  it.each([0, 0.5, 2])('re-splits equal a direct computation over every key (α = %s)', (alpha) => {
    const bags = jointBags(a, b, 8, 8, alpha);
    expect(bags.support).toBe(ref.size);
    const scratch = resplitScratch(bags);
    const rng = seededRng(9);
    for (let r = 0; r < 20; r++) {
      const inA = Uint8Array.from({ length: 16 }, () => (rng() < 0.5 ? 1 : 0));
      inA[0] = 1;
      inA[15] = 0;
      const ca: number[] = [];
      const cb: number[] = [];
      for (const e of ref.values()) {
        const all = [...e.a, ...e.b];
        const x = all.reduce((s, v, i) => s + (inA[i] ? v : 0), 0);
        ca.push(x);
        cb.push(all.reduce((s, v) => s + v, 0) - x);
      }
      const want = divergenceSet(ca, cb, alpha);
      const got = resplitDivergences(bags, inA, scratch);
      expect(got.jsd).toBeCloseTo(want.jsd, 12);
      expect(got.tv).toBeCloseTo(want.tv, 12);
      if (alpha > 0) {
        expect(got.klAB).toBeCloseTo(want.klAB, 10);
        expect(got.klBA).toBeCloseTo(want.klBA, 10);
      }
    }
  });
});
