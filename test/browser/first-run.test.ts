/**
 * The README's first run, word for word, offline: pick the first-run sample, keep the default bundled
 * prior, Load model, Score, then look at the token-level editing panel and the Edits view at the
 * reference settings. It must flag tokens and realise edits (the point of the tool), with only the app's
 * own server contacted.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const count = (text: string | null) => Number((text ?? '').trim().split(/\s/)[0].replace(/,/g, ''));

describe("the README's first run", () => {
  it('flags tokens and realises edits with the bundled default prior, and shows them', async () => {
    const { page, context, requests } = await app.newPage();
    try {
      await page.getByRole('button', { name: 'Collapsed model output (first run)' }).click();
      // The default prior is the primer; nothing is selected by the test.
      await expect(page.getByTestId('bundled-model').inputValue()).resolves.toBe('semisynth-test/primer');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });

      // Reference settings, as the panel shows them.
      await expect(page.getByTestId('edit-tau').inputValue()).resolves.toBe('0.99');
      await expect(page.getByTestId('edit-seed').inputValue()).resolves.toBe('0');
      await expect(page.getByTestId('edit-explain').textContent()).resolves.toMatch(
        /p > 0\.99.*k = 8.*β = 1\.5/s,
      );
      await expect.poll(() => page.getByTestId('edit-flagged').textContent()).toMatch(/^\s*[1-9]/);
      const flagged = count(await page.getByTestId('edit-flagged').textContent());
      const realised = count(await page.getByTestId('edit-realised').textContent());
      expect(flagged).toBeGreaterThan(0);
      expect(realised).toBeGreaterThan(0);

      // The Edits view marks every flagged token and shows each realised edit as a deletion + insertion.
      await page.getByTestId('view-edits').click();
      await expect.poll(() => page.locator('span.flagged[data-edit]').count()).toBeGreaterThan(0);
      await expect(page.locator('ins[data-edit]').count()).resolves.toBe(realised);
      await page.screenshot({ path: path.join(ARTIFACTS, 'first-run-edits.png'), fullPage: true });

      // By keyboard: Tab from the view switch enters the text on one piece, whose tooltip shows; arrows move.
      await page.getByTestId('view-edits').focus();
      await page.keyboard.press('Tab');
      const focused = () =>
        page.evaluate(() => [...document.querySelectorAll('[data-edit]')].indexOf(document.activeElement!));
      await expect(focused()).resolves.toBe(0);
      await expect(page.getByRole('tooltip').count()).resolves.toBe(1);
      await page.keyboard.press('ArrowRight');
      await expect(focused()).resolves.toBe(1);
      await expect(page.getByRole('tooltip').count()).resolves.toBe(1);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('tooltip').count()).resolves.toBe(0);

      expect(requests.every((r) => r.startsWith(app.url))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('offers SmolLM2-135M as the one-click upgrade, with its download size before anything is downloaded', async () => {
    const hub = 'https://huggingface.co';
    // A stand-in for the Hub's listing (no test reaches the network), with byte counts of the listed sizes.
    const listing = [
      { type: 'file', path: 'onnx/model.onnx', size: 653_862_432 },
      { type: 'file', path: 'onnx/model_q4f16.onnx', size: 134_365_248 },
    ];
    const { page, context, requests } = await app.newPage({ origins: [hub] });
    try {
      await context.route(`${hub}/api/models/**`, (route) =>
        route.fulfill({ json: listing, headers: { 'access-control-allow-origin': '*' } }),
      );
      await expect(page.getByTestId('upgrade-model').locator('..').textContent()).resolves.toMatch(
        /Use SmolLM2-135M.*134 MB/s,
      );
      await page.getByTestId('upgrade-model').click();
      await expect(page.getByRole('radio', { name: 'Hugging Face' }).isChecked()).resolves.toBe(true);
      await expect(page.getByTestId('hub-id').inputValue()).resolves.toBe(
        'HuggingFaceTB/SmolLM2-135M-Instruct',
      );
      await page.getByTestId('device-select').selectOption('wasm');
      await expect.poll(() => page.getByTestId('dtype-select').textContent()).toMatch(/fp32 · 624 MiB/);
      expect(requests.filter((r) => r.startsWith(hub))).toEqual([
        `${hub}/api/models/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx`,
      ]);
    } finally {
      await context.close();
    }
  });
});
