/**
 * The production site (dist/, built by global-setup.ts) served the way a host serves it: by a plain static
 * server (test/support/static-server.ts, not Vite) with the headers of its own `_headers` file, or none.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { startStaticServer, type StaticServer } from '../support/static-server';
import { DIST } from './dist';
import { guardContext, type GuardOptions, type PageGuard } from './page-guard';

export interface SitePage {
  page: Page;
  context: BrowserContext;
  guard: PageGuard;
  /** URLs of the workers the page started: the app's, and onnxruntime-web's thread workers. */
  workers: string[];
}

export interface Site {
  server: StaticServer;
  browser: Browser;
  /** Opens the site in a fresh context (no service worker, no cache yet), guarded like the app's tests. */
  newPage(guard?: GuardOptions): Promise<SitePage>;
  close(): Promise<void>;
}

/** onnxruntime-web's thread workers: started from its script in runtime/. */
export const isRuntimeThread = (url: string) => /\/runtime\/ort-wasm[^/]*\.js$/.test(url);

export async function startSite(
  options: Parameters<typeof startStaticServer>[1] & { dir?: string } = {},
): Promise<Site> {
  const server = await startStaticServer(options.dir ?? DIST, options);
  const browser = await launchChromium();
  const origin = `${new URL(server.url).origin}/`;
  return {
    server,
    browser,
    async newPage(guardOptions) {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
      });
      const guard = guardContext(context, origin, guardOptions);
      const page = await context.newPage();
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await page.goto(server.url);
      return { page, context, guard, workers };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Adds a short text on the Text page. */
export async function addText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Text to score').fill(text);
  await page.getByRole('button', { name: 'Add text' }).click();
}
