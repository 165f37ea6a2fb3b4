/**
 * The seams between page and workers, on the real page (issue 11's "done means"): loading another model
 * mid-scoring files no score under the wrong model; a 20 MB document shows progress within itself and
 * cancels at once; a worker killed mid-call ends the run with the reason instead of hanging.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { downloadJson, priorWorker, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { ScoresExport } from '../../src/lib/scoring/scores-export';
import type { PriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-seams-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const DOCS = 600;
// Distinct texts: scores are filed by the text's hash, so a repeated text would count as scored already.
const docText = (i: number) => `${i}: ${CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length]}`;

/** A JSONL corpus of DOCS test documents, added on the Text page. */
async function addCorpus(page: Page): Promise<void> {
  const file = path.join(scratch, 'corpus.jsonl');
  writeFileSync(
    file,
    Array.from({ length: DOCS }, (_, i) => JSON.stringify({ text: docText(i) })).join('\n'),
  );
  await page.getByTestId('file-input').setInputFiles(file);
  await expect.poll(() => page.getByTestId('score').textContent()).toContain(`${DOCS} documents`);
}

async function loadModel(page: Page, id: string): Promise<void> {
  await page.getByTestId('bundled-model').selectOption(id);
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
}

async function waitReady(page: Page, label: RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId('model-ready').textContent(), { timeout: 60_000 }).toMatch(label);
}

/** Documents done so far in the running score's progress line (NaN when no run shows). */
async function documentsDone(page: Page): Promise<number> {
  const text =
    (await page
      .getByTestId('scoring-progress')
      .textContent({ timeout: 1000 })
      .catch(() => '')) ?? '';
  return Number(/(\d+) \/ \d+ documents/.exec(text)?.[1]);
}

/** The corpus added, tiny-llama loaded (slow enough to catch mid-run), and a few documents scored. */
async function scoringUnderWay(page: Page): Promise<void> {
  await addCorpus(page);
  await loadModel(page, 'semisynth-test/tiny-llama');
  await waitReady(page, /Tiny Llama/);
  await page.getByTestId('score').click();
  await expect.poll(() => documentsDone(page), { timeout: 60_000 }).toBeGreaterThan(0);
}

/** Documents still to score with the loaded model, from the Score button. */
async function unscored(page: Page): Promise<number> {
  const label = (await page.getByTestId('score').textContent()) ?? '';
  return /Score documents/.test(label) ? 0 : Number(/Score (\d+) document/.exec(label)?.[1]);
}

/**
 * Clicks Cancel and measures, in the page, how long the run takes to stop (the Score button is back) and,
 * when the worker had to be ended, until it was (the model panel starts loading the model again: its Cancel-load button shows). When it
 * stopped between passes instead, its scored-token counter must stand still from the first read on.
 * Bounds are generous for a busy 2-core machine (timing bars belong to the benchmark); the figures are logged.
 */
