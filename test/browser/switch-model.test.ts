/**
 * Scores belong to the model that computed them: loading another model shows the text unscored (never
 * the old model's token ids read with the new model's vocabulary), and loading the first model again
 * shows its scores without re-scoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndScore, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('switching models', () => {
  it('never shows one model’s scores under another, and keeps each model’s scores', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      const bigramStats = await page.getByTestId('doc-stats').textContent();

      await page.getByRole('radio', { name: 'N-gram' }).check();
      await page.getByTestId('load-model').click();
      await expect.poll(() => page.getByTestId('model-ready').textContent()).toMatch(/N-gram/);
      await expect(page.getByTestId('token-view').count()).resolves.toBe(0);
      await expect(page.getByTestId('doc-stats').count()).resolves.toBe(0);
      await expect(page.getByTestId('score').textContent()).resolves.toMatch(/Score 1 document/);
      await expect(page.getByRole('heading', { name: 'Token-level editing' }).count()).resolves.toBe(0);

      await page.getByRole('radio', { name: 'Bundled' }).check();
      await page.getByTestId('load-model').click();
      await expect.poll(() => page.getByTestId('model-ready').textContent()).toMatch(/Bigram/);
      await expect.poll(() => page.getByTestId('doc-stats').textContent()).toBe(bigramStats);
      await expect(page.getByTestId('score').isDisabled()).resolves.toBe(true); // nothing left to score
    } finally {
      await context.close();
    }
  });
});
