/**
 * The score head graph, run by onnxruntime-node on the CPU (the ORT instance transformers.js uses in Node),
 * against reduceRow. Tolerance: 1e-5, relative for large magnitudes (the head works in float32 where reduceRow
 * accumulates in float64; both store float32). Ties: the head's TopK and reduceRow may order equal logits
 * differently, so top-k ids are checked through their values.
 */
import * as ort from 'onnxruntime-node';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { buildScoreHead, ScoreHead, type OrtModule } from '../../src/lib/scoring/transformers/score-head';
import { reduceRow } from '../../src/lib/scoring/reduce-logits';
import { loadNodePrior, MODELS_DIR } from '../support/node-prior';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';

const ORT = ort as unknown as OrtModule;
let head: ScoreHead;
let head16: ScoreHead;
beforeAll(async () => {
  head = await ScoreHead.create(ORT, 'cpu', 'float32');
  head16 = await ScoreHead.create(ORT, 'cpu', 'float16');
});
afterAll(async () => {
  await head?.dispose();
  await head16?.dispose();
});

/** Deterministic uniform numbers in [0, 1) (a small LCG: the test must not depend on Math.random). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const close = (a: number, b: number, tol = 1e-5) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** Checks every row of a head result against reduceRow on the same float32 values. */
function compare(
  z: Float32Array,
  dims: [number, number, number],
  targets: BigInt64Array,
  k: number,
  got: Awaited<ReturnType<ScoreHead['reduce']>>,
) {
  const [b, s, v] = dims;
  const kk = Math.min(k, v);
  expect(got.k).toBe(kk);
  const topIds = new Int32Array(k);
  const topLogprobs = new Float32Array(k);
  for (let row = 0; row < b * s; row++) {
    const target = Number(targets[row]);
    const want = reduceRow(z, row * v, v, target, k, topIds, topLogprobs, 0);
    expect(close(got.logprob[row], want.logprob), `logprob row ${row}`).toBe(true);
    expect(close(got.entropy[row], want.entropy), `entropy row ${row}`).toBe(true);
    expect(Number(got.rank[row])).toBe(want.rank);
    for (let j = 0; j < kk; j++) {
      expect(close(got.topLogprobs[row * kk + j], topLogprobs[j]), `top ${j} row ${row}`).toBe(true);
      // An id the head chose has exactly the value reduceRow's id there has (ties may swap ids).
      expect(z[row * v + Number(got.topIds[row * kk + j])]).toBe(z[row * v + topIds[j]]);
    }
  }
}

function randomTargets(n: number, v: number, next: () => number): BigInt64Array {
  return BigInt64Array.from({ length: n }, () => BigInt(Math.floor(next() * v)));
}

describe('score head graph vs reduceRow (onnxruntime-node, CPU)', () => {
  const cases = [
    { name: 'ordinary logits', scale: 3, quantum: 0, dims: [2, 5, 50] as [number, number, number], k: 8 },
    { name: 'many ties', scale: 2, quantum: 0.5, dims: [3, 4, 40] as [number, number, number], k: 8 },
    { name: 'large magnitudes', scale: 3e4, quantum: 0, dims: [1, 6, 64] as [number, number, number], k: 5 },
    { name: 'tiny spread', scale: 1e-4, quantum: 0, dims: [1, 3, 320] as [number, number, number], k: 8 },
    { name: 'k above V', scale: 1, quantum: 0, dims: [1, 2, 6] as [number, number, number], k: 8 },
  ];
  it.each(cases)('$name', async ({ scale, quantum, dims, k }) => {
    const next = rng(dims.reduce((a, x) => a * x, k));
    const n = dims[0] * dims[1] * dims[2];
    const z = Float32Array.from({ length: n }, () => {
      const x = (2 * next() - 1) * scale;
      return quantum ? Math.round(x / quantum) * quantum : x;
    });
    const targets = randomTargets(dims[0] * dims[1], dims[2], next);
    const got = await head.reduce(new ort.Tensor('float32', z, dims), targets, k);
    compare(z, dims, targets, k, got);
  });

  it('float16 logits (cast to float32 inside the graph)', async () => {
    const dims: [number, number, number] = [2, 3, 100];
    const next = rng(16);
    const n = dims[0] * dims[1] * dims[2];
    // Random halves in ±[2^-6, 2^6) with few mantissa bits, so ties occur.
    const bits = Uint16Array.from(
      { length: n },
      () =>
        ((next() < 0.5 ? 1 : 0) << 15) |
        ((9 + Math.floor(next() * 12)) << 10) |
        (Math.floor(next() * 8) << 7),
    );
    const z = Float32Array.from(bits, halfToFloat);
    const targets = randomTargets(dims[0] * dims[1], dims[2], next);
    const got = await head16.reduce(new ort.Tensor('float16', bits, dims), targets, 8);
    compare(z, dims, targets, 8, got);
  });

  it('is a valid standalone model with the documented inputs and outputs', async () => {
    const session = await ort.InferenceSession.create(buildScoreHead({ k: 4 }));
    expect(session.inputNames).toEqual(['logits', 'targets']);
    expect(session.outputNames).toEqual(['logprob', 'rank', 'entropy', 'top_ids', 'top_logprobs']);
    await session.release();
    expect(() => buildScoreHead({ k: 0 })).toThrow(RangeError);
  });
});

