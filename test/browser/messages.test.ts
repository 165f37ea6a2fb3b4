/**
 * Messages appear where the user is looking: a refused file's message is next to the control that added it,
 * inside a live region (announced by screen readers), and stays until its file is removed — also once a model
 * is loaded and the page has grown below it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('messages', () => {
  it("a refused file's message is in view, next to the file picker, announced, and stays until removed", async () => {
    const { page, context } = await app.newPage();
    try {
      // The README's first run first, so the model and editing panels are on the page.
      await page.getByRole('button', { name: 'Collapsed model output (first run)' }).click();
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });

      const latin1 = {
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      };
      await page.getByTestId('file-input').setInputFiles(latin1);
      const problems = page.getByTestId('problems').filter({ hasText: 'notes.txt' });
      await problems.waitFor();
      // In the window as it is (900 px high), without scrolling, and right below the Text panel.
      const box = (await problems.boundingBox())!;
      const panel = (await page.getByRole('region', { name: 'Text', exact: true }).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(900);
      expect(box.y).toBeGreaterThanOrEqual(panel.y + panel.height - 1);
      expect(box.y - (panel.y + panel.height)).toBeLessThan(40);
      await expect(problems.locator('xpath=ancestor::*[@aria-live="polite"]').count()).resolves.toBe(1);

      // Still there after other actions; gone once its file is removed.
      await page.getByRole('button', { name: /Field notes/ }).click();
      await page.getByTestId('score').click();
      await expect(problems.count()).resolves.toBe(1);
      await page.getByRole('button', { name: 'Remove notes.txt' }).click();
      await expect.poll(() => problems.count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
