/**
 * `npm run bench -- --only stats`: throughput and memory of the statistics engine on a seeded, generated
 * corpus written to a temporary file (deleted afterwards).
 *
 *  1. One worker thread, the same file read the same way, five ways: reading only; the fused unigram +
 *     bigram hashing (target ≥ 20 MB/s); the regex hashing of hashed-features.ts; the full report; and a
 *     plain Map<string, number> counter of unigrams + bigrams as the baseline (ratios against it).
 *  2. The stats client's pool (1 and N worker threads) on the same file: the page's code path.
 *  3. A corpus 10× larger streamed from disk by the pool, with the process's peak RSS, the main thread's
 *     peak heap and each worker's peak heap, required under 1 GB.
 *
 * Sizes: 100 MB and 1 GB; --quick: 10 MB and 100 MB. The machine is shared: the load average is printed
 * with each line. Node worker threads run the same modules as the browser's stats worker.
 */
import * as Comlink from 'comlink';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { StreamFormat } from '../../src/lib/io/stream-format';
import { joinEntries, openInputs } from '../../src/lib/io/open-inputs';
import type { StatsWorkerApi } from '../../src/lib/stats/engine/stats-worker-api';
import { StatsClient, type WorkerHandle } from '../../src/state/stats-client';
import { WorkerConnection } from '../../src/lib/worker/worker-connection';
import type { BenchOptions } from './options';
import { emit, round, type Machine } from './report';
import { chromiumStats, PROFILE_INTERVAL_MICROS } from './stats-browser';
import { stageBreakdown, type Stage } from './stats-stages';
import { writeCorpus } from './stats-corpus';
import type { BenchThreadApi, ThroughputMode } from './stats-thread';

const MB = 1024 * 1024;
/** The target for unigram + bigram hashing in one worker. */
const HASH_TARGET_MBPS = 20;
const HEAP_BOUND = 1024 * MB;

interface Thread {
  remote: Comlink.Remote<BenchThreadApi>;
  terminate(): Promise<number>;
}

function startThread(): Thread {
  const worker = new Worker(new URL('./stats-thread.mjs', import.meta.url));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage(port2, [port2 as unknown as NodeMessagePort]);
  const remote = Comlink.wrap<BenchThreadApi>(port1);
  return {
    remote,
    terminate: () => {
      port1.close();
      return worker.terminate();
    },
  };
}

/**
 * A pool worker for the stats client that reads `file` from disk in its own thread: the client's calls
 * pass through unchanged except the file, which the thread opens by path.
 */
function pathWorker(file: string, threads: Thread[], profile: boolean): () => WorkerHandle {
  return () => {
    const t = startThread();
    threads.push(t);
    // Sent before any call of the client's, so the profile covers the thread's whole share of the work.
    if (profile) void t.remote.startProfile(PROFILE_INTERVAL_MICROS);
    const r = t.remote;
    const api = {
      // Opening a plain file hands back the file itself: done here, as the thread reads it by path anyway.
      open: async (...[files, name]: Parameters<StatsWorkerApi['open']>) =>
        joinEntries(await openInputs(files), name),
      inspect: (_f: Blob, source: string, format: StreamFormat) => r.inspectPath(file, source, format),
      runBlock: (...[task, options, onProgress]: Parameters<StatsWorkerApi['runBlock']>) =>
        r.runBlockPath({ ...task, file: null } as unknown as typeof task, file, options, onProgress),
      readBlock: (...[task, options, onProgress]: Parameters<StatsWorkerApi['readBlock']>) =>
        r.readBlockPath({ ...task, file: null } as unknown as typeof task, file, options, onProgress),
      serveReducer: r.serveReducer,
      connectReducer: r.connectReducer,
      beginReduce: r.beginReduce,
      fold: r.fold,
      finishReduce: r.finishReduce,
      compare: r.compare,
      examples: r.examples,
    };
    return new WorkerConnection<StatsWorkerApi>(
      api as unknown as Comlink.Remote<StatsWorkerApi>,
      () => void t.terminate(),
      'a benchmark statistics thread',
    );
  };
}

const load = () => round(os.loadavg()[0]);
const mb = (bytes: number) => round(bytes / MB);

/** Samples the process's RSS (all threads) and this thread's heap until stopped. */
function memorySampler() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    rss = Math.max(rss, process.memoryUsage().rss);
    heap = Math.max(heap, getHeapStatistics().used_heap_size);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss, heap };
    },
  };
}

/** The target for exact bigram divergence in one worker, and its heap bound on 1 GB. */
const EXACT_TARGET_MBPS = 10;
const EXACT_HEAP_BOUND = 1536 * MB;