describe('score head on real tiny-llama logits', () => {
  it('equals reduceRow on every position of several documents', async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = MODELS_DIR + '/';
    const id = 'semisynth-test/tiny-llama';
    const tokenizer = await AutoTokenizer.from_pretrained(id);
    const model = await AutoModelForCausalLM.from_pretrained(id, { device: 'cpu', dtype: 'fp32' });
    try {
      for (const text of CORPUS_DOCUMENTS.slice(0, 3)) {
        const inputs = tokenizer(text);
        const { logits } = (await model(inputs)) as { logits: { data: Float32Array; dims: number[] } };
        const ids = inputs.input_ids.data as BigInt64Array;
        const [, s, v] = logits.dims;
        // Row r predicts ids[r + 1]; the last row has no target in the text (use 0).
        const targets = BigInt64Array.from({ length: s }, (_, r) => (r + 1 < s ? ids[r + 1] : 0n));
        const got = await head.reduce(new ort.Tensor('float32', logits.data, [1, s, v]), targets, 8);
        compare(logits.data, [1, s, v], targets, 8, got);
      }
    } finally {
      await model.dispose();
    }
  });
});

describe('the head inside TransformersPrior (CPU head vs reduceRow)', () => {
  let prior: TransformersPrior;
  beforeAll(async () => {
    prior = await loadNodePrior('semisynth-test/tiny-llama');
  });

  it('scoreBatch gives the same numbers either way and counts the bytes that reach JS', async () => {
    const texts = CORPUS_DOCUMENTS.slice(0, 5);
    prior.useScoreHead(null);
    prior.resetStats();
    const plain = await prior.scoreBatch(texts, { k: 8, batchSize: 3 });
    const cpuStats = prior.stats();
    prior.useScoreHead(head);
    prior.resetStats();
    const viaHead = await prior.scoreBatch(texts, { k: 8, batchSize: 3 });
    const headStats = prior.stats();
    prior.useScoreHead(null);
    plain.forEach((p, d) => {
      const h = viaHead[d];
      p.logprob.forEach((x, t) => expect(close(h.logprob[t], x)).toBe(true));
      p.entropy.forEach((x, t) => expect(close(h.entropy[t], x)).toBe(true));
      expect(h.rank).toEqual(p.rank);
      p.topLogprobs.forEach((x, i) => expect(close(h.topLogprobs[i], x)).toBe(true));
    });
    // On the CPU the logits reach JS either way; the head only saves bytes where the logits stay on a GPU.
    expect(cpuStats.reducedOn).toBe('cpu');
    expect(headStats.reducedOn).toBe('cpu-head');
    expect(cpuStats.rows).toBe(headStats.rows);
    expect(cpuStats.bytesToCpu).toBe(cpuStats.rows * 320 * 4);
    expect(cpuStats.scoredTokens).toBe(texts.reduce((n, _, d) => n + plain[d].tokenIds.length, 0));
  });
});

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (mantissa / 1024);
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}
