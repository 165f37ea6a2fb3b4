import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { Browser, BrowserContext, Locator, Page, Worker as PageWorker } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { INSTRUMENTED_MODE } from '../../scripts/vite/site-config';
import { INSTRUMENTED_DIST } from './dist';
import { guardContext, type GuardOptions } from './page-guard';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-results');

export interface App {
  url: string;
  browser: Browser;
  /**
   * Opens the app in a fresh context; `requests` logs every request its pages and workers make. The
   * running test fails if the page or a worker throws, rejects unhandled, logs console.error or requests
   * anything but the app's own server, unless `guard` allows it (page-guard.ts).
   */
  newPage(guard?: GuardOptions): Promise<{ page: Page; context: BrowserContext; requests: string[] }>;
  close(): Promise<void>;
}

/**
 * Serves the instrumented build (global-setup.ts builds it) on 127.0.0.1 with `vite preview`, which sends the
 * site's headers (Content-Security-Policy included), and launches Chromium.
 */
export async function startApp(): Promise<App> {
  const server: PreviewServer = await preview({
    root: ROOT,
    mode: INSTRUMENTED_MODE,
    logLevel: 'warn',
    build: { outDir: INSTRUMENTED_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  const url = `http://127.0.0.1:${address.port}/`;
  const browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url,
    browser,
    async newPage(guard) {
      const requests: string[] = [];
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
      });
      // Context-level events include dedicated workers' fetches (the model and WASM files).
      context.on('request', (r) => requests.push(r.url()));
      guardContext(context, url, guard);
      const page = await context.newPage();
      await page.goto(url);
      return { page, context, requests };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve, reject) =>
        server.httpServer.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}

/** Loads a bundled model on a device (text must already be added) and scores everything. */
export async function loadAndScore(page: Page, modelId: string, device: 'wasm' | 'webgpu'): Promise<void> {
  await page.getByTestId('bundled-model').selectOption(modelId);
  await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
  await page.getByTestId('device-select').selectOption(device);
  await page.getByTestId('load-model').click();
  await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
  if (device === 'webgpu') {
    // Let the one-time WebGPU-vs-WASM self-test finish, and keep its pass out of the worker's counters
    // (where the instrumented build's hook reaches them; the production build has none).
    await page.getByTestId('self-test').filter({ hasNotText: 'comparing' }).waitFor({ timeout: 120_000 });
    const worker = await priorWorker(page);
    await worker.evaluate(() =>
      (self as { __semisynthPriorApi?: { resetStats(): void } }).__semisynthPriorApi?.resetStats(),
    );
  }
  await page.getByTestId('score').click();
  await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });
}

export async function downloadText(page: Page, testId: string): Promise<string> {
  return downloadFrom(page, page.getByTestId(testId));
}

/** Clicks `button` and reads the file it offers. */
export async function downloadFrom(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function downloadJson(page: Page, testId: string): Promise<unknown> {
  return JSON.parse(await downloadText(page, testId));
}

/**
 * The prior worker's API, reached through the hook the worker sets on its global (`__semisynthPriorApi`, in
 * the instrumented build only), for what the page does not show (stats, scoreBatch). Found by URL: ORT's own
 * thread workers can be blocked.
 */
export async function priorWorker(page: Page): Promise<PageWorker> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const worker = page.workers().find((w) => /prior\.worker[^/]*\.js/.test(w.url()));
    if (worker) return worker;
    if (Date.now() > deadline) throw new Error('no prior worker in this page');
    await page.waitForTimeout(100);
  }
}

/** A temporary folder for a test file's inputs; `file` writes one and returns its path. */
export function scratchDir(name: string): {
  dir: string;
  file(fileName: string, content: string | Uint8Array): string;
  remove(): void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), `semisynth-${name}-`));
  return {
    dir,
    file(fileName, content) {
      const p = path.join(dir, fileName);
      writeFileSync(p, content);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