function exactDivergenceLine(
  r: Awaited<ReturnType<Comlink.Remote<BenchThreadApi>['exactDivergence']>>,
  mode: 'exact' | 'map',
) {
  const rate = r.bytes / MB / r.seconds;
  return {
    mode,
    what:
      mode === 'exact'
        ? 'exact bigram tables (sorted runs, 4 MiB blocks, 64 groups) for two corpora dealt from the file, merged, finalized and compared over their joint support'
        : 'baseline: Map<string, number> of bigram strings per corpus, divergences over the union of keys',
    worker: 'node worker_threads',
    megabytes: mb(r.bytes),
    seconds: round(r.seconds),
    cpuSeconds: round(r.cpuSeconds),
    megabytesPerSecond: round(rate),
    megabytesPerCpuSecond: round(r.bytes / MB / r.cpuSeconds),
    documents: r.documents,
    distinctBigrams: r.distinct,
    jointSupport: r.support,
    tier: r.tier,
    jsd: r.jsd,
    tv: r.tv,
    peakHeapMegabytes: mb(r.peakHeapBytes),
    // Counts the typed arrays too (they live outside V8's heap): the figure the bound is about.
    peakHeapWithBuffersMegabytes: mb(r.peakHeapWithBuffersBytes),
    ...(mode === 'exact' && {
      targetMegabytesPerSecond: EXACT_TARGET_MBPS,
      meetsTarget: rate >= EXACT_TARGET_MBPS,
      heapBoundMegabytes: mb(EXACT_HEAP_BOUND),
      withinHeapBound: r.peakHeapWithBuffersBytes < EXACT_HEAP_BOUND,
    }),
    loadAverage: load(),
  };
}

