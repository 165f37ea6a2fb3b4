/**
 * The browser side: serves the instrumented build with Vite's preview server on 127.0.0.1 (port 0; the site's
 * headers, so the page is cross-origin isolated), plus the benchmark's own generated models, and drives
 * bench.html, or the app's own prior worker, in Debian's Chromium.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser, Page, Worker as PageWorker } from 'playwright-core';
import type { Plugin, PreviewServer } from 'vite';
import type {
  BenchPageApi,
  Measurement,
  PageInfo,
  RunResult,
  RunSpec,
  Timing,
} from '../../src/bench/protocol';
import { BENCH_MODELS_DIR } from './paths';
import { previewBench } from './build';
import { launchChromium } from '../chromium';

const MODELS_URL = '/bench-models/';
/** The benchmark's own models' organisation (semisynth-bench/smollm2-135m-shape). */
const BENCH_NAMESPACE = 'semisynth-bench';

/**
 * Serves BENCH_MODELS_DIR under /bench-models/ (outside dist/: the 650 MB model is never copied), and its
 * semisynth-bench/ models under /models/ too, where the app's prior worker finds bundled models.
 */
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
      const mount = (url: string, dir: string) =>
        server.middlewares.use(url, (req, res, next) => {
          const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
          const file = path.join(dir, path.normalize(rel));
          if (!file.startsWith(dir + path.sep)) return next();
          if (!existsSync(file) || !statSync(file).isFile()) {
            res.statusCode = 404;
            return res.end();
          }
          send(res, file);
        });
      mount(MODELS_URL, BENCH_MODELS_DIR);
      mount(`/models/${BENCH_NAMESPACE}/`, path.join(BENCH_MODELS_DIR, BENCH_NAMESPACE));
    },
  };
}

/** A run through the app itself: its page, its prior worker, its own choice of WASM threads. */
export interface AppRunSpec {
  modelId: string;
  k: number;
  warmupText: string;
  text: string;
}

export interface AppRunResult extends Measurement {
  crossOriginIsolated: boolean;
  /** The WASM threads the app's worker runs (its load answer). */
  threads: number;
  /** onnxruntime-web's thread workers the page started. */
  ortThreadWorkers: number;
}

export interface BenchBrowser {
  chromiumVersion: string;
  info: PageInfo;
  /** One run in a fresh worker; `workers` counts the dedicated workers it started (bench + ORT threads). */
  run(spec: RunSpec): Promise<RunResult & { workers: number }>;
  /**
   * One run in a fresh app page (index.html): the model loads and scores through the app's prior worker and
   * the same calls the Text page makes (load with the app's thread count, score with its checkpoints).
   */
  runApp(spec: AppRunSpec): Promise<AppRunResult>;
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
      async runApp(spec) {
        const context = await openBrowser.newContext();
        try {
          const appPage = await context.newPage();
          appPage.on('pageerror', (e) => console.error('[bench app page error]', e.message));
          let ortThreadWorkers = 0;
          appPage.on('worker', (w) => {
            if (/\/runtime\/ort-wasm/.test(w.url())) ortThreadWorkers++;
          });
          await appPage.goto(`http://127.0.0.1:${address.port}/`);
          const worker = await appPriorWorker(appPage);
          const result = await worker.evaluate(appRun, spec);
          return { ...result, ortThreadWorkers };
        } finally {
          await context.close();
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

/** The app's prior worker (the page starts it at once, to look for WebGPU). */
async function appPriorWorker(page: Page): Promise<PageWorker> {
  for (;;) {
    const worker = page.workers().find((w) => /\/prior\.worker[^/]*\.js/.test(w.url()));
    if (worker) {
      await worker.evaluate(() => 'ready'); // hooks are set once its module has run
      return worker;
    }
    await page.waitForEvent('worker', { timeout: 30_000 });
  }
}

/**
 * Runs in the app's prior worker, through the instrumented build's hook on its API: the load and scoring
 * calls the page makes, timed as scripts/bench measure() times them (cold run on the warm-up text, then the
 * median of warm runs adding up to at least a second, at most 10). Playwright sends its source, so it is
 * self-contained and names no inner function (tsx would wrap those in a helper the worker lacks).
 */
async function appRun(spec: AppRunSpec): Promise<Omit<AppRunResult, 'ortThreadWorkers'>> {
  interface Api {
    load(
      source: { kind: 'bundled'; id: string },
      device: 'wasm',
      dtype: string,
    ): Promise<{ threads: number }>;
    score(id: number, texts: string[], k: number): Promise<{ logprob: Float32Array }[]>;
  }
  const api = (self as unknown as { __semisynthPriorApi: Api }).__semisynthPriorApi;
  const started = performance.now();
  // No thread count: the worker takes the app's default (every core up to 8 when isolated), as a load
  // from the page with the panel left on Auto does.
  const loaded = await api.load({ kind: 'bundled', id: spec.modelId }, 'wasm', 'fp32');
  const loadSeconds = (performance.now() - started) / 1000;
  const timings: Timing[] = [];
  let warmSeconds = 0;
  // Call 0 is the cold run on the warm-up text; the others are warm runs on the text.
  for (let call = 0; call === 0 || (warmSeconds < 1 && timings.length < 11); call++) {
    const begun = performance.now();
    const [scores] = await api.score(call + 1, [call === 0 ? spec.warmupText : spec.text], spec.k);
    const seconds = (performance.now() - begun) / 1000;
    const tokens = scores.logprob.reduce((n, lp) => (Number.isFinite(lp) ? n + 1 : n), 0);
    timings.push({ tokens, seconds, tokensPerSecond: tokens / seconds, counters: null });
    if (call > 0) warmSeconds += seconds;
  }
  const [cold, ...runs] = timings;
  const warm = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)];
  return {
    loadSeconds,
    cold,
    warm: { ...warm, runs: runs.length },
    crossOriginIsolated: self.crossOriginIsolated,
    threads: loaded.threads,
  };
}
