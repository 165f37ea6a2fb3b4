/**
 * The Text page's file pickers are reachable with Tab and open with the keyboard (they were `hidden` inputs
 * behind labels, out of the tab order), and the focused one is outlined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileChooser, Page } from 'playwright-core';
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

/**
 * Every file chooser the page opens, in order. Listening from the start turns Playwright's interception on
 * long before a key opens one: with `Promise.all([waitForEvent, press])` the interception could reach Chromium
 * after the key did on a busy machine, and the chooser then opened unseen (the page had the key, the click and
 * a user activation, and no chooser event came).
 */
function choosers(page: Page): () => Promise<FileChooser> {
  const opened: FileChooser[] = [];
  const waiting: ((chooser: FileChooser) => void)[] = [];
  page.on('filechooser', (chooser) => {
    const next = waiting.shift();
    if (next) next(chooser);
    else opened.push(chooser);
  });
  return () => {
    const ready = opened.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no file chooser opened in 30 s')), 30_000);
      waiting.push((chooser) => {
        clearTimeout(timer);
        resolve(chooser);
      });
    });
  };
}

describe('keyboard', () => {
  it('reaches the file pickers with Tab and opens them with Space', async () => {
    const { page, context } = await app.newPage();
    const nextChooser = choosers(page);
    try {
      await tabTo(page, 'file-input');
      const outline = await page
        .getByTestId('file-input')
        .locator('..')
        .evaluate((label) => getComputedStyle(label).outlineStyle);
      expect(outline).toBe('solid');
      await page.keyboard.press('Space');
      const chooser = await nextChooser();
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
      await page.keyboard.press('Enter');
      const folderChooser = await nextChooser();
      await expect(folderChooser.element().getAttribute('data-testid')).resolves.toBe('folder-input');
    } finally {
      await context.close();
    }
  });
});
