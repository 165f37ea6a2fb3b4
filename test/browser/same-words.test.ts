/**
 * One message per problem: the Text page and the Statistics page, given the same bad file, say the same
 * words (src/lib/io builds both), and the Statistics page refuses it at inspection with Analyse off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { scratchDir, startApp, type App } from './harness';

let app: App;
const inputs = scratchDir('same-words');
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  inputs.remove();
});

/** Each listed problem's message and hint, as the page shows them. */
async function shown(page: Page, scope: string): Promise<string[]> {
  const list = page.locator(scope).getByTestId('problems').first();
  await list.waitFor();
  return list
    .locator('li')
    .evaluateAll((items) =>
      items.map((li) =>
        [...li.querySelectorAll('.message, .hint')].map((d) => (d.textContent ?? '').trim()).join(' | '),
      ),
    );
}

const CASES = [
  // "Café crème" in Latin-1, as an older Windows editor saves it.
  [
    'menu.txt',
    Uint8Array.from([...Buffer.from('Menu\nCaf'), 0xe9, ...Buffer.from(' cr'), 0xe8, ...Buffer.from('me\n')]),
  ],
  // A CSV renamed .parquet: no Parquet footer.
  ['table.parquet', Buffer.from('text,label\nhello world,1\nsecond row,0\n')],
] as const;

describe('the same bad file, the same words on both pages', () => {
  it.each(CASES)('%s', async (name, bytes) => {
    const file = inputs.file(name, bytes);
    const { page, context } = await app.newPage();
    try {
      await page.getByTestId('file-input').setInputFiles(file);
      const onText = await shown(page, 'body');

      await page.goto(`${app.url}#/stats`);
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(file);
      const onStats = await shown(page, '[data-testid="add-corpus"]');
      await expect(page.getByTestId('stats-analyse').isDisabled()).resolves.toBe(true);

      expect(onText.length).toBeGreaterThan(0);
      expect(onText[0]).toContain(name);
      expect(onStats).toEqual(onText);
    } finally {
      await context.close();
    }
  });
});
