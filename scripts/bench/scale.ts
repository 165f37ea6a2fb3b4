/**
 * `npm run bench -- --only scale`: a large corpus through "Edit the whole corpus to a file" on the Text page
 * (the corpus-run worker: score with the bigram model → edit → export JSONL), in the instrumented build
 * driven in Chromium. Two inputs, each about 200 MB of text (--quick: 10 MB; BENCH_SCALE_MB=N: N MB),
 * generated here with a seed: a JSON Lines file gzipped, and a Parquet file (hyparquet-writer, row groups
 * of 10,000 rows) of other texts. Each runs in a fresh browser profile on disk (so OPFS is a real file system, and the first input's
 * scores do not serve the second), with the save picker removed so the output goes to OPFS and is
 * downloaded as the page does without one.
 *
 * Reported per input: MB/s of text (the documents' UTF-8 bytes) through scoring and through editing and
 * writing, as the page measured them; the peak, over samples every 500 ms, of the JS heap in use by the
 * page and by every worker (CDP Runtime.getHeapUsage on each target, ArrayBuffer backing stores and WASM
 * memory included where Chromium reports them), as sampled (garbage V8 has not collected yet included) and
 * live (every 10 s, just after a forced GC on every target); and the peak resident memory of this run's
 * Chromium renderer processes (page and workers share one). The issue's target: 500 MB for 200 MB of text.
 * Not counted: Blob data held by the browser process, and OPFS files (on disk).
 *
 * For finding where the time goes: BENCH_SCALE_PROFILE=DIR writes each worker's CPU profile of each run (CDP
 * Profiler on every worker target, from the model loaded to the output downloaded), and BENCH_SCALE_THREADS=N
 * picks the model panel's WASM threads instead of Auto (the run's line then says `threads`).
 */
import {
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { ensureBuilt, previewBench } from './build';
import type { BenchOptions } from './options';
import { emit, round, type Machine } from './report';
import { CorpusGenerator } from './stats-corpus';

const MB = 1e6;
const TARGET_MB = 500;

/** Paragraphs from a seeded generator until about `bytes` of text. */
function* paragraphs(seed: number, bytes: number): Generator<string> {
  const gen = new CorpusGenerator(seed);
  for (let written = 0; written < bytes;) {
    const p = gen.paragraph();
    written += Buffer.byteLength(p);
    yield p;
  }
}

async function writeJsonlGz(file: string, seed: number, bytes: number): Promise<number> {
  const gzip = createGzip();
  const done = gzip.pipe(createWriteStream(file));
  let n = 0;
  for (const text of paragraphs(seed, bytes))
    if (!gzip.write(JSON.stringify({ id: n++, text }) + '\n')) await once(gzip, 'drain');
  gzip.end();
  await once(done, 'finish');
  return n;
}

function writeParquet(file: string, seed: number, bytes: number): number {
  const texts = [...paragraphs(seed, bytes)];
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Float64Array.from(texts, (_, i) => i), type: 'DOUBLE' },
      { name: 'text', data: texts, type: 'STRING' },
    ],
    rowGroupSize: 10_000,
  });
  writeFileSync(file, new Uint8Array(buffer));
  return texts.length;
}

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/** Samples the JS heap of the page and of every worker it starts (auto-attached over CDP). */
async function heapSampler(page: Page, profiling: boolean) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  /** Worker sessions → the worker's script name (prior.worker, corpus-run.worker, input.worker, ORT's). */
  const workers = new Map<string, string>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id === undefined) return;
    pending.get(m.id)?.(m.result ?? null);
    pending.delete(m.id);
  });
  const inTarget = (sessionId: string, method: string, params: object = {}, timeoutMs = 5000) =>
    new Promise<unknown>((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      setTimeout(() => pending.delete(i) && resolve(null), timeoutMs);
      cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method, params }) })
        .catch(() => resolve(null));
    });
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { url: string } }) => {
    workers.set(e.sessionId, (e.targetInfo.url.split('/').pop() ?? '').replace(/-[\w-]{8}\.js$/, ''));
    if (profiling)
      void inTarget(e.sessionId, 'Profiler.enable').then(() => inTarget(e.sessionId, 'Profiler.start'));
  });
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => workers.delete(e.sessionId));
  const inWorker = (sessionId: string) => inTarget(sessionId, 'Runtime.getHeapUsage');
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const bytesOf = (h: HeapUsage | null) => (h ? h.usedSize + (h.backingStorageSize ?? 0) : 0);
  type Peak = { total: number; page: number; workers: Record<string, number> };
  const empty = (): Peak => ({ total: 0, page: 0, workers: {} });
  /** As sampled (garbage included, as V8 leaves it), and just after a forced GC (what is live). */
  const peaks = { sampled: empty(), live: empty() };
  let rendererRss = 0;
  let samples = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sample = async () => {
    // Every 20th sample (10 s) collects garbage everywhere first, so that sample is the live heap.
    const live = ++samples % 20 === 0;
    if (live) {
      await cdp.send('HeapProfiler.collectGarbage').catch(() => null);
      await Promise.all([...workers.keys()].map((s) => inTarget(s, 'HeapProfiler.collectGarbage')));
    }
    const pageHeap = bytesOf((await cdp.send('Runtime.getHeapUsage').catch(() => null)) as HeapUsage | null);
    const heaps = await Promise.all(
      [...workers].map(
        async ([s, name]) => [name, bytesOf((await inWorker(s)) as HeapUsage | null)] as const,
      ),
    );
    const total = pageHeap + heaps.reduce((a, [, b]) => a + b, 0);
    const peak = live ? peaks.live : peaks.sampled;
    if (total > peak.total) {
      const named: Record<string, number> = {};
      for (const [name, bytes] of heaps) named[name] = (named[name] ?? 0) + bytes;
      Object.assign(peak, { total, page: pageHeap, workers: named });
    }
    rendererRss = Math.max(rendererRss, renderersRss());
  };
  const loop = () => {
    timer = setTimeout(() => void sample().finally(() => timer !== null && loop()), 500);
  };
  loop();
  return {
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      return { ...peaks, rendererRss };
    },
    /** Each worker's CPU profile since it started (with BENCH_SCALE_PROFILE), by script name. */
    async profiles(): Promise<[string, unknown][]> {
      if (!profiling) return [];
      return Promise.all(
        [...workers].map(async ([s, name]) => {
          const result = (await inTarget(s, 'Profiler.stop', {}, 60_000)) as { profile?: unknown } | null;
          return [name, result?.profile ?? null] as [string, unknown];
        }),
      );
    },
  };
}

