/** Score-file fixtures shared by the score file's and the lazy index's tests. */
import { expect } from 'vitest';
import { contentHash } from '../../src/lib/persist/content-hash';
import type { StoredScores } from '../../src/lib/persist/score-file';
import type { ScoreKey } from '../../src/lib/persist/score-key';
import type { DocumentScores } from '../../src/lib/scoring/scores';

export const KEY: ScoreKey = {
  modelId: 'semisynth-test/bigram',
  revision: 'bundled',
  dtype: 'fp32',
  device: 'wasm',
  k: 3,
};

/** Scores with distinct values in every column (NaN and -0 included), `n` tokens at k = 3. */
export function scores(n: number, salt: number): DocumentScores {
  const k = 3;
  const f = (i: number) => (i === 0 ? NaN : i === 1 ? -0 : Math.fround(-(i + salt) / 7));
  return {
    tokenIds: Int32Array.from({ length: n }, (_, i) => i * 31 + salt),
    byteStart: Uint32Array.from({ length: n }, (_, i) => i * 2),
    byteEnd: Uint32Array.from({ length: n }, (_, i) => i * 2 + 2),
    logprob: Float32Array.from({ length: n }, (_, i) => f(i)),
    rank: Int32Array.from({ length: n }, (_, i) => i + 1),
    entropy: Float32Array.from({ length: n }, (_, i) => f(i + 1) * 3),
    k,
    topIds: Int32Array.from({ length: n * k }, (_, i) => i ^ salt),
    topLogprobs: Float32Array.from({ length: n * k }, (_, i) => f(i) / 2),
    bosPrepended: salt % 2 === 0,
  };
}

export async function doc(text: string, n: number, salt: number): Promise<StoredScores> {
  return { hash: await contentHash(text), scores: scores(n, salt) };
}

/** Byte-exact equality of every column (NaN payloads and signed zeros included). */
export function expectSameScores(a: DocumentScores, b: DocumentScores): void {
  expect(b.k).toBe(a.k);
  expect(b.bosPrepended).toBe(a.bosPrepended);
  for (const name of [
    'tokenIds',
    'byteStart',
    'byteEnd',
    'logprob',
    'rank',
    'entropy',
    'topIds',
    'topLogprobs',
  ] as const) {
    const x = a[name];
    const y = b[name];
    expect(y.constructor).toBe(x.constructor);
    expect(new Uint8Array(y.buffer, y.byteOffset, y.byteLength)).toEqual(
      new Uint8Array(x.buffer, x.byteOffset, x.byteLength),
    );
  }
}
