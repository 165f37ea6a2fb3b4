import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { ngramCounts, referenceDivergences } from '../support/ngram-reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  downloadJson,
  downloadText as download,
  loadAndScore,
  startApp,
  type App,
} from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-stats-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Adds a file as a corpus on the Statistics page and waits until its report is in. */
async function addFile(page: Page, file: string, name: string, slot: number): Promise<void> {
  await page.getByTestId('kind-file').check();
  await page.getByTestId('stats-file-input').setInputFiles(file);
  await page.getByTestId('stats-name').fill(name);
  await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
  await page.getByTestId('stats-analyse').click();
  await page.getByTestId(`facts-${slot}`).waitFor({ timeout: 60_000 });
}

/** Scrolls a lazily mounted section into view and waits for its content. */
async function reveal(page: Page, section: string, content: string): Promise<void> {
  await page.getByTestId(`section-${section}`).scrollIntoViewIfNeeded();
  await page.getByTestId(content).first().waitFor({ timeout: 30_000 });
}

// Human-like prose (the test models' training text) and a collapsed, repetitive "synthetic" corpus.
const HUMAN = CORPUS_DOCUMENTS.slice(0, 8);
const SYNTHETIC = Array.from(
  { length: 12 },
  (_, i) =>
    `The model is a very important part of the text. The text is very important and the model is very ` +
    `important to the text. Sample ${i % 3}: the model is a very important part of the text.`,
);

