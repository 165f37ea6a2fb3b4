/**
 * Scores belong to the model that computed them: loading another model shows the text unscored (never
 * the old model's token ids read with the new model's vocabulary), and loading the first model again
 * shows its scores without re-scoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { downloadJson, loadAndScore, startApp, type App } from './harness';
import { MODELS_DIR } from '../support/node-prior';
import type { ScoresExport } from '../../src/lib/scoring/scores-export';

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

  it('keeps computed scores exportable after a later model load fails', async () => {
    const { page, context } = await app.newPage();
    const scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-switch-'));
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      const corrupt = path.join(scratch, 'corrupt-model');
      cpSync(path.join(MODELS_DIR, 'semisynth-test/tiny-llama'), corrupt, { recursive: true });
      writeFileSync(path.join(corrupt, 'onnx/model.onnx'), 'not a model');
      await page.getByRole('radio', { name: 'Local folder' }).check();
      await page.getByTestId('folder-input').setInputFiles(corrupt);
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-error').waitFor({ timeout: 60_000 });

      const exported = (await downloadJson(page, 'export-scores')) as ScoresExport;
      expect(exported.provenance.modelId).toBe('semisynth-test/bigram');
      expect(exported.documents[0].tokens.length).toBeGreaterThan(0);
    } finally {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
