import { describe, expect, it } from 'vitest';
import { reduceRow } from '../../../src/lib/scoring/reduce-logits';
import { seededRng } from '../../../src/lib/math/seeded';

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

/**
 * reduceRow as it was written before it was fused into two passes (maximum; exponentials; rank; top k by
 * insertion, each a pass of its own). The fused form must give the same bits, so scores on disk and in
 * exports do not change with it.
 */
function fourPassReduceRow(
  logits: ArrayLike<number>,
  offset: number,
  vocab: number,
  target: number,
  k: number,
  topIds: Int32Array,
  topLogprobs: Float32Array,
  topOffset: number,
) {
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) if (logits[offset + v] > max) max = logits[offset + v];
  let sumExp = 0;
  let sumExpZ = 0;
  for (let v = 0; v < vocab; v++) {
    const d = logits[offset + v] - max;
    const e = Math.exp(d);
    sumExp += e;
    sumExpZ += e * d;
  }
  const logZ = Math.log(sumExp);
  const zTarget = logits[offset + target];
  let higher = 0;
  for (let v = 0; v < vocab; v++) if (logits[offset + v] > zTarget) higher++;
  const n = Math.min(k, vocab);
  let filled = 0;
  for (let v = 0; v < vocab; v++) {
    const z = logits[offset + v];
    if (filled === n && z <= logits[offset + topIds[topOffset + n - 1]]) continue;
    let i = filled < n ? filled++ : n - 1;
    while (i > 0 && logits[offset + topIds[topOffset + i - 1]] < z) {
      topIds[topOffset + i] = topIds[topOffset + i - 1];
      i--;
    }
    topIds[topOffset + i] = v;
  }
  for (let j = n; j < k; j++) topIds[topOffset + j] = -1;
  for (let j = 0; j < k; j++) {
    const id = topIds[topOffset + j];
    topLogprobs[topOffset + j] = id < 0 ? -Infinity : logits[offset + id] - max - logZ;
  }
  return { logprob: zTarget - max - logZ, rank: higher + 1, entropy: logZ - sumExpZ / sumExp };
}

describe('reduceRow against its four-pass form', () => {
  /** Rows of every kind a model gives, and some it should not (±Infinity, NaN): one logit of each kind. */
  const KINDS = ['spread', 'ties', 'count table', 'near one-hot', 'non-finite'] as const;
  function logit(kind: (typeof KINDS)[number], u: number, v: number, vocab: number, hot: number): number {
    switch (kind) {
      case 'spread':
        return (u - 0.5) * 40;
      case 'ties':
        return Math.round(u * 6) - 3;
      case 'count table': // a smoothed bigram table's log-probabilities, as the test model's rows
        return Math.log((u * 1e-3) / (1 + 1e-3 * vocab));
      case 'near one-hot':
        return v === hot ? 30 : -30;
      case 'non-finite': // masked tokens, and what a broken model might give
        return u < 0.1 ? -Infinity : u < 0.12 ? Number.NaN : u < 0.13 ? Infinity : u * 8;
    }
  }

  it('gives the same bits for every output, row kind, vocabulary and k', () => {
    const rng = seededRng(12);
    let rows = 0;
    for (const vocab of [1, 2, 7, 320, 1000]) {
      for (const k of [1, 3, 8, 64, 100]) {
        for (const kind of KINDS) {
          for (let rep = 0; rep < 6; rep++) {
            const hot = Math.floor(rng() * vocab);
            const row = Array.from({ length: vocab }, (_, v) => logit(kind, rng(), v, vocab, hot));
            const logits = Float32Array.from([5, ...row, -2]); // the row at offset 1
            const target = Math.floor(rng() * vocab);
            const got = { ids: new Int32Array(k + 2).fill(99), lps: new Float32Array(k + 2).fill(7) };
            const want = { ids: new Int32Array(k + 2).fill(99), lps: new Float32Array(k + 2).fill(7) };
            const a = reduceRow(logits, 1, vocab, target, k, got.ids, got.lps, 1);
            const b = fourPassReduceRow(logits, 1, vocab, target, k, want.ids, want.lps, 1);
            const where = `vocab ${vocab}, k ${k}, kind ${kind}, rep ${rep}`;
            for (const key of ['logprob', 'rank', 'entropy'] as const)
              expect(Object.is(a[key], b[key]), `${key}: ${a[key]} vs ${b[key]} (${where})`).toBe(true);
            expect(Array.from(got.ids), where).toEqual(Array.from(want.ids));
            // Object.is per element: NaN equals NaN, and +0 differs from −0.
            got.lps.forEach((lp, j) => expect(Object.is(lp, want.lps[j]), `top ${j} (${where})`).toBe(true));
            rows++;
          }
        }
      }
    }
    expect(rows).toBe(5 * 5 * KINDS.length * 6);
  });
});