const megabytes = (p: { total: number; page: number; workers: Record<string, number> }) => ({
  total: round(p.total / MB),
  page: round(p.page / MB),
  ...Object.fromEntries(Object.entries(p.workers).map(([name, bytes]) => [name, round(bytes / MB)])),
});

/** Resident memory of this process's Chromium renderers (the page and its workers run in one). */
function renderersRss(): number {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--type=renderer'))
        renderers.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let bytes = 0;
  for (const pid of renderers.filter(ours)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      bytes += rss ? Number(rss[1]) * 1024 : 0;
    } catch {
      // ended
    }
  }
  return bytes;
}

/** `profilePrefix`: where to write each worker's CPU profile of the run (`<prefix><worker>.cpuprofile`), or null. */
async function runOne(
  url: string,
  file: string,
  output: BenchOutput,
  profilePrefix: string | null,
  threads: number | null,
): Promise<Record<string, unknown>> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'semisynth-bench-scale-profile-'));
  let context: BrowserContext | null = null;
  try {
    // A profile on disk: OPFS is then files, as for a user (an incognito context keeps it in memory).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    await context.addInitScript(() => {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error('[bench page error]', e.message));
    await page.goto(url);
    await page.getByTestId('bundled-model').selectOption('semisynth-test/bigram');
    await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
    await page.getByTestId('device-select').selectOption('wasm');
    if (threads !== null) await page.getByTestId('threads-select').selectOption(String(threads));
    await page.getByTestId('load-model').click();
    await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
    const heaps = await heapSampler(page, profilePrefix !== null);
    await page.getByTestId('corpus-run-files').setInputFiles(file);
    await page.getByTestId('corpus-run-kind').selectOption(output);
    const started = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 0 }),
      page.getByTestId('corpus-run-start').click(),
    ]);
    let outputBytes = 0;
    for await (const chunk of await download.createReadStream()) outputBytes += (chunk as Buffer).length;
    const seconds = (performance.now() - started) / 1000;
    const { sampled, live, rendererRss } = heaps.stop();
    for (const [name, profile] of await heaps.profiles())
      if (profilePrefix !== null && profile)
        writeFileSync(`${profilePrefix}${name}.cpuprofile`, JSON.stringify(profile));
    const done = page.getByTestId('corpus-run-done');
    const attr = async (name: string) => Number(await done.getAttribute(name));
    const textBytes = await attr('data-text-bytes');
    const scoring = await attr('data-scoring-seconds');
    const exporting = await attr('data-exporting-seconds');
    return {
      inputMegabytes: round(statSync(file).size / MB),
      textMegabytes: round(textBytes / MB),
      outputMegabytes: round(outputBytes / MB),
      seconds: round(seconds),
      scoreMegabytesPerSecond: round(textBytes / MB / scoring),
      editExportMegabytesPerSecond: round(textBytes / MB / exporting),
      peakHeapMegabytes: megabytes(sampled),
      peakLiveHeapMegabytes: megabytes(live),
      peakRendererRssMegabytes: round(rendererRss / MB),
      targetMegabytes: TARGET_MB,
      withinTarget: sampled.total / MB < TARGET_MB,
    };
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const INPUTS = ['jsonl.gz', 'parquet'] as const;
type BenchInput = (typeof INPUTS)[number];
const OUTPUTS = { jsonl: 'edited JSONL', parquet: 'edited Parquet' } as const;
type BenchOutput = keyof typeof OUTPUTS;

