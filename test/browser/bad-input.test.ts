import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndScore, scratchDir, startApp, type App } from './harness';
import { MODELS_DIR } from '../support/node-prior';

let app: App;
const inputs = scratchDir('bad-input');
const file = inputs.file;
const scratch = inputs.dir;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  inputs.remove();
});

describe('bad input in the browser', () => {
  it('reports bad files precisely and keeps the good records', async () => {
    const { page, context } = await app.newPage();
    try {
      const jsonl = file(
        'corpus.jsonl',
        '{"text": "first good line"}\n{"text": broken\n\n{"body": "no text field"}\n{"text": "second good line"}\n',
      );
      const binary = file(
        'photo.png',
        Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      );
      const latin1 = file('notes.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
      const empty = file('empty.txt', '');
      await page.getByTestId('file-input').setInputFiles([jsonl, binary, latin1, empty]);
      const problems = page.getByTestId('problems');
      // Files are read one at a time in natural order of their names: photo.png is the last.
      await expect.poll(() => problems.textContent()).toContain('photo.png');
      const text = (await problems.textContent()) ?? '';
      expect(text).toMatch(/corpus\.jsonl\s*line 2: not valid JSON/);
      expect(text).toMatch(/corpus\.jsonl\s*line 4: field "text" is missing/);
      expect(text).toMatch(/photo\.png/);
      expect(text).toMatch(/PNG/);
      expect(text).toMatch(/notes\.txt.*(line 1|byte 3)/);
      expect(text).toMatch(/empty\.txt/);
      // The two good JSONL lines are loaded as documents and can be scored.
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect(
        page.getByRole('navigation', { name: 'Documents' }).getByRole('button').count(),
      ).resolves.toBe(2);
    } finally {
      await context.close();
    }
  });

  it('a model folder with a missing file is named before loading; a corrupt .onnx fails cleanly and later loads work', async () => {
    const { page, context, requests } = await app.newPage();
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await page.getByRole('radio', { name: 'Local folder' }).check();

      const missing = path.join(scratch, 'missing-model');
      cpSync(path.join(MODELS_DIR, 'semisynth-test/tiny-llama'), missing, { recursive: true });
      rmSync(path.join(missing, 'tokenizer.json'));
      await page.getByTestId('folder-input').setInputFiles(missing);
      await expect.poll(() => page.getByTestId('problems').first().textContent()).toMatch(/tokenizer\.json/);
      await expect(page.getByTestId('load-model').isDisabled()).resolves.toBe(true);

      const corrupt = path.join(scratch, 'corrupt-model');
      cpSync(path.join(MODELS_DIR, 'semisynth-test/tiny-llama'), corrupt, { recursive: true });
      writeFileSync(path.join(corrupt, 'onnx/model.onnx'), 'this is not an ONNX protobuf, it is plain text');
      await page.getByTestId('folder-input').setInputFiles(corrupt);
      await page.getByTestId('device-select').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-error').waitFor({ timeout: 60_000 });
      // The error is ONNX Runtime's own, about the model bytes — not an earlier failure.
      await expect(page.getByTestId('model-error').textContent()).resolves.toMatch(/protobuf|parse|model/i);
      await expect(page.getByTestId('model-error').textContent()).resolves.not.toMatch(/could not be cloned/);

      // A healthy folder loads in the recreated worker, and scoring works.
      const healthy = path.join(scratch, 'healthy-model');
      cpSync(path.join(MODELS_DIR, 'semisynth-test/tiny-llama'), healthy, { recursive: true });
      await page.getByTestId('folder-input').setInputFiles(healthy);
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 60_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 60_000 });
      // Model files came from the user's disk: no request for them at all.
      expect(requests.filter((u) => u.includes('/models/') || u.includes('__semisynth_local__'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
