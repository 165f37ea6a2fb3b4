/**
 * The on-GPU score head in the built app's worker (WebGPU on SwiftShader): the page's own scoring path
 * (sample → load → score → export) and batches through the worker's test hook, against the WASM path (logits
 * reduced on the CPU by reduceRow). Also the bytes that reach the CPU per scored token, with and without head.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { ScoresExport } from '../../src/lib/scoring/scores-export';
import type { PriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';
import { analyticBytes } from '../../scripts/bench/report';
import { downloadJson, loadAndScore, priorWorker, startApp, type App } from './harness';

const V = 320;
const K = 8; // the page's K_ALTERNATIVES
const HEAD_BYTES_PER_ROW = 4 + 8 + 4 + K * (8 + 4); // logprob f32, rank i64, entropy f32, k × (id i64, lp f32)
const SAMPLE_TITLE = 'Scripts, emoji, CRLF';
/**
 * Lengths that give several batches (3 documents each), padding, empty and one-token documents. SwiftShader
 * runs tiny-llama at a few hundred rows per second, so the texts are short; chunks of 48 give tiny-llama
 * several passes with the KV cache carried over on the GPU and logits buffers of several shapes. (The
 * bigram model has no cache: every chunk would re-feed half its 4,096-token window, so it takes one pass.)
 */
const TEXTS = [
  '',
  CORPUS_DOCUMENTS[1].slice(0, 300),
  'a',
  CORPUS_DOCUMENTS[6].slice(0, 200),
  ' x',
  CORPUS_DOCUMENTS[2].slice(0, 80),
  CORPUS_DOCUMENTS[0].slice(0, 150),
];
const SIZES: Record<string, { batchSize: number; chunkSize?: number }> = {
  'semisynth-test/tiny-llama': { batchSize: 3, chunkSize: 48 },
  'semisynth-test/bigram': { batchSize: 3 },
};