/** A comma-separated environment variable's entries, each one of `allowed` (all of them when unset). */
function chosen<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const value = process.env[name];
  if (!value) return [...fallback];
  const picked = value.split(',').map((v) => v.trim());
  const unknown = picked.filter((v) => !allowed.includes(v as T));
  if (unknown.length > 0)
    throw new Error(`${name}: unknown ${unknown.join(', ')}; use one or more of ${allowed.join(', ')}`);
  return picked as T[];
}

export async function runScaleBench(options: BenchOptions, machine: Machine): Promise<void> {
  // BENCH_SCALE_MB sets another size (a machine too slow or too loaded for 200 MB in the time it has);
  // BENCH_SCALE_INPUTS=parquet runs one input; BENCH_SCALE_OUTPUT=parquet writes edited Parquet instead.
  const size = Number(process.env.BENCH_SCALE_MB) || (options.quick ? 10 : 200);
  const inputs = chosen<BenchInput>('BENCH_SCALE_INPUTS', INPUTS, INPUTS);
  const [output] = chosen<BenchOutput>('BENCH_SCALE_OUTPUT', Object.keys(OUTPUTS) as BenchOutput[], [
    'jsonl',
  ]);
  const textBytes = size * MB;
  // BENCH_SCALE_PROFILE=DIR: each worker's CPU profile of each run, as DIR/<input>-<worker>.cpuprofile.
  const profileDir = process.env.BENCH_SCALE_PROFILE || null;
  // BENCH_SCALE_THREADS=N: the model panel's WASM threads (default: the app's own, Auto).
  const threads = Number(process.env.BENCH_SCALE_THREADS) || null;
  const buildSeconds = await ensureBuilt(options.build);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'semisynth-bench-scale-'));
  let server: PreviewServer | null = null;
  try {
    const generated: [BenchInput, string, number][] = [];
    if (inputs.includes('jsonl.gz')) {
      const gz = path.join(scratch, 'corpus.jsonl.gz');
      generated.push(['jsonl.gz', gz, await writeJsonlGz(gz, 21, textBytes)]);
    }
    if (inputs.includes('parquet')) {
      const parquet = path.join(scratch, 'corpus.parquet');
      generated.push(['parquet', parquet, writeParquet(parquet, 22, textBytes)]);
    }
    server = await previewBench();
    const address = server.httpServer.address();
    if (address === null || typeof address === 'string') throw new Error('preview server has no port');
    const url = `http://127.0.0.1:${address.port}/`;
    for (const [input, file, documents] of generated) {
      const load = os.loadavg().map(round);
      emit(
        'scale',
        {
          input,
          documents,
          model: 'semisynth-test/bigram',
          device: 'wasm',
          output: OUTPUTS[output],
          buildSeconds: round(buildSeconds),
          loadBefore: load,
          ...(threads === null ? {} : { threads }),
          ...(await runOne(
            url,
            file,
            output,
            profileDir ? path.join(profileDir, `${input}-`) : null,
            threads,
          )),
        },
        machine,
      );
    }
  } finally {
    if (server) await new Promise<void>((resolve) => server!.httpServer.close(() => resolve()));
    rmSync(scratch, { recursive: true, force: true });
  }
}
