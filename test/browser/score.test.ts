import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, downloadJson, loadAndScore, startApp, type App } from './harness';
import { loadNodePrior } from '../support/node-prior';
import type { ScoresExport } from '../../src/lib/scoring/scores-export';
import { SAMPLES } from '../../src/samples/samples';

const SAMPLE = SAMPLES.find((s) => s.name === 'sample: multilingual')!;
const TEXT = SAMPLE.text; // CRLF, emoji, CJK, combining marks: a textarea would turn CRLF into LF

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe.each(['wasm', 'webgpu'] as const)('scoring in Chromium on %s', (device) => {
  it.each(['semisynth-test/tiny-llama', 'semisynth-test/bigram'])(
    '%s agrees with Node to 1e-4 and nothing leaves 127.0.0.1',
    async (modelId) => {
      const { page, context } = await app.newPage();
      try {
        await page.getByRole('button', { name: SAMPLE.title }).click();
        await loadAndScore(page, modelId, device);
        if (device === 'webgpu') {
          // The one-time self-test scores a fixed sentence on WASM in a second worker and compares.
          await expect
            .poll(() => page.getByTestId('self-test').textContent(), { timeout: 60_000 })
            .toMatch(/WebGPU agrees with WASM \(largest \|Δ log p\| [\d.e+-]+ over \d+ tokens\)/);
        }
        await expect(page.getByTestId('device').textContent()).resolves.toContain(
          device === 'webgpu' ? 'WebGPU' : 'WASM',
        );
        const exported = (await downloadJson(page, 'export-scores')) as ScoresExport;
        expect(exported.provenance).toMatchObject({ modelId, device, dtype: 'fp32' });

        const node = await (await loadNodePrior(modelId)).score(TEXT, { k: exported.provenance.k });
        const tokens = exported.documents[0].tokens;
        expect(tokens.map((t) => t.id)).toEqual(Array.from(node.tokenIds));
        expect(tokens.map((t) => [t.start, t.end])).toEqual(
          Array.from(node.byteStart, (s, i) => [s, node.byteEnd[i]]),
        );
        let worst = 0;
        tokens.forEach((t, i) => {
          worst = Math.max(
            worst,
            Math.abs(t.logprob! - node.logprob[i]),
            Math.abs(t.entropy! - node.entropy[i]),
          );
        });
        expect(worst).toBeLessThan(1e-4);
        expect(tokens.every((t) => t.logprob !== null)).toBe(true); // BOS prepended: every text token scored

        // The coloured view shows the text exactly: every character, no template whitespace.
        await expect(page.getByTestId('token-view').textContent()).resolves.toBe(TEXT);
        // Hovering a token shows its probability.
        await page.locator('[data-seg]').nth(3).hover();
        await expect(page.getByTestId('tooltip-p').first().textContent()).resolves.toMatch(/\d/);
        await page.screenshot({
          path: path.join(ARTIFACTS, `scored-${device}-${modelId.split('/')[1]}.png`),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    },
  );
});
