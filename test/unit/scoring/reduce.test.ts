import { describe, expect, it } from 'vitest';
import { reduceRow } from '../../../src/lib/scoring/reduce-logits';

/** Straightforward float64 reference: softmax, then the definitions in metrics.md. */
function reference(logits: number[], target: number, k: number) {
  const max = Math.max(...logits);
  const z = logits.reduce((s, x) => s + Math.exp(x - max), 0);
  const logp = logits.map((x) => x - max - Math.log(z));
  const order = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  return {
    logprob: logp[target],
    rank: 1 + logits.filter((x) => x > logits[target]).length,
    entropy: -logp.reduce((s, l) => s + Math.exp(l) * l, 0),
    top: order.slice(0, k),
  };
}

function run(logits: number[], target: number, k: number) {
  const ids = new Int32Array(k + 2).fill(99);
  const lps = new Float32Array(k + 2);
  // Offsets exercise rows inside a larger buffer, as in a [S, V] logits tensor.
  const buffer = Float32Array.from([7, 7, ...logits, 7]);
  const r = reduceRow(buffer, 2, logits.length, target, k, ids, lps, 1);
  return {
    ...r,
    ids: Array.from(ids.subarray(1, 1 + k)),
    lps: Array.from(lps.subarray(1, 1 + k)),
    guard: [ids[0], ids[k + 1]],
  };
}

describe('reduceRow', () => {
  const cases = [
    { name: 'uniform', logits: [0, 0, 0, 0], target: 2, k: 2 },
    { name: 'peaked', logits: [10, -5, 0, 3, 3], target: 0, k: 3 },
    { name: 'target not in top-k', logits: [5, 4, 3, 2, 1, 0], target: 5, k: 2 },
    { name: 'ties keep lower id first', logits: [1, 2, 2, 0], target: 2, k: 3 },
    { name: 'huge logits stay finite', logits: [1000, 999, -1000], target: 1, k: 2 },
    { name: 'k larger than vocabulary', logits: [0.5, -0.5], target: 1, k: 4 },
  ];
  it.each(cases)('$name matches the float64 reference', ({ logits, target, k }) => {
    const got = run(logits, target, k);
    const want = reference(logits, target, k);
    expect(got.logprob).toBeCloseTo(want.logprob, 5);
    expect(got.rank).toBe(want.rank);
    expect(got.entropy).toBeCloseTo(want.entropy, 5);
    const n = Math.min(k, logits.length);
    expect(got.ids.slice(0, n)).toEqual(want.top);
    expect(got.ids.slice(n)).toEqual(new Array(k - n).fill(-1));
    got.lps
      .slice(0, n)
      .forEach((lp, j) => expect(lp).toBeCloseTo(reference(logits, want.top[j], k).logprob, 5));
    expect(got.guard).toEqual([99, 99]); // never writes outside its k slots
  });

  it('entropy is log V for a uniform row and 0 for a one-hot limit', () => {
    expect(run(new Array(50).fill(3), 0, 1).entropy).toBeCloseTo(Math.log(50), 9);
    expect(run([0, -200, -200], 0, 1).entropy).toBeCloseTo(0, 9);
  });
});