/** The stats client's pool reading `file` in Node worker threads: wall and CPU time (every thread), memory. */
async function analyseFile(file: string, workers: number, profile = false) {
  const threads: Thread[] = [];
  const client = new StatsClient({ workers, spawn: pathWorker(file, threads, profile) });
  const blob = Object.assign(await openAsBlob(file), { name: path.basename(file) });
  try {
    // Start the threads (and their TypeScript loading) before the clock does.
    await client.inspect(blob, { kind: 'txt' });
    const memory = memorySampler();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await client.analyse({ kind: 'file', file: blob }, { name: 'bench', seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    const c = process.cpuUsage(cpu);
    const workerHeaps = await Promise.all(threads.map((t) => t.remote.peakHeap()));
    const workerMemory = await Promise.all(threads.map((t) => t.remote.peakHeapWithBuffers()));
    const profiles = profile ? await Promise.all(threads.map((t) => t.remote.stopProfile())) : [];
    return {
      report,
      seconds,
      cpuSeconds: (c.user + c.system) / 1e6,
      memory: memory.stop(),
      workerHeaps,
      workerMemory,
      bytes: blob.size,
      profiles,
    };
  } finally {
    client.dispose();
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

/**
 * The page's statistics in Chromium against the same code path in Node, on the same corpus in the same run:
 * the stats client's pool with 1 and N workers (4 MiB blocks, merged and finalized), wall-clock MB/s and
 * MB per CPU-second (Chromium: the renderer process; Node: the whole process), Node measured before and
 * after Chromium; then one profiled run each, broken down by stage. (The one-thread `report` line above is
 * another path — one block, no merge, no finalize — and is not comparable with the page.)
 */
async function chromiumAgainstNode(corpus: string, bytes: number, counts: number[], machine: Machine) {
  const node = async () => {
    const out = new Map<number, { seconds: number; cpuSeconds: number }>();
    for (const w of counts) out.set(w, await analyseFile(corpus, w));
    return out;
  };
  const before = await node();
  const c = await chromiumStats(corpus, [
    { workers: 1, compare: true },
    ...counts.map((workers) => ({ workers })),
    { workers: 1, profile: true },
  ]);
  const after = await node();
  const nodeProfiled = await analyseFile(corpus, 1, true);
  for (const r of c.runs.filter((r) => r.compared)) {
    emit(
      'stats-chromium',
      {
        workers: r.workers,
        chromium: c.chromium,
        megabytes: mb(bytes),
        seconds: round(r.seconds),
        megabytesPerSecond: round(bytes / MB / r.seconds),
        documents: r.documents,
        finalizeSeconds: round(r.finalizeSeconds),
        mainThreadLongTasks: r.longTasks.length,
        longestMainThreadTaskMs: round(Math.max(0, ...r.longTasks)),
        compareSeconds: round(r.compareSeconds),
        compareMainThreadLongTasks: r.compareLongTasks.length,
        compareLongestMainThreadTaskMs: round(Math.max(0, ...r.compareLongTasks)),
        loadAverage: load(),
      },
      machine,
    );
  }
  for (const r of c.runs.filter((r) => !r.compared && r.profiles.length === 0)) {
    const n = [before.get(r.workers)!, after.get(r.workers)!];
    const nodeSeconds = (n[0].seconds + n[1].seconds) / 2;
    const nodeCpu = (n[0].cpuSeconds + n[1].cpuSeconds) / 2;
    emit(
      'stats-chromium-vs-node',
      {
        what: 'the same stats-client pool on the same corpus: Chromium module workers against Node worker threads (mean of a run before and one after)',
        workers: r.workers,
        nodeMegabytesPerSecond: n.map((x) => round(bytes / MB / x.seconds)),
        chromiumMegabytesPerSecond: round(bytes / MB / r.seconds),
        ratio: round(nodeSeconds / r.seconds),
        nodeMegabytesPerCpuSecond: round(bytes / MB / nodeCpu),
        chromiumMegabytesPerCpuSecond: round(bytes / MB / r.cpuSeconds),
        cpuRatio: round(nodeCpu / r.cpuSeconds),
        loadAverage: load(),
      },
      machine,
    );
  }
  const profiled = c.runs.find((r) => r.profiles.length > 0);
  if (profiled) {
    const chromium = stageBreakdown(profiled.profiles);
    const node = stageBreakdown(nodeProfiled.profiles);
    for (const stage of Object.keys(chromium.ms) as Stage[]) {
      emit(
        'stats-stage',
        {
          stage,
          workers: 1,
          chromiumMs: round(chromium.ms[stage]),
          nodeMs: round(node.ms[stage]),
          chromiumOverNode: round(chromium.ms[stage] / node.ms[stage]),
        },
        machine,
      );
    }
    emit(
      'stats-stage-unmatched',
      {
        what: "the largest functions counted as 'other'",
        chromium: chromium.unmatched,
        node: node.unmatched,
      },
      machine,
    );
  }
  const cal = c.calibration;
  const ms = (xs: number[]) => xs.map(round);
  emit(
    'stats-chromium-calibration',
    {
      what: 'a 20 M-iteration hash loop whose finaliser returns an unsigned (>>> 0) or a signed (| 0) 32-bit value, three runs each, in a Chromium worker and in Node, ms',
      chromiumWorkerMs: {
        unsigned: ms(cal.chromiumWorkerMs.unsigned),
        signed: ms(cal.chromiumWorkerMs.signed),
      },
      nodeMs: { unsigned: ms(cal.nodeMs.unsigned), signed: ms(cal.nodeMs.signed) },
      loadAverage: load(),
    },
    machine,
  );
}

export async function runStatsBench(options: BenchOptions, machine: Machine): Promise<void> {
  const smallBytes = (options.quick ? 10 : 100) * MB;
  const largeBytes = (options.quick ? 100 : 1024) * MB;
  const pool = Math.max(1, Math.min(4, os.cpus().length));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'semisynth-stats-bench-'));
  try {
    const corpus = path.join(dir, 'corpus.txt');
    let started = performance.now();
    const bytes = await writeCorpus(corpus, smallBytes, 1);
    emit(
      'stats-corpus',
      { megabytes: mb(bytes), generateSeconds: round((performance.now() - started) / 1000), seed: 1 },
      machine,
    );

    // 1. One worker thread, five ways over the same reader.
    const thread = startThread();
    const rates: Partial<Record<ThroughputMode, number>> = {};
    try {
      for (const mode of ['read', 'hash', 'hash-regex', 'report', 'map'] as const) {
        const r = await thread.remote.throughput(corpus, mode);
        rates[mode] = r.bytes / MB / r.seconds;
        emit(
          'stats-worker',
          {
            mode,
            what: {
              read: 'read + UTF-8 decode + split paragraphs (the floor every mode pays)',
              hash: 'unigram + bigram hashing, fused word-punct scanner + FNV-1a into 10 000 buckets',
              'hash-regex':
                'unigram + bigram hashing as hashed-features.ts does it (regex tokens, then FNV-1a)',
              report:
                'the full model-free report (hashing, exact/Misra–Gries n-grams, types, sample, examples)',
              map: 'baseline: Map<string, number> of every unigram and bigram string (regex tokens)',
            }[mode],
            worker: 'node worker_threads (the modules of workers/stats.worker.ts)',
            megabytes: mb(r.bytes),
            seconds: round(r.seconds),
            cpuSeconds: round(r.cpuSeconds),
            megabytesPerSecond: round(rates[mode]),
            // The machine is shared: CPU time is the fairer clock when the load average exceeds the cores.
            megabytesPerCpuSecond: round(r.bytes / MB / r.cpuSeconds),
            documents: r.documents,
            features: r.features,
            ...(mode === 'map' && { distinctStrings: r.distinct }),
            peakHeapMegabytes: mb(r.peakHeapBytes),
            ...(mode === 'hash' && {
              targetMegabytesPerSecond: HASH_TARGET_MBPS,
              meetsTarget: rates.hash! >= HASH_TARGET_MBPS,
            }),
            loadAverage: load(),
          },
          machine,
        );
      }
    } finally {
      await thread.terminate();
    }
    // 1b. Exact bigram divergence (two corpora dealt from the file), against the Map baseline.
    const exactThread = startThread();
    try {
      for (const mode of ['exact', 'map'] as const) {
        const r = await exactThread.remote.exactDivergence(corpus, mode);
        emit('stats-exact-divergence', exactDivergenceLine(r, mode), machine);
      }
    } finally {
      await exactThread.terminate();
    }
    emit(
      'stats-baseline-ratio',
      {
        hashOverMap: round(rates.hash! / rates.map!),
        reportOverMap: round(rates.report! / rates.map!),
        hashOverRegexHash: round(rates.hash! / rates['hash-regex']!),
      },
      machine,
    );

    // 2. The client's pool on the same file.
    for (const workers of pool > 1 ? [1, pool] : [1]) {
      const r = await analyseFile(corpus, workers);
      emit(
        'stats-pool',
        {
          workers,
          megabytes: mb(r.bytes),
          seconds: round(r.seconds),
          megabytesPerSecond: round(r.bytes / MB / r.seconds),
          documents: r.report.counts.documents,
          blocks: Math.ceil(r.bytes / r.report.recipe.blockBytes),
          peakRssMegabytes: mb(r.memory.rss),
          peakMainHeapMegabytes: mb(r.memory.heap),
          peakWorkerHeapMegabytes: r.workerHeaps.map(mb),
          peakWorkerHeapWithBuffersMegabytes: r.workerMemory.map(mb),
          loadAverage: load(),
        },
        machine,
      );
    }

    // 2b. The same in Chromium's module workers (the page's own path), side by side with Node.
    try {
      await chromiumAgainstNode(corpus, bytes, pool > 1 ? [1, pool] : [1], machine);
    } catch (error) {
      emit('stats-chromium', { error: String(error instanceof Error ? error.message : error) }, machine);
    }
    rmSync(corpus);

    // 3. A large corpus streamed from disk: exact bigram divergence alone in one thread, then the pool.
    const large = path.join(dir, 'large.txt');
    started = performance.now();
    const largeWritten = await writeCorpus(large, largeBytes, 2);
    const generateSeconds = (performance.now() - started) / 1000;
    const largeThread = startThread();
    try {
      const e = await largeThread.remote.exactDivergence(large, 'exact');
      emit('stats-exact-divergence', exactDivergenceLine(e, 'exact'), machine);
    } finally {
      await largeThread.terminate();
    }
    const r = await analyseFile(large, pool);
    rmSync(large);
    const peakHeap = r.memory.heap + r.workerHeaps.reduce((s, h) => s + h, 0);
    emit(
      'stats-stream',
      {
        workers: pool,
        megabytes: mb(largeWritten),
        generateSeconds: round(generateSeconds),
        seconds: round(r.seconds),
        megabytesPerSecond: round(largeWritten / MB / r.seconds),
        documents: r.report.counts.documents,
        tokens: r.report.counts.tokens,
        peakRssMegabytes: mb(r.memory.rss),
        peakMainHeapMegabytes: mb(r.memory.heap),
        peakWorkerHeapMegabytes: r.workerHeaps.map(mb),
        peakWorkerHeapWithBuffersMegabytes: r.workerMemory.map(mb),
        peakHeapTotalMegabytes: mb(peakHeap),
        peakHeapWithBuffersTotalMegabytes: mb(r.memory.heap + r.workerMemory.reduce((s, h) => s + h, 0)),
        heapBoundMegabytes: mb(HEAP_BOUND),
        bounded: peakHeap < HEAP_BOUND,
        bigramErrorBound: 'insufficient' in r.report.bigrams ? null : r.report.bigrams.errorBound,
        loadAverage: load(),
      },
      machine,
    );
  } catch (error) {
    emit(
      'stats',
      { error: String(error instanceof Error ? (error.stack ?? error.message) : error) },
      machine,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
