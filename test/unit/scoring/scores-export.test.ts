import { describe, expect, it } from 'vitest';
import { exportScores } from '../../../src/lib/scoring/scores-export';
import type { DocumentScores } from '../../../src/lib/scoring/scores';
import { perplexity } from '../../../src/lib/scoring/scored-logprobs';

const scores: DocumentScores = {
  tokenIds: Int32Array.from([5, 6]),
  byteStart: Uint32Array.from([0, 2]),
  byteEnd: Uint32Array.from([2, 3]),
  logprob: Float32Array.from([NaN, Math.log(0.25)]),
  rank: Int32Array.from([0, 2]),
  entropy: Float32Array.from([NaN, 1]),
  k: 2,
  topIds: Int32Array.from([-1, -1, 7, 6]),
  topLogprobs: Float32Array.from([NaN, NaN, Math.log(0.5), Math.log(0.25)]),
  bosPrepended: false,
};

describe('exportScores', () => {
  it('writes unscored tokens as null (JSON has no NaN) and keeps provenance and origin', () => {
    const out = exportScores('1.2.3', { modelId: 'm', dtype: 'fp32', device: 'wasm', k: 2 }, [
      { index: 0, origin: { source: 'a.jsonl', line: 3 }, scores },
    ]);
    const doc = JSON.parse(JSON.stringify(out)).documents[0];
    expect(doc).toMatchObject({ index: 0, source: 'a.jsonl', line: 3, bosPrepended: false });
    expect(doc.tokens[0]).toEqual({
      id: 5,
      start: 0,
      end: 2,
      logprob: null,
      rank: null,
      entropy: null,
      top: [],
    });
    expect(doc.tokens[1].rank).toBe(2);
    expect(doc.tokens[1].top.map((t: number[]) => t[0])).toEqual([7, 6]);
    expect(out.semisynth).toBe('1.2.3');
  });
});

describe('perplexity', () => {
  it('is exp(−mean log p) over scored tokens only', () => {
    expect(perplexity(scores)).toBeCloseTo(4, 5);
    expect(perplexity({ ...scores, logprob: Float32Array.from([NaN, NaN]) })).toBeNaN();
  });
});
