/**
 * The prior worker's API on the real test models (onnxruntime-node): progress within one long document,
 * and a cancel that lands at the next checkpoint (at most one forward pass later) without breaking the
 * model for the calls after it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';
import type { ScoringProgress } from '../../src/lib/scoring/prior';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { MODELS_DIR } from '../support/node-prior';

function api() {
  return createPriorWorkerApi({
    baseUrl: 'http://127.0.0.1/',
    bundledModels: MODELS_DIR + path.sep,
    fetch: globalThis.fetch,
  });
}

/** One document of about `bytes` bytes of the test corpus's prose. */
function longDocument(bytes: number): string {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] + ' ';
  return text;
}

describe('prior worker API', () => {
  it('reports tokens and bytes within one document, and cancel stops it within one forward pass', async () => {
    const prior = api();
    await prior.load({ kind: 'bundled', id: 'semisynth-test/bigram' }, 'cpu', 'fp32');
    const text = longDocument(200_000);
    const seen: ScoringProgress[] = [];
    let tokensAtCancel = -1;
    const call = prior.score(1, [text], 8, (p) => {
      seen.push(p);
      if (p.tokens > 0 && tokensAtCancel < 0) {
        tokensAtCancel = p.tokens;
        prior.cancel(1);
      }
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(tokensAtCancel).toBeGreaterThan(0);
    expect(seen.at(-1)!.bytes).toBeGreaterThan(0);
    expect(seen.at(-1)!.bytes).toBeLessThan(text.length);
    // The bigram's context is 4,096 positions, so one pass scores at most 4,096 tokens.
    const { scoredTokens, passes } = prior.stats();
    expect(scoredTokens - tokensAtCancel).toBeLessThanOrEqual(4096);
    expect(passes).toBeGreaterThan(0);

    // The model still works: cancelling between passes does not leave onnxruntime broken.
    const [again] = await prior.score(2, ['A short one.'], 8);
    expect(again.tokenIds.length).toBeGreaterThan(0);
    expect(again.logprob.every((x) => Number.isFinite(x))).toBe(true);
  });

  it('pause holds a call between passes until resume, and the result is the one an unpaused run gives', async () => {
    const prior = api();
    await prior.load({ kind: 'bundled', id: 'semisynth-test/bigram' }, 'cpu', 'fp32');
    const text = longDocument(100_000);
    const [straight] = await prior.score(1, [text], 8);
    prior.resetStats();
    let held: Promise<boolean> | null = null;
    const call = prior.score(2, [text], 8, (p) => {
      if (p.tokens > 0 && !held) held = prior.pause(2);
    });
    await expect.poll(() => held).not.toBeNull();
    await expect(held).resolves.toBe(true);
    const whileHeld = prior.stats().scoredTokens;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(prior.stats().scoredTokens).toBe(whileHeld); // nothing computed while paused
    expect(whileHeld).toBeLessThan(straight.tokenIds.length);
    prior.resume(2);
    const [paused] = await call;
    expect(Array.from(paused.logprob)).toEqual(Array.from(straight.logprob));
    await expect(prior.pause(2)).resolves.toBe(false); // finished: nothing to hold
  });

  it('scores a long document with the n-gram prior in checkpointed steps, also cancellable', async () => {
    const prior = api();
    await prior.load({ kind: 'ngram', name: 'corpus', order: 3, texts: [...CORPUS_DOCUMENTS] }, 'cpu', 'f64');
    const text = longDocument(300_000);
    const seen: ScoringProgress[] = [];
    const call = prior.score(7, [text], 8, (p) => {
      seen.push(p);
      if (p.tokens > 0) prior.cancel(7);
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    const last = seen.at(-1)!;
    expect(last.tokens).toBeGreaterThan(0);
    expect(last.bytes).toBeLessThan(text.length);
    const [whole] = await prior.score(8, [text.slice(0, 5000)], 8);
    expect(whole.tokenIds.length).toBeGreaterThan(0);
  });
});
