/**
 * The statistics engine in Chromium: the stats client and its module workers, bundled by Vite on the
 * browser test's harness page (test/browser/stats-harness), analysing the benchmark's generated corpus
 * fetched from 127.0.0.1; with the page's main-thread long tasks (> 50 ms) during the run.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build, preview, type Plugin, type PreviewServer } from 'vite';
import type { HarnessRun, StatsHarness } from '../../test/browser/stats-harness/main';
import { launchChromium } from '../chromium';
import { ROOT } from './paths';

const OUT = '.cache/semisynth-bench/stats-harness';
const PAGE = 'test/browser/stats-harness/index.html';

/** Serves one file under /bench-corpus/ (with the headers a cross-origin-isolated page needs). */
function corpusRoute(file: string): Plugin {
  return {
    name: 'semisynth-bench-corpus',
    configurePreviewServer(server) {
      server.middlewares.use('/bench-corpus/', (_req, res) => {
        res.setHeader('Content-Length', statSync(file).size);
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export interface ChromiumStats {
  chromium: string;
  runs: (HarnessRun & { workers: number })[];
  /** The same integer loop (20 M hash mixes, third of three runs) in a Chromium worker and in Node, ms. */
  calibration: { chromiumWorkerMs: number; nodeMs: number };
}

/**
 * A fixed integer loop (murmur3's finaliser into HyperLogLog-like registers), to tell the engine's speed
 * in Chromium from the JavaScript engine's own speed there: on some machines Chromium's V8 runs the very
 * same code several times slower than Node's.
 */
const CALIBRATION = `
  function fmix(h) { h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16; return h >>> 0; }
  function run() {
    const reg = new Uint8Array(4096);
    const t = performance.now();
    for (let i = 0; i < 20000000; i++) {
      const h = fmix(i); const idx = h >>> 20; const rest = (h << 12) >>> 0;
      const r = rest === 0 ? 21 : Math.clz32(rest) + 1; if (r > reg[idx]) reg[idx] = r;
    }
    return performance.now() - t;
  }`;

function nodeCalibration(): number {
  return (new Function(`${CALIBRATION}; run(); run(); return run();`) as () => number)();
}

/** Builds the harness, serves it with `file`, and analyses the file once per worker count. */
export async function chromiumStats(file: string, workerCounts: number[]): Promise<ChromiumStats> {
  await build({
    root: ROOT,
    logLevel: 'error',
    build: { outDir: OUT, emptyOutDir: true, rolldownOptions: { input: { harness: PAGE } } },
  });
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'error',
    build: { outDir: OUT },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    plugins: [corpusRoute(file)],
  });
  let browser: Browser | null = null;
  try {
    const address = server.httpServer.address();
    if (address === null || typeof address === 'string') throw new Error('preview server has no port');
    const origin = `http://127.0.0.1:${address.port}/`;
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(new URL(PAGE, origin).href);
    await page.waitForFunction(() => 'statsHarness' in window);
    const runs: ChromiumStats['runs'] = [];
    for (const workers of workerCounts) {
      const run = await page.evaluate(
        ([url, name, w]) =>
          (window as unknown as { statsHarness: StatsHarness }).statsHarness.analyseUrl(url, name, {
            workers: w,
            compare: true,
          }),
        [`/bench-corpus/${path.basename(file)}`, path.basename(file), workers] as const,
      );
      runs.push({ ...run, workers });
    }
    const chromiumWorkerMs = await page.evaluate(
      (body) =>
        new Promise<number>((resolve) => {
          const blob = new Blob([`${body}; run(); run(); postMessage(run());`], { type: 'text/javascript' });
          const w = new Worker(URL.createObjectURL(blob));
          w.onmessage = (e: MessageEvent<number>) => {
            w.terminate();
            resolve(e.data);
          };
        }),
      CALIBRATION,
    );
    return {
      chromium: browser.version(),
      runs,
      calibration: { chromiumWorkerMs, nodeMs: nodeCalibration() },
    };
  } finally {
    await browser?.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
