import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-progress-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('scoring a corpus', () => {
  it('shows progress, pauses, resumes and cancels, keeping every score already computed', async () => {
    const { page, context } = await app.newPage();
    try {
      const lines = Array.from({ length: 600 }, (_, i) =>
        JSON.stringify({ id: i, text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] }),
      );
      const file = path.join(scratch, 'corpus.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(file);
      await page.getByTestId('bundled-model').selectOption('semisynth-test/tiny-llama');
      await page.getByTestId('device-select').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 60_000 });

      await page.getByTestId('score').click();
      await page.getByTestId('pause-scoring').click();
      const progress = page.getByTestId('scoring-progress');
      // "Pausing…" until the call in flight reaches its next checkpoint, however long that takes on a busy
      // machine; then "paused". Wait for that state, not for a time.
      await progress.filter({ hasText: '· paused' }).waitFor({ timeout: 120_000 });
      const done = async () =>
        Number(/(\d+) \/ 600 documents/.exec((await progress.textContent()) ?? '')?.[1]);
      const whilePaused = await done();
      await page.waitForTimeout(1000);
      expect(await done()).toBe(whilePaused); // nothing is scored while paused
      expect(whilePaused).toBeLessThan(600);

      await page.getByTestId('resume-scoring').click();
      await expect.poll(done, { timeout: 120_000 }).toBeGreaterThan(whilePaused);
      await expect(progress.textContent()).resolves.toMatch(/tokens\/s/);
      await page.getByTestId('cancel-scoring').click();
      await page.getByTestId('score').waitFor(); // the run has stopped
      const label = (await page.getByTestId('score').textContent()) ?? '';
      const remaining = Number(/Score (\d+) document/.exec(label)?.[1]);
      expect(remaining).toBeGreaterThan(0); // cancelled before the end…
      expect(remaining).toBeLessThan(600); // …keeping what was scored
      // Scoring again continues with the rest only.
      await page.getByTestId('score').click();
      await expect
        .poll(() => page.getByTestId('score').textContent(), { timeout: 120_000 })
        .toMatch(/Score documents/);
    } finally {
      await context.close();
    }
  });
});
