import { describe, expect, it } from 'vitest';
import { seededRng, type Uniform } from '../../../src/lib/random/seeded';
import { ngramCounts } from '../../../src/lib/stats/ngram-counts';
import {
  emptySpaceSaving,
  finalizeSpaceSaving,
  mergeSpaceSaving,
  ngramSketch,
  offer,
  spaceSaving,
  type HeavyHitters,
  type SpaceSavingAcc,
} from '../../../src/lib/stats/space-saving';
import { compute, isInsufficient, type Maybe } from '../../../src/lib/stats/statistic';
import { wordPunctTokens } from '../../../src/lib/stats/word-punct';

function ok<T>(x: Maybe<T>): T {
  if (isInsufficient(x)) throw new Error(x.insufficient);
  return x;
}

/** Items drawn from a Zipf law over `types` items: P(i) ∝ 1/(i+1)^s. */
function zipfStream(length: number, types: number, s: number, rng: Uniform): string[] {
  const cdf = new Float64Array(types);
  let z = 0;
  for (let i = 0; i < types; i++) cdf[i] = z += 1 / Math.pow(i + 1, s);
  return Array.from({ length }, () => {
    const u = rng() * z;
    let lo = 0;
    let hi = types - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return `item${lo}`;
  });
}

function trueCounts(stream: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of stream) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function summarise(stream: readonly string[], capacity: number): SpaceSavingAcc {
  const acc = emptySpaceSaving(capacity);
  for (const x of stream) offer(acc, x);
  return acc;
}

/** The Space-Saving guarantees, checked against the true counts. */
function expectGuarantees(r: HeavyHitters, truth: Map<string, number>): void {
  const n = [...truth.values()].reduce((a, b) => a + b, 0);
  expect(r.total).toBe(n);
  expect(r.errorBound).toBeLessThanOrEqual(n / r.capacity);
  expect(r.entries.length).toBeLessThanOrEqual(r.capacity);
  const listed = new Map(r.entries.map((e) => [e.item, e]));
  expect(listed.size).toBe(r.entries.length); // one counter per item: lookups never lose a key
  for (const e of r.entries) {
    const t = truth.get(e.item) ?? 0;
    expect(e.count).toBeGreaterThanOrEqual(t); // an overestimate …
    expect(e.count - t).toBeLessThanOrEqual(e.error); // … by at most its error …
    expect(e.error).toBeLessThanOrEqual(r.errorBound); // … which is within the stated bound
    expect(e.guaranteed).toBe(e.count - e.error);
  }
  for (const [item, t] of truth) {
    if (t > r.errorBound) expect(listed.has(item), `${item} (${t}) > ${r.errorBound}`).toBe(true);
  }
}

