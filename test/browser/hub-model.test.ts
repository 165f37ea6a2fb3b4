import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';
import { startFakeHub } from '../support/fake-hub';

let app: App;
let hub: Awaited<ReturnType<typeof startFakeHub>>;
beforeAll(async () => {
  [app, hub] = await Promise.all([startApp(), startFakeHub()]);
});
afterAll(async () => {
  await Promise.all([app?.close(), hub?.close()]);
});

const SECRET = 'My private diary entry: the heron came back.';

describe('a Hub model', () => {
  it('shows dtype sizes before downloading, contacts only the model host, never sends the text, and can clear its cache', async () => {
    // The fake Hub is the one host besides the app's own server that the page may reach.
    const { page, context } = await app.newPage({
      origins: [hub.url],
      allow: [
        {
          kind: 'console',
          match:
            /^Failed to load resource: .* 404 .*\/api\/models\/HuggingFaceTB\/SmolLM2-135M-Instruct\/tree\/main\/onnx\)$/,
          because:
            'the picker looks up its default model, which the fake Hub (test models only) does not have',
        },
      ],
    });
    try {
      await page.getByLabel('Text to score').fill(SECRET);
      await page.getByRole('button', { name: 'Add text' }).click();
      await page.getByRole('radio', { name: 'Hugging Face' }).check();
      await page.getByText('Hub host and downloaded files').click();
      // A host that is not one, or not safe, or not allowed by this site's policy: said, never tried.
      for (const [host, message] of [
        ['mirror.example', /"mirror\.example" is not a web address/],
        ['http://mirror.example/', /http:\/\/mirror\.example uses plain http/],
        ['https://hf-mirror.example/', /may reach only .* for models; https:\/\/hf-mirror\.example is not/],
      ] as const) {
        await page.getByTestId('hub-host').fill(host);
        await page.getByTestId('hub-host').press('Enter');
        await expect
          .poll(() => page.locator('[aria-labelledby="model-title"]').getByTestId('problems').textContent())
          .toMatch(message);
      }
      await page.getByTestId('hub-host').fill(hub.url);
      await page.getByTestId('hub-host').press('Enter');
      await page.getByTestId('hub-id').fill('semisynth-test/tiny-llama');
      await page.getByTestId('hub-id').press('Enter'); // fires change and closes the datalist popup
      // The size of onnx/model.onnx is shown before any model file is requested.
      await expect.poll(() => page.getByTestId('dtype-select').textContent()).toMatch(/fp32 · \d+ KiB/);
      expect(hub.requests.some((r) => r.includes('/resolve/'))).toBe(false);

      await page.getByTestId('device-select').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 60_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 60_000 });

      expect(hub.requests.some((r) => r.includes('/resolve/main/onnx/model.onnx'))).toBe(true);
      // Only GETs of model files and listings: no text in any URL, no uploads.
      expect(hub.requests.every((r) => /^(GET|OPTIONS) \/(api\/models|semisynth-test)\//.test(r))).toBe(true);
      expect(hub.requests.join('\n')).not.toMatch(/heron|diary/);

      // The download was cached by the browser; the control deletes it.
      const cached = () => page.evaluate(async () => (await caches.keys()).includes('transformers-cache'));
      await expect(cached()).resolves.toBe(true);
      await page.getByTestId('clear-cache').click();
      await expect.poll(cached).toBe(false);
    } finally {
      await context.close();
    }
  });
});
