import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startApp, type App } from './harness';
import { seededRng } from '../../src/lib/random/seeded';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-stats-big-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A seeded JSONL corpus of about `bytes` bytes: Zipf-ish words from a 50 000-word vocabulary. */
async function writeCorpus(file: string, bytes: number): Promise<number> {
  const rng = seededRng(11);
  const vocabulary = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
  const out = createWriteStream(file);
  let written = 0;
  let documents = 0;
  while (written < bytes) {
    const words: string[] = [];
    const n = 40 + Math.floor(rng() * 200);
    for (let i = 0; i < n; i++) words.push(vocabulary[Math.floor(Math.pow(rng(), 3) * vocabulary.length)]);
    const line = JSON.stringify({ id: documents, text: words.join(' ') + '.' }) + '\n';
    written += Buffer.byteLength(line);
    documents++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return documents;
}

describe('the Statistics page on a 100 MB corpus', () => {
  it(
    'streams it in the workers with no main-thread task over 50 ms, then draws every view',
    // One retry: on a machine shared with other work, the scheduler can stretch one task past 50 ms (seen
    // once in five runs here: a 288 ms task while the machine ran two other test suites). A regression —
    // any real long task — fails both attempts; each attempt logs its long tasks and what ran in them.
    { timeout: 600_000, retry: 1 },
    async () => {
      const file = path.join(scratch, 'big.jsonl');
      const documents = await writeCorpus(file, 100 * 1024 * 1024);
      const { page, context } = await app.newPage();
      try {
        await page.getByTestId('nav-stats').click();
        await page.getByTestId('stats-page').waitFor();
        // Registered before the file is chosen: every task from here on is observed. Long animation frames
        // name the scripts that ran in them. (No busy probe loop: a main thread kept busy is preempted mid-task
        // on a loaded machine, which would read as long tasks of its own making.)
        await page.evaluate(() => {
          const w = window as unknown as { __long: { start: number; duration: number }[]; __loaf: string[] };
          w.__long = [];
          w.__loaf = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
          }).observe({ type: 'longtask' });
          type Loaf = PerformanceEntry & {
            scripts: { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number }[];
          };
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as Loaf[]) {
              if (e.duration <= 50) continue;
              const scripts = e.scripts.map(
                (x) =>
                  `${x.invoker} ${x.sourceFunctionName}@${x.sourceURL.split('/').pop()} ${Math.round(x.duration)}`,
              );
              w.__loaf.push(
                `${Math.round(e.duration)} ms: ${scripts.join(', ') || 'no script (rendering, GC)'}`,
              );
            }
          }).observe({ type: 'long-animation-frame' });
        });
        const started = Date.now();
        await page.getByTestId('stats-file-input').setInputFiles(file);
        await page.getByTestId('stats-name').fill('big');
        await page.getByTestId('stats-analyse').click();
        await page.getByTestId('progress-0').waitFor({ timeout: 30_000 });
        const poll = setInterval(() => {
          void page
            .getByTestId('progress-0')
            .textContent({ timeout: 1000 })
            .then((t) =>
              console.log(`[stats 100 MB] ${((Date.now() - started) / 1000).toFixed(0)} s: ${t?.trim()}`),
            )
            .catch(() => {});
        }, 10_000);
        await page.getByTestId('facts-0').waitFor({ timeout: 540_000 });
        const processedAt = await page.evaluate(() => performance.now());
        clearInterval(poll);
        const seconds = (Date.now() - started) / 1000;
        // Every section mounted and drawn (they mount as they scroll into view).
        for (const section of ['features', 'top-ngrams', 'lexical', 'laws']) {
          await page.getByTestId(`section-${section}`).scrollIntoViewIfNeeded();
          await page.waitForTimeout(300);
        }
        await page.getByTestId('zipf-chart').waitFor();
        await page.waitForTimeout(500);
        const { long, loaf, mounts } = await page.evaluate(() => {
          const w = window as unknown as { __long: { start: number; duration: number }[]; __loaf: string[] };
          const mounts = performance
            .getEntriesByType('measure')
            .filter((m) => m.name.startsWith('stats-mount:'))
            .map((m) => `${m.name.slice('stats-mount:'.length)} ${m.duration.toFixed(1)} ms`);
          return { long: w.__long, loaf: w.__loaf, mounts };
        });
        const facts = await page.getByTestId('facts-0').textContent();
        console.log(
          `[stats 100 MB] ${documents} documents, ${seconds.toFixed(1)} s; card: ${facts}; ` +
            `long tasks (ms): ${JSON.stringify(long.map((t) => Math.round(t.duration)))}; ` +
            `long animation frames: ${loaf.join(' | ') || 'none'}; section mounts: ${mounts.join(', ')}`,
        );
        await page.screenshot({ path: path.join(ARTIFACTS, 'stats-100mb.png') });
        expect(facts).toMatch(new RegExp(`^${documents.toLocaleString('en-US')} documents`));
        // While the corpus is processed (file chosen → report shown): no task over 50 ms, the bar.
        expect(long.filter((t) => t.start < processedAt).map((t) => t.duration)).toEqual([]);
        // Drawing the finished report mounts one chart or table per task (each well under 50 ms here, the
        // slowest ~45 ms); a looser bound keeps a shared CI machine from failing on scheduling noise while
        // still catching a regression to rendering whole sections in one task (51–64 ms before, and far more
        // for all of them at once).
        expect(long.filter((t) => t.start >= processedAt && t.duration > 150)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
