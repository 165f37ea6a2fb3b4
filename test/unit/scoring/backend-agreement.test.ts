import { describe, expect, it } from 'vitest';
import { compareBackends } from '../../../src/lib/scoring/transformers/backend-agreement';
import type { DocumentScores } from '../../../src/lib/scoring/scores';

const scores = (ids: number[], logprob: number[]): DocumentScores => ({
  tokenIds: Int32Array.from(ids),
  byteStart: new Uint32Array(ids.length),
  byteEnd: new Uint32Array(ids.length),
  logprob: Float32Array.from(logprob),
  rank: new Int32Array(ids.length),
  entropy: new Float32Array(ids.length),
  k: 0,
  topIds: new Int32Array(0),
  topLogprobs: new Float32Array(0),
  bosPrepended: true,
});

describe('compareBackends', () => {
  const wasm = scores([1, 2, 3], [-1, -2, -3]);
  it.each([
    { name: 'fp32 within 1e-3', gpu: scores([1, 2, 3], [-1, -2.0005, -3]), dtype: 'fp32', ok: true },
    { name: 'fp32 off by 2e-3', gpu: scores([1, 2, 3], [-1, -2.002, -3]), dtype: 'fp32', ok: false },
    { name: 'q4 off by 2e-3', gpu: scores([1, 2, 3], [-1, -2.002, -3]), dtype: 'q4', ok: true },
    { name: 'fp16 NaN', gpu: scores([1, 2, 3], [-1, NaN, -3]), dtype: 'fp16', ok: false },
    { name: 'different tokens', gpu: scores([1, 2, 4], [-1, -2, -3]), dtype: 'fp32', ok: false },
  ])('$name → ok=$ok', ({ gpu, dtype, ok }) => {
    const verdict = compareBackends(gpu, wasm, dtype);
    expect(verdict.ok).toBe(ok);
    expect(verdict.message).toMatch(ok ? /agrees/ : /disagrees|differently/);
  });
  it('reports NaN as an infinite difference, not as agreement', () => {
    expect(compareBackends(scores([1], [NaN]), scores([1], [-1]), 'fp16').maxDiff).toBe(Infinity);
  });
});
