import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import { loadNodePrior } from '../support/node-prior';

const V = 320;
const long = CORPUS_DOCUMENTS.slice(0, 4).join('\n\n');
/** Different lengths on purpose: empty, one token, short, long, longer than tiny-llama's 512-token context. */
const TEXTS = [
  CORPUS_DOCUMENTS[1],
  '',
  'a',
  long + '\n' + long + '\n' + long,
  'Semisynth',
  CORPUS_DOCUMENTS[5],
  ' ',
  long,
  CORPUS_DOCUMENTS[2].slice(0, 40),
];

const priors: Record<string, TransformersPrior> = {};
const alone: Record<string, DocumentScores[]> = {};
beforeAll(async () => {
  for (const id of ['bigram', 'tiny-llama']) {
    const prior = await loadNodePrior(`semisynth-test/${id}`);
    priors[id] = prior;
    alone[id] = [];
    for (const text of TEXTS) alone[id].push(await prior.score(text, { k: 8 }));
  }
}, 120_000);

function expectSame(got: DocumentScores, want: DocumentScores) {
  expect(got.tokenIds).toEqual(want.tokenIds);
  expect(got.byteStart).toEqual(want.byteStart);
  const worst = (a: Float32Array, b: Float32Array) =>
    a.reduce((w, x, i) => Math.max(w, Number.isNaN(x) && Number.isNaN(b[i]) ? 0 : Math.abs(x - b[i])), 0);
  expect(worst(got.logprob, want.logprob)).toBeLessThan(1e-5);
  expect(worst(got.entropy, want.entropy)).toBeLessThan(1e-5);
  expect(worst(got.topLogprobs, want.topLogprobs)).toBeLessThan(1e-5);
  expect(got.rank).toEqual(want.rank);
}

describe.each(['bigram', 'tiny-llama'])('%s: scoreBatch equals per-document score()', (id) => {
  it('the test documents cover empty, one-token and over-long texts', () => {
    const lengths = alone[id].map((s) => s.tokenIds.length);
    expect(lengths[1]).toBe(0);
    expect(lengths[2]).toBe(1);
    expect(lengths[3]).toBeGreaterThan(priors[id].info.maxContext > 1000 ? 600 : 512);
    expect(Array.from(alone[id][2].logprob).every(Number.isFinite)).toBe(true); // BOS: the lone token is scored
  });

  it.each([
    { batchSize: 1, chunkSize: undefined },
    { batchSize: 2, chunkSize: 7 },
    { batchSize: 3, chunkSize: 64 },
    { batchSize: 8, chunkSize: undefined },
    // Without a KV cache (bigram) every pass re-feeds half the context, so chunks of 1 would take minutes.
    { batchSize: 16, chunkSize: id === 'bigram' ? 100 : 1 },
  ])('batchSize $batchSize, chunkSize $chunkSize (1e-5, input order)', async ({ batchSize, chunkSize }) => {
    const prior = priors[id];
    prior.resetStats();
    const batched = await prior.scoreBatch(TEXTS, { k: 8, batchSize, chunkSize });
    expect(batched).toHaveLength(TEXTS.length);
    batched.forEach((s, d) => expectSame(s, alone[id][d]));
    const stats = prior.stats();
    const tokens = batched.reduce((n, s) => n + s.tokenIds.length, 0);
    expect(stats.scoredTokens).toBe(tokens); // BOS prepended: every text token scored exactly once
    expect(stats.rows).toBeGreaterThanOrEqual(tokens);
    expect(stats.bytesToCpu).toBe(stats.rows * V * 4); // CPU reduction: the whole logits reach JS
  });

  it('an empty list and a list of empty texts need no forward pass', async () => {
    const prior = priors[id];
    prior.resetStats();
    expect(await prior.scoreBatch([])).toEqual([]);
    const empties = await prior.scoreBatch(['', '']);
    expect(empties.map((s) => s.tokenIds.length)).toEqual([0, 0]);
    expect(prior.stats().passes).toBe(0);
  });
});

describe('batching saves passes', () => {
  it('eight short documents take one pass instead of eight', async () => {
    const prior = priors['tiny-llama'];
    const texts = CORPUS_DOCUMENTS.slice(0, 8).map((t) => t.slice(0, 60));
    prior.resetStats();
    await prior.scoreBatch(texts, { batchSize: 8 });
    expect(prior.stats().passes).toBe(1);
    prior.resetStats();
    for (const t of texts) await prior.score(t);
    expect(prior.stats().passes).toBe(8);
  });
});
