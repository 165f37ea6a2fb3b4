/**
 * Editing a large scored corpus keeps the page responsive: corpus counts are computed in time slices, so
 * moving a control never blocks the main thread for long. Here: the slicing happens (the count is seen
 * part-way) and completes; how long each task takes is measured by `npm run bench -- --only pages`, not
 * here, where a busy machine would make any time bar flaky.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndScore, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-responsive-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a large scored corpus', () => {
  it('recounts edits in slices when a control moves, and the document list renders only the rows in view', async () => {
    const { page, context } = await app.newPage();
    try {
      const lines = Array.from({ length: 6000 }, (_, i) =>
        JSON.stringify({ text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] }),
      );
      const file = path.join(scratch, 'large.jsonl');
      writeFileSync(file, lines.join('\n') + '\n'); // about 1.5 MB
      await page.getByTestId('file-input').setInputFiles(file);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect
        .poll(() => page.getByTestId('score').textContent(), { timeout: 120_000 })
        .toMatch(/Score documents/);
      await expect.poll(() => page.getByTestId('edit-partial').count(), { timeout: 60_000 }).toBe(0);

      // The document list renders only the rows in view, and scrolling reaches the last one.
      const list = page.getByRole('navigation', { name: 'Documents' });
      await expect(list.getByRole('button').count()).resolves.toBeLessThan(30);
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(() => list.textContent()).toContain('large.jsonl:6000');

      const counts = () => page.getByTestId('edit-counts').textContent();
      const atReference = await counts(); // τ = 0.99
      // Record whether the "Counting… n of N" note is ever on the page while a recount runs.
      await page.evaluate(() => {
        const w = window as unknown as { sawPartial: number };
        w.sawPartial = 0;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="edit-partial"]')) w.sawPartial++;
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      for (const tau of ['0.995', '0.98', '0.99']) {
        await page.getByTestId('edit-tau').fill(tau);
        await page.getByTestId('edit-tau').press('Tab');
        await expect.poll(() => page.getByTestId('edit-partial').count()).toBe(0);
      }
      // Each recount was published part-way (the page had turns between slices), and the last one, back at
      // τ = 0.99, counts exactly what the first count did.
      const sawPartial = await page.evaluate(() => (window as unknown as { sawPartial: number }).sawPartial);
      expect(sawPartial).toBeGreaterThanOrEqual(3);
      await expect(counts()).resolves.toBe(atReference);
    } finally {
      await context.close();
    }
  });
});