describe('the Statistics page', () => {
  it('compares two corpora from files: features, divergences with examples, n-grams, CSV and JSON exports', async () => {
    const { page, context } = await app.newPage();
    try {
      const human = path.join(scratch, 'human.jsonl');
      const lines = HUMAN.map((text, i) => JSON.stringify({ id: i, text }));
      lines.splice(3, 0, '{"id": 99, "text": "an unterminated string}'); // line 4: bad JSON, skipped
      writeFileSync(human, lines.join('\n') + '\n');
      const synthetic = path.join(scratch, 'synthetic.txt');
      writeFileSync(synthetic, SYNTHETIC.join('\n\n') + '\n');

      await page.getByTestId('nav-stats').click();
      await page.getByTestId('stats-page').waitFor();
      await addFile(page, human, 'human', 0);
      await addFile(page, synthetic, 'synthetic', 1);

      // Each card: documents counted, the bad line reported by file and line, the good ones kept.
      await expect(page.getByTestId('facts-0').textContent()).resolves.toMatch(/^8 documents/);
      await expect(page.getByTestId('facts-1').textContent()).resolves.toMatch(/^12 documents/);
      const problems = (await page.getByTestId('corpus-0').getByTestId('problems').textContent()) ?? '';
      expect(problems).toMatch(/human\.jsonl/);
      expect(problems).toMatch(/line 4/);
      await expect(page.getByTestId('no-model-views').textContent()).resolves.toMatch(
        /No corpus has the prior's scores/,
      );

      // Hashed features: one aggregated envelope per corpus, concentration numbers in the table.
      await reveal(page, 'features', 'features-chart');
      const columns = await page
        .getByTestId('features-chart')
        .locator('[data-columns]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-columns'))));
      expect(columns).toHaveLength(2);
      for (const c of columns) expect(c).toBeGreaterThan(20);
      await expect(page.getByTestId('concentration-table').locator('tbody tr').count()).resolves.toBe(6);

      // Features CSV: 10 000 buckets per corpus whose shares sum to 1.
      const csv = await download(page, 'features-chart-export-csv');
      const rows = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data;
      expect(rows[0]).toEqual(['corpus', 'bucket', 'count', 'share']);
      expect(rows.length - 1).toBe(20_000);
      for (const name of ['human', 'synthetic']) {
        const shares = rows.filter((r) => r[0] === name).map((r) => Number(r[3]));
        expect(shares).toHaveLength(10_000);
        expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      }
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('features-chart-export-png').click(),
      ]);
      const pngBytes: Buffer[] = [];
      for await (const chunk of await png.createReadStream()) pngBytes.push(chunk as Buffer);
      const pngFile = Buffer.concat(pngBytes);
      expect(pngFile.subarray(1, 4).toString('latin1')).toBe('PNG');
      const chartWidth = (await page.getByTestId('features-chart').locator('svg').boundingBox())!.width;
      expect(pngFile.readUInt32BE(16)).toBe(2 * Math.round(chartWidth)); // IHDR width: drawn at 2×
      const svg = await download(page, 'features-chart-export-svg');
      expect(svg).toMatch(/^<\?xml[^]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toMatch(/style="[^"]*fill:/); // computed styles inlined: the file stands alone
      expect(svg).not.toContain('data-export="skip"');

      // Divergences: JSD with an interval, ranked contributions, clickable to example documents.
      await reveal(page, 'divergence', 'divergence-table');
      const jsd = page.getByTestId('jsd-features');
      await jsd.waitFor({ timeout: 30_000 });
      // Bias-corrected JSD inside its own interval, with the permutation test and the plug-in beside it.
      const jsdText = (await jsd.textContent()) ?? '';
      const [jsdValue, low, high] = (/([\d.]+) \[([\d.]+), ([\d.]+)\]/.exec(jsdText) ?? [])
        .slice(1)
        .map(Number);
      expect(jsdValue).toBeGreaterThan(0);
      expect(low).toBeLessThanOrEqual(jsdValue);
      expect(jsdValue).toBeLessThanOrEqual(high);
      expect(jsdText).toMatch(/plug-in [\d.]+\s*p (=|≤) [\d.]+ · null 95 %: [\d.]+/);
      // Exact n-gram JSDs equal a plain Map computation on the same documents (shown to 4 digits).
      for (const [n, id] of [
        [1, 'jsd-unigrams'],
        [2, 'jsd-bigrams'],
      ] as const) {
        const want = referenceDivergences(ngramCounts(HUMAN, n), ngramCounts(SYNTHETIC, n), 0.5).jsd;
        const shown = Number(/^\s*([\d.]+)/.exec((await page.getByTestId(id).textContent()) ?? '')?.[1]);
        expect(Math.abs(shown - want)).toBeLessThanOrEqual(5e-4 * want);
      }
      const contributions = page.getByTestId('contribution');
      await expect(contributions.count()).resolves.toBeGreaterThan(5);
      await contributions.first().click();
      await page.getByTestId('example').first().waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('examples').locator('mark').count()).resolves.toBeGreaterThan(0);

      // Top bigrams side by side; renaming a corpus renames it everywhere.
      await reveal(page, 'top-ngrams', 'top-ngrams-1');
      await expect(page.getByTestId('top-ngrams-1').locator('tr').count()).resolves.toBeGreaterThan(10);
      await page.getByTestId('corpus-name-1').fill('model output');
      await expect(page.getByTestId('top-ngrams').textContent()).resolves.toContain('model output');
      await reveal(page, 'lexical', 'lexical-table');
      await reveal(page, 'laws', 'zipf-chart');
      await expect(page.getByTestId('zipf-chart').locator('path').count()).resolves.toBeGreaterThan(1);

      // A file that cannot be read at all: refused as soon as it is picked, under the picker (which file, what
      // is wrong, what to do), and Analyse stays off for it.
      const binary = path.join(scratch, 'binary.txt');
      writeFileSync(binary, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x10, 0x11, 0x00]));
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(binary);
      await page.getByTestId('stats-name').fill('broken');
      const refusal = page.getByTestId('add-corpus').getByTestId('problems');
      await expect.poll(() => refusal.textContent()).toMatch(/binary\.txt/);
      await expect(page.getByTestId('stats-analyse').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('corpus-2').count()).resolves.toBe(0);

      await page.screenshot({ path: path.join(ARTIFACTS, 'stats-two-files.png'), fullPage: true });
      for (const section of ['features', 'divergence', 'top-ngrams', 'lexical', 'laws']) {
        await page
          .getByTestId(`section-${section}`)
          .screenshot({ path: path.join(ARTIFACTS, `stats-${section}.png`) });
      }
      await page.locator('.corpora').screenshot({ path: path.join(ARTIFACTS, 'stats-corpora.png') });

      const exported = (await downloadJson(page, 'export-stats-json')) as {
        format: string;
        seed: number;
        corpora: { name: string; report: { recipe: { seed: number; hash: string } } }[];
        comparisons: unknown[];
      };
      expect(exported.format).toBe('semisynth.statistics');
      expect(exported.corpora.map((c) => c.name)).toEqual(['human', 'model output']);
      expect(exported.corpora[0].report.recipe.hash).toMatch(/FNV-1a/);
      expect(exported.comparisons).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('model-based views from the Text page, the edited output, and linked brushing both ways', async () => {
    const { page, context } = await app.newPage();
    try {
      const file = path.join(scratch, 'scored.jsonl');
      // The collapsed sample first: the document the Text page shows has near-certain tokens to light up.
      const order = [5, 0, 1, 2, 3, 4, 6, 7, 8, 9];
      writeFileSync(file, order.map((d) => JSON.stringify({ text: CORPUS_DOCUMENTS[d] })).join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(file);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      const flagged = Number(
        /Flagged\s*([\d,]+) of/
          .exec((await page.getByTestId('edit-counts').textContent()) ?? '')?.[1]
          .replace(/,/g, ''),
      );
      expect(flagged).toBeGreaterThan(0);

      await page.getByTestId('nav-stats').click();
      await page.getByTestId('kind-text').check();
      await page.getByTestId('stats-name').fill('human');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      await page.getByTestId('kind-edited').check();
      await page.getByTestId('stats-name').fill('edited');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-1').waitFor({ timeout: 120_000 });

      // The p > τ bar is exactly what the editor flags.
      await reveal(page, 'token-probability', 'paper-bins-table');
      const row = page.getByTestId('edit-share-row');
      await expect(row.locator('[data-count]').first().getAttribute('data-count')).resolves.toBe(
        String(flagged),
      );
      await expect(page.getByTestId('paper-bars').locator('rect').count()).resolves.toBe(2 * 11);
      await expect(page.getByTestId('fine-series-0').locator('path').count()).resolves.toBe(2);
      await reveal(page, 'perplexity', 'perplexity-table');
      const ppl = Number(await page.getByTestId('corpus-ppl').first().textContent());
      expect(ppl).toBeGreaterThan(1);
      await expect(page.getByTestId('two-sample-table').locator('tbody tr').count()).resolves.toBe(1);

      // Brush the fine histogram from p = 0.9 to the right edge: those tokens light up on the Text page.
      const brush = page.getByTestId('fine-brush');
      await brush.scrollIntoViewIfNeeded();
      const box = (await brush.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await expect(page.getByTestId('stats-highlight').textContent()).resolves.toMatch(/p ≥ 0\.9/);
      await expect(
        page.getByTestId('fine-histogram').locator('rect.highlighted').count(),
      ).resolves.toBeGreaterThan(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'stats-model-based.png'), fullPage: true });
      for (const section of ['token-probability', 'perplexity']) {
        await page
          .getByTestId(`section-${section}`)
          .screenshot({ path: path.join(ARTIFACTS, `stats-${section}.png`) });
      }

      await page.getByTestId('nav-text').click();
      const lit = page.getByTestId('token-view').locator('.tok.lit');
      await expect.poll(() => lit.count()).toBeGreaterThan(0);
      const ps = await lit.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
      for (const p of ps) expect(p).toBeGreaterThanOrEqual(0.9);
      const unlit = await page
        .getByTestId('token-view')
        .locator('.tok.faded')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
      for (const p of unlit) expect(p < 0.9 || Number.isNaN(p)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'stats-linked-text.png') });

      // The reverse: a range picked on the Text page highlights the bars of the Statistics page.
      await page.getByTestId('highlight-select').selectOption({ label: 'p < 0.05 (surprising)' });
      await page.getByTestId('nav-stats').click();
      await reveal(page, 'token-probability', 'paper-bins-table');
      await expect(
        page.getByTestId('paper-bins-table').locator('tbody tr').first().getAttribute('class'),
      ).resolves.toMatch(/lit/);
      await expect(page.getByTestId('paper-bars').locator('rect[stroke="#1d1f23"]').count()).resolves.toBe(2);
    } finally {
      await context.close();
    }
  });
});
