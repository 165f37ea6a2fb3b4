/**
 * The Text page's file pickers are reachable with Tab and open with the keyboard (they were `hidden` inputs
 * behind labels, out of the tab order), and the focused one is outlined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** Presses Tab until the element with `testid` has focus; returns how many presses it took. */
async function tabTo(page: Page, testid: string): Promise<number> {
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (at === testid) return presses;
  }
  throw new Error(`Tab never reached ${testid}`);
}

describe('keyboard', () => {
  it('reaches the file pickers with Tab and opens them with Space', async () => {
    const { page, context } = await app.newPage();
    // Playwright intercepts file choosers only while something listens for them, and a listener added with
    // the key press (Promise.all of waitForEvent and press) could reach Chromium after the key on a busy
    // machine: the chooser then opened unseen. Listening from the start keeps interception on throughout.
    page.on('filechooser', () => {});
    try {
      await tabTo(page, 'file-input');
      const outline = await page
        .getByTestId('file-input')
        .locator('..')
        .evaluate((label) => getComputedStyle(label).outlineStyle);
      expect(outline).toBe('solid');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles({
        name: 'typed.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Opened by keyboard.\n'),
      });
      await page.getByRole('button', { name: 'Remove typed.txt' }).waitFor();

      // The model panel's folder picker too, once "Local folder" is chosen.
      await page.getByRole('radio', { name: 'Local folder' }).check();
      await page.getByRole('radio', { name: 'Local folder' }).focus();
      await tabTo(page, 'folder-input');
      const [folderChooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.keyboard.press('Enter'),
      ]);
      await expect(folderChooser.element().getAttribute('data-testid')).resolves.toBe('folder-input');
    } finally {
      await context.close();
    }
  });
});
