/**
 * GPU tensors are disposed: scoring 200 chunks on WebGPU (50 documents × 4 passes with the KV cache carried
 * over) leaves the worker's live GPU buffers where the first documents left them. (With KV disposal
 * switched off, the same run grows from 314 to 1,114 live buffers.) Chromium gives workers no
 * performance.memory, so the JS heap is not measured here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { PriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';
import { loadAndScore, priorWorker, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

type Hook = { __semisynthPriorApi: PriorWorkerApi };

describe('memory on WebGPU', () => {
  it('does not grow over 200 chunks', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await loadAndScore(page, 'semisynth-test/tiny-llama', 'webgpu');
      const worker = await priorWorker(page);
      // Same-length documents repeat the same shapes, so ORT compiles each shader once.
      const text = CORPUS_DOCUMENTS[0].slice(0, 120);
      const run = (docs: number) =>
        worker.evaluate(
          async ({ text, docs }) => {
            const api = (self as unknown as Hook).__semisynthPriorApi;
            api.resetStats();
            for (let i = 0; i < docs; i++) await api.scoreBatch([text], 8, { batchSize: 1, chunkSize: 8 });
            return { stats: api.stats(), memory: api.memory() };
          },
          { text, docs },
        );
      const warm = await run(5);
      const passesPerDoc = warm.stats.passes / 5;
      expect(passesPerDoc).toBeGreaterThanOrEqual(4);
      const after = await run(Math.ceil(200 / passesPerDoc));
      expect(after.stats.passes).toBeGreaterThanOrEqual(200);
      expect(warm.memory.gpu).not.toBeNull();
      console.log(
        '[gpu memory]',
        JSON.stringify({ warm: warm.memory, after: after.memory, passes: after.stats.passes }),
      );
      expect(after.memory.gpu!.buffers).toBeLessThanOrEqual(warm.memory.gpu!.buffers);
      expect(after.memory.gpu!.bytes).toBeLessThanOrEqual(warm.memory.gpu!.bytes);
    } finally {
      await context.close();
    }
  });
});
