/**
 * A benchmark worker thread: the stats worker API (src/lib/stats/engine/stats-worker-api.ts), plus what a Node thread
 * needs for files on disk (a file-backed Blob cannot be posted to a thread, so the thread opens the path
 * itself) and the throughput runs of one worker: the fused hashing, the full report, the regex hashing of
 * hashed-features.ts and the plain Map<string, number> baseline, all over the same reader.
 */
import * as Comlink from 'comlink';
import { openAsBlob } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { CorpusReportOptions } from '../../src/lib/stats/report/corpus-report-types';
import { addTextFeatures, DEFAULT_BUCKETS } from '../../src/lib/stats/measures/hashed-features';
import { addScannedFeatures } from '../../src/lib/stats/report/scan-features';
import { TokenScan } from '../../src/lib/stats/measures/token-scan';
import { wordPunctTokens } from '../../src/lib/stats/measures/word-punct';
import type { BlockTask } from '../../src/lib/stats/engine/blocks';
import { runBlock, type BlockProgress } from '../../src/lib/stats/engine/block-reduce';
import type { StreamFormat } from '../../src/lib/io/stream-format';
import { readParagraphRecords } from '../../src/lib/io/records';
import { BLOCK_BYTES } from '../../src/lib/stats/engine/blocks';
import {
  countExact,
  DEFAULT_EXACT_BUDGET,
  emptyExactNgrams,
  finalizeExact,
  mergeExact,
  sealExact,
} from '../../src/lib/stats/exact/exact-ngrams';
import { jointDivergences } from '../../src/lib/stats/exact/joint-support';
import { combineHash } from '../../src/lib/math/hash-mix';
import type { CpuProfile } from './stats-stages';
import { createStatsWorkerApi } from '../../src/lib/stats/engine/stats-worker-api';

export type ThroughputMode = 'read' | 'hash' | 'hash-regex' | 'map' | 'report';

const blobs = new Map<string, Blob>();
async function blobAt(path: string): Promise<Blob> {
  let b = blobs.get(path);
  if (!b) blobs.set(path, (b = await openAsBlob(path)));
  return b;
}

// Peak V8 heap of this thread, sampled every 10 ms (the readers yield at every chunk, so samples run).
// Typed arrays live outside V8's heap: `external_memory` counts their buffers, so both are tracked.
let peak = 0;
let peakWithBuffers = 0;
const sample = () => {
  const h = getHeapStatistics();
  peak = Math.max(peak, h.used_heap_size);
  peakWithBuffers = Math.max(peakWithBuffers, h.used_heap_size + h.external_memory);
};
const resetPeaks = () => {
  const h = getHeapStatistics();
  peak = h.used_heap_size;
  peakWithBuffers = h.used_heap_size + h.external_memory;
};
setInterval(sample, 10).unref();

/** Starts a measurement (after a GC where --expose-gc allows); `stop` gives wall and CPU time and peaks. */
function startClock() {
  if (typeof gc === 'function') gc();
  resetPeaks();
  const started = performance.now();
  const cpu = process.cpuUsage();
  return {
    stop() {
      sample();
      const c = process.cpuUsage(cpu);
      return {
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: (c.user + c.system) / 1e6,
        peakHeapBytes: peak,
        peakHeapWithBuffersBytes: peakWithBuffers,
      };
    },
  };
}

const api = createStatsWorkerApi();
const decoder = new TextDecoder();

