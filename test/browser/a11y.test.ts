/**
 * Every page in the states a first-time user reaches, at 390, 1280/1400 and 2560 px, and the Text page in
 * the dark theme:
 * no serious or critical axe-core violation, no horizontal overflow, no overlapping chart labels or tables,
 * no covered control. And the Statistics page keeps Analyse off for a file it has refused.
 */
import path from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startApp, type App } from './harness';
import { checkLayouts } from './a11y';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { LESSONS } from '../../src/lib/lab/lessons';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-a11y-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const WIDTHS = [390, 1280, 2560];
/** The Statistics page's side-by-side tables overlapped at 1400 px once: check it there too. */
const STATS_WIDTHS = [390, 1400, 2560];

describe('accessibility and layout', () => {
  it('the Text page, empty, scored and edited, light and dark', async () => {
    const { page, context } = await app.newPage();
    try {
      expect(await checkLayouts(page, WIDTHS)).toEqual([]);
      await page.getByRole('button', { name: 'Collapsed model output (first run)' }).click();
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });
      expect(await checkLayouts(page, WIDTHS)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'text-scored-390.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByTestId('view-edits').click();
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await checkLayouts(page, WIDTHS)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'text-edits-dark.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the Statistics page refuses a binary file with Analyse off, then compares two corpora', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.goto(`${app.url}#/stats`);
      expect(await checkLayouts(page, WIDTHS)).toEqual([]);
      const binary = path.join(scratch, 'corpus.jsonl'); // a PNG under a JSON Lines name
      writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(binary);
      await page.getByTestId('add-corpus').getByTestId('problems').waitFor();
      await expect(page.getByTestId('add-corpus').getByTestId('problems').textContent()).resolves.toMatch(
        /corpus\.jsonl.*PNG image/s,
      );
      await expect(page.getByTestId('stats-analyse').isDisabled()).resolves.toBe(true);

      for (const [slot, name, step] of [
        [0, 'human', 1],
        [1, 'synthetic', 7],
      ] as const) {
        const file = path.join(scratch, `${name}.jsonl`);
        const lines = Array.from({ length: 120 }, (_, i) =>
          JSON.stringify({ text: `${CORPUS_DOCUMENTS[(i * step) % CORPUS_DOCUMENTS.length]} ${i}` }),
        );
        writeFileSync(file, lines.join('\n') + '\n');
        await page.getByTestId('stats-file-input').setInputFiles(file);
        await page.getByTestId('stats-name').fill(name);
        await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
        await page.getByTestId('stats-analyse').click();
        await page.getByTestId(`facts-${slot}`).waitFor({ timeout: 120_000 });
      }
      // Every section drawn: scroll through the page so lazy sections mount.
      for (let y = 0; y < 30; y++) await page.mouse.wheel(0, 900);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'stats-390.png'), fullPage: true });
      await page.setViewportSize({ width: 1400, height: 900 });
      expect(await checkLayouts(page, STATS_WIDTHS)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'stats-1400.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the Collapse lab and its lesson', async () => {
    const lesson = LESSONS[0];
    const { page, context } = await app.newPage();
    try {
      await page.goto(`${app.url}#/lab`);
      await page.getByTestId('lab-overview').waitFor();
      expect(await checkLayouts(page, WIDTHS)).toEqual([]);
      await page.getByTestId(`start-lesson-${lesson.id}`).click();
      for (let i = 0; i < lesson.steps.length; i++) {
        await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
        if (i === 0) {
          await page.setViewportSize({ width: 390, height: 900 });
          await page.screenshot({ path: path.join(ARTIFACTS, 'lab-lesson-390.png'), fullPage: true });
        }
        expect(await checkLayouts(page, STATS_WIDTHS)).toEqual([]);
        if (i + 1 < lesson.steps.length) await page.getByTestId('lesson-next').click();
      }
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-lesson-1400.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
