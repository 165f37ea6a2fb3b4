/**
 * A page with nothing but the stats client, for the browser test of the engine and the benchmark: the
 * real module workers (workers/stats.worker.ts, bundled by Vite), comlink, transfers and Blob streams of
 * Chromium, without the Statistics page around them.
 */
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import type { StreamFormat } from '../../../src/lib/io/stream-format';
import { StatsClient, type AnalyseProgress } from '../../../src/state/stats-client';

export interface HarnessRun {
  /** SHA-256 of the whole report, typed arrays included. */
  digest: string;
  documents: number;
  tokens: number;
  problems: { errors: number; skippedRecords: number; lines: (number | undefined)[] };
  bigramsExact: boolean | null;
  seconds: number;
  /** Of which merging the last blocks' wait, finalizing and the compression ratio (after all blocks were read). */
  finalizeSeconds: number;
  progress: number;
  examples: { docIndex: number; found: string }[];
  /** Durations (ms) of main-thread tasks over 50 ms during the analysis. */
  longTasks: number[];
  /** With options.compare: comparing the report with itself in a worker, and the long tasks meanwhile. */
  compareSeconds: number;
  compareLongTasks: number[];
}

/** JSON with typed arrays as plain arrays, so equal reports give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
  );
}

async function sha256(text: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

let running: AbortController | null = null;
/** Clients whose workers a run kept alive (`hold`), until `release`. */
const held: StatsClient[] = [];

/** Main-thread tasks over 50 ms while analyses ran (the page must stay responsive). */
const longTasks: number[] = [];
let watching = false;
try {
  new PerformanceObserver((list) => {
    if (watching) for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
} catch {
  // No long-task timing in this browser: the list stays empty.
}

async function analyse(
  text: string | Blob,
  name: string,
  options: {
    workers: number;
    blockBytes?: number;
    format?: StreamFormat;
    capacity?: number;
    ngram?: string;
    compare?: boolean;
    /** Keep the workers alive after the run until `release` (the benchmark stops their profilers first). */
    hold?: boolean;
  },
): Promise<HarnessRun> {
  const client = new StatsClient({ workers: options.workers, blockBytes: options.blockBytes });
  running = new AbortController();
  let progress = 0;
  let finalizing = 0;
  try {
    const file = new File([text], name);
    watching = true;
    longTasks.length = 0;
    const started = performance.now();
    const report = await client.analyse(
      { kind: 'file', file, format: options.format },
      {
        name,
        seed: 3,
        report: { heavyHitterCapacity: options.capacity ?? 65_536 },
        signal: running.signal,
        onProgress: (p: AnalyseProgress) => {
          progress = Math.max(progress, p.bytes);
          if (p.phase === 'finalizing' && !finalizing) finalizing = performance.now();
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const finalizeSeconds = finalizing ? (performance.now() - finalizing) / 1000 : 0;
    const analyseLongTasks = longTasks.splice(0);
    // A comparison sends two reports to a worker: that clone happens on this thread.
    let compareSeconds = 0;
    if (options.compare) {
      const t = performance.now();
      await client.compare(report, report, { replicates: 50 });
      compareSeconds = (performance.now() - t) / 1000;
    }
    const compareLongTasks = longTasks.splice(0);
    watching = false;
    const examples = options.ngram
      ? await client.examples(report, { kind: 'ngram', ngram: options.ngram })
      : [];
    return {
      digest: await sha256(canonical(report)),
      documents: report.counts.documents,
      tokens: report.counts.tokens,
      problems: {
        errors: report.problems.errors,
        skippedRecords: report.problems.skippedRecords,
        lines: report.problems.listed.map((p) => p.line),
      },
      bigramsExact: isInsufficient(report.bigrams) ? null : report.bigrams.exact,
      seconds,
      finalizeSeconds,
      progress,
      examples: examples.map((e) => ({ docIndex: e.docIndex, found: e.snippet.slice(...e.match) })),
      longTasks: analyseLongTasks,
      compareSeconds,
      compareLongTasks,
    };
  } finally {
    running = null;
    watching = false;
    if (options.hold) held.push(client);
    else client.dispose();
  }
}

const harness = {
  analyse,
  /** The same, on a file fetched from this origin (the benchmark's generated corpus). */
  async analyseUrl(url: string, name: string, options: Parameters<typeof analyse>[2]): Promise<HarnessRun> {
    const blob = await (await fetch(url)).blob();
    return analyse(blob, name, options);
  },
  /** Ends the workers of the runs that held them. */
  release(): void {
    for (const c of held.splice(0)) c.dispose();
  },
  /** Aborts the analysis in progress (its promise rejects with an AbortError). */
  abort(): void {
    running?.abort();
  },
};
(window as unknown as { statsHarness: typeof harness }).statsHarness = harness;
export type StatsHarness = typeof harness;
