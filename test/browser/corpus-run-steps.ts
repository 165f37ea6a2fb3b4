/** Steps the corpus-run browser tests share: the editor's settings for a run, and a run to its output. */
import type { Page } from 'playwright-core';

/** Every flagged token changed, seed 7: a run's output then differs from its input and depends on the seed. */
export async function editSettings(page: Page): Promise<void> {
  await page.getByTestId('edit-force').check();
  await page.getByTestId('edit-seed').fill('7');
  await page.getByTestId('edit-seed').press('Tab');
}

/**
 * Runs to the end that `start` begins (Start or Resume) and reads the downloaded output with the panel's
 * closing line; a run that stops instead fails with what the page says.
 */
export async function runOutput(
  page: Page,
  start: () => Promise<void>,
): Promise<{ bytes: Buffer; done: string }> {
  const download = page.waitForEvent('download', { timeout: 600_000 });
  download.catch(() => {}); // a run that stops instead is reported below
  await start();
  const end = page.locator('[data-testid="corpus-run-done"], [data-testid="corpus-run-problem"]');
  await end.waitFor({ timeout: 600_000 });
  if ((await end.getAttribute('data-testid')) === 'corpus-run-problem')
    throw new Error(await end.innerText());
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), done: await end.innerText() };
}
