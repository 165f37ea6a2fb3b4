/**
 * The statistics engine in Chromium: the stats client and its module workers, bundled by Vite on the
 * browser test's harness page (test/browser/stats-harness), analysing the benchmark's generated corpus
 * fetched from 127.0.0.1; with the page's main-thread long tasks (> 50 ms) during the run, the renderer's
 * CPU time and, on request, a CPU profile of each worker.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type Plugin, type PreviewServer } from 'vite';
import type { HarnessRun, StatsHarness } from '../../test/browser/stats-harness/main';
import { launchChromium } from '../chromium';
import { ROOT } from './paths';
import type { CpuProfile } from './stats-stages';

const OUT = '.cache/semisynth-bench/stats-harness';
const PAGE = 'test/browser/stats-harness/index.html';

/**
 * Serves one file under /bench-corpus/, and the calibration loop as a worker script at /bench-calibration.js
 * (the site's policy allows workers from its own origin only, not from blob: URLs), with the headers a
 * cross-origin-isolated page needs.
 */
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
      server.middlewares.use('/bench-calibration.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        res.end(`${CALIBRATION}; postMessage(calibrate());`);
      });
    },
  };
}

export interface ChromiumRun extends HarnessRun {
  workers: number;
  /** CPU time of the page's renderer process (its main thread and workers) during the analysis, s. */
  cpuSeconds: number;
  /** One CPU profile per worker the run started (when profiled). */
  profiles: CpuProfile[];
  /** Whether the run also compared the report with itself (its CPU time then includes the comparison). */
  compared: boolean;
}

export interface ChromiumStats {
  chromium: string;
  runs: ChromiumRun[];
  calibration: Calibration;
}

/**
 * A hash loop (murmur3's finaliser into HyperLogLog-like registers, 20 M times) in a Chromium worker and in
 * Node, written twice with the same bits and the same work: the finaliser returning an unsigned 32-bit value
 * (`>>> 0`, as the engine's hashes do) and returning a signed one (`| 0`). Each form has its own functions
 * (one shared loop taking the finaliser as an argument would measure a polymorphic call instead) and each
 * runs three times in a row, every time reported: the first runs show how soon V8 optimises the loop, which
 * differs between Chromium's tiers and Node's and, on a busy machine, from run to run.
 */
export interface Calibration {
  chromiumWorkerMs: { unsigned: number[]; signed: number[] };
  nodeMs: { unsigned: number[]; signed: number[] };
}

const CALIBRATION = `
  function fmixU(h) { h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16; return h >>> 0; }
  function fmixS(h) { h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16; return h | 0; }
  function runU() {
    const reg = new Uint8Array(4096);
    const t = performance.now();
    for (let i = 0; i < 20000000; i++) {
      const h = fmixU(i); const idx = h >>> 20; const rest = h << 12;
      const r = rest === 0 ? 21 : Math.clz32(rest) + 1; if (r > reg[idx]) reg[idx] = r;
    }
    return performance.now() - t;
  }
  function runS() {
    const reg = new Uint8Array(4096);
    const t = performance.now();
    for (let i = 0; i < 20000000; i++) {
      const h = fmixS(i); const idx = h >>> 20; const rest = h << 12;
      const r = rest === 0 ? 21 : Math.clz32(rest) + 1; if (r > reg[idx]) reg[idx] = r;
    }
    return performance.now() - t;
  }
  function calibrate() { return { unsigned: [runU(), runU(), runU()], signed: [runS(), runS(), runS()] }; }`;

function nodeCalibration(): Calibration['nodeMs'] {
  return (new Function(`${CALIBRATION}; return calibrate();`) as () => Calibration['nodeMs'])();
}

/** Samples every 200 µs: a 4 MiB block takes about a second, so each stage gets thousands of samples. */
export const PROFILE_INTERVAL_MICROS = 200;

/**
 * CPU profiles of every dedicated worker the page starts, through the DevTools protocol: the page's target
 * auto-attaches to each new worker (paused until its profiler runs), and `stop` collects the profiles.
 */
async function workerProfiler(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  const sessions: string[] = [];
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? m.error);
    if (m.id !== undefined) pending.delete(m.id);
  });
  const send = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: i, method, params }),
      });
    });
  let profiling = false;
  cdp.on('Target.attachedToTarget', (e: { sessionId: string }) => {
    void (async () => {
      if (profiling) {
        sessions.push(e.sessionId);
        await send(e.sessionId, 'Profiler.enable');
        await send(e.sessionId, 'Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_MICROS });
        await send(e.sessionId, 'Profiler.start');
      }
      await send(e.sessionId, 'Runtime.runIfWaitingForDebugger');
    })();
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return {
    start() {
      profiling = true;
    },
    async stop(): Promise<CpuProfile[]> {
      profiling = false;
      const out: CpuProfile[] = [];
      for (const s of sessions.splice(0)) {
        const r = (await send(s, 'Profiler.stop')) as { profile?: CpuProfile } | undefined;
        if (r?.profile) out.push(r.profile);
      }
      return out;
    },
  };
}

/**
 * Builds the harness (unminified, so profiles name the engine's functions; Node runs the same modules
 * unminified too), serves it with `file`, and analyses the file once per spec: a profiled run records its
 * workers' profiles; a run with `compare` also compares the report with itself (the page's long tasks
 * while a report is cloned to the comparing worker).
 */
export async function chromiumStats(
  file: string,
  specs: { workers: number; profile?: boolean; compare?: boolean }[],
): Promise<ChromiumStats> {
  await build({
    root: ROOT,
    logLevel: 'error',
    build: {
      outDir: OUT,
      emptyOutDir: true,
      minify: false,
      rolldownOptions: { input: { harness: PAGE } },
    },
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
    const processes = await browser.newBrowserCDPSession();
    const rendererCpu = async () => {
      const info = (await processes.send('SystemInfo.getProcessInfo')) as unknown as {
        processInfo: { type: string; cpuTime: number }[];
      };
      return info.processInfo.filter((p) => p.type === 'renderer').reduce((s, p) => s + p.cpuTime, 0);
    };
    const profiler = await workerProfiler(page);
    await page.goto(new URL(PAGE, origin).href);
    await page.waitForFunction(() => 'statsHarness' in window);
    const runs: ChromiumRun[] = [];
    for (const { workers, profile = false, compare = false } of specs) {
      if (profile) profiler.start();
      const cpu = await rendererCpu();
      const run = await page.evaluate(
        ([url, name, w, hold, withCompare]) =>
          (window as unknown as { statsHarness: StatsHarness }).statsHarness.analyseUrl(url, name, {
            workers: w,
            compare: withCompare,
            hold,
          }),
        [`/bench-corpus/${path.basename(file)}`, path.basename(file), workers, profile, compare] as const,
      );
      const cpuSeconds = (await rendererCpu()) - cpu;
      const profiles = profile ? await profiler.stop() : [];
      await page.evaluate(() => (window as unknown as { statsHarness: StatsHarness }).statsHarness.release());
      runs.push({ ...run, workers, cpuSeconds, profiles, compared: compare });
    }
    const chromiumWorkerMs = await page.evaluate(
      () =>
        new Promise<Calibration['chromiumWorkerMs']>((resolve, reject) => {
          const w = new Worker('/bench-calibration.js');
          w.onmessage = (e: MessageEvent<Calibration['chromiumWorkerMs']>) => {
            w.terminate();
            resolve(e.data);
          };
          w.onerror = () => reject(new Error('the calibration worker did not start'));
        }),
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