interface Plain {
  tokenIds: number[];
  logprob: number[];
  rank: number[];
  entropy: number[];
  topLogprobs: number[];
}
interface Run {
  scores: Plain[];
  stats: ReturnType<PriorWorkerApi['stats']>;
}

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** Loads and scores the sample through the UI, then scores TEXTS as one batch call through the worker hook. */
async function runOn(page: Page, modelId: string, device: 'wasm' | 'webgpu', head = true) {
  await page.getByRole('button', { name: SAMPLE_TITLE }).click();
  await loadAndScore(page, modelId, device);
  const exported = (await downloadJson(page, 'export-scores')) as ScoresExport;
  const worker = await priorWorker(page);
  const uiStats = await worker.evaluate(() =>
    (self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi.stats(),
  );
  const batch = (enabled: boolean): Promise<Run> =>
    worker.evaluate(
      async ({ texts, k, enabled, sizes }) => {
        const api = (self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi;
        api.setScoreHead(enabled);
        api.resetStats();
        const all = await api.scoreBatch(texts, k, sizes);
        return {
          stats: api.stats(),
          scores: all.map((s) => ({
            tokenIds: Array.from(s.tokenIds),
            logprob: Array.from(s.logprob),
            rank: Array.from(s.rank),
            entropy: Array.from(s.entropy),
            topLogprobs: Array.from(s.topLogprobs),
          })),
        };
      },
      { texts: TEXTS, k: K, enabled, sizes: SIZES[modelId] },
    );
  const withHead = await batch(head);
  const withoutHead = device === 'webgpu' ? await batch(false) : null;
  return { exported, uiStats, withHead, withoutHead };
}

/** Largest difference over tokens both sides scored; NaN (unscored) must match NaN. */
function worst(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((w, x, i) => {
    if (Number.isNaN(x) || Number.isNaN(b[i])) {
      expect(Number.isNaN(x)).toBe(Number.isNaN(b[i]));
      return w;
    }
    return Math.max(w, x === b[i] ? 0 : Math.abs(x - b[i]));
  }, 0);
}

function expectClose(gpu: Plain[], cpu: Plain[]) {
  expect(gpu.map((s) => s.tokenIds)).toEqual(cpu.map((s) => s.tokenIds));
  let ranks = 0;
  let rankMismatches = 0;
  gpu.forEach((g, d) => {
    const c = cpu[d];
    expect(worst(g.logprob, c.logprob)).toBeLessThan(1e-4);
    expect(worst(g.entropy, c.entropy)).toBeLessThan(1e-4);
    expect(worst(g.topLogprobs, c.topLogprobs)).toBeLessThan(1e-4);
    g.rank.forEach((r, t) => {
      ranks++;
      // Ranks can differ only where another logit is within float noise of the target's.
      expect(Math.abs(r - c.rank[t])).toBeLessThanOrEqual(1);
      if (r !== c.rank[t]) rankMismatches++;
    });
  });
  expect(rankMismatches).toBeLessThanOrEqual(Math.ceil(ranks * 0.005));
}

describe.each(['semisynth-test/tiny-llama', 'semisynth-test/bigram'])('%s', (modelId) => {
  it('WebGPU with the score head equals WASM (1e-4) and moves only B·S·(16 + 12k) bytes', async () => {
    const gpuPage = await app.newPage();
    const cpuPage = await app.newPage();
    try {
      const gpu = await runOn(gpuPage.page, modelId, 'webgpu');
      const cpu = await runOn(cpuPage.page, modelId, 'wasm');

      // The page's own path: one document scored through the head on WebGPU, reduceRow on WASM.
      expect(gpu.uiStats).toMatchObject({ scoreHead: 'on', reducedOn: 'gpu-head', headProblem: '' });
      expect(cpu.uiStats).toMatchObject({ scoreHead: 'off', reducedOn: 'cpu' });
      const gpuTokens = gpu.exported.documents[0].tokens;
      const cpuTokens = cpu.exported.documents[0].tokens;
      expect(gpuTokens.map((t) => t.id)).toEqual(cpuTokens.map((t) => t.id));
      const ui = (tokens: typeof gpuTokens, key: 'logprob' | 'entropy') => tokens.map((t) => t[key] ?? NaN);
      expect(worst(ui(gpuTokens, 'logprob'), ui(cpuTokens, 'logprob'))).toBeLessThan(1e-4);
      expect(worst(ui(gpuTokens, 'entropy'), ui(cpuTokens, 'entropy'))).toBeLessThan(1e-4);
      // One document shorter than the context: one pass of exactly its tokens (BOS prepended, all scored).
      const n = gpuTokens.length;
      expect(gpu.uiStats).toMatchObject({ passes: 1, rows: n, scoredTokens: n });
      expect(gpu.uiStats.bytesToCpu).toBe(n * HEAD_BYTES_PER_ROW);
      expect(cpu.uiStats.bytesToCpu).toBe(n * V * 4);

      // Batches: several documents per pass, padding, chunk restarts, GPU buffers of several shapes.
      expectClose(gpu.withHead.scores, cpu.withHead.scores);
      expectClose(gpu.withoutHead!.scores, cpu.withHead.scores);
      const head = gpu.withHead.stats;
      const noHead = gpu.withoutHead!.stats;
      expect(head.reducedOn).toBe('gpu-head');
      expect(noHead.reducedOn).toBe('cpu');
      expect(head.rows).toBe(noHead.rows);
      expect(head.scoredTokens).toBe(cpu.withHead.scores.reduce((a, s) => a + s.tokenIds.length, 0));
      expect(head.bytesToCpu).toBe(head.rows * HEAD_BYTES_PER_ROW);
      expect(noHead.bytesToCpu).toBe(noHead.rows * V * 4);
      // The measured saving (1,280 / 112 = 11.4× per row at V = 320) is what the benchmark's formula predicts,
      // so the formula's 1,755× at SmolLM2's V = 49,152 (README) rests on these counters.
      const formula = analyticBytes(V, K);
      expect(head.bytesToCpu / head.rows).toBe(formula.withHead);
      expect(noHead.bytesToCpu / noHead.rows).toBe(formula.withoutHead);
      expect(noHead.bytesToCpu / head.bytesToCpu).toBe(formula.withoutHead / formula.withHead);
      const rate = (s: typeof head) => Math.round((s.scoredTokens / s.elapsedMs) * 1000);
      console.info(
        `${modelId}: ${head.passes} passes for ${TEXTS.length} documents; bytes/token ` +
          `${(head.bytesToCpu / head.scoredTokens).toFixed(1)} with head, ` +
          `${(noHead.bytesToCpu / noHead.scoredTokens).toFixed(1)} without; tokens/s (SwiftShader) ` +
          `${rate(head)} with head, ${rate(noHead)} without, WASM ${rate(cpu.withHead.stats)}`,
      );
    } finally {
      await gpuPage.context.close();
      await cpuPage.context.close();
    }
  });
});