describe('Space-Saving', () => {
  it('is exact while the distinct items fit', () => {
    const rng = seededRng(1);
    const stream = Array.from({ length: 5000 }, () => `w${Math.floor(rng() * 50)}`);
    const r = ok(finalizeSpaceSaving(summarise(stream, 50)));
    expect(r.exact).toBe(true);
    expect(r.errorBound).toBe(0);
    const truth = trueCounts(stream);
    expect(r.entries.length).toBe(truth.size);
    for (const e of r.entries) {
      expect(e.count).toBe(truth.get(e.item));
      expect(e.error).toBe(0);
    }
    // largest first, ties by item
    for (let i = 1; i < r.entries.length; i++) {
      const [p, q] = [r.entries[i - 1], r.entries[i]];
      expect(p.count > q.count || (p.count === q.count && p.item < q.item)).toBe(true);
    }
  });

  it('on a seeded Zipf stream finds every heavy hitter within the stated bound', () => {
    const stream = zipfStream(100_000, 20_000, 1.1, seededRng(2));
    const truth = trueCounts(stream);
    for (const m of [20, 200, 2000]) {
      const acc = summarise(stream, m);
      const r = ok(finalizeSpaceSaving(acc));
      expect(r.exact).toBe(false);
      expect(r.errorBound).toBeGreaterThan(0);
      expectGuarantees(r, truth);
      // Counts conserve in a single stream: Σ counters = N.
      expect(r.entries.reduce((s, e) => s + e.count, 0)).toBe(stream.length);
      const heavy = [...truth].filter(([, t]) => t > stream.length / m);
      expect(heavy.length).toBeGreaterThan(0);
      const listed = new Set(r.entries.map((e) => e.item));
      for (const [item] of heavy) expect(listed.has(item)).toBe(true);
    }
  });

  it('merged shards keep the guarantee with N the union total, whatever the merge order', () => {
    const rng = seededRng(3);
    const stream = zipfStream(60_000, 10_000, 1.05, rng);
    const truth = trueCounts(stream);
    const shards: string[][] = [[], [], [], [], []];
    for (const x of stream) shards[Math.floor(rng() * shards.length)].push(x);
    const accs = shards.map((s) => summarise(s, 100));
    const left = accs.reduce((a, b) => mergeSpaceSaving(a, b));
    const right = accs.reduceRight((a, b) => mergeSpaceSaving(a, b));
    const tree = mergeSpaceSaving(
      mergeSpaceSaving(accs[0], accs[1]),
      mergeSpaceSaving(accs[2], mergeSpaceSaving(accs[3], accs[4])),
    );
    for (const merged of [left, right, tree]) expectGuarantees(ok(finalizeSpaceSaving(merged)), truth);
    // A merged summary keeps streaming with the same guarantee.
    const more = zipfStream(10_000, 10_000, 1.05, seededRng(4));
    for (const x of more) offer(left, x);
    expectGuarantees(ok(finalizeSpaceSaving(left)), trueCounts(stream.concat(more)));
  });

  it('merge is commutative, leaves its inputs alone, and is exact when the union fits', () => {
    const a = summarise(['x', 'y', 'x', 'z'], 5);
    const b = summarise(['y', 'w', 'y'], 5);
    const before = structuredClone(a);
    const ab = ok(finalizeSpaceSaving(mergeSpaceSaving(a, b)));
    expect(ok(finalizeSpaceSaving(mergeSpaceSaving(b, a)))).toEqual(ab);
    expect(a).toEqual(before);
    expect(ab.exact).toBe(true);
    expect(ab.entries.map((e) => [e.item, e.count, e.error])).toEqual([
      ['y', 3, 0],
      ['x', 2, 0],
      ['w', 1, 0],
      ['z', 1, 0],
    ]);
    // Two full inexact summaries merge commutatively too.
    const p = summarise(zipfStream(3000, 500, 1, seededRng(5)), 30);
    const q = summarise(zipfStream(3000, 500, 1, seededRng(6)), 30);
    expect(finalizeSpaceSaving(mergeSpaceSaving(p, q))).toEqual(finalizeSpaceSaving(mergeSpaceSaving(q, p)));
  });

  it('golden: capacity 2 on a a b c, by hand', () => {
    const r = ok(finalizeSpaceSaving(summarise(['a', 'a', 'b', 'c'], 2)));
    // a:2, b:1; c replaces b (min 1): c count 2, error 1. N = 4, bound μ = 2 ≤ N/m = 2.
    expect(r.entries).toEqual([
      { item: 'a', count: 2, error: 0, guaranteed: 2 },
      { item: 'c', count: 2, error: 1, guaranteed: 1 },
    ]);
    expect(r.errorBound).toBe(2);
    expect(r.worstCaseBound).toBe(2);
  });

  it('weights, a structured-clone round trip, bad input', () => {
    const acc = emptySpaceSaving(3);
    offer(acc, 'a', 5);
    offer(acc, 'b', 2);
    const copy = structuredClone(acc);
    offer(copy, 'a', 1);
    expect(ok(finalizeSpaceSaving(copy)).entries[0]).toEqual({
      item: 'a',
      count: 6,
      error: 0,
      guaranteed: 6,
    });
    expect(() => offer(acc, 'a', 0)).toThrow(RangeError);
    expect(() => emptySpaceSaving(0)).toThrow(RangeError);
    expect(() => mergeSpaceSaving(emptySpaceSaving(2), emptySpaceSaving(3))).toThrow(/capacity/);
    expect(isInsufficient(finalizeSpaceSaving(emptySpaceSaving(2)))).toBe(true);
    expect(ok(compute(spaceSaving(4), ['p', 'q', 'p'])).entries[0].count).toBe(2);
  });
});

describe('ngramSketch', () => {
  const texts = [
    'The cat sat on the mat. The cat ran!',
    'A dog sat on the cat.',
    '',
    'the',
    'the cat the cat the cat',
  ];

  it('with room for every n-gram it equals the exact counts (word-punct tokens)', () => {
    for (const n of [1, 2, 3]) {
      const sketch = ok(compute(ngramSketch({ n, capacity: 1000, limit: 10 }), texts.map(wordPunctTokens)));
      const exact = ok(compute(ngramCounts({ n, topK: 10 }), texts));
      expect(sketch.exact).toBe(true);
      expect(sketch.total).toBe(exact.total);
      expect(sketch.entries.map((e) => [e.item, e.count])).toEqual(exact.top.map((t) => [t.ngram, t.count]));
    }
  });

  it('n-gram keys match offer()s string keys for n = 1, so both kinds merge', () => {
    const stat = ngramSketch({ n: 1, capacity: 10 });
    const a = stat.empty();
    stat.add(a, ['x', 'y', 'x']);
    const b = emptySpaceSaving(10);
    offer(b, 'x');
    expect(ok(finalizeSpaceSaving(mergeSpaceSaving(a, b))).entries[0]).toEqual({
      item: 'x',
      count: 3,
      error: 0,
      guaranteed: 3,
    });
  });

  it('says so when no document is long enough', () => {
    const r = compute(ngramSketch({ n: 3 }), [['a', 'b'], []]);
    expect(isInsufficient(r) && r.insufficient).toMatch(/3 words/);
    expect(() => ngramSketch({ n: 0 })).toThrow(RangeError);
  });
});
