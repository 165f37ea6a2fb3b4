/**
 * The statistics engine in Chromium's module workers: N workers give exactly the one-worker report, file
 * lines survive the blocks, progress reaches the end, abort ends the workers, nothing leaves the page.
 * Runs on a small harness page (stats-harness/) built beside the app, so it does not depend on the page.
 */
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium';
import { seededRng } from '../../src/lib/math/seeded';
import { DIST } from './dist';
import { ROOT } from './harness';
import { guardContext } from './page-guard';
import type { HarnessRun, StatsHarness } from './stats-harness/main';

const OUT = `${DIST}-stats-harness`;
const PAGE = 'test/browser/stats-harness/index.html';

let server: PreviewServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true, rolldownOptions: { input: { harness: PAGE } } },
  });
  server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  url = `http://127.0.0.1:${address.port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
});

/** The harness page in a fresh context, guarded like the app's pages (page-guard.ts). */
async function open(): Promise<{ page: Page; workers: () => number }> {
  const context = await browser.newContext();
  guardContext(context, url);
  const page = await context.newPage();
  let started = 0;
  page.on('worker', () => started++);
  await page.goto(new URL(PAGE, url).href);
  await page.waitForFunction(() => 'statsHarness' in window);
  return { page, workers: () => started };
}

function run(page: Page, ...args: Parameters<StatsHarness['analyse']>): Promise<HarnessRun> {
  return page.evaluate(
    ([text, name, options]) =>
      (window as unknown as { statsHarness: StatsHarness }).statsHarness.analyse(text, name, options),
    args,
  );
}

const WORDS = [
  'the',
  'cat',
  'sat',
  'on',
  'a',
  'mat',
  'über',
  '日本語',
  'dog',
  '.',
  ',',
  'ran',
  'delve',
  'into',
];
function prose(paragraphs: number, seed: number): string {
  const rng = seededRng(seed);
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 1 + Math.floor(rng() * 30) }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(
      ' ',
    ),
  ).join('\n\n');
}

describe('stats workers in Chromium', () => {
  it('3 workers give exactly the 1-worker report, with the summary in play, and examples come back', async () => {
    const { page, workers } = await open();
    const text = prose(4000, 1);
    const options = { blockBytes: 16 * 1024, capacity: 32, ngram: 'delve into' };
    const one = await run(page, text, 'p.txt', { ...options, workers: 1 });
    const three = await run(page, text, 'p.txt', { ...options, workers: 3 });
    expect(one.documents).toBe(4000);
    expect(one.bigramsExact).toBe(false);
    expect(three.digest).toBe(one.digest);
    expect(workers()).toBe(4);
    expect(three.progress).toBe(new TextEncoder().encode(text).length);
    expect(three.examples.length).toBeGreaterThan(0);
    for (const e of three.examples) expect(e.found.toLowerCase()).toBe('delve into');
  });

  it('numbers JSON Lines problems by file line across blocks', async () => {
    const { page } = await open();
    const lines = Array.from({ length: 600 }, (_, i) =>
      i % 41 === 3 ? '{"text": oops}' : JSON.stringify({ text: `doc ${i}` }),
    );
    const r = await run(page, lines.join('\n'), 'd.jsonl', { workers: 3, blockBytes: 1024 });
    const bad = lines.flatMap((l, i) => (l.includes('oops') ? [i + 1] : []));
    expect(r.problems.lines).toEqual(bad);
    expect(r.problems.skippedRecords).toBe(bad.length);
    expect(r.documents).toBe(600 - bad.length);
  });

  it('aborting rejects with an AbortError and the next analysis runs in fresh workers', async () => {
    const { page } = await open();
    const text = prose(60000, 2);
    const outcome = await page.evaluate(async (t) => {
      const h = (window as unknown as { statsHarness: StatsHarness }).statsHarness;
      const pending = h.analyse(t, 'big.txt', { workers: 2, blockBytes: 64 * 1024 });
      await new Promise((r) => setTimeout(r, 150));
      h.abort();
      return pending.then(
        () => 'finished',
        (e: unknown) => (e instanceof DOMException ? e.name : String(e)),
      );
    }, text);
    expect(outcome).toBe('AbortError');
    const after = await run(page, 'one two three', 's.txt', { workers: 2 });
    expect(after.tokens).toBe(3);
  });
});
