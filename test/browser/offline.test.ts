/**
 * The service worker as a returning user meets it: a second visit works with the host gone and the network
 * off (the app loads, isolated, and scores with a bundled model, every file from the offline copy), and a new
 * version is offered, never forced: not while a run is in progress, and only when the user accepts it.
 * Downloaded Hub models (transformers.js's cache) survive the update.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadAndScore, scratchDir } from './harness';
import { DIST } from './dist';
import { addText, isRuntimeThread, startSite, type Site } from './site';
import { offlineManifest } from '../../scripts/vite/deploy-plugin';
import { MAX_WASM_THREADS } from '../../src/lib/scoring/transformers/wasm-threads';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

let site: Site | null = null;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(() => {
  scratch = scratchDir('offline');
  return () => scratch.remove();
});
afterEach(async () => {
  await site?.close();
  site = null;
});

/** Waits until this version is stored and the service worker controls the page. */
async function offlineReady(page: Page): Promise<void> {
  await page
    .getByTestId('offline-status')
    .filter({ hasText: 'Available offline' })
    .waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The build the controlling service worker belongs to. */
function serviceWorkerBuild(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e: MessageEvent<{ build: string }>) => resolve(e.data.build);
        navigator.serviceWorker.controller!.postMessage({ type: 'version' }, [channel.port2]);
      }),
  );
}

describe('offline use and updates', () => {
  it('a second visit loads and scores with a bundled model with the host gone and the network off', async () => {
    site = await startSite();
    const { page, context } = await site.newPage();
    try {
      await offlineReady(page);
      await site.server.close(); // the host is gone…
      await context.setOffline(true); // …and so is the network
      const responses: { url: string; fromServiceWorker: boolean }[] = [];
      context.on('response', (r) =>
        responses.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() }),
      );
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await page.reload();

      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // the cached copy kept its headers
      const threads = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), MAX_WASM_THREADS);
      await addText(page, 'Offline, the heron came back to the pond at dawn.');
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect(page.getByTestId('doc-stats').textContent()).resolves.toMatch(/\d+ tokens/);
      await expect(page.getByTestId('device').textContent()).resolves.toBe(
        `Device: WASM · ${threads} threads`,
      );
      expect(workers.filter(isRuntimeThread)).toHaveLength(threads - 1);

      // Page, scripts, the runtime's binary and the model: all answered by the service worker.
      const paths = responses.map((r) => new URL(r.url).pathname);
      for (const wanted of [
        /^\/$/,
        /^\/assets\/main-.*\.js$/,
        /^\/runtime\/.*\.wasm$/,
        /bigram\/onnx\/model\.onnx$/,
      ])
        expect(
          paths.some((p) => wanted.test(p)),
          String(wanted),
        ).toBe(true);
      expect(responses.filter((r) => !r.fromServiceWorker)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers a new version without forcing it: not during a run, only when accepted, keeping downloaded models', async () => {
    const v1 = path.join(scratch.dir, 'v1');
    const v2 = path.join(scratch.dir, 'v2');
    cpSync(DIST, v1, { recursive: true });
    cpSync(DIST, v2, { recursive: true });
    // Version 2: the same files under another build name, as if one file had changed.
    const { build } = offlineManifest(v1);
    const next = 'feedfacecafe';
    const sw = readFileSync(path.join(v2, 'sw.js'), 'utf8');
    expect(sw).toContain(build);
    writeFileSync(path.join(v2, 'sw.js'), sw.replaceAll(build, next));

    site = await startSite({ dir: v1 });
    const { page, context } = await site.newPage();
    try {
      await offlineReady(page);
      expect(await serviceWorkerBuild(page)).toBe(build);
      // A model "downloaded from the Hub" earlier, in transformers.js's cache.
      await page.evaluate(() =>
        caches
          .open('transformers-cache')
          .then((c) => c.put('https://huggingface.co/a/b/resolve/main/config.json', new Response('{}'))),
      );
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

      // A run in progress, held by a pause.
      const corpus = scratch.file(
        'corpus.jsonl',
        Array.from({ length: 600 }, (_, i) =>
          JSON.stringify({ text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] }),
        ).join('\n'),
      );
      await page.getByTestId('file-input').setInputFiles(corpus);
      await expect.poll(() => page.getByTestId('score').textContent()).toContain('600 documents');
      await page.getByTestId('bundled-model').selectOption('semisynth-test/tiny-llama');
      await page.getByTestId('device-select').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('pause-scoring').click();
      const progress = page.getByTestId('scoring-progress');
      await progress.filter({ hasText: '· paused' }).waitFor({ timeout: 120_000 });

      // The host now serves version 2; the browser finds it (as it does on any visit).
      site.server.serve(v2);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      await page.getByTestId('update-ready').waitFor({ timeout: 120_000 });
      // Offered, not applied: the page and its run are as they were, and the button waits for the run.
      await expect(page.getByTestId('apply-update').isDisabled()).resolves.toBe(true);
      await expect(progress.textContent()).resolves.toMatch(/· paused/);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
      expect(await serviceWorkerBuild(page)).toBe(build);

      await page.getByTestId('cancel-scoring').click();
      await page.getByTestId('score').waitFor();
      await expect.poll(() => page.getByTestId('apply-update').isEnabled()).toBe(true);
      await Promise.all([page.waitForEvent('load'), page.getByTestId('apply-update').click()]);

      expect(
        await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBeUndefined();
      await offlineReady(page);
      expect(await serviceWorkerBuild(page)).toBe(next);
      // The old version's files are gone; the downloaded model is not.
      expect(await page.evaluate(() => caches.keys())).toEqual(
        expect.arrayContaining(['transformers-cache', `semisynth-app-${next}`]),
      );
      expect(
        (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('semisynth-app-')),
      ).toEqual([`semisynth-app-${next}`]);
      await expect(page.getByTestId('update-ready').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});