async function cancelAndMeasure(page: Page): Promise<{ ended: boolean }> {
  const scoring = await priorWorker(page);
  await page.evaluate(() => {
    const marks = { clicked: -1, stopped: -1, ended: -1 };
    (window as unknown as { __cancelMarks: typeof marks }).__cancelMarks = marks;
    const button = document.querySelector('[data-testid="cancel-scoring"]')!;
    button.addEventListener('click', () => (marks.clicked = performance.now()), { capture: true });
    new MutationObserver(() => {
      const now = performance.now();
      if (marks.stopped < 0 && document.querySelector('[data-testid="score"]')) marks.stopped = now;
      if (marks.ended < 0 && document.querySelector('[data-testid="cancel-load"]')) marks.ended = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const read = () =>
    scoring.evaluate(
      () =>
        (self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi.stats().scoredTokens,
    );
  const clicked = Date.now();
  await page.getByTestId('cancel-scoring').click();
  // Answered at the worker's next checkpoint; a worker busy tokenizing answers only once ended (a rejection).
  const firstRead = await read().catch(() => null);
  const firstReadAfter = Date.now() - clicked;
  await page.getByTestId('score').waitFor();
  await page.waitForTimeout(1000); // past the grace period: a worker that did not stop has been ended
  const marks = await page.evaluate(
    () =>
      (window as unknown as { __cancelMarks: { clicked: number; stopped: number; ended: number } })
        .__cancelMarks,
  );
  const ended = marks.ended >= 0;
  const runStopped = marks.stopped - marks.clicked;
  if (ended) {
    const endedAfter = marks.ended - marks.clicked;
    console.log(
      `[seams] cancel mid-tokenizing: run stopped ${runStopped.toFixed(0)} ms, worker ended ${endedAfter.toFixed(0)} ms after the click`,
    );
    expect(endedAfter).toBeLessThan(5_000);
  } else {
    expect(firstRead).not.toBeNull();
    expect(await read()).toBe(firstRead); // nothing scored after that read, a second later
    console.log(
      `[seams] cancel between passes: run stopped ${runStopped.toFixed(0)} ms after the click; ` +
        `the worker's counter stood still from its first read, ${firstReadAfter} ms after the click`,
    );
    expect(firstReadAfter).toBeLessThan(5_000);
  }
  expect(runStopped).toBeGreaterThanOrEqual(0);
  expect(runStopped).toBeLessThan(5_000);
  await expect(page.getByTestId('scoring-progress').count()).resolves.toBe(0); // no further progress
  return { ended };
}

describe('the seams between page and workers', () => {
  it('loading another model mid-scoring stops the run and files no score under the wrong model', async () => {
    const { page, context } = await app.newPage();
    try {
      await scoringUnderWay(page);
      await expect(page.getByTestId('load-stops-work').textContent()).resolves.toMatch(
        /first stops the scoring in progress/,
      );

      await loadModel(page, 'semisynth-test/bigram');
      await waitReady(page, /Bigram/);
      await page.getByTestId('score').waitFor(); // the run has stopped
      await expect
        .poll(() => page.getByTestId('problems').textContent())
        .toContain('Scoring stopped here: another model is being loaded.');
      expect(await unscored(page)).toBe(DOCS); // nothing tiny-llama computed shows under the bigram

      await loadModel(page, 'semisynth-test/tiny-llama');
      await waitReady(page, /Tiny Llama/);
      const left = await unscored(page);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(DOCS);
      const exported = (await downloadJson(page, 'export-scores')) as ScoresExport;
      expect(exported.provenance.modelId).toBe('semisynth-test/tiny-llama');
      expect(exported.documents).toHaveLength(DOCS - left);
      // The scores filed under tiny-llama are tiny-llama's: the same text scored again agrees.
      const first = exported.documents[0];
      const worker = await priorWorker(page);
      const again = await worker.evaluate(async (text) => {
        const api = (self as unknown as { __semisynthPriorApi: PriorWorkerApi }).__semisynthPriorApi;
        const [s] = await api.scoreBatch([text], 8);
        return Array.from(s.logprob);
      }, docText(first.index));
      expect(again).toHaveLength(first.tokens.length);
      const worst = Math.max(...again.map((lp, t) => Math.abs(lp - (first.tokens[t].logprob ?? NaN))));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await context.close();
    }
  });

  it('a 20 MB document shows progress within itself and cancels at once', async () => {
    const { page, context } = await app.newPage();
    try {
      const file = path.join(scratch, 'long.txt');
      const paragraphs: string[] = [];
      for (let bytes = 0, i = 0; bytes < 20_000_000; i++) {
        paragraphs.push(docText(i));
        bytes += Buffer.byteLength(docText(i)) + 2;
      }
      writeFileSync(file, paragraphs.join('\n\n'));
      await page.getByTestId('file-input').setInputFiles(file);
      await expect
        .poll(() => page.getByTestId('score').textContent(), { timeout: 120_000 })
        .toContain('Score 1 document');
      await loadModel(page, 'semisynth-test/bigram');
      await waitReady(page, /Bigram/);

      // Cancelled while the worker tokenizes the document (no checkpoint there): the worker is ended
      // after the grace period and the model loaded again in a fresh one.
      await page.getByTestId('score').click();
      await page.waitForTimeout(500);
      const first = await cancelAndMeasure(page);
      expect(first.ended).toBe(true);
      await waitReady(page, /Bigram/);
      expect(await unscored(page)).toBe(1);

      // Cancelled while passes run: progress moves within the one document, and the worker stops at its
      // next checkpoint, keeping its model.
      await page.getByTestId('score').click();
      const progress = page.getByTestId('scoring-progress');
      await expect
        .poll(
          async () =>
            /0 \/ 1 documents · [1-9][\d,]* tokens · [\d.]+ [KM]iB of/.test(
              (await progress.textContent()) ?? '',
            ),
          { timeout: 120_000 },
        )
        .toBe(true);
      const second = await cancelAndMeasure(page);
      expect(second.ended).toBe(false);
      await waitReady(page, /Bigram/);
      await expect(page.getByTestId('scoring-progress').count()).resolves.toBe(0);
      expect(await unscored(page)).toBe(1); // nothing partial was filed
    } finally {
      await context.close();
    }
  });

  it('a prior worker killed mid-call ends the run with the reason and keeps the finished documents', async () => {
    const { page, context } = await app.newPage();
    try {
      await scoringUnderWay(page);
      const worker = await priorWorker(page);
      // An error thrown outside any call: what a crash looks like to the page.
      await worker.evaluate(() => {
        setTimeout(() => {
          throw new Error('killed by the test');
        }, 0);
      });
      await page.getByTestId('score').waitFor(); // the run ended: nothing hangs
      await expect
        .poll(() => page.getByTestId('problems').textContent())
        .toMatch(/Scoring failed.*the prior worker stopped: .*killed by the test/);
      await expect(page.getByTestId('model-error').textContent()).resolves.toMatch(/stopped working/);

      await loadModel(page, 'semisynth-test/tiny-llama');
      await waitReady(page, /Tiny Llama/);
      const left = await unscored(page);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(DOCS); // finished documents kept their scores
    } finally {
      await context.close();
    }
  });
});