const bench = {
  ...api,
  async inspectPath(path: string, source: string, format: StreamFormat) {
    return api.inspect(await blobAt(path), source, format);
  },
  async readBlockPath(
    task: BlockTask,
    path: string,
    options: CorpusReportOptions,
    onProgress?: (p: BlockProgress) => void,
  ) {
    return api.readBlock(
      task.kind === 'file' ? { ...task, file: await blobAt(path) } : task,
      options,
      onProgress,
    );
  },
  async runBlockPath(
    task: BlockTask,
    path: string,
    options: CorpusReportOptions,
    onProgress?: (p: BlockProgress) => void,
  ) {
    return api.runBlock(
      task.kind === 'file' ? { ...task, file: await blobAt(path) } : task,
      options,
      onProgress,
    );
  },
  /** Reads the whole file as paragraphs and does `mode` with each; the Map baseline's size is returned. */
  async throughput(path: string, mode: ThroughputMode) {
    const file = await blobAt(path);
    const clock = startClock();
    let documents = 0;
    let features = 0;
    let distinct = 0;
    if (mode === 'report') {
      const r = await runBlock(
        {
          kind: 'file',
          index: 0,
          file,
          source: path,
          format: { kind: 'txt', split: 'paragraph' },
          range: { start: 0, end: file.size },
        },
        { name: 'bench', seed: 1 },
      );
      documents = r.documents;
      features = r.acc.tokens + r.acc.bigrams;
    } else {
      const counts = new Float64Array(DEFAULT_BUCKETS);
      const scan = new TokenScan();
      const map = new Map<string, number>();
      await readParagraphRecords(file, { start: 0, end: file.size }, (rec) => {
        if (rec.bytes === null) return; // over the cap: the generated corpus has none
        const text = decoder.decode(rec.bytes);
        documents++;
        if (mode === 'hash') features += addScannedFeatures(counts, text, scan);
        else if (mode === 'hash-regex') features += addTextFeatures(counts, text);
        else if (mode === 'map') {
          // The straightforward reference: a Map from each unigram and bigram string to its count.
          const tokens = wordPunctTokens(text);
          for (let i = 0; i < tokens.length; i++) {
            map.set(tokens[i], (map.get(tokens[i]) ?? 0) + 1);
            if (i > 0) {
              const bigram = tokens[i - 1] + ' ' + tokens[i];
              map.set(bigram, (map.get(bigram) ?? 0) + 1);
            }
          }
          features += tokens.length === 0 ? 0 : 2 * tokens.length - 1;
        }
      });
      distinct = map.size;
    }
    return { ...clock.stop(), bytes: file.size, documents, features, distinct };
  },
  /**
   * Exact bigram divergence, alone: the file's paragraphs dealt alternately to two corpora, each counted into
   * exact tables block by block (4 MiB, as the pool cuts files), sealed and merged as the reducer does,
   * finalized, and compared over their joint support. `map`: the plain baseline, a Map<string, number> of
   * bigram strings per corpus and the same divergences over the union of their keys.
   */
  async exactDivergence(path: string, mode: 'exact' | 'map') {
    const file = await blobAt(path);
    const clock = startClock();
    let documents = 0;
    let result: { distinct: [number, number]; support: number; jsd: number; tv: number; tier: string };
    if (mode === 'exact') {
      const budget = DEFAULT_EXACT_BUDGET;
      const scan = new TokenScan();
      const totals = [emptyExactNgrams(), emptyExactNgrams()];
      for (let start = 0; start < file.size; start += BLOCK_BYTES) {
        const block = [emptyExactNgrams(), emptyExactNgrams()];
        await readParagraphRecords(file, { start, end: Math.min(file.size, start + BLOCK_BYTES) }, (rec) => {
          if (rec.bytes === null) return; // over the record cap: the generated corpus has none
          const side = block[documents % 2];
          const group = (documents >>> 1) % 64;
          documents++;
          const n = scan.scan(decoder.decode(rec.bytes).toLowerCase());
          for (let i = 1; i < n; i++) {
            countExact(side, scan.pairHash[i], combineHash(scan.key2[i - 1], scan.key2[i]), group, budget);
          }
        });
        for (let k = 0; k < 2; k++) {
          sealExact(block[k], budget);
          totals[k] = mergeExact(totals[k], block[k], budget);
        }
        sample();
      }
      const [a, b] = totals.map((t) => finalizeExact(t, 64, budget));
      sample();
      if (!a.run || !b.run) {
        result = {
          distinct: [a.distinct ?? -1, b.distinct ?? -1],
          support: -1,
          jsd: NaN,
          tv: NaN,
          tier: 'hashed',
        };
      } else {
        const d = jointDivergences(a.run, b.run, 0.5, 200);
        result = {
          distinct: [a.distinct!, b.distinct!],
          support: d.support,
          jsd: d.jsd,
          tv: d.tv,
          tier: a.tier,
        };
      }
    } else {
      const maps = [new Map<string, number>(), new Map<string, number>()];
      await readParagraphRecords(file, { start: 0, end: file.size }, (rec) => {
        if (rec.bytes === null) return; // over the record cap: the generated corpus has none
        const m = maps[documents++ % 2];
        const t = wordPunctTokens(decoder.decode(rec.bytes));
        for (let i = 1; i < t.length; i++) {
          const g = t[i - 1] + ' ' + t[i];
          m.set(g, (m.get(g) ?? 0) + 1);
        }
      });
      sample();
      const [a, b] = maps;
      let na = 0;
      let nb = 0;
      for (const c of a.values()) na += c;
      for (const c of b.values()) nb += c;
      let jsd = 0;
      let tv = 0;
      let support = 0;
      const term = (p: number, q: number) => {
        const m = (p + q) / 2;
        return ((p > 0 ? p * Math.log2(p / m) : 0) + (q > 0 ? q * Math.log2(q / m) : 0)) / 2;
      };
      for (const [g, ca] of a) {
        const cb = b.get(g) ?? 0;
        jsd += term(ca / na, cb / nb);
        tv += Math.abs(ca / na - cb / nb) / 2;
        support++;
      }
      for (const [g, cb] of b) {
        if (a.has(g)) continue;
        jsd += term(0, cb / nb);
        tv += cb / nb / 2;
        support++;
      }
      result = { distinct: [a.size, b.size], support, jsd, tv, tier: 'map' };
    }
    return { ...clock.stop(), bytes: file.size, documents, ...result };
  },
  peakHeap(): number {
    sample();
    return peak;
  },
  /** The peak of V8's heap plus the array buffers outside it (typed arrays). */
  peakHeapWithBuffers(): number {
    sample();
    return peakWithBuffers;
  },
  resetPeak(): void {
    resetPeaks();
  },
  /** Starts V8's CPU profiler on this thread (the same sampler Chromium's DevTools protocol drives). */
  async startProfile(intervalMicros: number): Promise<void> {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await profiler.post('Profiler.start');
  },
  async stopProfile(): Promise<CpuProfile> {
    const { profile } = await profiler!.post('Profiler.stop');
    profiler!.disconnect();
    return profile as CpuProfile;
  },
};
let profiler: Session | null = null;

export type BenchThreadApi = typeof bench;

// Spoken to over a MessagePort the main thread sends (ports are EventTargets, as comlink wants).
parentPort!.once('message', (port: MessagePort) => Comlink.expose(bench, port));
