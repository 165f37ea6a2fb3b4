/**
 * The browser side: serves the instrumented build with Vite's preview server on 127.0.0.1 (port 0; the site's
 * headers, so the page is cross-origin isolated), plus the benchmark's own generated models, and drives
 * bench.html, or the app's own prior worker, in Debian's Chromium.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Plugin, PreviewServer } from 'vite';
import type { BenchPageApi, PageInfo, RunResult, RunSpec } from '../../src/bench/protocol';
import { BENCH_MODELS_DIR } from './paths';
import { previewBench } from './build';
import { launchChromium } from '../chromium';

const MODELS_URL = '/bench-models/';

/** Serves BENCH_MODELS_DIR under /bench-models/ (outside dist/: the 650 MB model is never copied). */
function benchModels(): Plugin {
  const send = (res: ServerResponse, file: string) => {
    res.setHeader('Content-Length', statSync(file).size);
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    // Middlewares added here run before Vite's header middleware; the page needs these on every response.
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'semisynth-bench-models',
    configurePreviewServer(server) {
      server.middlewares.use(MODELS_URL, (req, res, next) => {
        const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const file = path.join(BENCH_MODELS_DIR, path.normalize(rel));
        if (!file.startsWith(BENCH_MODELS_DIR + path.sep)) return next();
        if (!existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          return res.end();
        }
        send(res, file);
      });
    },
  };
}

export interface BenchBrowser {
  chromiumVersion: string;
  info: PageInfo;
  /** One run in a fresh worker; `workers` counts the dedicated workers it started (bench + ORT threads). */
  run(spec: RunSpec): Promise<RunResult & { workers: number }>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BenchBrowser> {
  const server: PreviewServer = await previewBench([benchModels()]);
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page: Page = await browser.newPage();
    page.on('pageerror', (e) => console.error('[bench page error]', e.message));
    await page.goto(`http://127.0.0.1:${address.port}/bench.html`);
    await page.waitForFunction(() => 'semisynthBench' in window);
    const info = await page.evaluate(() =>
      (window as unknown as { semisynthBench: BenchPageApi }).semisynthBench.pageInfo(),
    );
    const openBrowser = browser;
    return {
      chromiumVersion: browser.version(),
      info,
      async run(spec) {
        // Workers started during this run: the bench worker and ORT's pthreads (terminated ones linger in
        // page.workers() for a while, so count creations instead).
        let workers = 0;
        const count = () => workers++;
        page.on('worker', count);
        try {
          const result = await page.evaluate(
            (s) => (window as unknown as { semisynthBench: BenchPageApi }).semisynthBench.run(s),
            spec,
          );
          return { ...result, workers };
        } finally {
          page.off('worker', count);
        }
      },
      async close() {
        await openBrowser.close();
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      },
    };
  } catch (error) {
    await browser?.close();
    server.httpServer.close();
    throw error;
  }
}
